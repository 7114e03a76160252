"""Taking the face photo with a camera through QtMultimedia."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class CameraDialog(QDialog):
    """A live view and a "Ambil foto" button; ``photo`` holds the JPEG taken."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ambil foto wajah")
        self.photo: bytes | None = None
        self.camera = QCamera(QMediaDevices.defaultVideoInput())
        self.capture = QImageCapture()
        self.session = QMediaCaptureSession()
        self.view = QVideoWidget()
        self.view.setMinimumSize(480, 360)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.view)
        self.message = QLabel("Posisikan wajah di tengah, latar polos.")
        take = QPushButton("Ambil foto")
        cancel = QPushButton("Batal")
        take.clicked.connect(self.capture.capture)
        cancel.clicked.connect(self.reject)
        self.capture.imageCaptured.connect(self._taken)
        self.capture.errorOccurred.connect(
            lambda _id, _err, text: self.message.setText(f"Kamera gagal: {text}"))
        buttons = QHBoxLayout()
        buttons.addWidget(take)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.camera.start()

    def _taken(self, _request_id: int, image: QImage) -> None:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPG", 90)
        self.photo = bytes(buffer.data().data())
        self.camera.stop()
        self.accept()


def capture_photo(parent: QWidget | None) -> bytes | None:
    """The photo taken, or None when cancelled."""
    dialog = CameraDialog(parent)
    dialog.exec()
    return dialog.photo
