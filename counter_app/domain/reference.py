"""The value lists of the KTP-el form, as the population register (SIAK) spells them."""

from __future__ import annotations

from functools import cache

from counter_app.domain.reference_data import read_csv

AGAMA: tuple[str, ...] = (
    "Islam",
    "Kristen",
    "Katolik",
    "Hindu",
    "Buddha",
    "Khonghucu",
    "Kepercayaan terhadap Tuhan YME",
)

STATUS_PERKAWINAN: tuple[str, ...] = ("Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati")
# A person who is or ever was married may hold a KTP-el before 17.
EVER_MARRIED: frozenset[str] = frozenset({"Kawin", "Cerai Hidup", "Cerai Mati"})

GOLONGAN_DARAH: tuple[str, ...] = (
    "A", "A+", "A\u2212",
    "B", "B+", "B\u2212",
    "AB", "AB+", "AB\u2212",
    "O", "O+", "O\u2212",
    "Tidak Tahu",
)

JENIS_KELAMIN: dict[str, str] = {"L": "Laki-laki", "P": "Perempuan"}

KEWARGANEGARAAN: dict[str, str] = {"WNI": "Warga Negara Indonesia", "WNA": "Warga Negara Asing"}


@cache
def pekerjaan() -> tuple[str, ...]:
    """The 89 occupations of SIAK, in SIAK's order, as printed on the card."""
    return tuple(row["name"] for row in read_csv("pekerjaan_siak.csv"))
