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
from typing import Any

from counter_app.domain.dates import day_from_text
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
    "status_rekam": ("status_rekam", "sudah_rekam", "status_ktp_el", "status_perekaman"),
}
REQUIRED = ("nik", "kk", "nama", "tanggal_lahir", "jenis_kelamin", "kelurahan")
MAX_PROBLEMS_SHOWN = 200

_PROVINCES = frozenset(provinces())
_SEX = {"L": "L", "LAKI-LAKI": "L", "LAKI LAKI": "L", "P": "P", "PEREMPUAN": "P"}
_MARITAL = {s.upper(): s for s in STATUS_PERKAWINAN} | {
    "KAWIN TERCATAT": "Kawin", "KAWIN BELUM TERCATAT": "Kawin", "KAWIN TIDAK TERCATAT": "Kawin",
    "CERAI": "Cerai Hidup", "": "Belum Kawin"}


# The fields of each parsed line, in the order of the tuples parse_resident_rows returns.
RESIDENT_FIELDS = ("nik", "kk", "nama", "tanggal_lahir", "jenis_kelamin", "status_perkawinan",
                   "kelurahan_code", "rt", "rw", "school", "disabilities", "phone",
                   "recorded_per_list")
_RECORDED = {"SUDAH REKAM": True, "SUDAH": True, "YA": True, "Y": True, "1": True,
             "BELUM REKAM": False, "BELUM": False, "TIDAK": False, "T": False, "0": False,
             "": False}


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
    number = value
    if len(number) != 16 or not number.isdigit():  # the fast path is a clean number
        number = value.replace(" ", "").replace(".", "").replace("-", "").replace("'", "")
        if len(number) != 16 or not number.isdigit():
            raise ValueError(f"{what} harus 16 angka")
    if not number.isascii():
        raise ValueError(f"{what} harus 16 angka")
    if number[:2] not in _PROVINCES:
        raise ValueError(f"kode provinsi {what} {number[:2]} tidak dikenal")
    return number


_NIK_DAYS = frozenset(f"{d:02d}" for d in (*range(1, 32), *range(41, 72)))
_NIK_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))


def _nik(value: str) -> str:
    number = _digits16(value, "NIK")
    if number[6:8] not in _NIK_DAYS or number[8:10] not in _NIK_MONTHS:
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
    day = day_from_text(str(value or ""))
    if day is None:
        raise ValueError("tanggal_lahir bukan tanggal (TTTT-BB-HH atau HH-BB-TTTT)")
    return day


def _rt_rw(value: str, what: str) -> str:
    text = value.strip()
    if not text.isdigit() or not text.isascii() or not 1 <= len(text) <= 3 or int(text) == 0:
        raise ValueError(f"{what} harus 1-3 angka")
    return f"{int(text):03d}"


def _phone(value: str) -> str:
    if value.isdigit() and 8 <= len(value) <= 15 and value.isascii():
        return value
    text = "".join(ch for ch in value if ch not in " -.()")
    if not text:
        return ""
    digits = text[1:] if text.startswith("+") else text
    if not digits.isdigit() or not digits.isascii() or not 8 <= len(digits) <= 15:
        raise ValueError("telepon harus 8-15 angka")
    return text


