"""Rules of coverage: who must hold a KTP-el, target lists, disabilities, contacts.

Also the check of each line of the resident list from Disdukcapil.

Sources:
- who must hold a KTP-el: 17 or older, or married or ever married (UU 24/2013 art. 63(1));
  recording from 16, printing from 17 (Dirjen Dukcapil, January 2018);
- new voters: 17 on election day, or married (UU 7/2017 art. 198(1)), hence ``--before``;
- disability kinds: fisik, intelektual, mental, sensorik, and several at once (ganda)
  (UU 8/2016 art. 4; SIAK's jenis disabilitas);
- a NIK keeps the date it was first issued with, also after a correction of the birth
  date or sex (PP 40/2019 art. 30(2)): the list's birth date is not checked against it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from counter_app.domain.eligibility import CARD_AGE, RECORDING_AGE
from counter_app.domain.errors import ValidationError
from counter_app.domain.reference import EVER_MARRIED, STATUS_PERKAWINAN
from counter_app.domain.wilayah import normalize_name, provinces


class DisabilityKind(enum.StrEnum):
    """A jenis disabilitas as SIAK records it (UU 8/2016 art. 4); a person may have several."""

    FISIK = "fisik"
    INTELEKTUAL = "intelektual"
    MENTAL = "mental"
    SENSORIK = "sensorik"

    @property
    def label(self) -> str:
        """``Disabilitas fisik``."""
        return f"Disabilitas {self.value}"


def parse_disabilities(text: str) -> frozenset[DisabilityKind]:
    """``"fisik, sensorik"`` (any case; ``,``, ``;``, ``/`` or ``+`` between) as kinds.

    An empty text is no disability; an unknown word is a ValidationError naming it.
    """
    kinds = set()
    for raw in (text or "").replace(";", ",").replace("/", ",").replace("+", ",").split(","):
        word = raw.strip().lower().removeprefix("disabilitas").strip()
        if not word or word in ("-", "tidak", "tidak ada"):
            continue
        try:
            kinds.add(DisabilityKind(word))
        except ValueError:
            raise ValidationError(
                f"Jenis disabilitas '{raw.strip()[:30]}' tidak dikenal (fisik, intelektual, "
                "mental, sensorik).", field="disabilitas") from None
    return frozenset(kinds)


def format_disabilities(kinds: Iterable[DisabilityKind | str]) -> str:
    """Kinds as stored: sorted, comma-separated (``fisik,sensorik``)."""
    return ",".join(sorted({DisabilityKind(k).value for k in kinds}))


def require_disability_consent(kinds: Iterable[DisabilityKind], consent: bool) -> None:
    """A disability is recorded only with the person's consent."""
    if any(True for _ in kinds) and not consent:
        raise ValidationError("Jenis disabilitas hanya dicatat dengan persetujuan pemohon. "
                              "Centang persetujuan atau kosongkan jenis disabilitas.",
                              field="disability_consent")


class ContactChannel(enum.StrEnum):
    """How the office tried to reach a person."""

    TELEPON = "telepon"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    SURAT = "surat"
    DATANG_LANGSUNG = "datang_langsung"

    @property
    def label(self) -> str:
        """The channel as the clerk reads it."""
        return CHANNEL_LABELS[self]


CHANNEL_LABELS: dict[ContactChannel, str] = {
    ContactChannel.TELEPON: "Telepon",
    ContactChannel.SMS: "SMS",
    ContactChannel.WHATSAPP: "WhatsApp",
    ContactChannel.SURAT: "Surat",
    ContactChannel.DATANG_LANGSUNG: "Datang langsung",
}


class TargetKind(enum.StrEnum):
    """A target list of the coverage work."""

    PEMULA = "pemula"            # turn 17 by a date (an election day) and not recorded
    DISABILITAS = "disabilitas"  # with a disability and not recorded
    BELUM_REKAM = "belum-rekam"  # everyone who must hold a KTP-el and is not recorded

    @property
    def label(self) -> str:
        """The list's title."""
        return TARGET_LABELS[self]


