"""The waiting-room display: the number at each counter, the last calls, the queues.

It follows the ticket events in the database, so a call made at any counter, in any
process or on any PC, shows here (and is announced) within a poll interval.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.clock import local, utc_now
from counter_app.domain.dates import format_date
from counter_app.services import queue
from counter_app.services.office import get_office
from counter_app.services.settings import get_display_settings
from counter_app.ui import operations
from counter_app.ui.announcer import Announcer, SoundSink
from counter_app.ui.fit import FitLabel, px, scale
from counter_app.ui.messages import MessageLine

POLL_MS = 300
MARQUEE_MS = 120
RECENT_ROWS = 6  # queue.display_state gives the last six calls
# Sizes in px for a 1920x1080 screen; ``_restyle`` scales them to the real one.
STYLE = """
#display {{ background: #0d1b2a; }}
QLabel {{ color: #f1f5f9; }}
#header {{ background: #0b4f8a; }}
#title, #clock {{ font-size: {head}px; }}
#soundNotice {{ font-size: {small}px; color: #fca5a5; }}
QLabel.counterName {{ font-size: {name}px; color: #cbd5e1; }}
QLabel.counterNumber {{ font-size: {number}px; font-weight: bold; color: #facc15; }}
QFrame#counterBox, QWidget#counterBox {{ background: #1b263b; border-radius: {radius}px; }}
#recentTitle {{ font-size: {recent}px; font-weight: bold; }}
QLabel.recentNumber {{ font-size: {recent}px; font-weight: bold; color: #facc15; }}
QLabel.recentCounter {{ font-size: {recent}px; }}
QLabel.recentTime {{ font-size: {small}px; color: #94a3b8; }}
#waitingTitle {{ font-size: {waiting}px; color: #e2e8f0; }}
QLabel.waitingCount {{ font-size: {waiting}px; font-weight: bold; color: #e2e8f0; }}
QLabel.waitingName {{ font-size: {small}px; color: #cbd5e1; }}
#marquee {{ font-size: {marquee}px; background: #facc15; color: #0d1b2a; }}
#flash {{ font-size: {flash}px; font-weight: bold; color: #0d1b2a; background: #facc15; }}
"""


_News = tuple[int, list[queue.DisplayCall], queue.DisplayState | None]


def _read_calls(db: Database, since: int) -> _News:
    """The newest event id, the calls after ``since`` and, when there are, the new state."""
    latest = queue.latest_event_id(db)
    if latest == since:
        return latest, [], None
    return latest, queue.calls_since(db, since), queue.display_state(db)


def _styled(widget: QLabel, css_class: str) -> QLabel:
    widget.setProperty("class", css_class)
    return widget


class Marquee(QWidget):
    """The running text: painted at a moving offset, so it never widens the window."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="marquee")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._text = text
        self._offset = 0

    def text(self) -> str:
        """The whole running text."""
        return self._text

    def step(self, pixels: int) -> None:
        """Move the text ``pixels`` to the left, round and round."""
        loop = max(1, self.fontMetrics().horizontalAdvance(self._text + self.GAP))
        self._offset = (self._offset + pixels) % loop
        self.update()

    GAP = "     \u2022     "

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(100, round(self.fontMetrics().height() * 1.6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        option = QStyleOption()
        option.initFrom(self)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        loop = self._text + self.GAP
        advance = max(1, self.fontMetrics().horizontalAdvance(loop))
        x = -self._offset
        while x < self.width():
            painter.drawText(QRect(x, 0, advance, self.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             loop)
            x += advance
        painter.end()


class WaitingDisplay(QWidget):
    """Full-screen, high contrast, readable across the room, on any screen size.

    Every font follows the window's size (``resizeEvent``), and names are elided to the
    room they have, so a 1280x720 TV shows the same screen as a 4K one, smaller.
    """

    def __init__(self, db: Database, sink: SoundSink | None = None) -> None:
        super().__init__(objectName="display")
        self._db = db
        self.setWindowTitle("Layar Ruang Tunggu - Loket KTP-el")
        office = get_office(db)
        settings = get_display_settings(db)
        self.announcer = Announcer(sink, settings.announcement, self)
        self.sound_notice = QLabel("", objectName="soundNotice")
        self.sound_notice.setVisible(False)
        self.announcer.audio_unavailable.connect(self._no_sound)
        header = QWidget(objectName="header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = FitLabel(f"Layanan KTP-el - {office.title if office else ''}",
                              object_name="title")
        self.clock = QLabel(objectName="clock")
        self.top = QHBoxLayout(header)
        self.top.addWidget(self.title, 1)
        self.top.addWidget(self.sound_notice)
        self.top.addWidget(self.clock)

        self.flash = FitLabel("", object_name="flash")
        self.flash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.flash.setVisible(False)
        self.counter_numbers: dict[int, QLabel] = {}
        self.counter_boxes: list[QWidget] = []
        self.grid = QGridLayout()
        counters = queue.counters(db)
        self._columns = max(1, min(len(counters), 3 if len(counters) <= 6 else 4))
        self._rows = max(1, -(-len(counters) // self._columns))
        for index, (_cid, number, name) in enumerate(counters):
            box = QWidget(objectName="counterBox")
            box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            label = _styled(FitLabel(name), "counterName")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = _styled(QLabel("-"), "counterNumber")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setObjectName(f"counter_{number}")
            inner = QVBoxLayout(box)
            inner.addWidget(label)
            inner.addStretch(1)
            inner.addWidget(value)
            inner.addStretch(1)
            self.counter_numbers[number] = value
            self.counter_boxes.append(box)
            self.grid.addWidget(box, index // self._columns, index % self._columns)
        for column in range(self._columns):
            self.grid.setColumnStretch(column, 1)
        for row in range(self._rows):
            self.grid.setRowStretch(row, 1)
        side = QVBoxLayout()
        side.addWidget(FitLabel("Panggilan terakhir", object_name="recentTitle"))
        self.recent_rows: list[tuple[QLabel, FitLabel, QLabel]] = []
        for _ in range(RECENT_ROWS):
            line = QHBoxLayout()
            number_label = _styled(QLabel(""), "recentNumber")
            counter_label = FitLabel("")
            _styled(counter_label, "recentCounter")
            time_label = _styled(QLabel(""), "recentTime")
            line.addWidget(number_label)
            line.addWidget(counter_label, 1)
            line.addWidget(time_label)
            side.addLayout(line)
            self.recent_rows.append((number_label, counter_label, time_label))
        side.addStretch(1)
        self.body = QHBoxLayout()
        self.body.addLayout(self.grid, 3)
        self.body.addLayout(side, 1)
        self.waiting_row = QHBoxLayout()
        self.waiting_row.addWidget(QLabel("Menunggu:", objectName="waitingTitle"),
                                   0, Qt.AlignmentFlag.AlignTop)
        self.waiting_cells: dict[str, tuple[QLabel, FitLabel]] = {}
        self.marquee = Marquee(settings.running_text)
        layout = QVBoxLayout(self)
        # The fonts follow the window, not the other way round (a minimum size taken from
        # the 4K fonts would keep the window from ever getting smaller again).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.flash)
        self.inner_body = QVBoxLayout()
        self.inner_body.addLayout(self.body, 1)
        self.inner_body.addLayout(self.waiting_row)
        layout.addLayout(self.inner_body, 1)
        layout.addWidget(self.marquee)
        self._factor = 0.0
        self.setMinimumSize(640, 360)  # opened in a window from the counter: still usable
        self.resize(self.sizeHint())
        self._restyle(self.size())

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

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(1280, 720)  # the smallest screen it is made for (it fills any other)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._restyle(event.size())
        super().resizeEvent(event)

    def _no_sound(self, _reason: str) -> None:
        """One quiet notice for the staff; the calls keep showing on the screen."""
        self.sound_notice.setText("Tanpa suara")
        self.sound_notice.setToolTip(f"Suara panggilan tidak tersedia: {_reason}")
        self.sound_notice.setVisible(True)

    def _restyle(self, size: QSize) -> None:
        """Fonts, margins and spacing for a window of ``size``."""
        factor = scale(size)
        if abs(factor - self._factor) < 0.005:
            return
        self._factor = factor
        # The counter number must fit its box: the boxes share about 55 % of the height.
        box_height = size.height() * 0.55 / self._rows
        box_width = size.width() * 0.72 / self._columns
        number = min(px(120, factor), round(box_height * 0.42), round(box_width / 3.8))
        name = min(px(40, factor), round(box_height * 0.2))
        self.setStyleSheet(STYLE.format(
            head=px(36, factor), name=name, number=number, radius=px(16, factor),
            recent=px(34, factor), small=px(26, factor), waiting=px(34, factor),
            marquee=px(34, factor), flash=px(60, factor)))
        margin = px(24, factor)
        self.top.setContentsMargins(margin, px(8, factor), margin, px(8, factor))
        self.inner_body.setContentsMargins(margin, px(16, factor), margin, px(12, factor))
        self.inner_body.setSpacing(px(12, factor))
        self.grid.setSpacing(px(20, factor))
        self.body.setSpacing(px(24, factor))
        self.waiting_row.setSpacing(px(24, factor))

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
            self.flash.set_full_text(f"{call.number}  \u2192  {call.counter_name}")
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
        for index, (number_label, counter_label, time_label) in enumerate(self.recent_rows):
            call = state.recent_calls[index] if index < len(state.recent_calls) else None
            number_label.setText(call.number if call else "")
            time_label.setText(f"{local(call.at):%H.%M}" if call else "")
            counter_label.set_full_text(
                f"\u2192 {call.counter_name}" if call
                else ("Belum ada panggilan." if index == 0 else ""))
        self._draw_waiting(state)
        self._tick_clock()

    def _draw_waiting(self, state: queue.DisplayState) -> None:
        """One cell per service: the count, and the name under it (elided when long)."""
        if list(self.waiting_cells) != list(state.waiting):
            for count, name in self.waiting_cells.values():
                count.deleteLater()
                name.deleteLater()
            while self.waiting_row.count() > 1:
                item = self.waiting_row.takeAt(1)
                old = item.layout() if item is not None else None
                if old is not None:
                    old.deleteLater()
            self.waiting_cells = {}
            for prefix in state.waiting:
                cell = QVBoxLayout()
                cell.setSpacing(0)
                count = _styled(QLabel(), "waitingCount")
                name = FitLabel(max_lines=2)
                _styled(name, "waitingName")
                cell.addWidget(count)
                cell.addWidget(name)
                self.waiting_row.addLayout(cell, 1)
                self.waiting_cells[prefix] = (count, name)
        for prefix, waiting in state.waiting.items():
            count, name = self.waiting_cells[prefix]
            count.setText(f"{prefix}: {waiting}")
            name.set_full_text(state.service_names.get(prefix, ""))

    def waiting_text(self) -> str:
        """What the waiting row says, names in full (for tests and screen readers)."""
        return "  ".join(f"{count.text()} {name.full_text()}"
                         for count, name in self.waiting_cells.values())

    def recent_text(self) -> str:
        """The last calls as shown, one per line."""
        return "\n".join(" ".join(part for part in (n.text(), c.full_text(), t.text()) if part)
                         for n, c, t in self.recent_rows if n.text() or c.full_text())

    def _tick_clock(self) -> None:
        now = local(utc_now())
        self.clock.setText(f"{format_date(now.date())}  {now:%H.%M}")

    def _scroll(self) -> None:
        self.marquee.step(max(2, round(6 * self._factor)))
