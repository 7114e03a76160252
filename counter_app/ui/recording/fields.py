"""Small pieces every wizard page uses: a field with its message line, date converters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

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


class OccupationCombo(QComboBox):
    """SIAK's occupations, found by typing a part ("pelajar"), never a silent first item.

    Leaving the field (Tab, Enter, a click elsewhere) settles what was typed on the one
    occupation it names, written as SIAK writes it, and emits ``settled``. The data page
    of the recording wizard and the PRR form for someone recorded elsewhere use it.
    """

    settled = Signal()

    def __init__(self, names: list[str], object_name: str) -> None:
        super().__init__(objectName=object_name)
        self.addItems(names)
        self.setPlaceholderText("- pilih -")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        if completer is not None:  # an editable combo box always has one
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCurrentIndex(-1)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("ketik pekerjaan, mis. pelajar")
        self.installEventFilter(self)
        # The completer's popup swallows the combo's own focus-out event: watch the app.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and (
                event.type() == QEvent.Type.FocusOut
                or (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                    and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))):
            self.settle()
        return super().eventFilter(watched, event)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and (old is self or old is self.lineEdit()) and new is not self:
            self.settle()

    def settle(self) -> None:
        """"pelajar" typed: the one SIAK occupation it names, written as SIAK writes it."""
        text = self.currentText().strip().casefold()
        if not text:
            return
        names = [self.itemText(i) for i in range(self.count())]
        exact = [n for n in names if n.casefold() == text]
        found = exact or [n for n in names if text in n.casefold()]
        if len(found) == 1 or exact:
            self.setCurrentIndex(self.findText(found[0]))
            self.setEditText(found[0])
        self.settled.emit()


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
