"""What this PC is (a counter, the kiosk, the waiting-room display, a back office).

Asked once at the PC's first start (ui/app.py); changed here by an admin afterwards.
Kept in this PC's pc.json; the app opens in the new mode at its next start.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton

from counter_app import local_config
from counter_app.db import Database
from counter_app.services import queue


class PcRolePanel(QGroupBox):
    """One choice: each counter of the office, or one of the other roles."""

    def __init__(self, db: Database) -> None:
        super().__init__("Peran komputer ini")
        self.choice = QComboBox(objectName="pcRole")
        # Item data "loket:N" or the role's key (Qt keeps strings as they are).
        for _cid, number, name in queue.counters(db):
            self.choice.addItem(name, f"loket:{number}")
        for role, label in local_config.PC_ROLES.items():
            if role != "loket":
                self.choice.addItem(label, role)
        config = local_config.load()
        role = config.pc_role or "loket"
        current = f"loket:{config.counter_number}" if role == "loket" else role
        self.choice.setCurrentIndex(max(0, self.choice.findData(current)))
        save = QPushButton("Simpan peran komputer", objectName="savePcRole")
        self.message = QLabel(objectName="pcRoleMessage", wordWrap=True)
        form = QFormLayout(self)
        form.addRow("Komputer ini", self.choice)
        form.addRow("", save)
        form.addRow(self.message)
        save.clicked.connect(self.save)

    def save(self) -> None:
        """Write the choice into this PC's settings; it applies at the next start."""
        role, _, number = str(self.choice.currentData()).partition(":")
        local_config.save(local_config.with_pc_role(
            local_config.load(), role, int(number) if number else None))
        self.message.setText(f"Disimpan: {self.choice.currentText()}. Berlaku saat aplikasi "
                             "dibuka lagi di komputer ini.")
        self.message.setStyleSheet("color: #1b5e20;")
