"""Locking an idle screen: the work stays; the same user's password opens it again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.services.actor import Actor
from counter_app.services.users import authenticate
from counter_app.ui.messages import MessageLine

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
             QEvent.Type.TabletPress}


class LockDialog(QDialog):
    """Modal over the window: nothing beneath can be touched until unlocked."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.setWindowTitle("Layar terkunci")
        self.setModal(True)
        self.password = QLineEdit(objectName="unlockPassword",
                                  echoMode=QLineEdit.EchoMode.Password)
        self.error = MessageLine("unlockError")
        buttons = QDialogButtonBox()
        buttons.addButton("Buka", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_unlock)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>Layar terkunci.</b> Pekerjaan {actor.full_name} tetap "
                                "tersimpan. Masukkan kata sandi untuk membuka."))
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        """The same user's password opens the screen (wrong ones count toward lock-out)."""
        if self.error.call(lambda: authenticate(self._db, self._actor.username,
                                                self.password.text())) is None:
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:
        """Escape does not unlock."""


class IdleLock(QObject):
    """Watches the application's input; after ``minutes`` without any, locks the window."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, db: Database, actor: Actor, minutes: int) -> None:
        super().__init__(window)
        self._window, self._db, self._actor = window, db, actor
        self.timer = QTimer(self, singleShot=True, interval=minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        self.dialog: LockDialog | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.dialog is None:
            self.timer.start()  # any input restarts the count
        return False

    def lock(self) -> None:
        """Cover the window with the lock dialog until the password is given."""
        if self.dialog is not None:
            return
        self.dialog = LockDialog(self._db, self._actor, self._window)
        self.dialog.accepted.connect(self._unlocked)
        self.locked.emit()
        self.dialog.open()

    def _unlocked(self) -> None:
        self.dialog = None
        self.unlocked.emit()
        self.timer.start()