class _Cached:
    """A parser of a field whose values repeat (dates, RT, kelurahan): each parsed once."""

    def __init__(self, parse: Any) -> None:
        self._parse = parse
        self._seen: dict[object, object] = {}

    def __call__(self, value: object) -> Any:
        try:
            return self._seen[value]
        except KeyError:
            result = self._seen[value] = self._parse(value)
            return result
        except TypeError:  # an unhashable cell: parse it every time
            return self._parse(value)


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
) -> list[tuple[Any, ...]]:
    """Every line of the list, checked; the first row is the header.

    Returns one tuple per resident, fields in the order of ``RESIDENT_FIELDS`` (plain
    tuples: a quarter of a million lines must be checked in a few seconds). The file is
    refused whole: ImportRefused names every bad line (its number in the file and what is
    wrong).
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
    i_rekam = get("status_rekam")
    out: list[tuple[Any, ...]] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    width = max(cols.values()) + 1

    def born_on(value: object) -> dt.date:
        born = parse_date(value)
        if born > today:
            raise ValueError("tanggal_lahir di masa depan")
        return born

    def kelurahan_code(value: object) -> str:
        code = kelurahan.find(str(value))
        if code is None:
            raise ValueError(f"kelurahan '{str(value).strip()[:30]}' bukan kelurahan "
                             "kecamatan ini")
        return code

    def sex_of(value: object) -> str:
        sex = _SEX.get(str(value).strip().upper())
        if sex is None:
            raise ValueError("jenis_kelamin harus L atau P")
        return sex

    def marital_of(value: object) -> str:
        status = _MARITAL.get(str(value).strip().upper())
        if status is None:
            raise ValueError("status_perkawinan tidak dikenal")
        return status

    def disabilities_of(value: object) -> str:
        try:
            return format_disabilities(parse_disabilities(str(value)))
        except ValidationError as exc:
            raise ValueError(exc.message) from None

    def recorded_of(value: object) -> bool:
        recorded = _RECORDED.get(str(value).strip().upper())
        if recorded is None:
            raise ValueError("status_rekam harus 'sudah rekam' atau 'belum rekam'")
        return recorded

    def rt_rw_of(value: object) -> tuple[str, str]:
        rt_text, _, rw_text = str(value).partition("/")
        return _rt_rw(rt_text, "RT"), _rt_rw(rw_text, "RW")

    born_c, kel_c, sex_c = _Cached(born_on), _Cached(kelurahan_code), _Cached(sex_of)
    marital_c, dis_c = _Cached(marital_of), _Cached(disabilities_of)
    rt_c, rw_c = _Cached(lambda v: _rt_rw(str(v), "RT")), _Cached(lambda v: _rt_rw(str(v), "RW"))
    rtrw_c, recorded_c = _Cached(rt_rw_of), _Cached(recorded_of)
    for line_no, row in enumerate(iterator, start=2):
        if not any(row):
            continue  # an empty line at the end of a spreadsheet
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        try:
            nik = _nik(str(row[i_nik]))
            kk = _digits16(str(row[i_kk]), "KK")
            nama = " ".join(str(row[i_nama]).split())
            if not nama or len(nama) > 120:
                raise ValueError("nama kosong atau lebih dari 120 huruf")
            born = born_c(row[i_lahir])
            sex = sex_c(row[i_jk])
            code = kel_c(row[i_kel])
            if i_rtrw is not None:
                rt, rw = rtrw_c(row[i_rtrw])
            else:
                rt, rw = rt_c(row[i_rt]), rw_c(row[i_rw])  # type: ignore[index]
            marital = marital_c(row[i_kawin]) if i_kawin is not None else "Belum Kawin"
            school = " ".join(str(row[i_sekolah]).split())[:120] if i_sekolah is not None \
                else ""
            disabilities = dis_c(row[i_dis]) if i_dis is not None and row[i_dis] else ""
            phone = _phone(str(row[i_tel])) if i_tel is not None and row[i_tel] else ""
            recorded = recorded_c(row[i_rekam]) if i_rekam is not None else False
        except ValueError as exc:
            problems.append(f"baris {line_no}: {exc}")
            continue
        seen = first_line.setdefault(nik, line_no)
        if seen != line_no:
            problems.append(f"baris {line_no}: NIK sama dengan baris {seen}")
            continue
        out.append((nik, kk, nama, born, sex, marital, code, rt, rw, school, disabilities,
                    phone, recorded))
    if problems:
        raise ImportRefused(problems)
    if not out:
        raise ValidationError("Berkas tidak berisi satu pun penduduk.", field="file")
    return out



# The places a Palembang kecamatan takes the recording to, as the office names them;
# an admin edits the list (services/settings.py). Codes stay stable so old events keep
# their kind.
DEFAULT_OUTREACH_KINDS: dict[str, str] = {
    "sekolah": "Sekolah",
    "lapas": "Lembaga pemasyarakatan",
    "mal": "Pusat perbelanjaan",
    "gotong_royong": "Kegiatan gotong royong",
    "disabilitas_lansia": "Rumah penyandang disabilitas/lansia",
}
# Kinds the app itself uses (a home visit of services/home_visits.py), always valid.
SYSTEM_OUTREACH_KINDS: dict[str, str] = {"kunjungan_rumah": "Kunjungan rumah"}
