"""Kemendagri region codes (wilayah): the 38 provinces and Kota Palembang in full.

Kelurahan names changed spelling in the 2025 decree ("Tiga-puluh-lima Ilir" for
"35 Ilir"); people type the familiar names, so every region keeps both and the search
matches either, with number words, roman numerals and spacing folded away.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from counter_app.domain.errors import ValidationError
from counter_app.domain.reference_data import read_csv

LEVELS = ("provinsi", "kabupaten", "kota", "kecamatan", "kelurahan", "desa")

# How many dot-separated parts a code of each level has, and each part's width.
_CODE_SHAPES: dict[str, tuple[int, ...]] = {
    "provinsi": (2,),
    "kabupaten": (2, 2),
    "kota": (2, 2),
    "kecamatan": (2, 2, 2),
    "kelurahan": (2, 2, 2, 4),
    "desa": (2, 2, 2, 4),
}
_MAX_NAME = 100


@dataclass(frozen=True)
class Region:
    """One region: ``code`` like ``16.71.04``, its level, name and parent's code."""

    code: str
    level: str
    name: str
    parent_code: str | None
    other_names: tuple[str, ...] = field(default=())

    @property
    def display_name(self) -> str:
        """The name with its level as an office writes it ("Kecamatan Ilir Barat Satu")."""
        prefix = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota",
                  "kecamatan": "Kecamatan", "kelurahan": "Kelurahan", "desa": "Desa"}
        return f"{prefix[self.level]} {self.name}"


@cache
def provinces() -> dict[str, Region]:
    """All 38 provinces of Indonesia, keyed by their two-digit code."""
    return {
        row["code"]: Region(row["code"], "provinsi", row["name"], None)
        for row in read_csv("provinsi.csv")
    }


def province_name(code: str) -> str | None:
    """The province's name for a two-digit code, or None when no province has it."""
    region = provinces().get(code)
    return region.name if region else None


@cache
def _builtin_regions() -> dict[str, Region]:
    variants = {row["code"]: row["name_kepmendagri_2022"]
                for row in read_csv("palembang_wilayah_name_variants.csv")}
    regions: dict[str, Region] = dict(provinces())
    # The shipped file starts at the kecamatan; the kota itself is one fixed row.
    regions["16.71"] = Region("16.71", "kota", "Palembang", "16")
    for row in read_csv("palembang_wilayah.csv"):
        other = variants.get(row["code"])
        regions[row["code"]] = Region(
            row["code"], row["level"], row["name"], row["parent_code"] or None,
            (other,) if other and other != row["name"] else (),
        )
    return regions


