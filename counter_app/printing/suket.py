"""The SUKET (surat keterangan pengganti KTP-el): an A4 letter with photo and signed QR."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

from counter_app.domain.dates import format_date
from counter_app.printing.letterhead import Letterhead, draw_letterhead, draw_signature
from counter_app.printing.qr import draw_qr


@dataclass(frozen=True)
class SuketPrintout:
    """What the letter says."""

    head: Letterhead
    number: str
    issued_on: dt.date
    valid_until: dt.date
    nama: str
    # A SUKET stands in for the card, so it shows the full NIK (the slip masks it).
    nik: str
    tempat_tanggal_lahir: str
    jenis_kelamin: str
    agama: str
    status_perkawinan: str
    pekerjaan: str
    alamat: str
    reason: str          # why the card is not yet given
    slip_number: str
    photo: bytes | None
    token: str
    # The signer setting: the camat signs in his own name, or on behalf of the head of
    # Disdukcapil (a.n. Kepala Dinas), as the kecamatan issues it for the Dinas.
    on_behalf: bool = False
    renews: str = ""  # the number of the SUKET this one replaces

    @property
    def signature_title(self) -> str:
        """The line above the signer's name."""
        return f"Camat {self.head.kecamatan_name},"


def suket_pdf(suket: SuketPrintout) -> bytes:
    """The SUKET as one A4 page."""
    width, height = A4
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"SUKET {suket.number}")
    left = 25 * mm
    y = draw_letterhead(pdf, suket.head, width, height - 20 * mm)
    pdf.setFont("Helvetica-Bold", 12)
    title = "SURAT KETERANGAN PENGGANTI KTP-el"
    pdf.drawCentredString(width / 2, y, title)
    pdf.line((width - pdf.stringWidth(title, "Helvetica-Bold", 12)) / 2, y - 1 * mm,
             (width + pdf.stringWidth(title, "Helvetica-Bold", 12)) / 2, y - 1 * mm)
    y -= 5 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawCentredString(width / 2, y, f"Nomor: {suket.number}")
    if suket.renews:
        y -= 5 * mm
        pdf.drawCentredString(width / 2, y, f"(perpanjangan, menggantikan SUKET {suket.renews})")
    y -= 12 * mm
    intro = (f"Yang bertanda tangan di bawah ini, Camat {suket.head.kecamatan_name}, "
             f"{suket.head.kota_name}"
             + (f", atas nama Kepala Dinas Kependudukan dan Pencatatan Sipil "
                f"{suket.head.kota_name}" if suket.on_behalf else "")
             + ", menerangkan bahwa:")
    for line in simpleSplit(intro, "Helvetica", 10, width - 2 * left):
        pdf.drawString(left, y, line)
        y -= 5 * mm
    y -= 3 * mm
    photo_w, photo_h = 30 * mm, 40 * mm
    photo_x = width - left - photo_w
    photo_bottom = y - photo_h
    _draw_photo(pdf, suket.photo, photo_x, photo_bottom, photo_w, photo_h)
    rows = [("Nama", suket.nama), ("NIK", suket.nik),
            ("Tempat/tanggal lahir", suket.tempat_tanggal_lahir),
            ("Jenis kelamin", suket.jenis_kelamin), ("Agama", suket.agama),
            ("Status perkawinan", suket.status_perkawinan), ("Pekerjaan", suket.pekerjaan),
            ("Alamat", suket.alamat)]
    label_w = 42 * mm
    for label, value in rows:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(left, y, label)
        pdf.drawString(left + label_w - 3 * mm, y, ":")
        lines = simpleSplit(value, "Helvetica-Bold", 10, photo_x - left - label_w - 4 * mm)
        for line in lines or [""]:
            pdf.setFont("Helvetica-Bold", 10)
            pdf.drawString(left + label_w, y, line)
            y -= 5.5 * mm
    y = min(y, photo_bottom - 2 * mm) - 4 * mm
    body = (
        "telah melakukan perekaman data KTP-el di Kecamatan "
        f"{suket.head.kecamatan_name} (tanda terima {suket.slip_number}). KTP-el yang "
        f"bersangkutan belum dapat diberikan karena {suket.reason}. Surat keterangan ini "
        "berlaku sebagai pengganti KTP-el sampai dengan "
        f"{format_date(suket.valid_until)}, atau sampai KTP-el diserahkan, mana yang lebih "
        "dahulu. Keaslian surat ini dapat diperiksa dengan memindai kode QR di bawah."
    )
    pdf.setFont("Helvetica", 10)
    for line in simpleSplit(body, "Helvetica", 10, width - 2 * left):
        pdf.drawString(left, y, line)
        y -= 5 * mm
    y -= 4 * mm
    pdf.drawString(left, y, "Demikian surat keterangan ini dibuat untuk dipergunakan "
                   "sebagaimana mestinya.")
    y -= 14 * mm
    qr_size = 36 * mm
    draw_qr(pdf, suket.token, left, y - qr_size + 5 * mm, qr_size)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(left, y - qr_size + 2 * mm, "Pindai untuk memeriksa keaslian")
    place_date = f"{suket.head.kota_name.replace('Kota ', '')}, {format_date(suket.issued_on)}"
    if suket.on_behalf:
        pdf.setFont("Helvetica", 10)
        pdf.drawString(width / 2 + 15 * mm, y, place_date)
        pdf.drawString(width / 2 + 15 * mm, y - 5 * mm, "a.n. Kepala Dinas Dukcapil")
        place_date, y = "", y - 5 * mm
    draw_signature(pdf, width / 2 + 15 * mm, y, place_date,
                   suket.signature_title, suket.head.camat_name, suket.head.camat_nip)
    pdf.setFont("Helvetica-Oblique", 7.5)
    pdf.drawCentredString(width / 2, 15 * mm, f"SUKET {suket.number} - berlaku s.d. "
                          f"{suket.valid_until:%d-%m-%Y}. Tidak sah bila kode QR tidak dapat "
                          "diverifikasi atau KTP-el sudah diserahkan.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_photo(pdf: canvas.Canvas, photo: bytes | None, x: float, y: float, w: float,
                h: float) -> None:
    pdf.setLineWidth(0.6)
    pdf.rect(x, y, w, h)
    if photo:
        try:
            pdf.drawImage(ImageReader(io.BytesIO(photo)), x + 0.5, y + 0.5, w - 1, h - 1,
                          preserveAspectRatio=True, anchor="c")
            return
        except Exception:  # noqa: BLE001 - an unreadable photo must not stop the letter
            pass
    pdf.setFont("Helvetica", 7)
    pdf.drawCentredString(x + w / 2, y + h / 2, "foto 3x4")
