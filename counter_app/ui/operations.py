"""The one way a screen runs slow work off the GUI thread.

Modelled on Anki's ``QueryOp``: the call runs in a worker thread (a shared pool, or a
named serial queue such as one per printer), and its outcome comes back on the GUI
thread: the result to ``success``; a ``CounterError`` to ``failure`` or else to the
screen's message line; anything else to the crash reporter. While work runs the
message line shows what is happening and the cursor says "busy". A screen never starts
its own thread.

The work itself must not touch widgets: it calls services (each opens its own
database session) and returns plain data.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication

from counter_app.domain.errors import CounterError
from counter_app.printing.paper import PrinterSettings
from counter_app.ui.messages import MessageLine

T = TypeVar("T")

POOL_THREADS = 4


class _Relay(QObject):
    """Lives in the GUI thread; runs there what worker threads hand it.

    The callbacks wait in a thread-safe deque and only an argument-less signal crosses
    the threads: no Python object travels inside a queued Qt event (such events can
    outlive the interpreter at exit).
    """

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._waiting: deque[Callable[[], None]] = deque()
        self.wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def deliver(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` on the GUI thread soon (callable from any thread)."""
        self._waiting.append(callback)
        self.wake.emit()

    def _drain(self) -> None:
        while self._waiting:
            self._waiting.popleft()()


@dataclass(eq=False)
class Operation(Generic[T]):
    """One piece of background work; ``cancel`` asks cooperative work to stop."""

    label: str
    future: Future[T] | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """Ask the work to stop (it checks ``cancelled``); its outcome is still delivered."""
        self.cancelled.set()

    def done(self) -> bool:
        """True once the outcome was delivered on the GUI thread."""
        return self not in _pending


_relay: _Relay | None = None
_pool: ThreadPoolExecutor | None = None
_serial: dict[str, ThreadPoolExecutor] = {}
_pending: set[Operation[Any]] = set()
_lock = threading.Lock()


def _executor(queue: str | None) -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if queue is None:
            if _pool is None:
                _pool = ThreadPoolExecutor(POOL_THREADS, thread_name_prefix="op")
            return _pool
        if queue not in _serial:
            # One thread per named queue: two prints to one printer never interleave.
            _serial[queue] = ThreadPoolExecutor(1, thread_name_prefix=f"queue-{queue[:20]}")
        return _serial[queue]


def _relay_instance() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def report_crash(exc: BaseException) -> None:
    """Hand an unexpected exception to the crash reporter (replaced in tests)."""
    from counter_app.ui.errors import reporter

    reporter().report(type(exc), exc, exc.__traceback__)


def run(line: MessageLine, work: Callable[[], T], success: Callable[[T], None] | None = None,
        *, failure: Callable[[CounterError], None] | None = None,
        always: Callable[[], None] | None = None,
        busy: str = "Sedang memproses...", queue: str | None = None) -> Operation[T]:
    """Run ``work`` in the background; deliver its outcome on the GUI thread.

    Args:
        line: the screen's message line: shows ``busy`` while the work runs and a
            CounterError's message when there is no ``failure`` callback.
        work: the slow call (services only, no widgets).
        success: called with the result on the GUI thread.
        failure: called with a CounterError on the GUI thread instead of the line.
        always: called first, whatever the outcome (also after a bug): to make the
            screen usable again (buttons enabled, progress hidden).
        busy: what the line says meanwhile ("" to leave the line alone).
        queue: a serial queue's name (e.g. a printer): work with the same name runs
            one at a time in order.

    Returns:
        The operation, to cancel or to wait for.
    """
    relay = _relay_instance()
    op: Operation[T] = Operation(busy or "tugas")
    if busy:
        line.busy(busy)
    _started(op)

    def finish(future: Future[T]) -> None:
        _finished(op)
        if busy and shiboken6.isValid(line):
            line.end_busy()
        alive = shiboken6.isValid(line)
        if always is not None and alive:
            always()
        error = future.exception()
        if error is None:
            if success is not None and shiboken6.isValid(line):
                success(future.result())
        elif isinstance(error, CounterError):
            if not shiboken6.isValid(line):
                return  # the screen is gone; a known error needs no one
            if failure is not None:
                failure(error)
            else:
                line.error(error.message)
        else:
            report_crash(error)

    future = _executor(queue).submit(work)
    op.future = future
    pending_finish: list[Callable[[Future[T]], None]] = [finish]

    def done(f: Future[T]) -> None:
        # Hand the outcome over once and keep no reference to the screen afterwards:
        # a future outlives its delivery in the pool's bookkeeping.
        if pending_finish:
            deliver = pending_finish.pop()
            relay.deliver(lambda: deliver(f))

    future.add_done_callback(done)
    return op


def _started(op: Operation[T]) -> None:
    if not _pending:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    _pending.add(op)


def _finished(op: Operation[T]) -> None:
    _pending.discard(op)
    if not _pending:
        QGuiApplication.restoreOverrideCursor()


def on_gui_thread(callback: Callable[[], None]) -> None:
    """Run ``callback`` on the GUI thread soon; work in the background reports progress so."""
    _relay_instance().deliver(callback)


def printer_queue(settings: PrinterSettings) -> str:
    """The serial queue of one printer: the same device, the same queue."""
    return f"printer:{settings.output.value}:{settings.transport.value}:{settings.target}"


def pending() -> int:
    """How many operations have not delivered their outcome yet."""
    return len(_pending)


def wait_all(timeout_s: float = 30.0) -> None:
    """Process events until every operation delivered its outcome (tests, shutdown)."""
    app = QCoreApplication.instance()
    assert app is not None and QThread.currentThread() is app.thread()
    # QEventLoop.processEvents, not QCoreApplication.processEvents: with PySide6 6.12 on
    # CPython 3.11 the static one drops a reference to None on every call, and a few
    # thousand calls abort the interpreter ("none_dealloc").
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    while _pending and time.monotonic() < deadline:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    if _pending:
        raise TimeoutError(f"{len(_pending)} operasi belum selesai")