class Wilayah:
    """A set of regions: the built-in ones plus any imported from a CSV."""

    def __init__(self, extra: Iterable[Region] = ()) -> None:
        self._regions = dict(_builtin_regions())
        for region in extra:
            self._regions[region.code] = region

    def get(self, code: str) -> Region | None:
        """The region with this code, or None."""
        return self._regions.get(code.strip())

    def require(self, code: str, level: str | None = None) -> Region:
        """The region with this code; ValidationError when unknown or of another level."""
        region = self.get(code)
        if region is None or (level is not None and region.level != level):
            what = level or "wilayah"
            raise ValidationError(f"Kode {what} '{code.strip()}' tidak dikenal.", field="code")
        return region

    def children(self, code: str) -> list[Region]:
        """The regions directly under ``code``, sorted by code."""
        return sorted((r for r in self._regions.values() if r.parent_code == code),
                      key=lambda r: r.code)

    def kecamatan_of(self, kota_code: str) -> list[Region]:
        """The kecamatan of a kota or kabupaten."""
        return [r for r in self.children(kota_code) if r.level == "kecamatan"]

    def search(self, text: str, parent_code: str | None = None,
               level: str | None = None) -> list[Region]:
        """Regions whose name (either spelling) matches what a person typed, best first.

        "35 ilir", "tiga puluh lima ilir" and "Tiga-puluh-lima Ilir" all find the same
        kelurahan. Exact matches come before prefixes, prefixes before substrings.
        """
        query = normalize_name(text)
        if not query:
            return []
        squashed = query.replace(" ", "")
        ranked: list[tuple[int, str, Region]] = []
        for region in self._regions.values():
            if parent_code is not None and region.parent_code != parent_code:
                continue
            if level is not None and region.level != level:
                continue
            names = (region.name, *region.other_names, *abbreviations(region.name))
            best = min((_rank(query, squashed, normalize_name(n)) for n in names),
                       default=99)
            if best < 99:
                ranked.append((best, region.name, region))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [region for _, _, region in ranked]


    def accepts_address(self, code: str) -> bool:
        """True for a kelurahan/desa code of any region known here, or a typed code.

        A person from elsewhere may be recorded here (Perpres 96/2018 art. 22): their
        address takes any kelurahan or desa code, from the built-in Palembang list, the
        imported regions, or typed by the clerk. A typed code must have the shape
        ``32.73.01.1001`` and start with one of the 38 province codes.
        """
        text = (code or "").strip()
        region = self.get(text) if text else None
        if region is not None:
            return region.level in ("kelurahan", "desa")
        # A typed code under a kota or kecamatan whose regions are all known here (Kota
        # Palembang, or an imported list) must be one of them.
        parts = text.split(".")
        for known in (".".join(parts[:3]), ".".join(parts[:2])):
            if self.get(known) is not None and self.children(known):
                return False
        return is_village_code(text)


def is_village_code(code: str) -> bool:
    """``32.73.01.1001``: the shape of a kelurahan/desa code, with a known province."""
    parts = (code or "").strip().split(".")
    shape = _CODE_SHAPES["kelurahan"]
    if len(parts) != len(shape) or any(
            len(p) != w or not p.isascii() or not p.isdigit()
            for p, w in zip(parts, shape, strict=True)):
        return False
    return parts[0] in provinces() and all(int(p) > 0 for p in parts[1:])


_NUMBER_ROMAN = {"satu": "I", "dua": "II", "tiga": "III", "empat": "IV", "lima": "V",
                 "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V",
                 "i": "I", "ii": "II", "iii": "III", "iv": "IV", "v": "V"}


@cache
def abbreviations(name: str) -> tuple[str, ...]:
    """The short forms people write on forms, derived from the name.

    "Ilir Barat Satu" -> "IB I", "Seberang Ulu Dua" -> "SU II", "Ilir Timur Tiga" ->
    "IT III": the initials of two or more words and the roman numeral of a trailing
    number. Names that do not end in a number have none.
    """
    words = re.split(r"[\s\-]+", name.strip())
    if len(words) < 3 or words[-1].lower() not in _NUMBER_ROMAN:
        return ()
    head = words[:-1]
    if not all(w.isalpha() and w.lower() not in _UNITS for w in head):
        return ()
    initials = "".join(w[0].upper() for w in head)
    roman = _NUMBER_ROMAN[words[-1].lower()]
    return (f"{initials} {roman}", f"{initials}{roman}")


def _rank(query: str, squashed: str, candidate: str) -> int:
    cand_squashed = candidate.replace(" ", "")
    if candidate == query or cand_squashed == squashed:
        return 0
    if candidate.startswith(query) or cand_squashed.startswith(squashed):
        return 1
    if any(word.startswith(query) for word in candidate.split(" ")):
        return 2
    if squashed in cand_squashed:
        return 3
    return 99


_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
          "tujuh": 7, "delapan": 8, "sembilan": 9}
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}


