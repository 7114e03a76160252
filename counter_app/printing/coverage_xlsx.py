"""A coverage target list as a spreadsheet for the outreach team."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from counter_app.domain.coverage import CHANNEL_LABELS, ContactChannel, TargetKind

HEADER = ["nik", "nama", "tanggal_lahir", "umur", "genap_17", "kelurahan", "rw", "rt",
          "sekolah", "disabilitas", "telepon", "jumlah_kontak", "kontak_terakhir",
          "hasil_kontak_terakhir"]
WIDTHS = [20, 28, 13, 6, 12, 22, 5, 5, 26, 18, 16, 8, 22, 36]


def _channel(value: str) -> str:
    try:
        return CHANNEL_LABELS[ContactChannel(value)]
    except ValueError:
        return value


def targets_xlsx(kind: TargetKind, before: dt.date, targets: Sequence[Any],
                 full_nik: bool) -> bytes:
    """One sheet of targets (dates as dates, numbers as numbers), then one of contacts."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sasaran"
    sheet.append([f"Daftar sasaran: {kind.label}, batas {before:%d-%m-%Y}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for t in targets:
        last = t.contacts[-1] if t.contacts else None
        sheet.append([t.nik if full_nik else t.nik_masked, t.nama, t.tanggal_lahir, t.age,
                      t.turns_17, t.kelurahan, t.rw, t.rt, t.school, t.disabilities, t.phone,
                      len(t.contacts),
                      f"{last.day:%d-%m-%Y} {_channel(last.channel)}" if last else "",
                      last.result if last else ""])
    for row in sheet.iter_rows(min_row=3, min_col=3, max_col=5):
        row[0].number_format = "DD-MM-YYYY"
        row[2].number_format = "DD-MM-YYYY"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    log = book.create_sheet("Kontak")
    log.append(["nik", "nama", "tanggal", "saluran", "hasil", "petugas"])
    for cell in log[1]:
        cell.font = Font(bold=True)
    for t in targets:
        for c in t.contacts:
            log.append([t.nik if full_nik else t.nik_masked, t.nama, c.day,
                        _channel(c.channel), c.result, c.by])
    for cell in log["C"][1:]:
        cell.number_format = "DD-MM-YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
