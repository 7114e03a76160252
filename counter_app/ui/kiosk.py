"""The ticket kiosk: one large touch button per service, and the priority choice."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.errors import CounterError
from counter_app.services import queue
from counter_app.services.office import get_office
from counter_app.services.ticket_printing import print_ticket
from counter_app.ui import operations
from counter_app.ui.messages import MessageLine

CONFIRM_MS = 6000
STYLE = """
#kiosk { background: #f4f7fb; }
QPushButton[service="true"] { font-size: 26pt; font-weight: bold; color: white;
    background: #0b4f8a; border-radius: 18px; padding: 28px; min-height: 150px; }
QPushButton[service="true"]:pressed { background: #083a66; }
QPushButton#priorityToggle { font-size: 18pt; padding: 18px; border-radius: 14px;
    background: white; border: 3px solid #c77700; color: #c77700; }
QPushButton#priorityToggle:checked { background: #c77700; color: white; }
QPushButton#reprintButton { font-size: 16pt; padding: 12px; }
"""


class KioskWindow(QWidget):
    """Issues and prints a ticket with one touch; the ticket exists whatever the printer does."""

    def __init__(self, db: Database) -> None:
        super().__init__(objectName="kiosk")
        self._db = db
        self.setWindowTitle("Kios Antrean - Loket KTP-el")
        self.setStyleSheet(STYLE)
        office = get_office(db)
        title = QLabel(f"<b>Ambil Nomor Antrean</b><br>{office.title if office else ''}")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 28pt; color: #0b4f8a;")
        self.priority = QPushButton("Prioritas: disabilitas, lansia, ibu hamil, membawa balita",
                                    objectName="priorityToggle", checkable=True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, service in enumerate(queue.list_services(db)):
            button = QPushButton(f"{service.prefix}\n{service.name}")
            button.setProperty("service", True)
            button.setObjectName(f"service_{service.prefix}")
            button.clicked.connect(lambda _=False, p=service.prefix: self.take(p))
            self.buttons[service.prefix] = button
            grid.addWidget(button, index // 2, index % 2)
        self.message = MessageLine("kioskMessage", base_style="font-size: 22pt; padding: 16px; ")
        self.message.setText("Sentuh layanan yang Anda perlukan.")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("font-size: 22pt; padding: 16px;")
        self.reprint = QPushButton("Cetak ulang tiket", objectName="reprintButton")
        self.reprint.setVisible(False)
        self.reprint.clicked.connect(self.print_again)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reprint)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(24)
        layout.addWidget(title)
        layout.addLayout(grid, 1)
        layout.addWidget(self.priority)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.last_ticket: queue.TicketInfo | None = None
        self._reset = QTimer(self, singleShot=True, interval=CONFIRM_MS)
        self._reset.timeout.connect(self._back_to_start)

    def take(self, prefix: str) -> None:
        """Issue a ticket of ``prefix`` and print it."""
        try:
            ticket = queue.issue_ticket(self._db, prefix, priority=self.priority.isChecked(),
                                    source="kiosk")
        except CounterError as exc:
            self._show(exc.message, error=True)
            return
        self.priority.setChecked(False)
        self.last_ticket = ticket
        self._print(ticket)

    def print_again(self) -> None:
        """The reprint button after a printer failure."""
        if self.last_ticket is not None:
            self._print(self.last_ticket)

    def _print(self, ticket: queue.TicketInfo) -> None:
        """Print in the ticket printer's queue: a second touch never interleaves with it."""
        from counter_app.ui.qt_printing import QtPdfPrinter

        settings = local_config.load().ticket_printer
        db = self._db

        def failed(exc: CounterError) -> None:
            self._show(f"Nomor Anda <b>{ticket.number}</b> sudah tercatat, tetapi tiket gagal "
                       f"dicetak: {exc.message}<br>Tekan Cetak ulang atau minta bantuan "
                       "petugas.", error=True)
            self.reprint.setVisible(True)

        def printed(_outcome: object) -> None:
            self.reprint.setVisible(False)
            ahead = ("tidak ada antrean di depan Anda" if ticket.waiting_ahead == 0
                     else f"{ticket.waiting_ahead} orang menunggu sebelum Anda")
            self._show(f"Nomor Anda <b style='font-size: 40pt'>{ticket.number}</b><br>"
                       f"{ahead}. Silakan ambil tiket dan tunggu panggilan.")

        self.message.run(lambda: print_ticket(db, ticket.id, settings, QtPdfPrinter()),
                         printed, failure=failed, busy=f"Mencetak tiket {ticket.number}...",
                         queue=operations.printer_queue(settings))

    def _show(self, html: str, error: bool = False) -> None:
        self.message.setText(html)
        self.message.setStyleSheet(
            "font-size: 22pt; padding: 16px; "
            + ("color: #b00020; background: #fde7e9;" if error else
               "color: #1b5e20; background: #e6f4ea;"))
        self._reset.start()

    def _back_to_start(self) -> None:
        self.reprint.setVisible(False)
        self.message.setText("Sentuh layanan yang Anda perlukan.")
        self.message.setStyleSheet("font-size: 22pt; padding: 16px;")
