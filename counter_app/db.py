"""Engine, sessions, SQLite pragmas, and the schema upgrade on start.

The database URL comes from ``--db``, else ``COUNTER_APP_DB``, else an SQLite file in
the user data directory. SQLite runs in WAL mode with foreign keys and a busy timeout,
and every transaction starts with ``BEGIN IMMEDIATE`` so two processes never both read
then both try to write (the classic SQLite deadlock); they queue on the lock instead.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.domain.errors import CounterError
from counter_app.paths import data_dir

ENV_DB = "COUNTER_APP_DB"
# The newest migration. Checked against Alembic's head by a test; it lets a start-up
# with an up-to-date database skip loading Alembic at all.
SCHEMA_HEAD = "0008"
BUSY_TIMEOUT_MS = 15_000


def default_database_url() -> str:
    """The embedded SQLite database in the user data directory."""
    return f"sqlite:///{data_dir() / 'counter.db'}"


def resolve_database_url(cli_value: str | None = None) -> str:
    """``--db`` first, then ``COUNTER_APP_DB``, then the embedded default."""
    return cli_value or os.environ.get(ENV_DB) or default_database_url()


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings the app relies on."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (see below).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Database:
    """An open, up-to-date database: the engine and a session factory."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        A database that cannot be reached, or stays locked past the busy timeout, is a
        DatabaseError the clerk can read; nothing of the action was saved.
        """
        try:
            with self.session_factory.begin() as session:
                yield session
        except OperationalError as exc:
            raise DatabaseError(
                "Basis data sedang sibuk atau tidak dapat dihubungi; tindakan ini tidak "
                "tersimpan. Coba lagi sebentar lagi."
            ) from exc

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded database."""
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class DatabaseError(CounterError):
    """The database cannot be opened or upgraded."""


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def backup_sqlite(path: Path, suffix: str) -> Path:
    """A consistent copy of an SQLite file beside it (SQLite's online backup API)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{suffix}-{stamp}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{suffix}-{stamp}-{n}{path.suffix or '.db'}")
        n += 1
    copy_sqlite(path, target)
    return target


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite file, also while others use it (online backup API)."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


@dataclass(frozen=True)
class UpgradeResult:
    """What ``upgrade_schema`` did."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic Config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "counter_app:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine, url: str) -> UpgradeResult:
    """Bring the schema to the newest revision.

    An SQLite file that holds an older schema is first copied to a timestamped backup
    beside it, so a failed or regretted upgrade loses nothing.
    """
    before = current_revision(engine)
    if before == SCHEMA_HEAD:
        return UpgradeResult(before, SCHEMA_HEAD, None)
    from alembic import command

    backup = None
    path = sqlite_path(url)
    if before is not None and path is not None and path.exists():
        backup = backup_sqlite(path, f"sebelum-upgrade-{before}")
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
    except Exception as exc:  # any failure here leaves the old schema (one transaction)
        raise DatabaseError(
            f"Skema basis data gagal diperbarui: {exc}. Data lama tetap utuh"
            + (f"; salinan ada di {backup}." if backup else ".")
        ) from exc
    return UpgradeResult(before, current_revision(engine) or SCHEMA_HEAD, backup)


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the database at ``url`` (resolved as the CLI does) and upgrade its schema."""
    resolved = resolve_database_url(url)
    engine = make_engine(resolved)
    if upgrade:
        try:
            upgrade_schema(engine, resolved)
        except OperationalError as exc:
            engine.dispose()
            where = make_url(resolved).render_as_string(hide_password=True)
            raise DatabaseError(f"Basis data {where} tidak dapat dibuka: "
                                f"{str(exc.orig).strip().splitlines()[0][:200]}") from exc
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    return Database(resolved, engine, factory)
