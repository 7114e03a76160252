"""Call lists as spreadsheets (issue 11): cards ready, cards uncollected, 17th birthdays.

The staff who phone applicants work from these; NIKs are masked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

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