TARGET_LABELS: dict[TargetKind, str] = {
    TargetKind.PEMULA: "Pemula (genap 17 tahun)",
    TargetKind.DISABILITAS: "Penyandang disabilitas belum rekam",
    TargetKind.BELUM_REKAM: "Semua yang belum rekam",
}


def birth_cutoff(day: dt.date, age: int) -> dt.date:
    """The latest birth date of someone who is ``age`` or older on ``day``.

    Agrees with ``eligibility.age_on``: someone born on 29 February turns a year older
    on 1 March in a year that is not leap.
    """
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # day is 29 February; the year ``age`` earlier is not leap
        return dt.date(day.year - age, 2, 28)


def must_hold_cutoff(day: dt.date) -> dt.date:
    """Born on or before this date: 17 or older on ``day`` (UU 24/2013 art. 63(1))."""
    return birth_cutoff(day, CARD_AGE)


def sixteen_cutoff(day: dt.date) -> dt.date:
    """Born on or before this date: 16 or older on ``day`` (may be recorded)."""
    return birth_cutoff(day, RECORDING_AGE)


def must_hold(birth: dt.date, status_perkawinan: str, day: dt.date) -> bool:
    """True for someone who must hold a KTP-el on ``day``: 17 or older, or ever married."""
    return birth <= must_hold_cutoff(day) or status_perkawinan in EVER_MARRIED


