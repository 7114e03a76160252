"""The batch transmittal (surat pengantar) for Disdukcapil.

A4, with the list and a receipt page for their signature. Full NIKs appear here: the
work needs them, and the paper goes from office to office, not to a citizen.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.dates import format_date
from counter_app.printing.letterhead import Letterhead, draw_letterhead
from counter_app.printing.qr import qr_matrix


@dataclass(frozen=True)
class TransmittalLine:
    """One application in the batch."""

    slip_number: str
    nik: str
    nama: str
    case_label: str
    documents: str


@dataclass(frozen=True)
class TransmittalPrintout:
    """What the surat pengantar says."""

    head: Letterhead
    number: str
    day: dt.date
    lines: list[TransmittalLine]
    courier: str
    token: str


def _qr_drawing(text: str, size: float) -> object:
    from reportlab.graphics.shapes import Drawing, Rect

    matrix = qr_matrix(text)
    cell = size / (len(matrix) + 8)
    drawing = Drawing(size, size)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                drawing.add(Rect((c + 4) * cell, size - (r + 5) * cell, cell, cell,
                                 fillColor=colors.black, strokeColor=None))
    return drawing


def transmittal_pdf(doc: TransmittalPrintout) -> bytes:
    """The surat pengantar (list) and a receipt page, A4."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    normal = styles["Normal"]
    normal.fontSize = 9.5
    normal.leading = 12
    small = styles["BodyText"]
    small.fontSize = 8
    small.leading = 10
    title = styles["Title"]
    title.fontSize = 13

    def first_page(canvas: object, _doc: object) -> None:
        draw_letterhead(canvas, doc.head, A4[0], A4[1] - 18 * mm)

    template = SimpleDocTemplate(buffer, pagesize=A4, topMargin=48 * mm, bottomMargin=18 * mm,
                                 leftMargin=18 * mm, rightMargin=18 * mm,
                                 title=f"Surat pengantar {doc.number}")
    rows = [["No", "Tanda terima", "NIK", "Nama", "Permohonan", "Dokumen dilampirkan"]]
    for i, line in enumerate(doc.lines, start=1):
        rows.append([str(i), line.slip_number, line.nik, Paragraph(line.nama, small),
                     line.case_label, Paragraph(line.documents, small)])
    table = Table(rows, colWidths=[9 * mm, 33 * mm, 31 * mm, 38 * mm, 25 * mm, 38 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story: list[object] = [
        Paragraph("SURAT PENGANTAR PENCETAKAN KTP-el", title),
        Paragraph(f"Nomor: {doc.number}", normal),
        Spacer(1, 4 * mm),
        Paragraph("Kepada Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil "
                  f"{doc.head.kota_name}, di tempat.", normal),
        Spacer(1, 3 * mm),
        Paragraph(f"Bersama ini kami kirimkan {len(doc.lines)} berkas permohonan KTP-el "
                  "(penggantian karena hilang, rusak atau perubahan data) yang telah direkam "
                  f"di Kecamatan {doc.head.kecamatan_name} pada atau sebelum "
                  f"{format_date(doc.day)}, untuk dicetak dan dikirim kembali ke kantor "
                  "kecamatan:", normal),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        Table([[_qr_drawing(doc.token, 30 * mm),
                Paragraph(f"{doc.head.kota_name.replace('Kota ', '')}, "
                          f"{format_date(doc.day)}<br/>Camat {doc.head.kecamatan_name},"
                          f"<br/><br/><br/><br/><b><u>{doc.head.camat_name or '-'}</u></b>"
                          f"<br/>NIP. {doc.head.camat_nip or '-'}", normal)]],
              colWidths=[90 * mm, 80 * mm]),
        Paragraph(f"Kode QR: surat pengantar {doc.number}, ditandatangani secara elektronik "
                  "oleh kantor kecamatan.", small),
        PageBreak(),
        Paragraph("TANDA TERIMA BERKAS", title),
        Paragraph(f"Surat pengantar nomor {doc.number} dari Kecamatan "
                  f"{doc.head.kecamatan_name}, berisi {len(doc.lines)} berkas permohonan "
                  "KTP-el.", normal),
        Spacer(1, 4 * mm),
        Paragraph(f"Dibawa oleh (kurir): {doc.courier or '...........................'}",
                  normal),
        Spacer(1, 10 * mm),
        Table([["Diserahkan oleh,", "Diterima oleh (Disdukcapil),"],
               ["", ""], ["", ""], ["", ""],
               ["(..................................)", "(..................................)"],
               ["Tanggal: ...................", "Tanggal: ..................."]],
              colWidths=[85 * mm, 85 * mm], rowHeights=[6 * mm, 8 * mm, 8 * mm, 8 * mm,
                                                        6 * mm, 6 * mm]),
    ]
    template.build(story, onFirstPage=first_page, onLaterPages=first_page)
    return buffer.getvalue()
