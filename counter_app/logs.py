"""Logging for the app: a rotating file in the data folder, with no personal data in it.

A NIK or nomor KK (16 digits) is masked in every record, also in tracebacks, by a
filter on the handler; SQL parameters never reach a message because the engine hides
them (``hide_parameters``) and ``strip_sql_parameters`` drops them from an exception.
Imported by the GUI and the command line; no Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import traceback
from pathlib import Path

from counter_app.paths import data_dir

LOG_FILE = "counter-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")


def log_dir() -> Path:
    """The folder of the log file, crash reports and the fault handler's output."""
    return data_dir() / "logs"


def mask_personal_data(text: str) -> str:
    """Every 16-digit number (NIK, nomor KK) as ``167104******0002``."""
    return _SIXTEEN_DIGITS.sub(r"\1******\2", text)


def strip_sql_parameters(exc: BaseException | None) -> None:
    """Drop the bound parameters from a database error and the errors it chains to.

    SQLAlchemy keeps them on ``StatementError.params``; duck-typed so that this module
    (and the GUI) need not import SQLAlchemy.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if hasattr(exc, "statement") and hasattr(exc, "params"):
            exc.params = None
            if hasattr(exc, "hide_parameters"):
                exc.hide_parameters = True
        exc = exc.__cause__ or exc.__context__


class MaskPersonalData(logging.Filter):
    """Masks NIK-like numbers in the message and the traceback of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        record.msg = mask_personal_data(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            strip_sql_parameters(record.exc_info[1])
            record.exc_text = mask_personal_data(
                "".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True


def configure_logging(folder: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to a rotating file in ``folder`` (default: the data folder); returns its path.

    Calling it again replaces the handler it installed before.
    """
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "counter_app", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                   backupCount=BACKUPS, encoding="utf-8")
    handler.counter_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.addFilter(MaskPersonalData())
    root.addHandler(handler)
    root.setLevel(level)
    # SQLAlchemy logs statements with their parameters at INFO: never.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path
