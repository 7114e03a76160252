"""The ticket kiosk: one large touch button per service, and the priority choice."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
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
from counter_app.ui.fit import FitLabel, px, scale
from counter_app.ui.messages import MessageLine

CONFIRM_MS = 6000
# Sizes in px for a 1920x1080 screen; ``_restyle`` scales them to the real one.
STYLE = """
#kiosk {{ background: #f4f7fb; }}
#kioskTitle {{ font-size: {title}px; color: #0b4f8a; font-weight: bold; }}
#kioskOffice {{ font-size: {office}px; color: #0b4f8a; }}
QPushButton[service="true"] {{ color: white; background: #0b4f8a;
    border-radius: {radius}px; padding: {pad}px; }}
QPushButton[service="true"]:pressed {{ background: #083a66; }}
QLabel.servicePrefix {{ font-size: {prefix}px; font-weight: bold; color: white; }}
QLabel.serviceName {{ font-size: {name}px; font-weight: bold; color: white; }}
QPushButton#priorityToggle {{ font-size: {priority}px; padding: {pad}px; border-radius: {radius}px;
    background: white; border: 3px solid #c77700; color: #c77700; }}
QPushButton#priorityToggle:checked {{ background: #c77700; color: white; }}
QPushButton#reprintButton {{ font-size: {reprint}px; padding: {pad}px; }}
"""
MESSAGE_STYLE = "font-size: {message}px; padding: {pad}px; "
NUMBER_STYLE = "font-size: {number}px"


class ServiceButton(QPushButton):
    """A large touch button: the service's letter and its name, wrapped and elided."""

    def __init__(self, prefix: str, name: str) -> None:
        super().__init__()
        self.setProperty("service", True)
        self.setObjectName(f"service_{prefix}")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAccessibleName(f"{prefix} {name}")
        self.prefix_label = QLabel(prefix)
        self.prefix_label.setProperty("class", "servicePrefix")
        self.name_label = FitLabel(name, max_lines=2)
        self.name_label.setProperty("class", "serviceName")
        layout = QVBoxLayout(self)
        for label in (self.prefix_label, self.name_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            layout.addWidget(label)

    def text(self) -> str:  # the button's own text is empty; the labels carry it
        """The letter and the full name, as a person reads the button."""
        return f"{self.prefix_label.text()}\n{self.name_label.full_text()}"


class KioskWindow(QWidget):
    """Issues and prints a ticket with one touch; the ticket exists whatever the printer does."""

    def __init__(self, db: Database) -> None:
        super().__init__(objectName="kiosk")
        self._db = db
        self.setWindowTitle("Kios Antrean - Loket KTP-el")
        office = get_office(db)
        title = QLabel("Ambil Nomor Antrean", objectName="kioskTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        office_line = FitLabel(office.title if office else "", object_name="kioskOffice")
        office_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority = QPushButton("Prioritas: disabilitas, lansia, ibu hamil, membawa balita",
                                    objectName="priorityToggle", checkable=True)
        self.buttons: dict[str, QPushButton] = {}
        self.grid = QGridLayout()
        services = queue.list_services(db)
        # Five or six services take three columns: two rows leave room for the number.
        columns = 2 if len(services) <= 4 else 3
        self._rows = max(1, -(-len(services) // columns))
        for index, service in enumerate(services):
            button = ServiceButton(service.prefix, service.name)
            button.clicked.connect(lambda _=False, p=service.prefix: self.take(p))
            self.buttons[service.prefix] = button
            self.grid.addWidget(button, index // columns, index % columns)
        for row in range(self._rows):
            self.grid.setRowStretch(row, 1)
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)
        self.message = MessageLine("kioskMessage")
        self.message.setText("Sentuh layanan yang Anda perlukan.")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.reprint = QPushButton("Cetak ulang tiket", objectName="reprintButton")
        self.reprint.setVisible(False)
        self.reprint.clicked.connect(self.print_again)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reprint)
        bottom.addStretch(1)
        self.main = QVBoxLayout(self)
        layout = self.main
        # The fonts follow the window (see WaitingDisplay): no minimum size from the layout.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addWidget(title)
        layout.addWidget(office_line)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.priority)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.last_ticket: queue.TicketInfo | None = None
        self._number_html = ""  # the last ticket's message, its number size left open
        self._reset = QTimer(self, singleShot=True, interval=CONFIRM_MS)
        self._reset.timeout.connect(self._back_to_start)
        self._sizes: dict[str, int] = {}
        self._error = False
        self.setMinimumSize(640, 360)  # opened in a window from the counter: still usable
        self.resize(self.sizeHint())
        self._restyle(self.size())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1280, 720)  # the smallest screen it is made for (it fills any other)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._restyle(event.size())
        super().resizeEvent(event)

    def _restyle(self, size: QSize) -> None:
        """Fonts and spacing for a window of ``size`` (a 1366x768 kiosk to a 4K one)."""
        factor = scale(size)
        button_height = size.height() * 0.5 / self._rows
        sizes = {"title": px(52, factor), "office": px(32, factor),
                 "prefix": min(px(64, factor), round(button_height * 0.33)),
                 "name": min(px(34, factor), round(button_height * 0.17)),
                 "priority": px(30, factor), "reprint": px(26, factor),
                 "radius": px(18, factor), "pad": px(14, factor),
                 "message": px(32, factor), "number": px(64, factor)}
        if sizes == self._sizes:
            return
        self._sizes = sizes
        self.setStyleSheet(STYLE.format(**sizes))
        self.message.base_style = MESSAGE_STYLE.format(**sizes)
        self._paint_message()
        margin = px(40, factor)
        self.main.setContentsMargins(margin, px(24, factor), margin, px(24, factor))
        self.main.setSpacing(px(18, factor))
        self.grid.setSpacing(px(18, factor))
        if self._number_html:
            self.message.setText(self._number_html.format(NUMBER_STYLE.format(**sizes)))

    def _paint_message(self) -> None:
        colours = ("color: #b00020; background: #fde7e9;" if self._error else
                   "color: #1b5e20; background: #e6f4ea;" if self._number_html else "")
        self.message.setStyleSheet(self.message.base_style + colours)

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
            self._number_html = (f"Nomor Anda <b style='{{}}'>{ticket.number}</b><br>"
                                 f"{ahead}. Silakan ambil tiket dan tunggu panggilan.")
            self._show(self._number_html.format(NUMBER_STYLE.format(**self._sizes)))

        self.message.run(lambda: print_ticket(db, ticket.id, settings, QtPdfPrinter()),
                         printed, failure=failed, busy=f"Mencetak tiket {ticket.number}...",
                         queue=operations.printer_queue(settings))

    def _show(self, html: str, error: bool = False) -> None:
        if error:
            self._number_html = ""
        self._error = error
        self.message.setText(html)
        self._paint_message()
        self._reset.start()

    def _back_to_start(self) -> None:
        self.reprint.setVisible(False)
        self._number_html = ""
        self._error = False
        self.message.setText("Sentuh layanan yang Anda perlukan.")
        self._paint_message()
