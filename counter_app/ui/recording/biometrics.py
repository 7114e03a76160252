"""Page 5, Biometrik: photo, signature, ten fingers and two irises, or a documented exception."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from counter_app.domain.recording import (
    EXCEPTION_REASONS,
    MAX_STATION_REFERENCE,
    Modality,
    biometric_problems,
)
from counter_app.services import recording as rec
from counter_app.services.biometric_devices import MIN_QUALITY, CaptureMode
from counter_app.ui import dialogs
from counter_app.ui.recording.fields import OK_STYLE, error_label
from counter_app.ui.recording.signature_pad import SignaturePad
from counter_app.ui.recording.state import WizardState

AMBER = "#8a5a00"


class BiometricsPage(QWizardPage):
    """Photo, signature, ten fingers and two irises; an exception never blocks."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        setup = state.capture
        self.station = setup.mode is CaptureMode.STATION
        self.setTitle("5. Biometrik")
        if self.station:
            self.setSubTitle("Sidik jari, iris, foto dan tanda tangan direkam di stasiun "
                             "perekaman Dukcapil. Konfirmasi per bagian atau sekaligus, "
                             "dengan referensi stasiun; tandai pengecualian dengan alasannya.")
        else:
            self.setSubTitle(f"Perangkat: {setup.device_name}. Bila jari atau mata tidak "
                             "dapat direkam, tandai pengecualian dengan alasannya dan foto "
                             "pengecualian.")
        self.notice = QLabel(setup.notice, objectName="captureNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {AMBER}; font-weight: bold;")
        self.notice.setVisible(bool(setup.notice))
        self.photo: bytes | None = None
        self.exception_photo: bytes | None = None
        # A modality's quality from a scanner; None: confirmed as done on the station.
        self.captures: dict[Modality, int | None] = {}
        self.photo_view = QLabel("Belum ada foto", objectName="photoView")
        self.photo_view.setFixedSize(150, 190)
        self.photo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_view.setStyleSheet("border: 1px solid #9aa5b1; background: #f4f6f8;")
        self.photo_file = QPushButton("&Foto dari berkas...", objectName="photoFile")
        # Looking for cameras loads the multimedia backend: only when asked for.
        self.photo_camera = QPushButton("Ambil dari kamera", objectName="photoCamera")
        self.signature = SignaturePad()
        self.clear_signature = QPushButton("Hapus tanda tangan")
        self.no_signature = QLineEdit(objectName="signatureException")
        self.no_signature.setPlaceholderText("alasan bila tidak dapat bertanda tangan")
        self.capture_all = QPushButton(
            "Semua direkam di stasiun  [Ctrl+R]" if self.station
            else "Rekam semua (yang bukan pengecualian)  [Ctrl+R]", objectName="captureAll")
        # Its own key, first in the tab order, the page's first focus; Enter after it
        # is "Lanjut" (the wizard's), never a second capture.
        self.capture_all.setShortcut(QKeySequence("Ctrl+R"))
        self.capture_all.setAutoDefault(False)
        self.station_reference = QLineEdit(objectName="stationReference")
        self.station_reference.setPlaceholderText("mis. stasiun 2, 09.41")
        self.station_reference.setMaxLength(MAX_STATION_REFERENCE)
        left = QVBoxLayout()
        left.addWidget(self.photo_view)
        left.addWidget(self.photo_file)
        left.addWidget(self.photo_camera)
        left.addStretch(1)
        self.rows: dict[Modality, tuple[QLabel, QCheckBox, QComboBox]] = {}
        self.capture_buttons: dict[Modality, QPushButton] = {}
        grid = QGridLayout()
        for index, modality in enumerate(Modality):
            status = QLabel("belum", objectName=f"status_{modality.value}")
            capture = QPushButton("Sudah di stasiun" if self.station else "Rekam",
                                  objectName=f"capture_{modality.value}")
            exception = QCheckBox("Pengecualian", objectName=f"exception_{modality.value}")
            reason = QComboBox(objectName=f"reason_{modality.value}")
            reason.addItems(["", *EXCEPTION_REASONS])
            reason.setEnabled(False)
            exception.toggled.connect(reason.setEnabled)
            exception.toggled.connect(lambda _on, m=modality: self._refresh_status(m))
            capture.clicked.connect(lambda _=False, m=modality: self.capture(m))
            self.capture_buttons[modality] = capture
            grid.addWidget(QLabel(modality.label), index, 0)
            grid.addWidget(status, index, 1)
            grid.addWidget(capture, index, 2)
            grid.addWidget(exception, index, 3)
            grid.addWidget(reason, index, 4)
            self.rows[modality] = (status, exception, reason)
        self.exception_photo_button = QPushButton("Foto pengecualian...",
                                                  objectName="exceptionPhoto")
        self.exception_photo_label = QLabel("")
        self.error = error_label("biometricsError")
        right = QVBoxLayout()
        right.addWidget(self.notice)
        top = QHBoxLayout()
        top.addWidget(self.capture_all)
        if self.station:
            top.addWidget(QLabel("Referensi stasiun:"))
            top.addWidget(self.station_reference, 1)
        else:
            self.station_reference.hide()
            threshold = QLabel(f"Mutu minimal {MIN_QUALITY}: di bawahnya kuning, ulangi",
                               objectName="qualityThreshold")
            threshold.setStyleSheet("font-weight: bold;")
            top.addWidget(threshold)
            top.addStretch(1)
        # Compact, so the page fits a 1366x768 screen with a taskbar (issue 13).
        top.addWidget(self.exception_photo_button)
        top.addWidget(self.exception_photo_label)
        right.addLayout(top)
        grid.setVerticalSpacing(2)
        right.addLayout(grid)
        right.addWidget(self.signature)
        sig_row = QHBoxLayout()
        sig_row.addWidget(QLabel("Tanda tangan di atas garis."))
        sig_row.addWidget(self.clear_signature)
        sig_row.addWidget(self.no_signature, 1)
        right.addLayout(sig_row)
        right.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.photo_file.clicked.connect(self.choose_photo)
        self.photo_camera.clicked.connect(self.camera_photo)
        self.clear_signature.clicked.connect(self.signature.clear)
        self.capture_all.clicked.connect(self.capture_every)
        self.exception_photo_button.clicked.connect(self.choose_exception_photo)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter is the wizard's "Lanjut"
        # Tab order: "Rekam semua" first, the station reference right after it, then
        # the photo, the rows, the signature.
        chain: list[QWidget] = [self.capture_all]
        if self.station:
            chain.append(self.station_reference)
        chain += [self.photo_file, self.photo_camera]
        for modality in Modality:
            _status, exception, reason = self.rows[modality]
            chain += [self.capture_buttons[modality], exception, reason]
        chain += [self.exception_photo_button, self.signature, self.clear_signature,
                  self.no_signature]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def initializePage(self) -> None:
        # After QWizard has placed its own focus for the new page.
        QTimer.singleShot(0, self.capture_all, self.capture_all.setFocus)

    def _refresh_status(self, modality: Modality) -> None:
        status, exception, _reason = self.rows[modality]
        if exception.isChecked():
            status.setText("pengecualian")
            status.setStyleSheet(f"color: {AMBER};")
        elif modality in self.captures:
            quality = self.captures[modality]
            if quality is None:
                status.setText("direkam di stasiun")
                status.setStyleSheet(OK_STYLE)
            elif quality < MIN_QUALITY:
                # Below the threshold a scanner's read is weak: amber, so the clerk retakes.
                status.setText(f"mutu {quality} (di bawah {MIN_QUALITY}, ulangi)")
                status.setStyleSheet(f"color: {AMBER};")
            else:
                status.setText(f"terekam (mutu {quality})")
                status.setStyleSheet(OK_STYLE)
        else:
            status.setText("belum")
            status.setStyleSheet("")

    def capture(self, modality: Modality) -> bool:
        """Capture one modality (or confirm it was done on the station).

        A failure is a message, not a stop.
        """
        if self.rows[modality][1].isChecked():
            return True
        device = self.state.capture.device
        if self.station or device is None:
            self.captures[modality] = None
        else:
            captured: list[int] = []
            if not self.error.attempt(lambda: captured.append(device.capture(modality).quality)):
                return False
            self.captures[modality] = captured[0]
        self._refresh_status(modality)
        return True

    def capture_every(self) -> None:
        """Capture (or confirm on the station) every modality not marked as an exception."""
        self.error.clear()
        failed = [m.label for m in Modality if not self.capture(m)]
        if failed:
            self.error.setText("Tidak terbaca: " + ", ".join(failed) + ". Ulangi, atau tandai "
                               "pengecualian dengan alasannya.")
        elif self.station and not self.station_reference.text().strip():
            self.station_reference.setFocus()
        else:
            missing = self.missing_field()
            wizard = self.wizard()
            if missing is not None:
                missing.setFocus()
            elif wizard is not None:  # complete: Enter goes on
                wizard.button(wizard.WizardButton.NextButton).setFocus()

    def ready(self) -> bool:
        """Every part captured or excepted (nothing is shown)."""
        bio = self.biometrics()
        return not biometric_problems(bio.photo, bio.signature, bio.signature_exception,
                                      bio.modalities, bio.exception_photo)

    def missing_field(self) -> QWidget | None:
        """What still needs the clerk: the captures, the reference, the photo, the signature."""
        target: QWidget | None = None
        if any(m not in self.captures and not self.rows[m][1].isChecked() for m in Modality):
            target = self.capture_all
        elif self.station and not self.station_reference.text().strip():
            target = self.station_reference
        elif self.photo is None:
            target = self.photo_file
        elif self.signature.is_empty() and not self.no_signature.text().strip():
            target = self.no_signature
        return target

    def _read_image(self, title: str) -> bytes | None:
        path = dialogs.open_file(self, title, "Gambar (*.png *.jpg *.jpeg *.bmp)")
        if not path:
            return None
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.error.setText("Berkas itu bukan gambar yang dapat dibaca.")
            return None
        with open(path, "rb") as handle:
            return handle.read()

    def choose_photo(self) -> None:
        """The face photo from an image file."""
        data = self._read_image("Pilih foto wajah")
        if data:
            self.set_photo(data)

    def set_photo(self, data: bytes) -> None:
        """Keep the photo and show it."""
        self.photo = data
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.photo_view.setPixmap(pixmap.scaled(self.photo_view.size(),
                                                Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))

    def camera_photo(self) -> None:
        """The face photo from the camera (QtMultimedia)."""
        if not _has_camera():
            self.error.setText("Tidak ada kamera terpasang di komputer ini; pilih foto dari "
                               "berkas.")
            return
        from counter_app.ui.recording.camera import capture_photo

        data = capture_photo(self)
        if data:
            self.set_photo(data)

    def choose_exception_photo(self) -> None:
        """The photo that documents an exception (e.g. the injured hand)."""
        data = self._read_image("Pilih foto pengecualian")
        if data:
            self.exception_photo = data
            self.exception_photo_label.setText("foto pengecualian ada")

    def modalities(self) -> dict[str, dict[str, object]]:
        """Each modality's status, as stored."""
        result: dict[str, dict[str, object]] = {}
        reference = self.station_reference.text().strip()
        for modality, (_status, exception, reason) in self.rows.items():
            if exception.isChecked():
                result[modality.value] = {"status": "exception", "reason": reason.currentText()}
            elif modality in self.captures:
                quality = self.captures[modality]
                result[modality.value] = (
                    {"status": "station", "reference": reference} if quality is None
                    else {"status": "captured", "quality": quality})
        return result

    def biometrics(self) -> rec.BiometricsInput:
        """What the service stores."""
        return rec.BiometricsInput(
            photo=self.photo, signature=self.signature.png(), modalities=self.modalities(),
            exception_photo=self.exception_photo,
            signature_exception=self.no_signature.text() if self.signature.is_empty() else "",
            device=self.state.capture.device_name)

    def validatePage(self) -> bool:
        bio = self.biometrics()
        problems = biometric_problems(bio.photo, bio.signature, bio.signature_exception,
                                      bio.modalities, bio.exception_photo)
        if problems:
            self.error.setText("\n".join(problems[:6]))
            return False
        self.error.clear()
        self.state.biometrics = bio
        return True


def _has_camera() -> bool:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # pragma: no cover - QtMultimedia ships with PySide6
        return False
    return bool(QMediaDevices.videoInputs())
