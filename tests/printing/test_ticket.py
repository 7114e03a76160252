import datetime as dt
import io
import socket
import threading

import pytest
from escpos.printer import Dummy
from pypdf import PdfReader
from reportlab.lib.units import mm

from counter_app.domain.errors import PrinterError
from counter_app.printing import escpos_transport
from counter_app.printing.output import deliver
from counter_app.printing.paper import Output, Paper, PrinterSettings, Transport
from counter_app.printing.ticket import TicketPrintout, ticket_escpos, ticket_pdf
from counter_app.services.ticket_printing import ticket_document

TICKET = TicketPrintout(
    office_name="Kecamatan Ilir Barat Satu, Kota Palembang",
    service_name="Perekaman KTP-el", number="A-012",
    issued_at=dt.datetime(2019, 1, 9, 1, 15, tzinfo=dt.UTC),  # 08.15 WIB
    waiting_ahead=3, prepare_hint="Bawa Kartu Keluarga (KK) asli atau fotokopi.",
)


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(("paper", "width_mm"), [(Paper.THERMAL_80, 80), (Paper.THERMAL_58, 58)])
def test_ticket_pdf_text_and_real_page_size(paper, width_mm):
    reader, text = pdf_text(ticket_pdf(TICKET, paper))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(width_mm * mm, abs=0.5)
    assert float(box.height) == pytest.approx(80 * mm, abs=0.5)
    flat = " ".join(text.split())
    for expected in ("Kecamatan Ilir Barat Satu", "Perekaman KTP-el", "A-012",
                     "Rabu, 9 Januari 2019 08.15", "3 orang menunggu sebelum Anda",
                     "Bawa Kartu Keluarga"):
        assert expected in flat
    assert "PRIORITAS" not in flat and "CETAK ULANG" not in flat


def test_priority_and_reprint_are_marked():
    from dataclasses import replace

    _, text = pdf_text(ticket_pdf(replace(TICKET, priority=True, reprint=True, waiting_ahead=0)))
    assert "PRIORITAS" in text and "CETAK ULANG" in text
    assert "Tidak ada antrean di depan Anda" in text


def _expected_escpos(profile, cut):
    # The same commands, built independently with python-escpos's Dummy.
    p = Dummy(profile=profile)
    p.set(align="center", bold=True, custom_size=True, width=4, height=4)
    big = bytes(p.output)
    p = Dummy(profile=profile)
    p.cut()
    return big, bytes(p.output)


@pytest.mark.parametrize(("paper", "profile", "columns"),
                         [(Paper.THERMAL_80, "TM-T20II", 48), (Paper.THERMAL_58, "POS-5890", 32)])
def test_ticket_escpos_bytes(paper, profile, columns):
    data = ticket_escpos(TICKET, paper, cutter=True)
    big, cut = _expected_escpos(profile, True)
    assert big in data                       # the number in large print
    assert b"A-012\n" in data
    assert data.endswith(cut)                # cut at the end
    assert b"Rabu, 9 Januari 2019 08.15" in data
    text_lines = [line for line in data.split(b"\n") if line and line.isascii()]
    assert all(len(line.rstrip()) <= columns + 8 for line in text_lines)  # + control bytes
    no_cut = ticket_escpos(TICKET, paper, cutter=False)
    assert not no_cut.endswith(cut) and cut not in no_cut


class FakePrinter:
    """A TCP "printer" on loopback that records bytes and answers the paper query."""

    def __init__(self, paper_status=b"\x12"):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = b""
        self.paper_status = paper_status
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            conn.settimeout(2)
            query = conn.recv(3)
            if self.paper_status is not None:
                conn.sendall(self.paper_status)
            chunks = [] if query == b"\x10\x04\x04" else [query]
            try:
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            except TimeoutError:
                pass
            self.received = b"".join(chunks)
        self.server.close()


def test_network_printer_receives_the_bytes():
    printer = FakePrinter()
    settings = PrinterSettings(Output.ESCPOS, Paper.THERMAL_80, True, Transport.NETWORK,
                               f"127.0.0.1:{printer.port}")
    assert "127.0.0.1" in deliver(ticket_document(TICKET), settings)
    printer.thread.join(5)
    assert printer.received == ticket_escpos(TICKET, Paper.THERMAL_80, True)


def test_network_printer_out_of_paper():
    printer = FakePrinter(paper_status=b"\x72")
    with pytest.raises(PrinterError, match="Kertas printer 127.0.0.1 habis"):
        escpos_transport.send(b"x", Transport.NETWORK, f"127.0.0.1:{printer.port}")


def test_network_printer_offline():
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(PrinterError, match="tidak dapat dihubungi"):
        escpos_transport.send(b"x", Transport.NETWORK, f"127.0.0.1:{port}")


def test_file_transport_and_bad_targets(tmp_path):
    path = tmp_path / "lp0"
    escpos_transport.send(b"abc", Transport.FILE, str(path))
    assert path.read_bytes() == b"abc"
    with pytest.raises(PrinterError, match="Tidak dapat menulis ke printer"):
        escpos_transport.send(b"abc", Transport.FILE, str(tmp_path / "no" / "dir" / "x"))
    with pytest.raises(PrinterError, match="tidak sah"):
        escpos_transport.send(b"abc", Transport.NETWORK, "host:port")


def test_cups_without_lp(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PrinterError, match="'lp'"):
        escpos_transport.send(b"abc", Transport.CUPS, "thermal")


def test_pdf_to_folder(tmp_path):
    settings = PrinterSettings(Output.PDF_FILE, Paper.THERMAL_58, target=str(tmp_path))
    first = deliver(ticket_document(TICKET), settings)
    second = deliver(ticket_document(TICKET), settings)
    assert first.endswith("tiket-A-012.pdf") and second.endswith("tiket-A-012-2.pdf")
    assert "A-012" in pdf_text(open(first, "rb").read())[1]


def test_system_printer_needs_the_qt_adapter():
    settings = PrinterSettings(Output.SYSTEM, Paper.THERMAL_80, target="Thermal")
    with pytest.raises(PrinterError, match="printer sistem"):
        deliver(ticket_document(TICKET), settings)
