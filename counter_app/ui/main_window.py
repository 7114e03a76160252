"""The main window: one area per part of the counter's work, chosen on the left."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.roles import Permission, can
from counter_app.services.actor import Actor
from counter_app.services.office import OfficeProfile


class SettingsPage(QWidget):
    """Pengaturan: the office profile and counters for all; users for admins."""

    def __init__(self, db: Database, actor: Actor, office: OfficeProfile) -> None:
        super().__init__()
        content = QWidget()
        scroll = QScrollArea(objectName="settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(QLabel("<h2>Pengaturan</h2>"))
        profile = QGroupBox("Profil kantor")
        form = QFormLayout(profile)
        form.addRow("Kecamatan", QLabel(f"{office.kecamatan_name} ({office.kecamatan_code})"))
        form.addRow("Kabupaten/kota", QLabel(office.kota_name))
        form.addRow("Provinsi", QLabel(office.provinsi_name))
        form.addRow("Alamat", QLabel(office.address or "-"))
        form.addRow("Telepon", QLabel(office.phone or "-"))
        form.addRow("Camat", QLabel(office.camat_name or "-"))
        form.addRow("NIP camat", QLabel(office.camat_nip or "-"))
        form.addRow("Loket", QLabel(", ".join(c.name for c in office.counters if c.active)))
        layout.addWidget(profile)
        if can(actor.role, Permission.MANAGE_SETTINGS):
            from counter_app.services.settings import is_demo_office
            from counter_app.ui.capture_settings import CaptureDevicePanel
            from counter_app.ui.pc_role_settings import PcRolePanel
            from counter_app.ui.printer_settings import PrinterSettingsPanel
            from counter_app.ui.queue_settings import QueueSettings

            layout.addWidget(QueueSettings(db, actor))
            layout.addWidget(PcRolePanel(db))
            layout.addWidget(PrinterSettingsPanel())
            layout.addWidget(CaptureDevicePanel(is_demo_office(db)))
        if can(actor.role, Permission.MANAGE_USERS):
            from counter_app.ui.admin_settings import AdminSettings

            layout.addWidget(AdminSettings(db, actor))
        else:
            layout.addWidget(QLabel("Pengelolaan pengguna dan pengaturan hanya untuk admin."))
        layout.addStretch(1)


@dataclass(frozen=True)
class Area:
    """One area of the main window."""

    key: str
    title: str
    permission: Permission | None  # None: every role may open it
    build: Callable[[Database, Actor, OfficeProfile], QWidget]


def _counter_screen(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.counter_screen import CounterScreen

    return CounterScreen(db, actor)


def _recording(db: Database, actor: Actor, office: OfficeProfile) -> QWidget:
    from counter_app.ui.recording.area import RecordingArea

    return RecordingArea(db, actor, office)


def _print_area(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.print_and_forward import PrintAndForwardArea

    return PrintAndForwardArea(db, actor)


def _pickup(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.pickup_screen import PickupScreen

    return PickupScreen(db, actor)


def _reports(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.report_screen import ReportScreen

    return ReportScreen(db, actor)


def _coverage(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.coverage_screen import CoverageScreen

    return CoverageScreen(db, actor)


def _audit(db: Database, actor: Actor) -> QWidget:
    from counter_app.ui.audit_screen import AuditScreen

    return AuditScreen(db, actor)


def _outreach(db: Database, actor: Actor) -> QWidget:
    # One area, two faces: the event screen on a jemput bola laptop, the import review
    # at the office (supervisors; the services check the role too).
    from counter_app.services.outreach_laptop import is_laptop

    if is_laptop(db):
        from counter_app.ui.outreach_laptop import LaptopEventScreen

        return LaptopEventScreen(db, actor)
    if not can(actor.role, Permission.MANAGE_OUTREACH):
        return QLabel("Impor paket jemput bola hanya untuk supervisor (Kasi Pelayanan).")
    from counter_app.ui.outreach_office import OutreachOfficeScreen

    return OutreachOfficeScreen(db, actor)


AREAS: tuple[Area, ...] = (
    Area("antrean", "Antrean", Permission.SERVE, lambda db, actor, _office: _counter_screen(
        db, actor)),
    Area("perekaman", "Perekaman", Permission.SERVE, lambda db, actor, office: _recording(
        db, actor, office)),
    Area("cetak", "Cetak & Kirim", Permission.SERVE, lambda db, actor, _office: _print_area(
        db, actor)),
    Area("pengambilan", "Pengambilan", Permission.SERVE, lambda db, actor, _office: _pickup(
        db, actor)),
    Area("laporan", "Laporan", Permission.READ_REPORTS, lambda db, actor, _office: _reports(
        db, actor)),
    Area("cakupan", "Cakupan", Permission.READ_REPORTS, lambda db, actor, _office: _coverage(
        db, actor)),
    Area("audit", "Audit", Permission.READ_AUDIT, lambda db, actor, _office: _audit(
        db, actor)),
    Area("pengaturan", "Pengaturan", None,
         lambda db, actor, office: SettingsPage(db, actor, office)),
    Area("jemputbola", "Jemput bola", Permission.SERVE,
         lambda db, actor, _office: _outreach(db, actor)),
)


class MainWindow(QMainWindow):
    """The areas on the left, the chosen one on the right; Ctrl+1..8 switch areas."""

    logout_requested = Signal()

    def __init__(self, db: Database, actor: Actor, office: OfficeProfile) -> None:
        super().__init__()
        self._db = db
        self.actor = actor
        self.setWindowTitle(f"Loket KTP-el - {office.title}")
        self.resize(1200, 760)
        self.nav = QListWidget(objectName="areaList")
        self.nav.setFixedWidth(200)
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } "
                               "QListWidget::item { padding: 10px; }")
        self.stack = QStackedWidget(objectName="areaStack")
        self._built: dict[int, bool] = {}
        for index, area in enumerate(AREAS):
            item = QListWidgetItem(area.title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            if not self.may_open(area):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(f"Peran {actor.role.label} tidak membuka bagian ini.")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # built on first visit: a fast start
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            shortcut.triggered.connect(lambda _=False, k=area.key: self.open_area(k))
            self.addAction(shortcut)
        self.nav.currentRowChanged.connect(self._show_row)
        self._office = office

        header = QWidget(objectName="header")
        header.setStyleSheet("#header { background: #0b4f8a; } #header QLabel { color: white; }")
        title = QLabel(f"<b>Loket KTP-el</b> &nbsp; {office.title}")
        title.setStyleSheet("font-size: 13pt;")
        who = QLabel(f"{actor.full_name} ({actor.role.label}) - {actor.workstation}")
        password = QPushButton("Ganti kata sandi", objectName="changePassword")
        password.clicked.connect(self.change_password)
        logout = QPushButton("Keluar", objectName="logoutButton")
        logout.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        logout.clicked.connect(self.logout_requested.emit)
        top = QHBoxLayout(header)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(who)
        top.addWidget(password)
        top.addWidget(logout)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(header)
        outer.addLayout(body)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Siap.")
        first = next((i for i, a in enumerate(AREAS) if self.may_open(a)), len(AREAS) - 1)
        self.nav.setCurrentRow(first)
        from counter_app.services.settings import (
            DEFAULT_IDLE_MINUTES,
            IDLE_MINUTES,
            get_int_setting,
        )
        from counter_app.ui.idle_lock import IdleLock

        self.idle_lock = IdleLock(self, db, actor,
                                  get_int_setting(db, IDLE_MINUTES, DEFAULT_IDLE_MINUTES))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The keyboard starts in the area, not on "Ganti kata sandi" in the header
        # (after QMainWindow placed its own first focus).
        QTimer.singleShot(0, self.focus_area)

    def focus_area(self) -> None:
        """Put the keyboard focus in the area on screen (its ``first_focus`` if it has one)."""
        area = self.stack.currentWidget()
        if area is None:
            return
        first = getattr(area, "first_focus", None)
        target = first() if callable(first) else area
        if isinstance(target, QWidget):
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def record_from_counter(self) -> None:
        """Open Perekaman's wizard for the ticket being served, then back to the counter."""
        if not self.open_area("perekaman"):
            return
        area = self.stack.currentWidget()
        start = getattr(area, "start_recording", None)
        if callable(start):
            start()  # modal: returns when the wizard is closed
        said = getattr(area, "message", None)
        self.activateWindow()  # the wizard has closed: the keys come back here
        self.open_area("antrean")
        counter = self.stack.currentWidget()
        line = getattr(counter, "message", None)
        if said is not None and line is not None and said.text():
            line.say(said.text(), error=said.is_error)  # where the clerk goes on (F6)

    def change_password(self) -> None:
        """The user changes their own password."""
        from counter_app.ui.login import ChangePasswordDialog

        dialog = ChangePasswordDialog(self._db, self.actor, parent=self)
        if dialog.exec() == ChangePasswordDialog.DialogCode.Accepted:
            self.statusBar().showMessage("Kata sandi diganti.", 5000)

    def may_open(self, area: Area) -> bool:
        """True when the logged-in role may open ``area``."""
        return area.permission is None or can(self.actor.role, area.permission)

    def open_area(self, key: str) -> bool:
        """Switch to the area named ``key``; False when the role may not open it."""
        for index, area in enumerate(AREAS):
            if area.key == key:
                if not self.may_open(area):
                    self.statusBar().showMessage(
                        f"Peran {self.actor.role.label} tidak membuka {area.title}.", 5000
                    )
                    return False
                self.nav.setCurrentRow(index)
                self.focus_area()  # Ctrl+digit: the keys go on in the new area
                return True
        raise KeyError(key)

    def current_area(self) -> str:
        """The key of the area on screen."""
        return AREAS[self.stack.currentIndex()].key

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        area = AREAS[row]
        if not self.may_open(area):
            return
        if not self._built.get(row):
            widget = area.build(self._db, self.actor, self._office)
            widget.setObjectName(f"area_{area.key}")
            record = getattr(widget, "record_requested", None)
            if record is not None:  # the counter's Ctrl+N
                record.connect(self.record_from_counter)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._built[row] = True
        self.stack.setCurrentIndex(row)
