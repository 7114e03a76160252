"""The pickup slip (tanda terima): 80 mm thermal or A6, with the signed QR code.

It shows the NIK masked (first 6 and last 4 digits) and no other personal number.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from counter_app.domain.dates import format_date
from counter_app.printing.paper import THERMAL, Paper
from counter_app.printing.qr import draw_qr

PRIVACY_NOTE = "Kode QR tidak memuat data pribadi; NIK dicetak tersamar."


@dataclass(frozen=True)
class SlipPrintout:
    """What the slip says."""

    office_name: str
    office_address: str
    slip_number: str
    recorded_on: dt.date
    nama: str
    nik_masked: str
    case_label: str
    where_printed: str
    expected_ready: dt.date
    bring: str
    office_hours: str
    token: str
    reprint: bool = False
    note: str = ""  # e.g. "Dicetak mulai ulang tahun ke-17 (05-03-2027)"
    biometrics: str = ""  # e.g. "Direkam di stasiun Dukcapil"


def slip_pdf(slip: SlipPrintout, paper: Paper = Paper.THERMAL_80) -> bytes:
    """The slip as a one-page PDF at the paper's real size.

    On a thermal roll the page is as long as its content (no paper wasted); A6 is A6.
    """
    if paper in THERMAL:
        width = THERMAL[paper].width_mm * mm
        # Lay out once on a tall scratch page to learn how long the slip is.
        used = _draw_slip(canvas.Canvas(io.BytesIO(), pagesize=(width, 1000 * mm)), slip,
                          width, 1000 * mm, paper)
        height = used + 6 * mm
    else:
        width, height = A6
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Tanda terima {slip.slip_number}")
    _draw_slip(pdf, slip, width, height, paper)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_slip(pdf: canvas.Canvas, slip: SlipPrintout, width: float, height: float,
               paper: Paper) -> float:
    """Draw the slip from the top; return the height used."""
    margin = 4 * mm if paper in THERMAL else 7 * mm
    small = width < 70 * mm
    text_width = width - 2 * margin
    y = height - margin - 3 * mm

    def centred(text: str, font: str, size: float, gap: float) -> None:
        nonlocal y
        for line in simpleSplit(text, font, size, text_width):
            pdf.setFont(font, size)
            pdf.drawCentredString(width / 2, y, line)
            y -= gap

    def row(label: str, value: str, size: float = 8.0) -> None:
        nonlocal y
        label_w = (20 if small else 26) * mm
        pdf.setFont("Helvetica", size)
        pdf.drawString(margin, y, label)
        for line in simpleSplit(value, "Helvetica-Bold", size, text_width - label_w) or [""]:
            pdf.setFont("Helvetica-Bold", size)
            pdf.drawString(margin + label_w, y, line)
            y -= 3.6 * mm
        y -= 1.2 * mm

    centred(slip.office_name, "Helvetica-Bold", 9, 4 * mm)
    if slip.office_address:
        centred(slip.office_address, "Helvetica", 7, 3.2 * mm)
    pdf.line(margin, y + 1.5 * mm, width - margin, y + 1.5 * mm)
    y -= 3 * mm
    centred("TANDA TERIMA PEREKAMAN KTP-el", "Helvetica-Bold", 10 if small else 11, 5 * mm)
    centred(slip.slip_number, "Helvetica-Bold", 12 if small else 14, 6 * mm)
    if slip.reprint:
        centred("CETAK ULANG", "Helvetica-Bold", 7, 3.5 * mm)
    y -= 1 * mm
    row("Tanggal", format_date(slip.recorded_on))
    row("Nama", slip.nama)
    row("NIK", slip.nik_masked)
    row("Permohonan", slip.case_label)
    row("Dicetak di", slip.where_printed)
    row("Perkiraan siap", format_date(slip.expected_ready))
    if slip.biometrics:
        row("Biometrik", slip.biometrics)
    if slip.note:
        row("Catatan", slip.note)
    y -= 1 * mm
    pdf.setFont("Helvetica-Bold", 7.5)
    pdf.drawString(margin, y, "Yang dibawa saat pengambilan:")
    y -= 3.4 * mm
    for line in simpleSplit(slip.bring, "Helvetica", 7.5, text_width):
        pdf.setFont("Helvetica", 7.5)
        pdf.drawString(margin, y, line)
        y -= 3.3 * mm
    pdf.setFont("Helvetica", 7)
    for line in simpleSplit(f"Jam layanan: {slip.office_hours}", "Helvetica", 7, text_width):
        pdf.drawString(margin, y, line)
        y -= 3.2 * mm
    qr_size = min(34 * mm, text_width)
    if paper not in THERMAL:
        qr_size = min(qr_size, y - margin - 8 * mm)
    draw_qr(pdf, slip.token, (width - qr_size) / 2, y - qr_size - 1 * mm, qr_size)
    y -= qr_size + 4 * mm
    # The slip shows the name and a masked NIK; only the QR is free of personal data.
    centred(f"Pindai kode ini saat mengambil KTP-el. {PRIVACY_NOTE}", "Helvetica", 6, 2.8 * mm)
    return float(height - y)


def slip_escpos(slip: SlipPrintout, paper: Paper = Paper.THERMAL_80,
                cutter: bool = True) -> bytes:
    """The slip as ESC/POS, with the printer's own QR command (python-escpos Dummy)."""
    from escpos.printer import Dummy

    profile = THERMAL[paper]
    printer = Dummy(profile=profile.escpos_profile)
    printer.set(align="center", bold=True)
    printer.text(f"{slip.office_name}\n")
    printer.set(align="center", bold=False, normal_textsize=True)
    if slip.office_address:
        printer.text(f"{slip.office_address}\n")
    printer.text("-" * profile.columns + "\n")
    printer.set(align="center", bold=True)
    printer.text("TANDA TERIMA PEREKAMAN KTP-el\n")
    printer.set(align="center", bold=True, double_height=True, double_width=True)
    printer.text(f"{slip.slip_number}\n")
    printer.set(align="left", normal_textsize=True, bold=False)
    if slip.reprint:
        printer.text("CETAK ULANG\n")
    for label, value in (("Tanggal", format_date(slip.recorded_on)), ("Nama", slip.nama),
                         ("NIK", slip.nik_masked), ("Permohonan", slip.case_label),
                         ("Dicetak di", slip.where_printed),
                         ("Perkiraan siap", format_date(slip.expected_ready)),
                         *((("Biometrik", slip.biometrics),) if slip.biometrics else ()),
                         *((("Catatan", slip.note),) if slip.note else ())):
        printer.text(f"{label}: {value}\n")
    printer.text(f"Dibawa saat pengambilan: {slip.bring}\n")
    printer.text(f"Jam layanan: {slip.office_hours}\n")
    # The printer draws its own QR (sharp at any dpi); ESC a 1 centres it.
    printer.set(align="center")
    printer.qr(slip.token, size=5 if paper is Paper.THERMAL_80 else 4, native=True)
    printer.text(f"Pindai kode ini saat mengambil KTP-el. {PRIVACY_NOTE}\n")
    if cutter:
        printer.cut()
    else:
        printer.ln(4)
    return bytes(printer.output)
