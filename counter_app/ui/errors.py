"""Known errors become a message; anything else is a bug: logged, shown in a crash dialog.

Services run each action in one transaction, so a bug in the middle of one rolls it
back and the data stays as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from counter_app.domain.errors import CounterError
from counter_app.paths import data_dir, private_dir, write_private
from counter_app.ui import dialogs

log = logging.getLogger(__name__)


def show_error(
    parent: QWidget | None, error: CounterError, title: str = "Tidak dapat diproses"
) -> None:
    """Tell the user what went wrong, in the words of the error."""
    dialogs.warn(parent, title, error.message)


def crash_log_dir() -> Path:
    """Where crash reports are written."""
    return data_dir() / "logs"


def write_crash_report(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> Path | None:
    """Save the traceback to a timestamped file; None when even that fails."""
    try:
        folder = crash_log_dir()
        private_dir(folder)  # owner-only: a report may name the data being worked on
        path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        write_private(path, "".join(traceback.format_exception(exc_type, exc, tb))
                      .encode("utf-8"))
        return path
    except OSError:
        return None


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if isinstance(exc, CounterError):  # a known error that escaped a handler
        show_error(QApplication.activeWindow(), exc)
        return
    log.error("Kesalahan tak terduga", exc_info=(exc_type, exc, tb))
    report = write_crash_report(exc_type, exc, tb)
    where = f"\n\nLaporan disimpan di:\n{report}" if report else ""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Terjadi kesalahan program",
        "Maaf, terjadi kesalahan di dalam aplikasi. Tindakan terakhir dibatalkan dan data "
        "yang sudah tersimpan tetap utuh. Laporkan kejadian ini ke admin." + where,
        parent=QApplication.activeWindow(),
    )
    box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions (including those in Qt slots) to the crash dialog."""
    sys.excepthook = _excepthook