def normalize_name(text: str) -> str:
    """Fold a region name to a comparable form: lower case, digits for number words.

    "Tiga-puluh-lima Ilir" and "35 Ilir" both become "35 ilir"; "Ilir Barat I" and
    "Ilir Barat Satu" both become "ilir barat 1".
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    text = re.sub(r"\bsepuluh\b", "satu puluh", text)
    text = re.sub(r"\bsebelas\b", "satu belas", text)
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        value, used = _number_words(words, i)
        if used:
            out.append(str(value))
            i += used
        else:
            word = words[i]
            out.append(_ROMAN.get(word, word) if i > 0 else word)
            i += 1
    return " ".join(out)


def _number_words(words: Sequence[str], start: int) -> tuple[int, int]:
    """Read Indonesian number words (up to 99) at ``start``: (value, words used)."""
    i = start
    if i >= len(words) or words[i] not in _UNITS:
        return 0, 0
    first = _UNITS[words[i]]
    i += 1
    if i < len(words) and words[i] == "belas":
        return 10 + first, i + 1 - start
    if i < len(words) and words[i] == "puluh":
        i += 1
        if i < len(words) and words[i] in _UNITS:
            return first * 10 + _UNITS[words[i]], i + 1 - start
        return first * 10, i - start
    return first, i - start


def parse_wilayah_csv(text: str) -> list[Region]:
    """Parse a CSV of ``code,level,name,parent_code`` into regions.

    The whole file is refused when any row is bad; the ValidationError names every bad
    line by its number (the header is line 1), so the admin can fix the file at once.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        rows = list(reader)
    except csv.Error:
        raise ValidationError(
            f"Baris {reader.line_num}: susunan CSV rusak (tanda kutip atau baris baru "
            "yang tidak pada tempatnya)."
        ) from None
    if not rows:
        raise ValidationError("Berkas CSV kosong.")
    header = [cell.strip().lower() for cell in rows[0]]
    if header != ["code", "level", "name", "parent_code"]:
        raise ValidationError(
            "Baris 1: kepala kolom harus 'code,level,name,parent_code'."
        )
    problems: list[str] = []
    regions: list[Region] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, seen)
        if problem:
            problems.append(f"Baris {line_no}: {problem}")
            continue
        code, level, name, parent = (cell.strip() for cell in row)
        seen[code] = line_no
        regions.append(Region(code, level.lower(), name, parent or None))
    if problems:
        shown = problems[:20]
        more = len(problems) - len(shown)
        tail = [f"... dan {more} baris lain."] if more else []
        raise ValidationError("Berkas wilayah ditolak:\n" + "\n".join(shown + tail))
    if not regions:
        raise ValidationError("Berkas CSV tidak berisi wilayah.")
    return regions


def _row_problem(row: list[str], seen: dict[str, int]) -> str | None:
    if len(row) != 4:
        return f"harus ada 4 kolom, ada {len(row)}."
    code, level, name, parent = (cell.strip() for cell in row)
    level = level.lower()
    if level not in _CODE_SHAPES:
        return f"tingkat '{_clip(level)}' tidak dikenal (pilih: {', '.join(LEVELS)})."
    shape = _CODE_SHAPES[level]
    parts = code.split(".")
    if len(parts) != len(shape) or any(
        len(p) != width or not p.isascii() or not p.isdigit()
        for p, width in zip(parts, shape, strict=True)
    ):
        example = ".".join("1" * w for w in shape)
        return f"kode '{_clip(code)}' tidak sah untuk {level} (contoh bentuk: {example})."
    if code in seen:
        return f"kode {code} sudah ada di baris {seen[code]}."
    if not name:
        return "nama wilayah kosong."
    if len(name) > _MAX_NAME:
        return f"nama wilayah lebih dari {_MAX_NAME} huruf."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "nama wilayah berisi karakter kendali."
    expected_parent = ".".join(parts[:-1]) or None
    if (parent or None) != expected_parent:
        want = expected_parent or "(kosong)"
        return f"kode induk '{_clip(parent)}' harus {want}."
    return None


def _clip(text: str, limit: int = 30) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[:limit] + "..."
