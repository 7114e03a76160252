import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from counter_app.domain.errors import PrinterError
from counter_app.printing.paper import Paper
from counter_app.printing.ticket import TicketPrintout, ticket_pdf
from counter_app.ui.qt_printing import QtPdfPrinter

TICKET = TicketPrintout("Kecamatan Ilir Barat Satu, Kota Palembang", "Perekaman KTP-el",
                        "A-012", dt.datetime(2019, 1, 9, 1, 15, tzinfo=dt.UTC), 3, "Bawa KK.")


@pytest.mark.parametrize(("paper", "width_mm"), [(Paper.THERMAL_58, 58), (Paper.THERMAL_80, 80)])
def test_qt_printer_keeps_the_real_paper_size(qapp, tmp_path, paper, width_mm):
    out = tmp_path / "cetak.pdf"
    QtPdfPrinter(output_file=str(out)).print_pdf(ticket_pdf(TICKET, paper), "")
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert float(page.mediabox.width) == pytest.approx(width_mm * mm, abs=1.5)
    assert float(page.mediabox.height) == pytest.approx(80 * mm, abs=1.5)


def test_missing_system_printer_is_a_clear_error(qapp):
    with pytest.raises(PrinterError, match="'Thermal Loket 9' tidak ditemukan"):
        QtPdfPrinter().print_pdf(ticket_pdf(TICKET), "Thermal Loket 9")


def test_unreadable_pdf(qapp):
    with pytest.raises(PrinterError, match="tidak dapat dibaca"):
        QtPdfPrinter().print_pdf(b"bukan pdf", "")
