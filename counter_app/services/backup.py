"""Backups of the embedded SQLite database, and restoring one.

A backup is a consistent copy made with SQLite's online backup API while the app runs,
checked with ``PRAGMA integrity_check``. Day close makes one automatically and keeps the
last 30. PostgreSQL offices use pg_dump (see the README).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from counter_app.db import DatabaseError, copy_sqlite, sqlite_path

KEEP_DAILY = 30


def _require_sqlite(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise DatabaseError("Cadangan bawaan hanya untuk basis data SQLite; untuk PostgreSQL "
                            "pakai pg_dump (lihat README).")
    if not path.exists():
        raise DatabaseError(f"Berkas basis data {path} tidak ada.")
    return path


def integrity(path: Path) -> str:
    """SQLite's own check of a database file: "ok", or what is wrong."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows)


def backup_folder(url: str) -> Path:
    """Where automatic backups of this database go: beside it, in ``backups/``."""
    return _require_sqlite(url).parent / "backups"


def make_backup(url: str, out: Path | None = None) -> Path:
    """Copy the live database to ``out`` (or a timestamped file) and check the copy."""
    source = _require_sqlite(url)
    if out is None:
        folder = backup_folder(url)
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / f"{source.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
    if out.exists():
        raise DatabaseError(f"Berkas {out} sudah ada; pilih nama lain.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(source, out)
    except (OSError, sqlite3.Error) as exc:
        out.unlink(missing_ok=True)
        raise DatabaseError(f"Cadangan gagal dibuat: {exc}.") from None
    result = integrity(out)
    if result != "ok":
        raise DatabaseError(f"Cadangan {out} rusak: {result}.")
    return out


def daily_backup(url: str) -> Path | None:
    """The day-close backup: made for SQLite, the last 30 kept; None for PostgreSQL."""
    if sqlite_path(url) is None:
        return None
    made = make_backup(url)
    backups = sorted(backup_folder(url).glob(f"{made.stem.rsplit('-', 2)[0]}-*.db"))
    for old in backups[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def restore(url: str, backup: Path) -> Path:
    """Replace the database with ``backup``; return the copy kept of what it replaced.

    The backup is checked first, and nothing is replaced when it is damaged. Close the
    app on every PC before restoring.
    """
    target = _require_sqlite(url)
    if not backup.exists():
        raise DatabaseError(f"Berkas cadangan {backup} tidak ada.")
    result = integrity(backup)
    if result != "ok":
        raise DatabaseError(f"Berkas cadangan {backup} rusak atau bukan basis data: {result}.")
    kept = target.with_name(f"{target.stem}.sebelum-pulih-{dt.datetime.now():%Y%m%d-%H%M%S}"
                            f"{target.suffix or '.db'}")
    copy_sqlite(target, kept)
    copy_sqlite(backup, target)
    return kept
