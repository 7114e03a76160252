"""The office letterhead and signature block shared by the A4 letters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm


@dataclass(frozen=True)
class Letterhead:
    """Who the letter comes from."""

    kota_name: str        # "Kota Palembang"
    kecamatan_name: str   # "Ilir Barat Satu"
    address: str
    phone: str
    camat_name: str
    camat_nip: str


def draw_letterhead(pdf: Any, head: Letterhead, width: float, top: float) -> float:
    """Draw the kop surat; return the y under its double rule."""
    y = top
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(width / 2, y, f"PEMERINTAH {head.kota_name.upper()}")
    y -= 6 * mm
    pdf.setFont("Helvetica-Bold", 15)
    pdf.drawCentredString(width / 2, y, f"KECAMATAN {head.kecamatan_name.upper()}")
    y -= 5 * mm
    pdf.setFont("Helvetica", 9)
    contact = head.address + (f"  Telp. {head.phone}" if head.phone else "")
    if contact.strip():
        pdf.drawCentredString(width / 2, y, contact)
        y -= 4 * mm
    pdf.setLineWidth(1.6)
    pdf.line(20 * mm, y, width - 20 * mm, y)
    pdf.setLineWidth(0.5)
    pdf.line(20 * mm, y - 1.2 * mm, width - 20 * mm, y - 1.2 * mm)
    return float(y - 8 * mm)


def draw_signature(pdf: Any, x: float, y: float, place_date: str, title: str, name: str,
                   nip: str) -> float:
    """A signature block at (x, y) going down; return the y under it."""
    pdf.setFont("Helvetica", 10)
    pdf.drawString(x, y, place_date)
    pdf.drawString(x, y - 5 * mm, title)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(x, y - 27 * mm, name or "(nama belum diisi)")
    width = pdf.stringWidth(name or "(nama belum diisi)", "Helvetica-Bold", 10)
    pdf.line(x, y - 28 * mm, x + width, y - 28 * mm)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(x, y - 33 * mm, f"NIP. {nip}" if nip else "NIP. -")
    return float(y - 38 * mm)
