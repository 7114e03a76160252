"""Read-only tables: the one way lists look and select across the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from counter_app.ui.messages import MessageLine

T = TypeVar("T")


def make_table(headers: Sequence[str], name: str) -> QTableWidget:
    """A read-only table that selects whole rows, one at a time.

    Arrows move between rows; Tab and Ctrl+Shift+Tab leave the table (to the next field,
    or the area's previous tab), as everywhere else on a keyboard-only counter.
    """
    table: QTableWidget = QTableWidget(0, len(headers), objectName=name)
    table.setTabKeyNavigation(False)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the rows, keeping the selected row when it still exists."""
    selected = table.currentRow()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    if 0 <= selected < len(rows):
        table.selectRow(selected)


def selected_row(table: QTableWidget, rows: Sequence[T], line: MessageLine,
                 prompt: str) -> T | None:
    """The row the table's current line shows, or None with ``prompt`` as an error.

    For tables filled in the order of ``rows`` (not re-sorted by the user).
    """
    index = table.currentRow()
    if 0 <= index < len(rows):
        return rows[index]
    line.error(prompt)
    return None
