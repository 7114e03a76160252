"""Why Disdukcapil refused a forwarded application (issue 11).

The codes follow the refusals a kecamatan actually gets back from the Dinas: a
duplicate biometric record (data ganda, found by the central ADB/ABIS deduplication),
missing documents, a NIK unknown to the central database, and anything else with text.
"""

from __future__ import annotations

import enum

from counter_app.domain.errors import ValidationError
from counter_app.domain.input_policy import clean_text

NOTE = 500  # the note written with a rejection


class RejectReason(enum.StrEnum):
    """The reason code of a rejection."""

    DATA_GANDA = "data_ganda"
    DOKUMEN_KURANG = "dokumen_kurang"
    NIK_TIDAK_DITEMUKAN = "nik_tidak_ditemukan"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        """The reason as the clerk reads it."""
        return REJECT_LABELS[self]


REJECT_LABELS: dict[RejectReason, str] = {
    RejectReason.DATA_GANDA: "Data ganda (rekam biometrik ganda)",
    RejectReason.DOKUMEN_KURANG: "Dokumen kurang",
    RejectReason.NIK_TIDAK_DITEMUKAN: "NIK tidak ditemukan di database pusat",
    RejectReason.LAINNYA: "Lainnya",
}


def parse_rejection(code: str, note: str) -> tuple[RejectReason, str]:
    """The reason and the cleaned note.

    ValidationError for an unknown code, or for "lainnya" without a text of 5 letters.
    """
    try:
        reason = RejectReason((code or "").strip().lower())
    except ValueError:
        raise ValidationError(
            "Alasan penolakan tidak dikenal. Pilih: "
            + ", ".join(r.value for r in RejectReason) + ".", field="reason") from None
    text = clean_text(note, field="note", label="Catatan penolakan", limit=NOTE)
    if reason is RejectReason.LAINNYA and len(text) < 5:
        raise ValidationError("Alasan 'lainnya': tulis alasannya (minimal 5 huruf).",
                              field="note")
    return reason, text


def rejection_text(code: str, note: str) -> str:
    """'Ditolak: <reason>' with the note, for lists and the pickup screen; '' if none."""
    if not code:
        return ""
    try:
        label = RejectReason(code).label
    except ValueError:
        label = code
    return f"Ditolak: {label}" + (f" ({note})" if note else "")
