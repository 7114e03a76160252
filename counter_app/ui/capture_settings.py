"""This PC's biometric capture source: the Dukcapil station, or a scanner driver."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton

from counter_app import local_config
from counter_app.services.biometric_devices import installed_drivers

STATION_CHOICE = "Stasiun perekaman Dukcapil (bawaan)"


class CaptureDevicePanel(QGroupBox):
    """Saved in this PC's pc.json, like its printers (issue 20).

    The simulator is never offered here: it belongs to the demo office alone.
    """

    def __init__(self, demo_office: bool) -> None:
        super().__init__("Perangkat biometrik komputer ini")
        self.choice = QComboBox(objectName="captureDriver")
        self.choice.addItem(STATION_CHOICE, "")
        for driver in installed_drivers().values():
            self.choice.addItem(f"Driver {driver.name} (paket {driver.package or '?'})",
                                driver.name)
        current = local_config.load().capture_driver
        index = self.choice.findData(current)
        self.missing = current != "" and index < 0
        if self.missing:  # chosen once, since uninstalled: say so rather than hide it
            self.choice.addItem(f"Driver {current} (tidak terpasang)", current)
            index = self.choice.count() - 1
        self.choice.setCurrentIndex(max(0, index))
        save = QPushButton("Simpan perangkat biometrik", objectName="saveCaptureDriver")
        self.message = QLabel(objectName="captureMessage", wordWrap=True)
        form = QFormLayout(self)
        if demo_office:
            form.addRow(QLabel("Kantor contoh: perekaman memakai perangkat simulasi, bukan "
                               "pilihan di bawah."))
        form.addRow("Sumber", self.choice)
        form.addRow("", save)
        form.addRow(self.message)
        save.clicked.connect(self.save)

    def save(self) -> None:
        """Write the choice into this PC's settings."""
        driver = str(self.choice.currentData() or "")
        local_config.save(local_config.with_capture_driver(local_config.load(), driver))
        self.message.setText(f"Disimpan: {self.choice.currentText()}.")
        self.message.setStyleSheet("color: #1b5e20;")
