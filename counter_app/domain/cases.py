"""Case types of a KTP-el application and the documents each one needs.

Sources: the kinds of issuance are Perpres 96/2018 art. 14 (baru, pindah datang,
perubahan data, perpanjangan for a foreign resident with a KITAP, hilang/rusak, luar
domisili); the documents of each are art. 15-21 (baru: KK; orang asing: KK, dokumen
perjalanan, kartu izin tinggal tetap; pindah datang: surat keterangan pindah and KK;
hilang: surat keterangan kehilangan from the police; rusak: the damaged card;
perubahan data: the updated KK and the old card). Proofs per changed element follow
UU 23/2006 art. 52 as amended by UU 24/2013 (a change of name is recorded on a
*penetapan pengadilan negeri*), art. 56 (a change of sex likewise), and Permendagri
108/2019 (a pembetulan of a spelling that matches the KK and the akta needs only those;
the birth date follows the akta kelahiran).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class CaseType(enum.StrEnum):
    """Why the applicant is at the counter."""

    BARU = "BARU"
    HILANG = "HILANG"
    RUSAK = "RUSAK"
    PERUBAHAN_DATA = "PERUBAHAN_DATA"
    PINDAH_DATANG = "PINDAH_DATANG"
    WNA = "WNA"  # a foreign resident holding a KITAP (izin tinggal tetap)
    # Issue 11: printing for someone already recorded (cetak bagi yang sudah rekam, "print
    # ready record"): no biometrics taken, KK checked, identity confirmed, printed here.
    PRR = "PRR"

    @property
    def label(self) -> str:
        """The name the clerk reads."""
        return CASE_LABELS[self]


CASE_LABELS: dict[CaseType, str] = {
    CaseType.BARU: "Baru (pemula)",
    CaseType.HILANG: "Hilang",
    CaseType.RUSAK: "Rusak",
    CaseType.PERUBAHAN_DATA: "Perubahan elemen data",
    CaseType.PINDAH_DATANG: "Pindah datang",
    CaseType.WNA: "WNA pemegang KITAP",
    CaseType.PRR: "Cetak bagi yang sudah rekam (PRR)",
}
# The cases the recording wizard offers (PRR has its own short form, no biometrics).
RECORDING_CASES: tuple[CaseType, ...] = tuple(c for c in CaseType if c is not CaseType.PRR)

# A lost or damaged card may come together with changed elements: one application,
# the union of both checklists, one route (not a supervisor override).
COMBINABLE: frozenset[CaseType] = frozenset({CaseType.HILANG, CaseType.RUSAK})
TAKES_ELEMENTS: frozenset[CaseType] = COMBINABLE | {CaseType.PERUBAHAN_DATA}


def first_card_problem(case: CaseType, card_handed_over: str | None) -> str | None:
    """Why BARU is refused for someone who already received a KTP-el (None otherwise).

    ``card_handed_over`` names the slip of an application whose card was handed over.
    A person holds one KTP-el only (UU 24/2013 art. 63(6)), valid for life (art. 64); a second card
    is a replacement: lost (hilang), damaged (rusak) or changed data (perubahan data),
    Perpres 96/2018 art. 14-15.
    """
    if case is CaseType.BARU and card_handed_over:
        return (f"Pemohon ini sudah menerima KTP-el (tanda terima {card_handed_over}): "
                "bukan permohonan baru. Pilih Hilang, Rusak atau Perubahan elemen data.")
    return None


def case_label(case: CaseType, changed: frozenset[DataElement] | tuple[DataElement, ...] = ()
               ) -> str:
    """The case as the clerk and the report read it ("Hilang + perubahan elemen data")."""
    if case in COMBINABLE and changed:
        return f"{CASE_LABELS[case]} + perubahan elemen data"
    return CASE_LABELS[case]


def case_key(case: CaseType, changed: frozenset[DataElement] | tuple[DataElement, ...] = ()
             ) -> str:
    """The report's key of a case: ``HILANG+PERUBAHAN_DATA`` for a combined case."""
    if case in COMBINABLE and changed:
        return f"{case.value}+{CaseType.PERUBAHAN_DATA.value}"
    return case.value


CASE_KEYS: tuple[str, ...] = (
    "BARU", "HILANG", "RUSAK", "PERUBAHAN_DATA", "HILANG+PERUBAHAN_DATA",
    "RUSAK+PERUBAHAN_DATA", "PINDAH_DATANG", "WNA", "PRR")
