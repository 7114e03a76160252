"""Known errors become a message; anything else is a bug: logged, shown in a crash dialog.

Services run each action in one transaction, so a bug in the middle of one rolls it
back and the data stays as it was.

``install_excepthook`` routes every way a bug can surface to one ``CrashReporter``:
exceptions in Qt slots (``sys.excepthook``), in other threads (``threading.excepthook``),
Qt's own warnings (its message handler, to the log), and hard crashes (``faulthandler``,
to a file in the log folder). While the crash dialog is open, further exceptions (a
timer firing inside its event loop, say) are logged and saved, never stacked as more
dialogs. Neither the log nor a crash report holds a full NIK or SQL parameters.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from counter_app.domain.errors import CounterError
from counter_app.logs import configure_logging, log_dir, mask_personal_data, strip_sql_parameters
from counter_app.paths import private_dir, write_private
from counter_app.ui import dialogs

log = logging.getLogger(__name__)

T = TypeVar("T")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def show_error(
    parent: QWidget | None, error: CounterError, title: str = "Tidak dapat diproses"
) -> None:
    """Tell the user what went wrong, in the words of the error."""
    dialogs.warn(parent, title, error.message)


def attempt_or_warn(parent: QWidget | None, title: str, action: Callable[[], T]) -> T | None:
    """Run ``action``; a ``CounterError`` becomes a warning dialog and the result None.

    The dialog counterpart of ``MessageLine.call`` for places with no message line
    (opening the database before any window exists).
    """
    try:
        return action()
    except CounterError as exc:
        show_error(parent, exc, title)
        return None


def crash_log_dir() -> Path:
    """Where crash reports are written (the log folder)."""
    return log_dir()


def crash_text(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> str:
    """The traceback as saved and shown: no SQL parameters, every NIK masked."""
    strip_sql_parameters(exc)
    return mask_personal_data("".join(traceback.format_exception(exc_type, exc, tb)))


def write_crash_report(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> Path | None:
    """Save the traceback to a timestamped file; None when even that fails."""
    try:
        folder = crash_log_dir()
        private_dir(folder)  # owner-only: a report may name the data being worked on
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        write_private(path, crash_text(exc_type, exc, tb).encode("utf-8"))
        return path
    except OSError:
        return None


def open_folder(folder: Path) -> None:
    """Open ``folder`` in the system's file manager."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _indonesian_details_button(box: QMessageBox) -> None:
    """Qt ships no Indonesian translation: name the "Show Details..." button ourselves."""
    for button in box.findChildren(QPushButton):
        if "Details" in button.text():
            button.setText("Rincian...")

            def relabel(_checked: bool = False, button: QPushButton = button) -> None:
                shown = "Hide" in button.text() or button.text() == "Tutup rincian"
                button.setText("Tutup rincian" if shown else "Rincian...")

            button.clicked.connect(relabel)


def show_crash_dialog(parent: QWidget | None, report: Path | None, details: str) -> None:
    """The modal crash dialog; offers to open the log folder (tests replace it)."""
    where = f"\n\nLaporan disimpan di:\n{report}" if report else ""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Terjadi kesalahan program",
        "Maaf, terjadi kesalahan di dalam aplikasi. Tindakan terakhir dibatalkan dan data "
        "yang sudah tersimpan tetap utuh. Laporkan kejadian ini ke admin." + where,
        parent=parent,
    )
    box.setDetailedText(details)
    _indonesian_details_button(box)
    folder_button = box.addButton("Buka folder log", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Tutup", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is folder_button:
        open_folder(report.parent if report else crash_log_dir())


class CrashReporter:
    """Logs and saves every unexpected exception; shows at most one dialog at a time."""

    def __init__(self) -> None:
        self.dialog_open = False

    def report(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        """Handle one exception on the GUI thread."""
        if isinstance(exc, CounterError):  # a known error that escaped a handler
            show_error(QApplication.activeWindow(), exc)
            return
        details = crash_text(exc_type, exc, tb)
        log.error("Kesalahan tak terduga", exc_info=(exc_type, exc, tb))
        report = write_crash_report(exc_type, exc, tb)
        if self.dialog_open:
            log.error("Kesalahan lain selama dialog kesalahan terbuka: hanya dicatat (%s)",
                      report)
            return
        self.dialog_open = True
        try:
            show_crash_dialog(QApplication.activeWindow(), report, details)
        finally:
            self.dialog_open = False


_reporter = CrashReporter()


def reporter() -> CrashReporter:
    """The application's one crash reporter."""
    return _reporter


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    reporter().report(exc_type, exc, tb)


class _ThreadRelay(QObject):
    """Brings an exception from another thread to the GUI thread's reporter.

    The exception waits in a deque; only an argument-less signal crosses the threads.
    """

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._waiting: deque[ExcInfo] = deque()
        self.wake.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def crashed(self, info: ExcInfo) -> None:
        """Queue ``info`` for the reporter (callable from any thread)."""
        self._waiting.append(info)
        self.wake.emit()

    def _report(self) -> None:
        while self._waiting:
            reporter().report(*self._waiting.popleft())


_thread_relay: _ThreadRelay | None = None


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or args.exc_type is SystemExit:
        return
    info: ExcInfo = (args.exc_type, args.exc_value, args.exc_traceback)
    if _thread_relay is not None and QCoreApplication.instance() is not None:
        _thread_relay.crashed(info)
    else:
        log.error("Kesalahan tak terduga di thread %s",
                  args.thread.name if args.thread else "?", exc_info=info)


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


_previous_qt_handler: object = None


def _qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s (%s:%s)", message,
                context.file or "?", context.line)
    if callable(_previous_qt_handler):  # e.g. pytest-qt's capture
        _previous_qt_handler(mode, context, message)


_fault_file: IO[str] | None = None


def install_excepthook() -> None:
    """Route every exception, Qt message and hard crash to the log and the crash dialog."""
    global _thread_relay, _fault_file, _previous_qt_handler
    try:
        configure_logging()
    except OSError:  # a read-only data folder must not stop the app
        log.warning("Log tidak dapat ditulis di %s", log_dir())
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    if QCoreApplication.instance() is not None and _thread_relay is None:
        _thread_relay = _ThreadRelay()
    previous = qInstallMessageHandler(_qt_message_handler)
    if previous is not _qt_message_handler:
        _previous_qt_handler = previous
    if _fault_file is None:
        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            _fault_file = open(folder / "faulthandler.log", "a", encoding="utf-8")  # noqa: SIM115
            faulthandler.enable(_fault_file)
        except OSError:
            _fault_file = None
