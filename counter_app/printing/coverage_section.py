"""The coverage section of the daily report and range recap (PDF and spreadsheet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

DISABILITY_LABELS = {"fisik": "Disabilitas fisik", "intelektual": "Disabilitas intelektual",
                     "mental": "Disabilitas mental", "sensorik": "Disabilitas sensorik"}


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def _share(part: int, whole: int) -> str:
    return _pct(100.0 * part / whole) if whole else "-"


def coverage_story(report: Any, h2: Any, body: Any,
                   table: Callable[..., Any]) -> list[Any]:
    """Flowables of the section "Cakupan KTP-el"; nothing when the report has none."""
    c = getattr(report, "coverage", None)
    if c is None:
        return []
    when = dt.date.fromisoformat(c.as_of)
    # After sections 1-6, and 7 (per day) and 8 (spoiled blanko) when a recap has them.
    number = 7 + bool(report.days) + bool(report.spoiled_list and not report.single_day)
    story: list[Any] = [CondPageBreak(60 * mm), Paragraph(
        f"{number}. Cakupan KTP-el kecamatan (akhir {when:%d-%m-%Y})", h2)]
    if c.has_list:
        story.append(table(
            [["Uraian", "Jumlah", "Persen"],
             ["Wajib KTP-el (17+ atau pernah kawin)", c.total, "100%"],
             ["Sudah rekam", c.recorded, _share(c.recorded, c.total)],
             ["Belum rekam", c.total - c.recorded, _share(c.total - c.recorded, c.total)],
             ["KTP-el sudah dicetak", c.printed, _share(c.printed, c.total)],
             ["KTP-el sudah diserahkan", c.handed_over, _share(c.handed_over, c.total)],
             ["Usia 16 tahun (direkam / jumlah)", f"{c.age_16_recorded} / {c.age_16}",
              _share(c.age_16_recorded, c.age_16)]],
            [80 * mm, 30 * mm, 25 * mm]))
    else:
        story.append(Paragraph("Daftar penduduk belum diimpor: cakupan belum dapat "
                               "dihitung.", body))
    story.append(Spacer(1, 2 * mm))
    story.append(table(
        [["Perekaman periode ini dengan disabilitas", "Jumlah"]]
        + [[DISABILITY_LABELS.get(k, k), v] for k, v in c.disabilities.items()],
        [80 * mm, 30 * mm]))
    if c.events:
        story.append(Spacer(1, 2 * mm))
        story.append(table(
            [["Kegiatan jemput bola", "Tanggal", "Sasaran", "Tercapai", "Belum"]]
            + [[Paragraph(f"{e['name']}<br/><font size=7>{e['place']}</font>", body),
                f"{dt.date.fromisoformat(str(e['date'])):%d-%m-%Y}", e["targets"],
                e["reached"], e["missing"]] for e in c.events],
            [70 * mm, 22 * mm, 20 * mm, 20 * mm, 20 * mm]))
    return story


def coverage_sheets(report: Any) -> list[tuple[str, list[str], list[list[Any]]]]:
    """Spreadsheet sheets of the same section (numbers as numbers)."""
    c = getattr(report, "coverage", None)
    if c is None:
        return []
    rows: list[list[Any]] = [["akhir periode", c.as_of]]
    if c.has_list:
        rows += [["wajib KTP-el", c.total], ["sudah rekam", c.recorded],
                 ["persen rekam", c.percent_recorded], ["belum rekam", c.total - c.recorded],
                 ["sudah dicetak", c.printed], ["sudah diserahkan", c.handed_over],
                 ["usia 16 tahun", c.age_16], ["usia 16 tahun direkam", c.age_16_recorded]]
    rows += [[f"perekaman disabilitas {k}", v] for k, v in c.disabilities.items()]
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Cakupan", ["uraian", "jumlah"], rows)]
    if c.events:
        sheets.append(("Jemput bola", ["kegiatan", "tempat", "tanggal", "sasaran", "tercapai",
                                       "belum"],
                       [[e["name"], e["place"], e["date"], e["targets"], e["reached"],
                         e["missing"]] for e in c.events]))
    return sheets
