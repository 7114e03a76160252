"""Small pieces every wizard page uses: a field with its message line, date converters."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QVBoxLayout, QWidget

from counter_app.domain.clock import local, utc_now
from counter_app.ui.messages import MessageLine

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


def error_label(name: str = "") -> MessageLine:
    """A red, word-wrapped message line (the app's MessageLine: ``attempt`` and ``error``)."""
    label = MessageLine(name)
    label.setStyleSheet(ERROR_STYLE)
    return label


def with_error(widget: QWidget, name: str) -> tuple[QWidget, MessageLine]:
    """A field with its message line under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = error_label(f"error_{name}")
    layout.addWidget(error)
    return box, error


def qdate(day: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    """A QDate as a Python date."""
    return dt.date(value.year(), value.month(), value.day())


def today() -> dt.date:
    """The office's date now."""
    return local(utc_now()).date()
