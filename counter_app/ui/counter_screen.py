"""The counter (loket) screen: call, recall, no-show, transfer, serve, finish.

Every action has a function key, so a clerk serves the line without the mouse. The
current ticket lives in the database, so it is still there after a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.errors import CounterError
from counter_app.domain.queue import TicketStatus
from counter_app.printing.output import printed_as
from counter_app.services import queue
from counter_app.services.actor import Actor
from counter_app.services.ticket_printing import print_ticket
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import make_table

REFRESH_MS = 2000


def minutes(seconds: int) -> str:
    """``12:05`` for a waiting time."""
    return f"{seconds // 60:d}:{seconds % 60:02d}"


def this_pc_counter(db: Database) -> int | None:
    """The counter this PC serves as: the one in its config, else the first one (saved).

    The counter screen and the Perekaman area both ask this, so a recording is linked
    to the ticket the counter screen shows even when the choice was never changed.
    A back-office PC serves at no counter.
    """
    config = local_config.load()
    if config.pc_role in ("kiosk", "display", "backoffice"):
        return None
    counters = queue.counters(db)
    chosen = next((cid for cid, n, _ in counters if n == config.counter_number), None)
    if chosen is None and counters:
        chosen = counters[0][0]
        local_config.save(local_config.with_counter(config, counters[0][1]))
    return chosen


class CounterScreenView(QWidget):
    """Layout only: the current ticket, the action buttons, the lists, the counts."""

    ACTIONS = (
        ("call_next", "Panggil berikutnya", "F2"),
        ("recall", "Panggil ulang", "F3"),
        ("no_show", "Tidak hadir", "F4"),
        ("start", "Mulai layani", "F5"),
        ("finish", "Selesai", "F6"),
        ("transfer", "Alihkan...", "F7"),
        ("call_number", "Panggil nomor...", "F8"),
        ("new_ticket", "Tiket baru", "F9"),
        ("restore", "Kembalikan ke antrean", "F10"),
        ("reprint", "Cetak ulang tiket", "F11"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.counter = QComboBox(objectName="counterChoice")
        self.priority = QCheckBox("Prioritas (disabilitas, lansia, ibu hamil, membawa balita)",
                                  objectName="priorityCheck")
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Antrean</h2>"))
        top.addSpacing(16)
        top.addWidget(QLabel("Komputer ini:"))
        top.addWidget(self.counter)
        top.addStretch(1)
        self.record = QPushButton("Rekam pemohon  [Ctrl+N]", objectName="recordApplicant")
        self.record.setToolTip("Buka perekaman untuk tiket yang sedang dilayani")
        top.addWidget(self.record)
        self.open_kiosk = QPushButton("Buka layar kios", objectName="openKiosk")
        self.open_display = QPushButton("Buka layar ruang tunggu", objectName="openDisplay")
        top.addWidget(self.open_kiosk)
        top.addWidget(self.open_display)

        self.number = QLabel("", objectName="currentNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setMinimumHeight(110)  # the same height with or without a ticket
        self.number.setStyleSheet("font-size: 64pt; font-weight: bold; color: #0b4f8a;")
        self.detail = QLabel("Belum ada tiket dipanggil.", objectName="currentDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-size: 14pt;")
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, (key, label, key_name) in enumerate(self.ACTIONS):
            button = QPushButton(f"{label}  [{key_name}]", objectName=f"btn_{key}")
            button.setMinimumHeight(40)
            self.buttons[key] = button
            grid.addWidget(button, index // 2, index % 2)
        self.buttons["call_next"].setStyleSheet("font-weight: bold;")
        current = QGroupBox("Tiket sekarang")
        current_layout = QVBoxLayout(current)
        current_layout.addStretch(1)
        current_layout.addWidget(self.number)
        current_layout.addWidget(self.detail)
        current_layout.addStretch(1)
        current_layout.addLayout(grid)
        current_layout.addWidget(self.priority)

        self.waiting = make_table(["Nomor", "Layanan", "Prioritas", "Menunggu", "Untuk loket"],
                              "waitingTable")
        self.no_shows = make_table(["Nomor", "Layanan", "Sejak ambil tiket"], "noShowTable")
        self.no_shows.setMaximumHeight(160)
        lists = QVBoxLayout()
        lists.addWidget(QLabel("<b>Menunggu</b>"))
        lists.addWidget(self.waiting, 3)
        lists.addWidget(QLabel("<b>Tidak hadir</b> (pilih lalu F10 untuk mengembalikan)"))
        lists.addWidget(self.no_shows, 1)

        body = QHBoxLayout()
        body.addWidget(current, 2)
        body.addLayout(lists, 3)
        self.counts = QLabel(objectName="todayCounts")
        self.message = MessageLine("counterMessage", framed=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.message)


class CounterScreen(CounterScreenView):
    """Behaviour: each button and key calls one queue service, then the screen refreshes."""

    # Ctrl+N: record the person at the counter (the main window opens Perekaman).
    record_requested = Signal()

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.view: queue.CounterView | None = None
        self.last_ticket_id: int | None = None  # the last ticket printed here
        self._windows: list[QWidget] = []
        # The counter shown is the counter this PC serves as (saved when it was not yet),
        # so the recording started here links the ticket (issue 13).
        serving = this_pc_counter(db)
        for counter_id, _number, name in queue.counters(db):
            self.counter.addItem(name, counter_id)
            if counter_id == serving:
                self.counter.setCurrentIndex(self.counter.count() - 1)
        self.counter.currentIndexChanged.connect(lambda *_: self._counter_changed())
        handlers = {
            "call_next": self.call_next, "recall": self.recall, "no_show": self.no_show,
            "start": self.start, "finish": self.finish, "transfer": self.transfer,
            "call_number": self.call_number, "new_ticket": self.new_ticket,
            "restore": self.restore, "reprint": self.reprint,
        }
        for key, _label, key_name in self.ACTIONS:
            self.buttons[key].clicked.connect(handlers[key])
            # Window-wide while this area is on screen (a hidden area's shortcuts are
            # off): F2 works right after login, and after a click in the area list.
            shortcut = QShortcut(QKeySequence(key_name), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handlers[key])
        self.record.clicked.connect(self.record_applicant)
        record_key = QShortcut(QKeySequence("Ctrl+N"), self)
        record_key.setContext(Qt.ShortcutContext.WindowShortcut)
        record_key.activated.connect(self.record_applicant)
        self.open_kiosk.clicked.connect(self._open_kiosk)
        self.open_display.clicked.connect(self._open_display)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_in_background)
        self._polling: operations.Operation[queue.CounterView] | None = None
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # A screen nobody sees does not poll the database.
        self.timer.stop()
        super().hideEvent(event)

    @property
    def counter_id(self) -> int | None:
        """The counter this PC serves as."""
        value = self.counter.currentData()
        return int(value) if value is not None else None

    def _counter_changed(self, refresh: bool = True) -> None:
        number = next((n for cid, n, _ in queue.counters(self._db) if cid == self.counter_id), None)
        local_config.save(local_config.with_counter(local_config.load(), number))
        if refresh:
            self.refresh()

    def first_focus(self) -> QWidget:
        """Where the keyboard starts in this area: the call button (F2 works anywhere)."""
        return self.buttons["call_next"]

    def _run(self, action: Callable[..., queue.TicketInfo | None],
             *args: object) -> tuple[bool, queue.TicketInfo | None]:
        """Run one queue action for this counter: (succeeded, its ticket)."""
        if self.counter_id is None:
            self.message.error("Belum ada loket. Admin perlu menambahkan loket.")
            return False, None
        counter_id = self.counter_id
        outcome: list[queue.TicketInfo | None] = []
        try:
            ok = self.message.attempt(
                lambda: outcome.append(action(self._db, self._actor, counter_id, *args)))
        finally:
            self.refresh()
        return ok, outcome[0] if outcome else None

    def call_next(self) -> None:
        """F2: the next ticket by the priority policy."""
        ok, ticket = self._run(queue.call_next)
        if ticket is not None:
            self.message.say(f"Memanggil {ticket.number} ke {self.counter.currentText()}.")
        elif ok:
            self.message.say("Tidak ada antrean yang menunggu.")

    def recall(self) -> None:
        """F3: call the current ticket again."""
        _, ticket = self._run(queue.recall)
        if ticket:
            self.message.say(f"Memanggil ulang {ticket.number} (ke-{ticket.call_count}).")

    def no_show(self) -> None:
        """F4: the called person did not come."""
        _, ticket = self._run(queue.mark_no_show)
        if ticket:
            self.message.say(f"{ticket.number} ditandai tidak hadir. Dapat dikembalikan "
                             "dengan F10.")

    def start(self) -> None:
        """F5: the person is at the counter."""
        _, ticket = self._run(queue.start_service)
        if ticket:
            self.message.say(f"Melayani {ticket.number}.")

    def record_applicant(self) -> None:
        """Ctrl+N: open the recording for the ticket at this counter.

        A called ticket's person is at the counter, so serving starts first (said on
        screen, as F5 says it).
        """
        current = self.view.current if self.view is not None else None
        if current is not None and current.status is TicketStatus.CALLED:
            self.start()
        self.record_requested.emit()

    def finish(self) -> None:
        """F6: service done."""
        _, ticket = self._run(queue.finish)
        if ticket:
            self.message.say(f"{ticket.number} selesai dilayani.")

    def transfer(self) -> None:
        """F7: send the current ticket to another service or counter (same number)."""
        if self.view is None or self.view.current is None:
            self.message.error("Tidak ada tiket yang sedang dipanggil di loket ini.")
            return
        options = [f"Layanan {s.prefix} - {s.name}" for s in queue.list_services(self._db)]
        options += [f"{name}" for cid, _n, name in queue.counters(self._db)
                    if cid != self.counter_id]
        choice = dialogs.choose(self, "Alihkan tiket",
                                f"Alihkan {self.view.current.number} ke:", options)
        if not choice:
            return
        if choice.startswith("Layanan "):
            ticket = self._transfer(to_service=choice.split()[1])
        else:
            number = next(n for _cid, n, name in queue.counters(self._db) if name == choice)
            ticket = self._transfer(to_counter_number=number)
        if ticket:
            where = (f"layanan {ticket.service_prefix}" if ticket.target_counter_number is None
                     else f"Loket {ticket.target_counter_number}")
            self.message.say(f"{ticket.number} dialihkan ke {where}; nomornya tetap.")

    def _transfer(self, to_service: str | None = None,
                  to_counter_number: int | None = None) -> queue.TicketInfo | None:
        def move(db: Database, actor: Actor, counter_id: int) -> queue.TicketInfo:
            return queue.transfer(db, actor, counter_id, to_service=to_service,
                              to_counter_number=to_counter_number)

        return self._run(move)[1]

    def call_number(self) -> None:
        """F8: call a ticket by its number (typed or scanned)."""
        number = dialogs.ask_text(self, "Panggil nomor", "Nomor antrean (mis. A-012):")
        if number:
            _, ticket = self._run(queue.call_number, number)
            if ticket:
                self.message.say(f"Memanggil {ticket.number} ke {self.counter.currentText()}.")

    def new_ticket(self) -> None:
        """F9: issue a ticket for someone at the counter, then print it."""
        services = queue.list_services(self._db)
        choice = dialogs.choose(self, "Tiket baru", "Layanan:",
                                [f"{s.prefix} - {s.name}" for s in services])
        if not choice:
            return
        def issue() -> None:
            ticket = queue.issue_ticket(self._db, choice.split(" - ")[0],
                                    priority=self.priority.isChecked(), source="counter",
                                    actor=self._actor)
            self.priority.setChecked(False)
            self.last_ticket_id = ticket.id
            self._print(ticket.id, ticket.number)

        if self.message.attempt(issue):
            self.refresh()

    def reprint(self) -> None:
        """F11: print the last ticket issued here again (recorded as a reprint)."""
        if self.last_ticket_id is None:
            self.message.error("Belum ada tiket yang dicetak dari loket ini.")
            return
        self._print(self.last_ticket_id, None)

    def _print(self, ticket_id: int, number: str | None) -> None:
        """Print on this PC's ticket printer, in its queue (two prints never interleave)."""
        from counter_app.ui.qt_printing import QtPdfPrinter

        settings = local_config.load().ticket_printer
        db, actor = self._db, self._actor

        def printed(outcome: tuple[queue.TicketInfo, str]) -> None:
            ticket, where = outcome
            kind = "dicetak ulang" if ticket.print_count > 1 else "dicetak"
            self.message.say(f"Tiket {ticket.number} {printed_as(kind, where)}.")

        def failed(exc: CounterError) -> None:
            self.message.error(f"Tiket {number or ''} tersimpan, tetapi gagal dicetak: "
                               f"{exc.message} Tekan F11 untuk cetak ulang.")

        self.message.run(lambda: print_ticket(db, ticket_id, settings, QtPdfPrinter(), actor),
                         printed, failure=failed, busy="Mencetak tiket...",
                         queue=operations.printer_queue(settings))

    def restore(self) -> None:
        """F10: put the selected no-show ticket back in the queue."""
        row = self.no_shows.currentRow()
        if self.view is None or row < 0 or row >= len(self.view.no_shows):
            self.message.error("Pilih tiket tidak hadir yang akan dikembalikan.")
            return
        ticket_id = self.view.no_shows[row].id
        try:
            self.message.attempt(
                lambda: f"{queue.restore(self._db, self._actor, ticket_id).number} kembali ke "
                        "antrean.")
        finally:
            self.refresh()

    def refresh_in_background(self) -> None:
        """The two-second poll: read off the GUI thread, so a busy database never blocks it."""
        counter_id = self.counter_id
        if counter_id is None or self._polling is not None:
            return  # the last poll is still waiting for the database

        def ended() -> None:
            self._polling = None

        db = self._db
        self._polling = self.message.run(lambda: queue.counter_view(db, counter_id), self.show_view,
                                         busy="", always=ended)

    def refresh(self) -> None:
        """Reload the counter's view from the database now (after an action)."""
        if self.counter_id is None:
            return
        counter_id = self.counter_id
        self.message.attempt(lambda: self.show_view(queue.counter_view(self._db, counter_id)))

    def show_view(self, view: queue.CounterView) -> None:
        """Draw the current ticket, the lists and the counts."""
        self.view = view
        current = view.current
        if current is None:
            self.number.setText("")
            self.detail.setText("Belum ada tiket dipanggil. Tekan F2 untuk memanggil.")
        else:
            self.number.setText(current.number)
            prio = " - PRIORITAS" if current.priority else ""
            if current.status is TicketStatus.SERVING:
                state = "Sedang dilayani"
            else:
                state = f"Dipanggil {current.call_count}x, menunggu kedatangan"
            waited = ""
            if current.first_called_at is not None:
                seconds = int((current.first_called_at - current.issued_at).total_seconds())
                waited = f"\nMenunggu {minutes(seconds)} sebelum dipanggil"
            self.detail.setText(f"{current.service_name}{prio}\n{state}{waited}")
        rows = [w for prefix in view.service_prefixes for w in view.waiting.get(prefix, [])]
        self.waiting.setRowCount(len(rows))
        for r, w in enumerate(rows):
            values = [w.number, w.service_prefix, "Ya" if w.priority else "",
                      minutes(w.waited_seconds),
                      f"Loket {w.target_counter_number}" if w.target_counter_number else ""]
            for c, value in enumerate(values):
                self.waiting.setItem(r, c, QTableWidgetItem(value))
        selected = self.no_shows.currentRow()
        self.no_shows.setRowCount(len(view.no_shows))
        for r, w in enumerate(view.no_shows):
            for c, value in enumerate([w.number, w.service_prefix, minutes(w.waited_seconds)]):
                self.no_shows.setItem(r, c, QTableWidgetItem(value))
        if 0 <= selected < len(view.no_shows):
            self.no_shows.selectRow(selected)
        counts = view.counts
        self.counts.setText(f"Hari ini di {view.counter_name}: dilayani {counts.served}, "
                            f"tidak hadir {counts.no_show}. Antrean layanan loket ini: "
                            f"{counts.waiting} menunggu dari {counts.issued} tiket.")

    def _open_kiosk(self) -> None:
        from counter_app.ui.kiosk import KioskWindow

        window = KioskWindow(self._db)
        window.show()
        self._windows.append(window)

    def _open_display(self) -> None:
        from counter_app.ui.waiting_display import WaitingDisplay

        window = WaitingDisplay(self._db)
        window.show()
        self._windows.append(window)
