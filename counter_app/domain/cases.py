"""Case types of a KTP-el application and the documents each one needs."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class CaseType(enum.StrEnum):
    """Why the applicant is at the counter."""

    BARU = "BARU"
    HILANG = "HILANG"
    RUSAK = "RUSAK"
    PERUBAHAN_DATA = "PERUBAHAN_DATA"

    @property
    def label(self) -> str:
        """The name the clerk reads."""
        return CASE_LABELS[self]


CASE_LABELS: dict[CaseType, str] = {
    CaseType.BARU: "Baru (pemula)",
    CaseType.HILANG: "Hilang",
    CaseType.RUSAK: "Rusak",
    CaseType.PERUBAHAN_DATA: "Perubahan elemen data",
}


@dataclass(frozen=True)
class Document:
    """One item of the documents checklist."""

    code: str
    label: str
    # Details the clerk must note with it, e.g. the police report's number and date.
    details: tuple[str, ...] = ()
    # True for an item the applicant hands over and the office keeps (the old card).
    surrendered: bool = False


KK = Document("KK", "Kartu Keluarga (KK)")
KK_UPDATED = Document("KK_UPDATED", "Kartu Keluarga yang sudah diperbarui")
POLICE_REPORT = Document(
    "SURAT_KEHILANGAN", "Surat keterangan kehilangan dari kepolisian",
    details=("nomor", "tanggal"),
)
DAMAGED_CARD = Document("KTP_RUSAK", "KTP-el yang rusak (diserahkan)", surrendered=True)
OLD_CARD = Document("KTP_LAMA", "KTP-el lama (diserahkan)", surrendered=True)

REQUIRED_DOCUMENTS: dict[CaseType, tuple[Document, ...]] = {
    CaseType.BARU: (KK,),
    CaseType.HILANG: (KK, POLICE_REPORT),
    CaseType.RUSAK: (KK, DAMAGED_CARD),
    CaseType.PERUBAHAN_DATA: (KK_UPDATED, OLD_CARD),
}


class DataElement(enum.StrEnum):
    """A KTP-el element that a PERUBAHAN_DATA application may change."""

    NAMA = "nama"
    TEMPAT_TANGGAL_LAHIR = "tempat_tanggal_lahir"
    JENIS_KELAMIN = "jenis_kelamin"
    AGAMA = "agama"
    STATUS_PERKAWINAN = "status_perkawinan"
    PEKERJAAN = "pekerjaan"
    ALAMAT = "alamat"
    GOLONGAN_DARAH = "golongan_darah"
    KEWARGANEGARAAN = "kewarganegaraan"


ELEMENT_LABELS: dict[DataElement, str] = {
    DataElement.NAMA: "Nama",
    DataElement.TEMPAT_TANGGAL_LAHIR: "Tempat/tanggal lahir",
    DataElement.JENIS_KELAMIN: "Jenis kelamin",
    DataElement.AGAMA: "Agama",
    DataElement.STATUS_PERKAWINAN: "Status perkawinan",
    DataElement.PEKERJAAN: "Pekerjaan",
    DataElement.ALAMAT: "Alamat",
    DataElement.GOLONGAN_DARAH: "Golongan darah",
    DataElement.KEWARGANEGARAAN: "Kewarganegaraan",
}

# The proof for each changed element. The updated KK already carries most changes;
# where the law asks for a deed, the deed is listed.
ELEMENT_PROOFS: dict[DataElement, tuple[Document, ...]] = {
    DataElement.NAMA: (Document("PUTUSAN_PENGADILAN", "Putusan pengadilan tentang nama"),),
    DataElement.TEMPAT_TANGGAL_LAHIR: (
        Document("AKTA_KELAHIRAN", "Akta kelahiran atau putusan pengadilan"),
    ),
    DataElement.JENIS_KELAMIN: (
        Document("PUTUSAN_PENGADILAN_JK", "Putusan pengadilan tentang jenis kelamin"),
    ),
    DataElement.AGAMA: (Document("SURAT_AGAMA", "Surat keterangan/pernyataan agama"),),
    DataElement.STATUS_PERKAWINAN: (
        Document("AKTA_NIKAH_CERAI", "Buku/akta nikah, akta cerai, atau akta kematian pasangan"),
    ),
    DataElement.PEKERJAAN: (
        Document("SURAT_PEKERJAAN", "Surat keterangan kerja/SK pengangkatan atau ijazah"),
    ),
    DataElement.ALAMAT: (Document("SKPWNI", "Surat keterangan pindah (SKPWNI)"),),
    DataElement.GOLONGAN_DARAH: (
        Document("HASIL_LAB", "Surat hasil pemeriksaan golongan darah"),
    ),
    DataElement.KEWARGANEGARAAN: (
        Document("SK_KEWARGANEGARAAN", "Keputusan tentang kewarganegaraan"),
    ),
}


def required_documents(
    case: CaseType, changed: tuple[DataElement, ...] | frozenset[DataElement] = ()
) -> tuple[Document, ...]:
    """The checklist for a case and, for PERUBAHAN_DATA, each changed element.

    Raises ValueError when a PERUBAHAN_DATA case names no changed element, or another
    case names one: callers validate input before asking.
    """
    if case is CaseType.PERUBAHAN_DATA and not changed:
        raise ValueError("PERUBAHAN_DATA needs at least one changed element")
    if case is not CaseType.PERUBAHAN_DATA and changed:
        raise ValueError("only PERUBAHAN_DATA changes elements")
    docs = list(REQUIRED_DOCUMENTS[case])
    for element in DataElement:  # fixed order, whatever order the clerk ticked
        if element in changed:
            docs.extend(d for d in ELEMENT_PROOFS[element] if d not in docs)
    return tuple(docs)
