"""Starting the GUI: the login window first, then the database, set-up when it is new.

The login window is on screen before the database layer is even imported (SQLAlchemy
alone takes longer to load than Qt shows a window); the database opens right after
the first paint, while the clerk types a user name.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from counter_app.ui import dialogs
from counter_app.ui.errors import attempt_or_warn, install_excepthook
from counter_app.ui.login import LoginDialog
from counter_app.ui.translations import install_translations

if TYPE_CHECKING:
    from counter_app.db import Database
    from counter_app.services.office import OfficeProfile
    from counter_app.ui.main_window import MainWindow


def application() -> QApplication:
    """The one QApplication, created with the app's names on first use."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Loket KTP-el")
    app.setOrganizationName("counter-app")
    app.setApplicationDisplayName("Loket KTP-el")
    # One icon for every window: the app, the kiosk and the waiting-room display.
    app.setWindowIcon(app_icon())
    # Matches the desktop entries' file names, so a Wayland/X11 panel groups the windows.
    app.setDesktopFileName("loket-ktp-el")
    install_translations(app)  # "Batal", "Simpan", "Ya" in Qt's own dialogs
    return app


def app_icon() -> QIcon:
    """The app's icon in every shipped size (resources/icons)."""
    icon = QIcon()
    folder = resources.files("counter_app.resources").joinpath("icons")
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(folder.joinpath(f"loket-ktp-el-{size}.png")))
    return icon


# Set by the installer's smoke test (tests/test_packaging.py): say which first window
# appeared, on stdout, then quit instead of waiting for a person.
ENV_SMOKE = "COUNTER_APP_SMOKE_TEST"


def _smoke_exit(window: str) -> bool:
    if not os.environ.get(ENV_SMOKE):
        return False
    print(f"shown: {window}", flush=True)
    QTimer.singleShot(0, QApplication.quit)
    return True


class GuiSession:
    """The GUI's flow: login (with set-up first when needed), main window, logout."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self.db: Database | None = None
        self.office: OfficeProfile | None = None
        self.window: MainWindow | None = None
        # A kiosk or waiting-room PC opens its public screen instead of the login.
        self.public_window: QWidget | None = None
        self.login = self._new_login()
        self.exit_code = 0

    def _new_login(self) -> LoginDialog:
        login = LoginDialog()
        login.accepted.connect(self._open_main)
        login.rejected.connect(QApplication.quit)
        return login

    def start(self) -> None:
        """Show the login window now and open the database right after it is painted."""
        self.login.show()
        QTimer.singleShot(0, self.connect)

    def connect(self) -> None:
        """Open (and upgrade) the database; lead a new one through the set-up wizard."""
        from counter_app.db import open_database
        from counter_app.services.office import get_office, load_wilayah
        from counter_app.ui.setup_wizard import SetupWizard

        def open_office() -> tuple[Database, OfficeProfile | None]:
            db = open_database(self.db_url)
            return db, get_office(db)

        opened = attempt_or_warn(self.login, "Basis data tidak dapat dibuka", open_office)
        if opened is None:
            self.exit_code = 1
            QApplication.quit()
            return
        self.db, office = opened
        if office is None:
            self.login.hide()
            wizard = SetupWizard(self.db, load_wilayah(self.db))
            if _smoke_exit("setup"):
                wizard.show()
                return
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.office is None:
                QApplication.quit()
                return
            office = wizard.office
            self.login.show()
        self.office = office
        role = self.pc_role()
        if role in ("kiosk", "display"):
            self._open_public(role)
            return
        self.login.set_database(self.db, office)
        _smoke_exit("login")

    def pc_role(self) -> str:
        """What this PC is; asked once, at its first start, and kept in its config.

        A PC that already has a counter (set before this question existed) is a loket.
        """
        from counter_app import local_config
        from counter_app.services import queue

        assert self.db is not None
        config = local_config.load()
        if config.pc_role or config.counter_number is not None or os.environ.get(ENV_SMOKE):
            return config.pc_role or "loket"
        options: list[tuple[str, str, int | None]] = [
            (name, "loket", number) for _cid, number, name in queue.counters(self.db)]
        options += [(label, role, None) for role, label in local_config.PC_ROLES.items()
                    if role != "loket"]
        choice = dialogs.choose(
            self.login, "Komputer ini",
            "Komputer ini dipakai sebagai apa? (Disimpan di komputer ini; loket dapat "
            "diganti di layar Antrean.)", [label for label, _r, _n in options])
        if choice is None:  # asked again at the next start
            return "loket"
        _label, role, number = next(o for o in options if o[0] == choice)
        local_config.save(local_config.with_pc_role(config, role, number))
        return role

    def _open_public(self, role: str) -> None:
        """The kiosk or the waiting-room display, full screen, instead of the login."""
        assert self.db is not None
        self.login.hide()
        if role == "kiosk":
            from counter_app.ui.kiosk import KioskWindow

            window: QWidget = KioskWindow(self.db)
        else:
            from counter_app.ui.waiting_display import WaitingDisplay

            window = WaitingDisplay(self.db)
        self.public_window = window
        window.showFullScreen()

    def _open_main(self) -> None:
        from counter_app.ui.main_window import MainWindow

        assert self.db is not None and self.office is not None
        assert self.login.actor is not None
        self.window = MainWindow(self.db, self.login.actor, self.office)
        self.window.logout_requested.connect(self._logout)
        self.window.showMaximized()

    def _logout(self) -> None:
        assert self.db is not None and self.office is not None
        if self.window is not None:  # the session's token is refused from now on
            from counter_app.services.users import log_out

            log_out(self.db, self.window.actor)
        # The new login window first: closing the last window would quit the app.
        self.login.deleteLater()
        self.login = self._new_login()
        self.login.set_database(self.db, self.office)
        self.login.show()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None


def run_gui(db_url: str | None = None) -> int:
    """Run the desktop app until it is closed; return the exit code."""
    app = application()
    install_excepthook()
    session = GuiSession(db_url)
    session.start()
    code = app.exec()
    return session.exit_code or code
