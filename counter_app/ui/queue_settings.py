"""Admin settings of the queue.

The services and which counters serve them, the priority policy, and what the
waiting-room display shows and says.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.queue import AnnouncementMode, PriorityMode, PriorityPolicy
from counter_app.services import queue
from counter_app.services.actor import Actor
from counter_app.services.settings import (
    DisplaySettings,
    get_display_settings,
    get_priority_policy,
    set_display_settings,
    set_priority_policy,
)
from counter_app.ui.messages import MessageLine

ANNOUNCEMENT_LABELS = {
    AnnouncementMode.FULL: "Bel dan suara",
    AnnouncementMode.CHIME: "Bel saja",
    AnnouncementMode.SILENT: "Tanpa suara",
}
NEW_SERVICE = "(layanan baru)"


class QueueSettings(QWidget):
    """Three small forms, each saved on its own, each change audited by the service."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        # Services
        self.service = QComboBox(objectName="serviceChoice")
        self.prefix = QLineEdit(objectName="servicePrefix", maxLength=3)
        self.name = QLineEdit(objectName="serviceName", maxLength=80)
        self.hint = QLineEdit(objectName="serviceHint", maxLength=200)
        self.active = QCheckBox("Dibuka", objectName="serviceActive")
        self.counter_checks: dict[int, QCheckBox] = {}
        counters_row = QHBoxLayout()
        for _cid, number, name in queue.counters(db):
            check = QCheckBox(name, objectName=f"serves_{number}")
            self.counter_checks[number] = check
            counters_row.addWidget(check)
        counters_row.addStretch(1)
        save_service = QPushButton("Simpan layanan", objectName="saveService")
        services = QGroupBox("Layanan antrean")
        form = QFormLayout(services)
        form.addRow("Layanan", self.service)
        form.addRow("Kode huruf", self.prefix)
        form.addRow("Nama", self.name)
        form.addRow("Yang perlu disiapkan", self.hint)
        form.addRow("Dilayani di", counters_row)
        form.addRow("", self.active)
        form.addRow("", save_service)
        # Priority policy
        self.mode = QComboBox(objectName="priorityMode")
        self.mode.addItem("Prioritas selalu didahulukan", PriorityMode.FIRST.value)
        self.mode.addItem("Satu prioritas setiap N tiket biasa", PriorityMode.INTERLEAVE.value)
        self.every = QSpinBox(objectName="priorityEvery", minimum=1, maximum=20)
        save_policy = QPushButton("Simpan kebijakan", objectName="savePolicy")
        policy = QGroupBox("Tiket prioritas")
        policy_form = QFormLayout(policy)
        policy_form.addRow("Kebijakan", self.mode)
        policy_form.addRow("N (tiket biasa)", self.every)
        policy_form.addRow("", save_policy)
        # Display
        self.running_text = QLineEdit(objectName="runningText", maxLength=300)
        self.announcement = QComboBox(objectName="announcementMode")
        for mode, label in ANNOUNCEMENT_LABELS.items():
            self.announcement.addItem(label, mode.value)
        save_display = QPushButton("Simpan layar ruang tunggu", objectName="saveDisplay")
        display = QGroupBox("Layar ruang tunggu")
        display_form = QFormLayout(display)
        display_form.addRow("Teks berjalan", self.running_text)
        display_form.addRow("Pengumuman", self.announcement)
        display_form.addRow("", save_display)
        self.message = MessageLine("settingsMessage")
        layout = QVBoxLayout(self)
        layout.addWidget(services)
        layout.addWidget(policy)
        layout.addWidget(display)
        layout.addWidget(self.message)
        self.service.currentIndexChanged.connect(self._show_service)
        self.mode.currentIndexChanged.connect(
            lambda *_: self.every.setEnabled(self.mode.currentData() == "interleave"))
        save_service.clicked.connect(self.save_service)
        save_policy.clicked.connect(self.save_policy)
        save_display.clicked.connect(self.save_display)
        self.load()

    def load(self) -> None:
        """Show the stored values."""
        self._services = {s.prefix: s for s in queue.list_services(self._db, include_inactive=True)}
        self.service.blockSignals(True)
        self.service.clear()
        for prefix, info in self._services.items():
            self.service.addItem(f"{prefix} - {info.name}", prefix)
        self.service.addItem(NEW_SERVICE, None)
        self.service.blockSignals(False)
        self._show_service()
        policy = get_priority_policy(self._db)
        self.mode.setCurrentIndex(self.mode.findData(policy.mode.value))
        self.every.setValue(policy.every)
        self.every.setEnabled(policy.mode is PriorityMode.INTERLEAVE)
        display = get_display_settings(self._db)
        self.running_text.setText(display.running_text)
        self.announcement.setCurrentIndex(self.announcement.findData(display.announcement.value))

    def _show_service(self) -> None:
        info = self._services.get(self.service.currentData() or "")
        self.prefix.setEnabled(info is None)
        self.prefix.setText(info.prefix if info else "")
        self.name.setText(info.name if info else "")
        self.hint.setText(info.prepare_hint if info else "")
        self.active.setChecked(info.active if info else True)
        for number, check in self.counter_checks.items():
            check.setChecked(bool(info and number in info.counter_numbers))

    def save_service(self) -> None:
        """Add or change the chosen service."""
        def save() -> str:
            saved = queue.save_service(
                self._db, self._actor, prefix=self.prefix.text(), name=self.name.text(),
                prepare_hint=self.hint.text(), active=self.active.isChecked(),
                counter_numbers=[n for n, c in self.counter_checks.items() if c.isChecked()])
            self.load()
            self.service.setCurrentIndex(self.service.findData(saved.prefix))
            return f"Layanan {saved.prefix} - {saved.name} disimpan."

        self.message.attempt(save)

    def save_policy(self) -> None:
        """Store the priority policy."""
        def save() -> str:
            set_priority_policy(self._db, self._actor, PriorityPolicy(
                PriorityMode(self.mode.currentData()), self.every.value()))
            return "Kebijakan prioritas disimpan."

        self.message.attempt(save)

    def save_display(self) -> None:
        """Store the running text and the announcement mode."""
        def save() -> str:
            set_display_settings(self._db, self._actor, DisplaySettings(
                self.running_text.text(), AnnouncementMode(self.announcement.currentData())))
            return "Pengaturan layar ruang tunggu disimpan."

        self.message.attempt(save)
