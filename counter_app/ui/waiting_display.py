"""The waiting-room display: the number at each counter, the last calls, the queues.

It follows the ticket events in the database, so a call made at any counter, in any
process or on any PC, shows here (and is announced) within a poll interval.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.db import Database
from counter_app.domain.clock import local, utc_now
from counter_app.domain.dates import format_date
from counter_app.services import queue
from counter_app.services.office import get_office
from counter_app.services.settings import get_display_settings
from counter_app.ui import operations
from counter_app.ui.announcer import Announcer, SoundSink
from counter_app.ui.messages import MessageLine

POLL_MS = 300
MARQUEE_MS = 120
STYLE = """
#display { background: #0d1b2a; }
QLabel { color: #f1f5f9; }
#header { background: #0b4f8a; }
QLabel.counterName { font-size: 26pt; color: #cbd5e1; }
QLabel.counterNumber { font-size: 72pt; font-weight: bold; color: #facc15; }
QFrame#counterBox, QWidget#counterBox { background: #1b263b; border-radius: 16px; }
#recent { font-size: 24pt; }
#waiting { font-size: 26pt; color: #e2e8f0; padding: 8px; }
#marquee { font-size: 24pt; background: #facc15; color: #0d1b2a; padding: 8px; }
#flash { font-size: 40pt; font-weight: bold; color: #0d1b2a; background: #facc15; }
"""


_News = tuple[int, list[queue.DisplayCall], queue.DisplayState | None]


def _read_calls(db: Database, since: int) -> _News:
    """The newest event id, the calls after ``since`` and, when there are, the new state."""
    latest = queue.latest_event_id(db)
    if latest == since:
        return latest, [], None
    return latest, queue.calls_since(db, since), queue.display_state(db)


class WaitingDisplay(QWidget):
    """Full-screen, high contrast, readable across the room."""

    def __init__(self, db: Database, sink: SoundSink | None = None) -> None:
        super().__init__(objectName="display")
        self._db = db
        self.setWindowTitle("Layar Ruang Tunggu - Loket KTP-el")
        self.setStyleSheet(STYLE)
        office = get_office(db)
        settings = get_display_settings(db)
        self.announcer = Announcer(sink, settings.announcement, self)
        header = QWidget(objectName="header")
        self.title = QLabel(f"<b>Layanan KTP-el</b> - {office.title if office else ''}")
        self.title.setStyleSheet("font-size: 24pt;")
        self.clock = QLabel(objectName="clock")
        self.clock.setStyleSheet("font-size: 24pt;")
        top = QHBoxLayout(header)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.clock)

        self.flash = QLabel("", objectName="flash")
        self.flash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.flash.setVisible(False)
        self.counter_numbers: dict[int, QLabel] = {}
        grid = QGridLayout()
        grid.setSpacing(20)
        for index, (_cid, number, name) in enumerate(queue.counters(db)):
            box = QWidget(objectName="counterBox")
            box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            label = QLabel(name)
            label.setProperty("class", "counterName")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("-")
            value.setProperty("class", "counterNumber")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setObjectName(f"counter_{number}")
            inner = QVBoxLayout(box)
            inner.addWidget(label)
            inner.addStretch(1)
            inner.addWidget(value)
            inner.addStretch(2)
            self.counter_numbers[number] = value
            grid.addWidget(box, index // 3, index % 3)
        self.recent = QLabel(objectName="recent")
        self.recent.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.recent.setMinimumWidth(420)
        side = QVBoxLayout()
        side.addWidget(QLabel("<b style='font-size: 24pt'>Panggilan terakhir</b>"))
        side.addWidget(self.recent, 1)
        body = QHBoxLayout()
        body.addLayout(grid, 3)
        body.addLayout(side, 1)
        self.waiting = QLabel(objectName="waiting")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._marquee_text = settings.running_text + "     \u2022     "
        self.marquee = QLabel(self._marquee_text, objectName="marquee")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.flash)
        inner_body = QVBoxLayout()
        inner_body.setContentsMargins(24, 16, 24, 16)
        inner_body.addLayout(body, 1)
        inner_body.addWidget(self.waiting)
        layout.addLayout(inner_body, 1)
        layout.addWidget(self.marquee)

        self.last_event_id = queue.latest_event_id(db)  # announce only what comes after
        self.state: queue.DisplayState | None = None
        self.refresh_state()
        self._line = MessageLine("displayMessage", self)  # never shown: errors retry
        self._line.setVisible(False)
        self._polling: operations.Operation[_News] | None = None
        self.poll_timer = QTimer(self, interval=POLL_MS)
        self.poll_timer.timeout.connect(self.poll)
        self._marquee_timer = QTimer(self, interval=MARQUEE_MS)
        self._marquee_timer.timeout.connect(self._scroll)
        self._flash_timer = QTimer(self, singleShot=True, interval=8000)
        self._flash_timer.timeout.connect(lambda: self.flash.setVisible(False))
        self._tick_clock()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.poll_timer.start()
        self._marquee_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll_timer.stop()
        self._marquee_timer.stop()
        super().hideEvent(event)

    def poll(self) -> None:
        """Check for new calls off the GUI thread; redraw and announce when there are.

        One cheap query every 300 ms; a busy database only delays the next redraw (a poll
        still waiting is not doubled), it never freezes the screen or the clock.
        """
        if self._polling is not None:
            self._tick_clock()
            return
        db, since = self._db, self.last_event_id

        def ended() -> None:
            self._polling = None

        self._polling = self._line.run(lambda: _read_calls(db, since), self._show_calls,
                                       failure=lambda _exc: self._tick_clock(),  # busy: retry
                                       always=ended, busy="")

    def _show_calls(self, news: _News) -> None:
        latest, calls, state = news
        for call in calls:
            self.announcer.announce(call.number, call.prefix, call.seq, call.counter_number)
            self.flash.setText(f"{call.number}  \u2192  {call.counter_name}")
            self.flash.setVisible(True)
            self._flash_timer.start()
        self.last_event_id = latest
        if state is not None:
            self._draw(state)
        else:
            self._tick_clock()

    def refresh_state(self) -> None:
        """Read and redraw the counters, the last calls and the queue lengths now."""
        self._draw(queue.display_state(self._db))

    def _draw(self, state: queue.DisplayState) -> None:
        self.state = state
        for number, label in self.counter_numbers.items():
            label.setText(state.now_called.get(number, "-"))
        lines = [
            f"<span style='color:#facc15'><b>{c.number}</b></span> &rarr; {c.counter_name}"
            f" <span style='color:#94a3b8'>{local(c.at):%H.%M}</span>"
            for c in state.recent_calls
        ]
        self.recent.setText("<br>".join(lines) or "Belum ada panggilan.")
        self.waiting.setText("Menunggu:   " + "     ".join(
            f"<b>{prefix}</b> {state.service_names.get(prefix, '')}: {n}"
            for prefix, n in state.waiting.items()))
        self._tick_clock()

    def _tick_clock(self) -> None:
        now = local(utc_now())
        self.clock.setText(f"{format_date(now.date())}  {now:%H.%M}")

    def _scroll(self) -> None:
        self._marquee_text = self._marquee_text[1:] + self._marquee_text[0]
        self.marquee.setText(self._marquee_text)
