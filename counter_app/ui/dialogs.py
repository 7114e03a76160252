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


def open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    """A file to open; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def ask_credentials(parent: QWidget | None, title: str,
                    explanation: str) -> tuple[str, str, str] | None:
    """A supervisor's user name, password and reason; None when cancelled."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    username = QLineEdit()
    password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
    reason = QLineEdit()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(QLabel(explanation, wordWrap=True))
    form.addRow("Nama pengguna supervisor", username)
    form.addRow("Kata sandi", password)
    form.addRow("Alasan", reason)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return username.text(), password.text(), reason.text()


def ask_form(parent: QWidget | None, title: str,
             fields: list[tuple[str, str]]) -> list[str] | None:
    """A few labelled lines of input (label, default); None when cancelled."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    edits = []
    for label, default in fields:
        edit = QLineEdit(default)
        form.addRow(label, edit)
        edits.append(edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [edit.text() for edit in edits]


def save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str | None:
    """Where to save a file; None when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, name, filters)
    return path or None
