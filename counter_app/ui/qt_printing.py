"""The thin Qt printing adapter: PDF bytes to a system printer through QtPdf."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter_app.domain.errors import PrinterError

RENDER_DPI = 300


def system_printers() -> list[str]:
    """The printers this PC knows."""
    return list(QPrinterInfo.availablePrinterNames())


def load_pdf(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over the bytes (keep the buffer alive as long as the document)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PrinterError("Dokumen PDF tidak dapat dibaca untuk dicetak.")
    return document, buffer


class QtPdfPrinter:
    """Renders each PDF page with QtPdf onto a QPrinter set to the paper's exact size."""

    def __init__(self, output_file: str | None = None) -> None:
        # output_file: print into a PDF file through Qt instead (tests, "save as").
        self.output_file = output_file

    def print_pdf(self, data: bytes, printer_name: str) -> None:
        """Print every page full-bleed at the PDF's own page size; PrinterError if it cannot."""
        document, _buffer = load_pdf(data)
        if self.output_file:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(self.output_file)
        else:
            names = system_printers()
            if printer_name and printer_name not in names:
                raise PrinterError(f"Printer '{printer_name}' tidak ditemukan di komputer ini.")
            info = QPrinterInfo.printerInfo(printer_name) if printer_name \
                else QPrinterInfo.defaultPrinter()
            if info.isNull():
                raise PrinterError("Belum ada printer di komputer ini.")
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        points = document.pagePointSize(0)  # the roll's width, the slip's own length
        size = QPageSize(QSizeF(points.width(), points.height()), QPageSize.Unit.Point,
                         "Loket", QPageSize.SizeMatchPolicy.ExactMatch)
        printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0)))
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterError(f"Printer '{printer_name or 'bawaan'}' tidak siap (mati, "
                               "kertas habis, atau sedang dipakai).")
        try:
            for page in range(document.pageCount()):
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                pixels = QSize(int(points.width() / 72 * RENDER_DPI),
                               int(points.height() / 72 * RENDER_DPI))
                image = document.render(page, pixels)
                target = painter.viewport()
                painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
        finally:
            painter.end()
