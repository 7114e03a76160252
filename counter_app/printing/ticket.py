"""The queue ticket: a PDF at the real roll width and the same ticket as ESC/POS bytes."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from counter_app.domain.clock import local
from counter_app.domain.dates import format_datetime
from counter_app.printing.paper import THERMAL, Paper

TICKET_HEIGHT_MM = 80.0


@dataclass(frozen=True)
class TicketPrintout:
    """What a ticket says."""

    office_name: str
    service_name: str
    number: str
    issued_at: dt.datetime
    waiting_ahead: int
    prepare_hint: str
    priority: bool = False
    reprint: bool = False

    @property
    def when(self) -> str:
        """``Rabu, 9 Januari 2019 08.15`` on the office clock."""
        return format_datetime(local(self.issued_at))

    @property
    def ahead_line(self) -> str:
        """How many people wait before this ticket."""
        if self.waiting_ahead == 0:
            return "Tidak ada antrean di depan Anda"
        return f"{self.waiting_ahead} orang menunggu sebelum Anda"


def page_size_mm(paper: Paper) -> tuple[float, float]:
    """The ticket's page: the roll's width, a fixed length."""
    return (THERMAL[paper].width_mm if paper in THERMAL else 80.0, TICKET_HEIGHT_MM)


def ticket_pdf(ticket: TicketPrintout, paper: Paper = Paper.THERMAL_80) -> bytes:
    """The ticket as a one-page PDF at the roll's real size."""
    width_mm, height_mm = page_size_mm(paper)
    width, height = width_mm * mm, height_mm * mm
    narrow = width_mm < 70
    margin = 3 * mm
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Tiket antrean {ticket.number}")
    pdf.setAuthor(ticket.office_name)
    center = width / 2
    y = height - 8 * mm

    def lines(text: str, font: str, size: float, gap: float) -> None:
        nonlocal y
        for line in simpleSplit(text, font, size, width - 2 * margin):
            pdf.setFont(font, size)
            pdf.drawCentredString(center, y, line)
            y -= gap

    lines(ticket.office_name, "Helvetica-Bold", 9 if narrow else 10, 4.2 * mm)
    y -= 1 * mm
    pdf.setLineWidth(0.5)
    pdf.line(margin, y + 2 * mm, width - margin, y + 2 * mm)
    y -= 2 * mm
    lines(ticket.service_name, "Helvetica-Bold", 11 if narrow else 13, 5 * mm)
    y -= 14 * mm if narrow else 18 * mm
    number_size = 40 if narrow else 54
    pdf.setFont("Helvetica-Bold", number_size)
    pdf.drawCentredString(center, y, ticket.number)
    y -= 8 * mm
    if ticket.priority:
        lines("PRIORITAS", "Helvetica-Bold", 11, 5 * mm)
    lines(ticket.when, "Helvetica", 8 if narrow else 9, 4 * mm)
    lines(ticket.ahead_line, "Helvetica", 8 if narrow else 9, 4 * mm)
    y -= 2 * mm
    if ticket.prepare_hint:
        lines(ticket.prepare_hint, "Helvetica-Oblique", 7.5 if narrow else 8.5, 3.6 * mm)
    y -= 1 * mm
    lines("Harap menunggu sampai nomor Anda dipanggil.", "Helvetica", 7, 3.4 * mm)
    if ticket.reprint:
        lines("CETAK ULANG", "Helvetica-Bold", 7, 3.4 * mm)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def ticket_escpos(ticket: TicketPrintout, paper: Paper = Paper.THERMAL_80,
                  cutter: bool = True) -> bytes:
    """The ticket as ESC/POS bytes, built once with python-escpos's Dummy printer."""
    from escpos.printer import Dummy

    profile = THERMAL[paper]
    printer = Dummy(profile=profile.escpos_profile)
    printer.set(align="center", bold=True)
    printer.text(_wrap(ticket.office_name, profile.columns))
    printer.text("-" * profile.columns + "\n")
    printer.text(_wrap(ticket.service_name, profile.columns))
    printer.ln()
    printer.set(align="center", bold=True, custom_size=True, width=4, height=4)
    printer.text(ticket.number + "\n")
    printer.set(align="center", normal_textsize=True, bold=bool(ticket.priority))
    if ticket.priority:
        printer.text("PRIORITAS\n")
    printer.set(align="center", bold=False, normal_textsize=True)
    printer.ln()
    printer.text(_wrap(ticket.when, profile.columns))
    printer.text(_wrap(ticket.ahead_line, profile.columns))
    if ticket.prepare_hint:
        printer.ln()
        printer.text(_wrap(ticket.prepare_hint, profile.columns))
    printer.ln()
    printer.text(_wrap("Harap menunggu sampai nomor Anda dipanggil.", profile.columns))
    if ticket.reprint:
        printer.text("CETAK ULANG\n")
    if cutter:
        printer.cut()
    else:
        printer.ln(4)  # feed past the tear bar
    return bytes(printer.output)


def _wrap(text: str, columns: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if len(candidate) > columns and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return "".join(f"{entry}\n" for entry in lines)