CASE_KEY_LABELS: dict[str, str] = {
    "BARU": "Baru (pemula)", "HILANG": "Hilang", "RUSAK": "Rusak",
    "PERUBAHAN_DATA": "Perubahan elemen data",
    "HILANG+PERUBAHAN_DATA": "Hilang + perubahan data",
    "RUSAK+PERUBAHAN_DATA": "Rusak + perubahan data",
    "PINDAH_DATANG": "Pindah datang", "WNA": "WNA pemegang KITAP",
    "PRR": "Cetak bagi yang sudah rekam",
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
SKPWNI = Document("SKPWNI", "Surat keterangan pindah (SKPWNI) dari daerah asal",
                  details=("nomor",))
KK_NEW = Document("KK_BARU", "Kartu Keluarga baru di alamat tujuan")
PASSPORT = Document("PASPOR", "Paspor (dokumen perjalanan)", details=("nomor",))
KITAP = Document("KITAP", "Kartu izin tinggal tetap (KITAP)",
                 details=("nomor", "berlaku_sampai"))
# Perpres 96/2018 art. 15: "telah berusia 17 tahun, sudah kawin, atau pernah kawin";
# under 17 the marriage is shown by its deed (Disdukcapil checklists).
MARRIAGE_PROOF = Document(
    "BUKTI_KAWIN", "Buku nikah/akta perkawinan, atau akta cerai/akta kematian pasangan")

REQUIRED_DOCUMENTS: dict[CaseType, tuple[Document, ...]] = {
    CaseType.BARU: (KK,),
    CaseType.HILANG: (KK, POLICE_REPORT),
    CaseType.RUSAK: (KK, DAMAGED_CARD),
    CaseType.PERUBAHAN_DATA: (KK_UPDATED, OLD_CARD),
    CaseType.PINDAH_DATANG: (SKPWNI, KK_NEW),
    CaseType.WNA: (KK, PASSPORT, KITAP),
    CaseType.PRR: (KK,),
}
# With changed elements, a lost or damaged card keeps its own evidence (the police
# report, the surrendered damaged card, which is also the old card) and the KK must be
# the updated one.
COMBINED_DOCUMENTS: dict[CaseType, tuple[Document, ...]] = {
    CaseType.HILANG: (KK_UPDATED, POLICE_REPORT),
    CaseType.RUSAK: (KK_UPDATED, DAMAGED_CARD),
}


class DataElement(enum.StrEnum):
    """A KTP-el element that a PERUBAHAN_DATA application may change."""

    NAMA = "nama"  # a change of name: penetapan pengadilan negeri
    NAMA_PEMBETULAN = "nama_pembetulan"  # a spelling corrected to match KK and akta
    TEMPAT_TANGGAL_LAHIR = "tempat_tanggal_lahir"
    JENIS_KELAMIN = "jenis_kelamin"
    AGAMA = "agama"
    STATUS_PERKAWINAN = "status_perkawinan"
    PEKERJAAN = "pekerjaan"
    ALAMAT = "alamat"
    GOLONGAN_DARAH = "golongan_darah"
    KEWARGANEGARAAN = "kewarganegaraan"


ELEMENT_LABELS: dict[DataElement, str] = {
    DataElement.NAMA: "Nama (ganti nama)",
    DataElement.NAMA_PEMBETULAN: "Nama (pembetulan ejaan)",
    DataElement.TEMPAT_TANGGAL_LAHIR: "Tempat/tanggal lahir",
    DataElement.JENIS_KELAMIN: "Jenis kelamin",
    DataElement.AGAMA: "Agama",
    DataElement.STATUS_PERKAWINAN: "Status perkawinan",
    DataElement.PEKERJAAN: "Pekerjaan",
    DataElement.ALAMAT: "Alamat",
    DataElement.GOLONGAN_DARAH: "Golongan darah",
    DataElement.KEWARGANEGARAAN: "Kewarganegaraan",
}

AKTA_KELAHIRAN = Document("AKTA_KELAHIRAN", "Akta kelahiran")

# The proof for each changed element. The updated KK already carries most changes;
# where the law asks for a deed, the deed is listed.
ELEMENT_PROOFS: dict[DataElement, tuple[Document, ...]] = {
    # UU 23/2006 art. 52: a change of name follows a penetapan pengadilan negeri.
    DataElement.NAMA: (Document("PENETAPAN_PN_NAMA",
                                "Salinan penetapan pengadilan negeri tentang perubahan nama"),),
    # Permendagri 108/2019: a pembetulan matching the KK and the akta needs only those.
    DataElement.NAMA_PEMBETULAN: (AKTA_KELAHIRAN,),
    DataElement.TEMPAT_TANGGAL_LAHIR: (AKTA_KELAHIRAN,),
    # UU 23/2006 art. 56: a change of sex is recorded after a penetapan pengadilan negeri.
    DataElement.JENIS_KELAMIN: (
        Document("PENETAPAN_PN_JK",
                 "Salinan penetapan pengadilan negeri tentang perubahan jenis kelamin"),
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


def case_problem(case: CaseType,
                 changed: tuple[DataElement, ...] | frozenset[DataElement]) -> str | None:
    """Why this case and these changed elements do not go together (None when they do)."""
    if case is CaseType.PERUBAHAN_DATA and not changed:
        return "Pilih minimal satu elemen data yang berubah."
    if case not in TAKES_ELEMENTS and changed:
        return (f"{CASE_LABELS[case]} tidak dapat disertai perubahan elemen data; pilih "
                "Perubahan elemen data, Hilang atau Rusak.")
    if DataElement.NAMA in changed and DataElement.NAMA_PEMBETULAN in changed:
        return "Pilih ganti nama atau pembetulan ejaan nama, tidak keduanya."
    return None


def required_documents(
    case: CaseType, changed: tuple[DataElement, ...] | frozenset[DataElement] = (),
    *, married_minor: bool = False,
) -> tuple[Document, ...]:
    """The checklist for a case, each changed element, and a marriage under 17.

    HILANG and RUSAK with changed elements take the union of both checklists. Raises
    ValueError when ``case_problem`` has an objection: callers validate input first.
    """
    problem = case_problem(case, changed)
    if problem:
        raise ValueError(problem)
    docs = list(COMBINED_DOCUMENTS[case] if case in COMBINABLE and changed
                else REQUIRED_DOCUMENTS[case])
    for element in DataElement:  # fixed order, whatever order the clerk ticked
        if element in changed:
            docs.extend(d for d in ELEMENT_PROOFS[element]
                        if d.code not in {x.code for x in docs})
    if married_minor:
        docs.append(MARRIAGE_PROOF)
    return tuple(docs)
