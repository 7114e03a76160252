"""Small pieces every wizard page uses: a field with its message line, date converters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from counter_app.domain.clock import local, utc_now
from counter_app.domain.recording import CardData
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


def card_from_fields(widgets: Mapping[str, QWidget], birth: dt.date) -> CardData:
    """The card data as typed in a form of CardData's fields (checked by the service).

    A list not chosen yet gives "" (the service names the field); the kelurahan is the
    chosen region's code; the sex is its letter.
    """
    def text(name: str) -> str:
        widget = widgets[name]
        if isinstance(widget, QLineEdit):
            return widget.text()
        assert isinstance(widget, QComboBox)
        if name == "kelurahan_code":
            return str(widget.currentData() or "")
        if widget.currentIndex() < 0 and not widget.isEditable():
            return ""
        if name == "jenis_kelamin":
            return widget.currentText()[:1]
        return widget.currentText()

    return CardData(
        nama=text("nama"), tempat_lahir=text("tempat_lahir"), tanggal_lahir=birth,
        jenis_kelamin=text("jenis_kelamin"), golongan_darah=text("golongan_darah"),
        agama=text("agama"), status_perkawinan=text("status_perkawinan"),
        pekerjaan=text("pekerjaan"), kewarganegaraan=text("kewarganegaraan"),
        alamat=text("alamat"), rt=text("rt"), rw=text("rw"),
        kelurahan_code=text("kelurahan_code"), phone=text("phone"))
