"""Call lists as spreadsheets (issue 11): cards ready, cards uncollected, 17th birthdays.

The staff who phone applicants work from these; NIKs are masked.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Font


def call_list_xlsx(title: str, headers: Sequence[str],
                   rows: Sequence[Sequence[object]]) -> bytes:
    """One sheet named ``title`` (max. 31 letters), a bold header row, then ``rows``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(r[index - 1])) for r in rows])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


UNCOLLECTED_HEADERS = ("Tanda terima", "Nama", "NIK", "Telepon", "Siap sejak",
                       "Hari menunggu", "Status", "Kontak terakhir", "Jumlah kontak")
READY_HEADERS = ("Tanda terima", "Nama", "NIK", "Telepon", "Siap sejak", "Hari menunggu")


class ReadyRow(Protocol):
    """What the card-ready list needs of an item (services/pickup.ReadyItem, frozen)."""

    @property
    def slip_number(self) -> str:
        """The slip number."""
    @property
    def nama(self) -> str:
        """The applicant's name."""
    @property
    def nik_masked(self) -> str:
        """The NIK, masked."""
    @property
    def phone(self) -> str:
        """The phone number to call."""
    @property
    def ready_since(self) -> dt.date:
        """The day the card became ready."""
    @property
    def days_waiting(self) -> int:
        """Days it has waited."""


def ready_list_xlsx(items: Sequence[ReadyRow]) -> bytes:
    """The card-ready call list (services/pickup.ready_list) as a spreadsheet."""
    rows = [(i.slip_number, i.nama, i.nik_masked, i.phone, i.ready_since.isoformat(),
             i.days_waiting) for i in items]
    return call_list_xlsx("KTP-el siap diambil", READY_HEADERS, rows)