def pemula_window(today: dt.date, before: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates (exclusive, inclusive) of the pemula list for an election on ``before``.

    A pemula is younger than 18 today and 17 on or before ``before`` (UU 7/2017 art.
    198(1): a voter is 17 on election day).
    """
    if before < today:
        raise ValidationError("Tanggal batas pemula tidak boleh sebelum hari ini.",
                              field="before")
    return birth_cutoff(today, CARD_AGE + 1), must_hold_cutoff(before)


# --- the resident list -----------------------------------------------------------------

# Column names as the README documents them, with the spellings SIAK exports use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "nik": ("nik",),
    "kk": ("kk", "no_kk", "nomor_kk", "nkk"),
    "nama": ("nama", "nama_lengkap"),
    "tanggal_lahir": ("tanggal_lahir", "tgl_lahir", "tgl_lhr"),
    "jenis_kelamin": ("jenis_kelamin", "jk", "sex"),
    "kelurahan": ("kelurahan", "kelurahan_desa", "kode_kelurahan", "desa"),
    "rt": ("rt",),
    "rw": ("rw",),
    "rt_rw": ("rt_rw", "rtrw"),
    "status_perkawinan": ("status_perkawinan", "status_kawin", "stat_kwn"),
    "sekolah": ("sekolah", "nama_sekolah"),
    "disabilitas": ("disabilitas", "jenis_disabilitas", "penyandang_cacat"),
    "telepon": ("telepon", "no_hp", "hp", "telp"),
}
REQUIRED = ("nik", "kk", "nama", "tanggal_lahir", "jenis_kelamin", "kelurahan")
MAX_PROBLEMS_SHOWN = 200

_PROVINCES = frozenset(provinces())
_SEX = {"L": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "P": "P", "PEREMPUAN": "P"}
_MARITAL = {s.upper(): s for s in STATUS_PERKAWINAN} | {
    "KAWIN TERCATAT": "Kawin", "KAWIN BELUM TERCATAT": "Kawin", "KAWIN TIDAK TERCATAT": "Kawin",
    "CERAI": "Cerai Hidup", "": "Belum Kawin"}


@dataclass(frozen=True)
class ResidentRow:
    """One clean line of the resident list, ready to be stored."""

    nik: str
    kk: str
    nama: str
    tanggal_lahir: dt.date
    jenis_kelamin: str
    status_perkawinan: str
    kelurahan_code: str
    rt: str
    rw: str
    school: str
    disabilities: str
    phone: str


def _key(text: str) -> str:
    return "_".join(str(text or "").strip().lower().replace("/", "_").replace("-", "_")
                    .replace(".", "").split())


def map_header(header: Sequence[object]) -> dict[str, int]:
    """Which column holds which field; ValidationError naming what is missing."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(str(name or ""))
        for field_name, spellings in COLUMNS.items():
            if key in spellings and field_name not in found:
                found[field_name] = index
    missing = [f for f in REQUIRED if f not in found]
    if "rt_rw" not in found and not ("rt" in found and "rw" in found):
        missing.append("rt dan rw (atau rt_rw)")
    if missing:
        raise ValidationError("Baris 1 (judul kolom): kolom " + ", ".join(missing)
                              + " tidak ada. Kolom yang dipakai: nik, kk, nama, tanggal_lahir,"
                              " jenis_kelamin, kelurahan, rt, rw.", field="file")
    return found


def _digits16(value: str, what: str) -> str:
    number = value.replace(" ", "").replace(".", "").replace("-", "").replace("'", "")
    if len(number) != 16 or not number.isdigit() or not number.isascii():
        raise ValueError(f"{what} harus 16 angka")
    if number[:2] not in _PROVINCES:
        raise ValueError(f"kode provinsi {what} {number[:2]} tidak dikenal")
    return number


def _nik(value: str) -> str:
    number = _digits16(value, "NIK")
    day, month = int(number[6:8]), int(number[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        raise ValueError("tanggal pada NIK tidak sah")
    if number[12:] == "0000":
        raise ValueError("nomor urut NIK 0000")
    return number


def parse_date(value: object) -> dt.date:
    """A birth date as a spreadsheet or a CSV holds it: a date, ISO, or DD-MM-YYYY."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if len(text) == 10 and text[4] == "-":
        return dt.date.fromisoformat(text)
    if len(text) == 10 and text[2] in "-/." and text[5] == text[2]:
        return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    raise ValueError("tanggal_lahir bukan tanggal (TTTT-BB-HH atau HH-BB-TTTT)")


def _rt_rw(value: str, what: str) -> str:
    text = value.strip()
    if not text.isdigit() or not text.isascii() or not 1 <= len(text) <= 3 or int(text) == 0:
        raise ValueError(f"{what} harus 1-3 angka")
    return f"{int(text):03d}"


def _phone(value: str) -> str:
    text = "".join(ch for ch in value if ch not in " -.()")
    if not text:
        return ""
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit() or not digits.isascii() or not 8 <= len(digits) <= 15:
        raise ValueError("telepon harus 8-15 angka")
    return text


class ImportRefused(ValidationError):
    """A resident list with bad lines; ``problems`` names every one of them."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__(
            f"Daftar penduduk ditolak seluruhnya: {len(problems)} baris salah, tidak ada "
            "yang disimpan.\n" + "\n".join(shown)
            + (f"\n... dan {more} baris salah lainnya." if more else ""), field="file")
        self.problems = problems


class KelurahanMatcher:
    """Finds a kelurahan of the office's kecamatan by code or by either spelling of its name."""

    def __init__(self, kelurahan: Mapping[str, Sequence[str]]) -> None:
        """``kelurahan``: code -> its names (the decree name and the familiar ones)."""
        self._by_key: dict[str, str] = {}
        for code, names in kelurahan.items():
            self._by_key[code] = code
            self._by_key[code.replace(".", "")] = code
            for name in names:
                self._by_key.setdefault(normalize_name(name), code)
        self._cache: dict[str, str | None] = {}

    def find(self, text: str) -> str | None:
        """The kelurahan code, or None when it is not one of this kecamatan."""
        if text in self._cache:
            return self._cache[text]
        value = text.strip()
        code = self._by_key.get(value) or self._by_key.get(
            normalize_name(value.removeprefix("Kelurahan ").removeprefix("Kel. ")))
        self._cache[text] = code
        return code


def parse_resident_rows(
    rows: Iterable[Sequence[object]], kelurahan: KelurahanMatcher, today: dt.date,
) -> list[ResidentRow]:
    """Every line of the list, checked; the first row is the header.

    The file is refused whole: a ValidationError lists every bad line (its number in the
    file and what is wrong): ImportRefused, whose ``problems`` holds them all.
    """
    iterator = iter(rows)
    try:
        header = next(iterator)
    except StopIteration:
        raise ValidationError("Berkas kosong: tidak ada judul kolom.", field="file") from None
    cols = map_header(header)
    get = cols.get
    i_nik, i_kk, i_nama, i_lahir, i_jk, i_kel = (cols[f] for f in REQUIRED)
    i_rt, i_rw, i_rtrw = get("rt"), get("rw"), get("rt_rw")
    i_kawin, i_sekolah, i_dis, i_tel = (get("status_perkawinan"), get("sekolah"),
                                        get("disabilitas"), get("telepon"))
    out: list[ResidentRow] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    disability_cache: dict[str, str] = {}
    width = max(cols.values()) + 1
    for line_no, raw in enumerate(iterator, start=2):
        row = ["" if v is None else v for v in raw]
        if not any(str(v).strip() for v in row):
            continue  # an empty line at the end of a spreadsheet
        if len(row) < width:
            row += [""] * (width - len(row))
        try:
            nik = _nik(str(row[i_nik]))
            kk = _digits16(str(row[i_kk]), "KK")
            nama = " ".join(str(row[i_nama]).split())
            if not nama or len(nama) > 120:
                raise ValueError("nama kosong atau lebih dari 120 huruf")
            born = parse_date(row[i_lahir])
            if born > today:
                raise ValueError("tanggal_lahir di masa depan")
            sex = _SEX.get(str(row[i_jk]).strip().upper())
            if sex is None:
                raise ValueError("jenis_kelamin harus L atau P")
            code = kelurahan.find(str(row[i_kel]))
            if code is None:
                raise ValueError(f"kelurahan '{str(row[i_kel]).strip()[:30]}' bukan "
                                 "kelurahan kecamatan ini")
            if i_rtrw is not None:
                rt_text, _, rw_text = str(row[i_rtrw]).partition("/")
            else:
                rt_text, rw_text = str(row[i_rt]), str(row[i_rw])  # type: ignore[index]
            rt, rw = _rt_rw(rt_text, "RT"), _rt_rw(rw_text, "RW")
            marital = _MARITAL.get(str(row[i_kawin]).strip().upper()) if i_kawin is not None \
                else "Belum Kawin"
            if marital is None:
                raise ValueError("status_perkawinan tidak dikenal")
            school = " ".join(str(row[i_sekolah]).split())[:120] if i_sekolah is not None \
                else ""
            dis_text = str(row[i_dis]) if i_dis is not None else ""
            if dis_text:
                if dis_text not in disability_cache:
                    try:
                        disability_cache[dis_text] = format_disabilities(
                            parse_disabilities(dis_text))
                    except ValidationError as exc:
                        raise ValueError(exc.message) from None
                disabilities = disability_cache[dis_text]
            else:
                disabilities = ""
            phone = _phone(str(row[i_tel])) if i_tel is not None else ""
        except ValueError as exc:
            problems.append(f"baris {line_no}: {exc}")
            continue
        seen = first_line.setdefault(nik, line_no)
        if seen != line_no:
            problems.append(f"baris {line_no}: NIK sama dengan baris {seen}")
            continue
        out.append(ResidentRow(nik, kk, nama, born, sex, marital, code, rt, rw, school,
                               disabilities, phone))
    if problems:
        raise ImportRefused(problems)
    if not out:
        raise ValidationError("Berkas tidak berisi satu pun penduduk.", field="file")
    return out
