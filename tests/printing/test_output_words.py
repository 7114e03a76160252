"""A message never says "dicetak" when no printer is set up (issue 13)."""

from counter_app.printing.output import Printable, deliver, printed_as
from counter_app.printing.paper import Output, Paper, PrinterSettings


class _Printer:
    def __init__(self):
        self.jobs = []

    def print_pdf(self, data, printer_name):
        self.jobs.append(printer_name)


def test_pdf_folder_reads_saved_not_printed(tmp_path):
    doc = Printable("tiket-A-001", pdf=lambda _paper: b"%PDF-1.4 uji")
    where = deliver(doc, PrinterSettings(Output.PDF_FILE, Paper.A4, target=str(tmp_path)))
    text = printed_as("dicetak", where)
    assert text == f"disimpan sebagai PDF (printer belum diatur): {tmp_path / 'tiket-A-001.pdf'}"
    assert printed_as("dicetak ulang", where).startswith(
        "disimpan ulang sebagai PDF (printer belum diatur): ")
    printer = _Printer()
    where = deliver(doc, PrinterSettings(Output.SYSTEM, Paper.A4, target="Epson L3110"), printer)
    assert printed_as("dicetak ulang", where) == "dicetak ulang (printer Epson L3110)"
    assert printer.jobs == ["Epson L3110"]
