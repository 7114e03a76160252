"""Rules of a recording: the card data, the documents checklist and the biometrics.

Each check returns the problems keyed by field, so a wizard page can show each message
next to its field; ``require_*`` raises the first one as a ValidationError.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from counter_app.domain.cases import CaseType, DataElement, required_documents
from counter_app.domain.errors import ValidationError
from counter_app.domain.input_policy import (
    ADDRESS,
    DOCUMENT_NUMBER,
    PERSON_NAME,
    PLACE,
    REASON,
    clean_text,
    require_birth_date,
)
from counter_app.domain.nik import NikMismatch
from counter_app.domain.reference import (
    AGAMA,
    GOLONGAN_DARAH,
    JENIS_KELAMIN,
    KEWARGANEGARAAN,
    STATUS_PERKAWINAN,
    pekerjaan,
)
from counter_app.domain.words import lower_first

MAX_NAME = PERSON_NAME
_NAME_PUNCTUATION = set(" '-.,")


@dataclass(frozen=True)
class CardData:
    """Every field printed on (or kept for) a KTP-el."""

    nama: str
    tempat_lahir: str
    tanggal_lahir: dt.date
    jenis_kelamin: str
    golongan_darah: str
    agama: str
    status_perkawinan: str
    pekerjaan: str
    kewarganegaraan: str
    alamat: str
    rt: str
    rw: str
    kelurahan_code: str
    phone: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-friendly fields."""
        return {**{k: str(v) for k, v in vars(self).items()},
                "tanggal_lahir": self.tanggal_lahir.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> CardData:
        """The inverse of ``as_dict``."""
        values = dict(data)
        values["tanggal_lahir"] = dt.date.fromisoformat(values["tanggal_lahir"])  # type: ignore[assignment]
        return cls(**values)  # type: ignore[arg-type]


# Which fields each changeable element covers (PERUBAHAN_DATA edits only these).
ELEMENT_FIELDS: dict[DataElement, tuple[str, ...]] = {
    DataElement.NAMA: ("nama",),
    DataElement.NAMA_PEMBETULAN: ("nama",),
    DataElement.TEMPAT_TANGGAL_LAHIR: ("tempat_lahir", "tanggal_lahir"),
    DataElement.JENIS_KELAMIN: ("jenis_kelamin",),
    DataElement.AGAMA: ("agama",),
    DataElement.STATUS_PERKAWINAN: ("status_perkawinan",),
    DataElement.PEKERJAAN: ("pekerjaan",),
    DataElement.ALAMAT: ("alamat", "rt", "rw", "kelurahan_code"),
    DataElement.GOLONGAN_DARAH: ("golongan_darah",),
    DataElement.KEWARGANEGARAAN: ("kewarganegaraan",),
}


def clean_person_name(text: str) -> str:
    """The text policy, then letters of any script, apostrophes, hyphens, dots and commas.

    "Ni'mah Al-Fatih", "Muhammad, S.Pd." and "Nguyễn Thị" are names; "B4mbang" is not,
    nor one letter under 90 accents. At most 60 characters (Permendagri 73/2022).
    """
    name = clean_text(text, field="nama", label="Nama", limit=MAX_NAME, required=True)
    for ch in name:
        if ch in _NAME_PUNCTUATION:
            continue
        if not unicodedata.category(ch).startswith(("L", "M")):
            raise ValidationError(f"Nama tidak boleh berisi '{ch}'.", field="nama")
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise ValidationError("Nama harus berisi huruf.", field="nama")
    return name


def _plain(text: str, field: str, label: str, limit: int, required: bool = True) -> str:
    return clean_text(text, field=field, label=label, limit=limit, required=required)


def _rt_rw(text: str, field: str) -> str:
    value = (text or "").strip()
    if not value.isascii() or not value.isdigit() or not 1 <= len(value) <= 3 or int(value) == 0:
        raise ValidationError(f"{field.upper()} diisi 1 sampai 3 angka, misalnya 005.",
                              field=field)
    return f"{int(value):03d}"


def _phone(text: str) -> str:
    value = "".join(ch for ch in (text or "") if ch not in " -.")
    if not value:
        return ""
    digits = value[1:] if value.startswith("+") else value
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise ValidationError("Nomor telepon 8-15 angka, misalnya 0812 3456 7890.",
                              field="phone")
    return value


def check_card(
    data: CardData, nik: str, kelurahan_codes: Iterable[str], today: dt.date,
    other_address: Callable[[str], bool] | None = None,
) -> tuple[CardData | None, dict[str, str]]:
    """The cleaned card data, or the problems by field (in Bahasa Indonesia).

    The kelurahan is one of ``kelurahan_codes`` (this kecamatan) or, when
    ``other_address`` accepts it, a region elsewhere (luar domisili). A birth date or
    sex that disagrees with the NIK is not a problem here: ``nik_mismatches`` reports
    it as a warning the clerk explains (PP 40/2019: the NIK never changes).
    """
    del nik  # kept in the signature: callers pass the NIK the card belongs to
    problems: dict[str, str] = {}
    cleaned: dict[str, object] = {}

    def take(field: str, func: object, *args: object) -> None:
        try:
            cleaned[field] = func(*args)  # type: ignore[operator]
        except ValidationError as exc:
            problems[exc.field or field] = exc.message

    take("nama", clean_person_name, data.nama)
    take("tempat_lahir", _plain, data.tempat_lahir, "tempat_lahir", "Tempat lahir", PLACE)
    take("alamat", _plain, data.alamat, "alamat", "Alamat", ADDRESS)
    take("rt", _rt_rw, data.rt, "rt")
    take("rw", _rt_rw, data.rw, "rw")
    take("phone", _phone, data.phone)
    choices = {
        "jenis_kelamin": (tuple(JENIS_KELAMIN), "Jenis kelamin"),
        "golongan_darah": (GOLONGAN_DARAH, "Golongan darah"),
        "agama": (AGAMA, "Agama"),
        "status_perkawinan": (STATUS_PERKAWINAN, "Status perkawinan"),
        "pekerjaan": (pekerjaan(), "Pekerjaan"),
        "kewarganegaraan": (tuple(KEWARGANEGARAAN), "Kewarganegaraan"),
    }
    for field, (allowed, label) in choices.items():
        value = getattr(data, field)
        if value in allowed:
            cleaned[field] = value
        else:
            problems[field] = f"Pilih {label.lower()} dari daftar."
    code = (data.kelurahan_code or "").strip()
    if code in set(kelurahan_codes) or (other_address is not None and other_address(code)):
        cleaned["kelurahan_code"] = code
    elif other_address is None:
        problems["kelurahan_code"] = "Pilih kelurahan dari daftar kecamatan ini."
    else:
        problems["kelurahan_code"] = (
            "Kelurahan/desa tidak dikenal: pilih dari daftar, atau ketik kodenya "
            "(mis. 32.73.01.1001) dengan kode provinsi yang benar.")
    try:
        require_birth_date(data.tanggal_lahir, today)
    except ValidationError as exc:
        problems["tanggal_lahir"] = exc.message
    if problems:
        return None, problems
    cleaned["tanggal_lahir"] = data.tanggal_lahir
    return CardData(**cleaned), {}  # type: ignore[arg-type]


def require_card(data: CardData, nik: str, kelurahan_codes: Iterable[str],
                 today: dt.date) -> CardData:
    """The cleaned card data; ValidationError naming the first problem."""
    cleaned, problems = check_card(data, nik, kelurahan_codes, today)
    if cleaned is None:
        field, message = next(iter(problems.items()))
        raise ValidationError(message, field=field)
    return cleaned


class MismatchReason(enum.StrEnum):
    """Why the clerk goes on although the data disagrees with the NIK."""

    AKTA = "AKTA"
    DATA_CHANGE = "DATA_CHANGE"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        """The reason as the clerk picks it."""
        return MISMATCH_REASON_LABELS[self]


MISMATCH_REASON_LABELS: dict[MismatchReason, str] = {
    MismatchReason.AKTA: "Data pada akta kelahiran berbeda dengan NIK",
    MismatchReason.DATA_CHANGE: "Perubahan elemen data ini sedang direkam",
    MismatchReason.OTHER: "Lainnya (tulis alasannya)",
}
# The element whose change explains a disagreement with the NIK.
MISMATCH_ELEMENT: dict[str, DataElement] = {
    "tanggal_lahir": DataElement.TEMPAT_TANGGAL_LAHIR,
    "jenis_kelamin": DataElement.JENIS_KELAMIN,
}


@dataclass(frozen=True)
class MismatchNote:
    """The clerk's reason for one disagreement with the NIK."""

    reason: MismatchReason
    text: str = ""

    def shown(self) -> str:
        """The reason in words, with the clerk's text for "other"."""
        if self.reason is MismatchReason.OTHER:
            return f"Lainnya: {self.text}"
        return self.reason.label


def mismatch_problems(mismatches: Iterable[NikMismatch], notes: Mapping[str, MismatchNote],
                      changed: frozenset[DataElement]) -> dict[str, str]:
    """What is still missing to go on past each disagreement, by field.

    Every disagreement needs a reason; "a data change" only when that element is being
    changed; "other" needs at least five letters of explanation.
    """
    problems: dict[str, str] = {}
    for mismatch in mismatches:
        note = notes.get(mismatch.element)
        if note is None:
            problems[mismatch.element] = mismatch.message
        elif (note.reason is MismatchReason.DATA_CHANGE
              and MISMATCH_ELEMENT[mismatch.element] not in changed):
            problems[mismatch.element] = (
                "Alasan 'perubahan elemen data' hanya bila elemen ini dipilih sebagai "
                "elemen yang berubah.")
        elif note.reason is MismatchReason.OTHER and len(" ".join(note.text.split())) < 5:
            problems[mismatch.element] = "Tulis alasan lainnya (minimal 5 huruf)."
    return problems


def missing_documents(
    case: CaseType, changed: frozenset[DataElement], ticked: Mapping[str, bool],
    details: Mapping[str, Mapping[str, str]], today: dt.date, *,
    married_minor: bool = False,
) -> list[str]:
    """What is still missing from the checklist, as messages; empty when complete."""
    problems = []
    for doc in required_documents(case, changed, married_minor=married_minor):
        if not ticked.get(doc.code):
            problems.append(f"{doc.label} belum dicentang.")
            continue
        if "nomor" in doc.details and not (details.get(doc.code, {}).get("nomor") or "").strip():
            problems.append(f"Nomor {lower_first(doc.label)} wajib diisi.")
        if "tanggal" in doc.details:
            raw = (details.get(doc.code, {}).get("tanggal") or "").strip()
            try:
                when = dt.date.fromisoformat(raw)
            except ValueError:
                problems.append(f"Tanggal {lower_first(doc.label)} wajib diisi (TTTT-BB-HH).")
                continue
            if when > today:
                problems.append(f"Tanggal {lower_first(doc.label)} tidak boleh di masa depan.")
        if "berlaku_sampai" in doc.details:
            try:
                valid_until(details.get(doc.code, {}), today)
            except ValidationError as exc:
                problems.append(exc.message)
    return problems


def valid_until(kitap: Mapping[str, str], today: dt.date) -> dt.date:
    """The KITAP's end date, which is also the WNA card's (UU 24/2013 art. 64(7)).

    ValidationError when missing, malformed or not after today.
    """
    raw = (kitap.get("berlaku_sampai") or "").strip()
    try:
        when = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError("Tanggal berlaku KITAP wajib diisi (TTTT-BB-HH).",
                              field="documents") from None
    if when <= today:
        raise ValidationError("KITAP sudah tidak berlaku: KTP-el WNA mengikuti masa "
                              "berlaku KITAP.", field="documents")
    return when
def clean_document_details(
    details: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    """Each detail (a police report's number and date) through the text policy."""
    cleaned: dict[str, dict[str, str]] = {}
    for code, entry in details.items():
        cleaned[str(code)[:30]] = {
            str(name)[:20]: clean_text(str(value or ""), field="documents",
                                       label=f"Nomor/tanggal {str(code).lower()}",
                                       limit=DOCUMENT_NUMBER)
            for name, value in entry.items()}
    return cleaned


class Modality(enum.StrEnum):
    """A biometric modality captured for the card: ten fingers and two irises."""

    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    L4 = "L4"
    L5 = "L5"
    IRIS_R = "IRIS_R"
    IRIS_L = "IRIS_L"

    @property
    def label(self) -> str:
        """The modality as the clerk reads it."""
        return MODALITY_LABELS[self]

_FINGER_NAMES = ("jempol", "telunjuk", "jari tengah", "jari manis", "kelingking")
MODALITY_LABELS: dict[Modality, str] = {
    **{Modality(f"R{i + 1}"): f"{n.capitalize()} kanan" for i, n in enumerate(_FINGER_NAMES)},
    **{Modality(f"L{i + 1}"): f"{n.capitalize()} kiri" for i, n in enumerate(_FINGER_NAMES)},
    Modality.IRIS_R: "Iris mata kanan",
    Modality.IRIS_L: "Iris mata kiri",
}

EXCEPTION_REASONS: tuple[str, ...] = (
    "Jari tidak ada (amputasi/bawaan lahir)",
    "Jari terluka atau diperban",
    "Sidik jari aus/tidak terbaca",
    "Kondisi mata (katarak, cedera, tunanetra)",
    "Disabilitas fisik",
    "Lainnya",
)


def biometric_problems(photo: bytes | None, signature: bytes | None,
                       signature_exception: str,
                       modalities: Mapping[str, Mapping[str, object]],
                       exception_photo: bytes | None) -> list[str]:
    """What is still missing; an exception with a reason always counts as done."""
    problems = []
    reasons = [signature_exception] + [str(m.get("reason") or "") for m in modalities.values()]
    for reason in reasons:
        try:
            clean_text(reason, field="biometrics", label="Alasan pengecualian", limit=REASON)
        except ValidationError as exc:
            problems.append(exc.message)
            break
    if not photo:
        problems.append("Foto wajah belum diambil.")
    if not signature and not signature_exception.strip():
        problems.append("Tanda tangan belum diambil (atau tulis alasan tidak dapat "
                        "bertanda tangan).")
    any_exception = bool(signature_exception.strip())
    for modality in Modality:
        entry = modalities.get(modality.value) or {}
        status = entry.get("status")
        if status == "captured":
            continue
        if status == "station":
            reference = str(entry.get("reference") or "").strip()
            if not reference:
                problems.append(f"{modality.label}: tulis referensi perekaman di stasiun "
                                "Dukcapil.")
            elif len(reference) > MAX_STATION_REFERENCE:
                problems.append(f"Referensi stasiun paling panjang {MAX_STATION_REFERENCE} "
                                "karakter.")
            continue
        if status == "exception":
            any_exception = True
            if not str(entry.get("reason") or "").strip():
                problems.append(f"{modality.label}: alasan pengecualian wajib diisi.")
            continue
        problems.append(f"{modality.label} belum direkam.")
    if any_exception and not exception_photo:
        problems.append("Pengecualian biometrik perlu foto pengecualian.")
    return problems


# Where the fingers, irises, face and signature of a kecamatan recording are really
# captured: Dukcapil's own recording station (its application and certified devices).
# The office app records that the capture was done there, with the station's reference
# for this recording, and never invents quality figures (issue 20).
STATION_DEVICE = "Stasiun perekaman Dukcapil"
SIMULATED_DEVICE = "Perangkat simulasi"
MAX_STATION_REFERENCE = 60


def captured_on_station(modalities: Mapping[str, Mapping[str, object]]) -> bool:
    """True when every captured modality was confirmed as done on the Dukcapil station."""
    statuses = {str(m.get("status")) for k, m in modalities.items() if k != "SIGNATURE"}
    return "station" in statuses and "captured" not in statuses


def device_key(device: str) -> str:
    """A device name as compared: Unicode-folded, case-folded, spaces squashed."""
    return " ".join(unicodedata.normalize("NFKC", device or "").casefold().split())


def capture_problems(device: str, modalities: Mapping[str, Mapping[str, object]],
                     demo_office: bool) -> list[str]:
    """What a recording's capture source may not claim.

    The simulator reads no finger: outside the demo office its "captures" are made up, so
    they are refused whatever a caller sends. A station confirmation names the station.
    """
    statuses = {str(m.get("status")) for m in modalities.values()}
    name = device_key(device)
    problems = []
    if "captured" in statuses and not demo_office and name in ("", device_key(
            SIMULATED_DEVICE)):
        # Compared folded, so "perangkat  simulasi " or an empty name claims nothing either.
        problems.append("Perangkat simulasi hanya untuk kantor contoh; rekam di stasiun "
                        "perekaman Dukcapil atau dengan perangkat yang dipasang admin.")
    if "station" in statuses and name != device_key(STATION_DEVICE):
        problems.append("Konfirmasi stasiun Dukcapil hanya dari mode stasiun perekaman.")
    if "captured" in statuses and name == device_key(STATION_DEVICE):
        problems.append("Mode stasiun Dukcapil tidak mencatat hasil pemindai di aplikasi ini.")
    return problems


def count_exceptions(modalities: Mapping[str, Mapping[str, object]],
                     signature_exception: str = "") -> int:
    """How many modalities were excepted (for the daily report)."""
    return sum(1 for m in modalities.values() if m.get("status") == "exception") + (
        1 if signature_exception.strip() else 0)
