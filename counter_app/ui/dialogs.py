"""Every modal question and message goes through these functions.

Tests replace them (``monkeypatch.setattr(dialogs, "ask", ...)``) instead of clicking
real message boxes, which would block an offscreen run.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question; True for "Ya"."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("Ya", QMessageBox.ButtonRole.YesRole)
    box.addButton("Tidak", QMessageBox.ButtonRole.NoRole)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A message the user acknowledges."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A problem the user must read (an expected error)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """One line of input; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def choose(parent: QWidget | None, title: str, label: str, items: list[str]) -> str | None:
    """Pick one of ``items``; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return value if ok else None
