"""Aktivasi Identitas Kependudukan Digital (IKD) at the counter: the short form's rules.

IKD is the digital form of the KTP-el (Permendagri 72/2022). The resident already
recorded for a KTP-el brings a smartphone with the IKD app, an active e-mail address
and phone number; the counter verifies and activates it. No card is printed. The form
notes the NIK, how to reach the resident (e-mail or phone), the phone's model, and
whether the activation succeeded, with the reason when it did not (Dukcapil's IKD
guidance as published by the Disdukcapil offices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import parse_nik

# Reasons a counter meets most; the clerk may write another.
NOT_ACTIVATED_REASONS: tuple[str, ...] = (
    "Ponsel tidak mendukung aplikasi IKD",
    "Verifikasi wajah gagal",
    "E-mail aktivasi tidak diterima",
    "Data belum padan (NIK belum direkam)",
    "Jaringan/server IKD tidak tersedia",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class IkdForm:
    """What the clerk fills in for one activation."""

    nik: str
    email: str
    phone: str
    phone_model: str
    activated: bool
    reason: str = ""


def check_ikd(form: IkdForm) -> tuple[IkdForm | None, dict[str, str]]:
    """The cleaned form, or the problems by field (in Bahasa Indonesia)."""
    problems: dict[str, str] = {}
    nik = ""
    try:
        nik = parse_nik(form.nik).nik
    except ValidationError as exc:
        problems["nik"] = exc.message
    email = (form.email or "").strip()
    if email and (len(email) > 120 or not _EMAIL.match(email)):
        problems["email"] = "Alamat e-mail tidak sah, misalnya nama@contoh.id."
    phone = "".join(ch for ch in (form.phone or "") if ch not in " -.")
    digits = phone[1:] if phone.startswith("+") else phone
    if phone and (not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 15):
        problems["phone"] = "Nomor HP 8-15 angka, misalnya 0812 3456 7890."
    if not email and not phone:
        problems["email"] = "Isi e-mail atau nomor HP pemohon."
    model = " ".join((form.phone_model or "").split())
    if not model:
        problems["phone_model"] = "Tulis merek/tipe ponsel, misalnya Samsung A14."
    elif len(model) > 80 or not model.isprintable():
        problems["phone_model"] = "Tipe ponsel paling banyak 80 karakter, satu baris."
    reason = " ".join((form.reason or "").split())
    if not form.activated and len(reason) < 5:
        problems["reason"] = "Tulis alasan aktivasi belum berhasil (minimal 5 huruf)."
    if problems:
        return None, problems
    return IkdForm(nik, email, phone, model, form.activated,
                   "" if form.activated else reason), {}
