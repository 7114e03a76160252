"""The login window and the change-password dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.messages import MessageLine

if TYPE_CHECKING:  # the database layer loads after the window is on screen
    from counter_app.db import Database
    from counter_app.services.actor import Actor
    from counter_app.services.office import OfficeProfile


class LoginView(QDialog):
    """Layout: office title, user name, password, and a line for the error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Masuk - Loket KTP-el")
        self.setMinimumWidth(420)
        title = QLabel("<b>Loket KTP-el</b>")
        title.setStyleSheet("font-size: 20pt;")
        self.subtitle = subtitle = QLabel("Membuka basis data...", objectName="officeTitle")
        self.username = QLineEdit(objectName="username")
        self.username.setPlaceholderText("nama pengguna")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = MessageLine("loginError")
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton("Masuk", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Keluar", QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)

        form = QFormLayout()
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # After the set-up wizard (or a logout) the clerk types at once: take the focus.
        self.raise_()
        self.activateWindow()
        (self.password if self.username.text() else self.username).setFocus()


class LoginDialog(LoginView):
    """Behaviour: checks the credentials through the users service; ``actor`` on success.

    The window can be shown before the database is open (a fast start): the user types
    while ``set_database`` is still to come, and "Masuk" waits for it.
    """

    database_ready = Signal()

    def __init__(self, db: Database | None = None, office: OfficeProfile | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._pending = False
        self.actor: Actor | None = None
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        if db is not None and office is not None:
            self.set_database(db, office)

    def set_database(self, db: Database, office: OfficeProfile) -> None:
        """The database is open: show the office and allow logging in."""
        self._db = db
        self.subtitle.setText(office.title)
        self.database_ready.emit()
        if self._pending:  # Enter was pressed while the database was opening
            self._pending = False
            self.try_login()

    def try_login(self) -> None:
        """Authenticate; on success ask for a new password first when one is required."""
        if self._db is None:
            self._pending = True
            return
        from counter_app.services.users import authenticate

        db = self._db
        actor = self.error.call(
            lambda: authenticate(db, self.username.text(), self.password.text()))
        if actor is None:
            self.password.clear()
            self.password.setFocus()
            return
        if actor.must_change_password:
            dialog = ChangePasswordDialog(self._db, actor, self.password.text(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
                self.error.error("Kata sandi harus diganti sebelum masuk.")
                return
            actor = dialog.actor
        self.actor = actor
        self.accept()


class ChangePasswordDialog(QDialog):
    """A user sets a new password (required after an admin reset)."""

    def __init__(self, db: Database, actor: Actor, old_password: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ganti kata sandi")
        self._db = db
        self._actor = actor
        self.actor: Actor | None = None
        self.old = QLineEdit(old_password, echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="newPassword")
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="repeatPassword")
        self.error = MessageLine("changePasswordError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"Pengguna: <b>{actor.username}</b>"))
        form.addRow("Kata sandi lama", self.old)
        form.addRow("Kata sandi baru", self.new)
        form.addRow("Ulangi kata sandi baru", self.repeat)
        form.addRow(self.error)
        form.addRow(buttons)

    def save(self) -> None:
        """Check the two entries agree, then change the password through the service."""
        from counter_app.services.users import change_password

        if self.new.text() != self.repeat.text():
            self.error.error("Kedua kata sandi baru tidak sama.")
            return
        self.actor = self.error.call(
            lambda: change_password(self._db, self._actor, self.old.text(), self.new.text()))
        if self.actor is not None:
            self.accept()
