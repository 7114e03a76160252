"""Engine, sessions, SQLite pragmas, and the schema upgrade on start.

The database URL comes from ``--db``, else ``COUNTER_APP_DB``, else an SQLite file in
the user data directory. SQLite runs in WAL mode with foreign keys and a busy timeout,
and every writing transaction starts with ``BEGIN IMMEDIATE`` so two processes never both
read then both try to write (the classic SQLite deadlock); they queue on the lock
instead. Read-only work (``Database.read_session``) starts a deferred transaction and
never waits for the write lock.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from counter_app.domain.errors import CounterError
from counter_app.paths import data_dir, private_dir

ENV_DB = "COUNTER_APP_DB"
# The newest migration. Checked against Alembic's head by a test; it lets a start-up
# with an up-to-date database skip loading Alembic at all.
SCHEMA_HEAD = "0020"
BUSY_TIMEOUT_MS = 15_000
# Execution option marking the engine of ``Database.read_session``.
READ_OPTION = "counter_app_read_only"


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


def mask_url(url: str) -> str:
    """The URL as it may be printed or logged: the password replaced by ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: print nothing of it that could be a secret
        return "(URL tidak sah)"


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the settings the app relies on.

    A new SQLite file is created owner-only (0600, in a 0700 folder on Linux); SQLite
    gives its -wal and -shm files the same mode. Every connection of the engine holds
    this process's entry in the database's open-lock (see ``OpenLock``).
    """
    path = sqlite_path(url)
    if path is not None:
        private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                               hide_parameters=True)
        _configure_sqlite(engine, path)
        return engine
    # The PC and process show in pg_stat_activity, so a refused restore can name them.
    name = f"counter-app {_workstation()} {os.getpid()}"[:63]
    # hide_parameters: an error's text (logged, in a crash report) never holds a NIK or KK.
    engine = create_engine(url, connect_args={"application_name": name}, hide_parameters=True)
    _ping_when_idle(engine)
    if engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    return engine


# A pooled connection unused this long is tested before it is handed out (the server may
# have restarted, or the network dropped, while it lay idle). SQLAlchemy's pool_pre_ping
# tests at every checkout: one more round trip for every transaction, and a counter
# writes two per call. A connection lost while in steady use fails that one action as
# "connection lost, try again" (``is_transient``) and the pool replaces it.
IDLE_PING_S = 5.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_S:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool drops this connection and checks out a fresh one.
            raise DisconnectionError(str(exc)) from exc


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # The open-lock of PostgreSQL: every connection of the app holds a shared
        # session-level advisory lock on its schema; a restore takes it exclusive.
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"SELECT pg_try_advisory_lock_shared({PG_OPEN_LOCK})")
            held = bool(cursor.fetchone()[0])
        finally:
            cursor.close()
            dbapi_conn.commit()
        if not held:
            raise DatabaseError("Basis data sedang dipulihkan dari cadangan. Tunggu sampai "
                                "selesai, lalu buka lagi.")


def _workstation() -> str:
    from counter_app.services.actor import workstation_name

    return workstation_name()


def _configure_sqlite(engine: Engine, path: Path) -> None:
    holder: list[OpenLock] = []

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        if not holder or holder[0].released:
            holder[:] = [OpenLock.acquire(path)]
            _OPEN_LOCKS[id(engine)] = holder[0]
            weakref.finalize(engine, holder[0].release)
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
        # Writers queue on the write lock from their first statement (no read-then-
        # upgrade deadlock); readers start deferred and never wait for a writer.
        if conn.get_execution_options().get(READ_OPTION):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class WriteQueue:
    """Writers to one SQLite file take turns here before ``BEGIN IMMEDIATE``.

    SQLite's own wait for its write lock sleeps in growing steps (up to 100 ms), so with
    several counters writing at once the lock often lies free while every waiter sleeps.
    Taking turns on an OS lock of a small file beside the database first (and on a thread
    lock within one process) hands the turn over within a fraction of a millisecond. The
    OS lock goes with the process, so a crash never leaves it held. A writer that gets no
    turn within the busy timeout is refused as busy, as SQLite would refuse it; when the
    file cannot be used at all, writers go to SQLite's own lock and timeout as before.
    Either way SQLite's lock still decides who writes: the turn only shortens the wait.
    """

    def __init__(self, path: Path) -> None:
        self._path = path.with_name(f"{path.name}.giliran-tulis")
        self._thread_lock = threading.RLock()
        self._fd: int | None = None
        self._held = 0
        self._unusable = False

    @contextmanager
    def turn(self, wait_s: float) -> Iterator[None]:
        """Hold this writer's turn for the block (re-entrant within a thread).

        The wait for a turn counts against the same limit as SQLite's own wait: a writer
        that found no turn in ``wait_s`` is refused as "busy" at once, instead of then
        waiting ``wait_s`` more for SQLite's lock.
        """
        deadline = time.monotonic() + wait_s
        if not self._thread_lock.acquire(timeout=wait_s):
            raise DatabaseError(BUSY_MESSAGE)
        try:
            self._held += 1
            locked = self._held == 1 and self._take_file(deadline)
            if self._held == 1 and not locked and not self._unusable:
                self._held -= 1
                raise DatabaseError(BUSY_MESSAGE)
            try:
                yield
            finally:
                self._held -= 1
                if locked and self._fd is not None:
                    _unlock(self._fd)
        finally:
            self._thread_lock.release()

    def _take_file(self, deadline: float) -> bool:
        if self._unusable:
            return False
        if self._fd is None:
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                self._unusable = True
                return False
        return lock_file_by(self._fd, deadline)

    def close(self) -> None:
        """Close the lock file (when the database is disposed)."""
        with self._thread_lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


@dataclass
class Database:
    """An open, up-to-date database: the engine and its session factories."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    read_factory: sessionmaker[Session] = field(init=False)
    write_queue: WriteQueue | None = None

    def __post_init__(self) -> None:
        # Same pool; the option tells the "begin" hook to start a deferred transaction.
        self.read_factory = sessionmaker(
            bind=self.engine.execution_options(**{READ_OPTION: True}), expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        A database that cannot be reached, or stays locked past the busy timeout, is a
        DatabaseError the clerk can read; nothing of the action was saved.
        """
        turn = self.write_queue.turn(BUSY_TIMEOUT_MS / 1000) if self.write_queue \
            else nullcontext()
        try:
            with turn, self.session_factory.begin() as session:
                yield session
        except DBAPIError as exc:
            if not is_transient(exc):
                raise  # a bug (missing column, bad SQL): the crash dialog and its report
            raise DatabaseError(BUSY_MESSAGE) from exc

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction for reading only: it never takes SQLite's write lock.

        Screens that poll (the waiting display every 300 ms, each counter every 2 s) and
        other read-only views use it, so a long writer (day close, a backup) does not
        freeze them: in WAL mode a deferred transaction reads its snapshot alongside the
        writer. Nothing written in it is meant to be kept; use ``transaction`` to write.
        """
        try:
            with self.read_factory.begin() as session:
                yield session
        except DBAPIError as exc:
            if not is_transient(exc):
                raise
            raise DatabaseError(BUSY_MESSAGE) from exc

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded database."""
        return self.engine.dialect.name == "sqlite"

    def dispose(self) -> None:
        """Close every pooled connection and leave the open-lock (until used again)."""
        self.engine.dispose()
        if self.write_queue is not None:
            self.write_queue.close()
        lock = _OPEN_LOCKS.pop(id(self.engine), None)
        if lock is not None:
            lock.release()


class DatabaseError(CounterError):
    """The database cannot be opened or upgraded, or is busy or unreachable right now."""


BUSY_MESSAGE = ("Basis data sedang sibuk atau koneksi terputus; tindakan ini tidak tersimpan. "
                "Coba lagi sebentar lagi.")

# SQLite primary result codes that mean "someone else holds the lock"
# (https://www.sqlite.org/rescode.html): SQLITE_BUSY 5, SQLITE_LOCKED 6. Extended codes
# (SQLITE_BUSY_SNAPSHOT 517, ...) carry the primary code in their low byte.
_SQLITE_TRANSIENT = frozenset({5, 6})
# PostgreSQL SQLSTATEs worth a retry: class 08 (connection exception), serialization
# failure, deadlock, lock not available, statement timeout, the server shutting down or
# starting, too many connections (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03", "57014", "57P01", "57P02", "57P03",
                           "53300"})


def is_transient(exc: DBAPIError) -> bool:
    """True when ``exc`` says "busy, locked or connection lost": try again later.

    Classified by the driver's error code, as qutebrowser does for Qt's SQL errors:
    SQLite's ``sqlite_errorcode``, PostgreSQL's SQLSTATE. Anything else (a missing
    column, a syntax error, a constraint) is a bug and is not transient.
    """
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return sqlite_code & 0xFF in _SQLITE_TRANSIENT
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and state:
        return state.startswith("08") or state in _PG_TRANSIENT
    # psycopg raises OperationalError without a SQLSTATE when it cannot reach the
    # server or loses the connection mid-way.
    return isinstance(exc, OperationalError) and type(orig).__module__.startswith("psycopg")


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database.

    Read in a deferred transaction: a process starting while another writes (a day
    close, a backup) reads the revision beside it instead of waiting for the lock.
    """
    with engine.execution_options(**{READ_OPTION: True}).connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def backup_sqlite(path: Path, suffix: str) -> Path:
    """A consistent copy of an SQLite file beside it (SQLite's online backup API).

    The name is ``STEM.SUFFIX-YYYYMMDD-HHMMSS-NNN.db``, taken atomically: two copies in
    the same second, from one process or two, get two names and never overwrite.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_sqlite_unique(path, path.parent, f"{path.stem}.{suffix}-{stamp}",
                              path.suffix or ".db")


def copy_sqlite_unique(source: Path, folder: Path, prefix: str, suffix: str) -> Path:
    """Copy ``source`` to ``folder/PREFIX-NNN.SUFFIX`` with the first free NNN (atomic)."""
    private_dir(folder)
    tmp = folder / f".{prefix}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        copy_sqlite(source, tmp)
        return publish_unique(tmp, folder, prefix, suffix)
    finally:
        tmp.unlink(missing_ok=True)


def publish_unique(tmp: Path, folder: Path, prefix: str, suffix: str) -> Path:
    """Give the finished file ``tmp`` the first free name ``PREFIX-NNN.SUFFIX``; return it.

    ``os.link`` fails when the name exists, so the check and the creation are one step:
    two processes can never take the same name, and a reader never sees a half-written
    file under a final name. ``tmp`` stays for the caller to remove.
    """
    for n in range(1, 100_000):
        target = folder / f"{prefix}-{n:03d}{suffix}"
        try:
            os.link(tmp, target)
            return target
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links (FAT): reserve, then replace
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            os.replace(tmp, target)
            return target
    raise DatabaseError(f"Tidak ada nama bebas untuk {prefix} di {folder}.")


def publish_as(tmp: Path, target: Path) -> None:
    """Give the finished file ``tmp`` the name ``target``, refusing when it exists (atomic)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise DatabaseError(f"Berkas {target} sudah ada; pilih nama lain.") from None
    except OSError:
        pass
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise DatabaseError(f"Berkas {target} sudah ada; pilih nama lain.") from None
    os.replace(tmp, target)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite file, also while others use it (online backup API).

    The copy is a single self-contained file, owner-only: it is switched out of WAL mode,
    so opening or checking it later never leaves -wal or -shm files beside it.
    """
    if not target.exists() or target.stat().st_size == 0:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o600))
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
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
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection if path is not None else None
            if raw is not None:
                # SQLite changes a table by rebuilding it (copy, drop, rename); enforced
                # foreign keys would refuse dropping a table other rows point at. Off
                # outside the transaction (SQLite ignores it inside), checked before the
                # commit, and on again after (sqlite.org/lang_altertable.html).
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    command.upgrade(alembic_config(conn), "head")
                    if raw is not None and conn.exec_driver_sql(
                            "PRAGMA foreign_key_check").first() is not None:
                        raise DatabaseError("Skema baru melanggar kunci tamu.")
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")
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
    queue = None
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        queue = WriteQueue(Path(str(engine.url.database)))
    return Database(resolved, engine, factory, write_queue=queue)


# --- who has the database open ----------------------------------------------------------

if sys.platform == "win32":
    import msvcrt

    # Windows locks are mandatory: lock a byte past the record so others can still read it.
    _LOCK_OFFSET = 1 << 20

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_file_by(fd: int, deadline: float) -> bool:
    """Take the OS lock on ``fd``'s file, waiting until ``deadline`` (monotonic).

    False when another process still holds it then. Release it with ``_unlock``.
    """
    pause = 0.0002
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.002)
    return True


_OPEN_LOCKS: dict[int, OpenLock] = {}
# (schema, 0): the PostgreSQL open-lock; the day lock uses (schema, day ordinal).
PG_OPEN_LOCK = "hashtext(current_schema()), 0"
_RESTORE_MARK = "pemulihan.lock"


def open_lock_dir(path: Path) -> Path:
    """The folder beside an SQLite file where each process that has it open is listed."""
    return path.with_name(f"{path.name}.terbuka")


@dataclass(frozen=True)
class Holder:
    """A process that has the database open: which PC, which process, since when."""

    workstation: str
    pid: int
    since: dt.datetime

    @property
    def label(self) -> str:
        """The holder as a person reads it."""
        local = self.since.astimezone()
        return f"{self.workstation} (proses {self.pid}, sejak {local:%d-%m-%Y %H:%M})"


def _holder_record() -> bytes:
    return json.dumps({"workstation": _workstation(), "pid": os.getpid(),
                       "since": dt.datetime.now(dt.UTC).isoformat()}).encode()


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        data = json.loads(raw)
        return Holder(str(data["workstation"]), int(data["pid"]),
                      dt.datetime.fromisoformat(data["since"]))
    except (ValueError, KeyError, TypeError):
        return None


class OpenLock:
    """This process's entry in the list of processes that have an SQLite file open.

    Every process of the app that connects to the file creates its own small file in
    ``DB.terbuka/`` holding its PC name, process id and start time, and keeps an
    exclusive OS lock on it while connected. The OS drops the lock when the process ends,
    even by a crash, so a file whose lock can be taken is a leftover. A restore takes the
    folder's restore mark first, then refuses while any entry is still locked; a process
    that connects writes its entry first, then checks the mark: one of the two always
    sees the other.
    """

    def __init__(self, path: Path, entry: Path, fd: int) -> None:
        self.path, self.entry, self._fd = path, entry, fd
        self.released = False

    @classmethod
    def acquire(cls, path: Path) -> OpenLock:
        """Enter this process in ``path``'s list; DatabaseError while a restore runs."""
        folder = private_dir(open_lock_dir(path))
        entry = folder / f"{os.getpid()}-{uuid.uuid4().hex[:8]}.pid"
        fd = os.open(entry, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        _try_lock(fd)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _holder_record())
        lock = cls(path, entry, fd)
        open_holders(path, exclude=lock)  # clears the entries that crashed processes left
        restorer = restore_in_progress(path)
        if restorer is not None:
            lock.release()
            raise DatabaseError(f"Basis data sedang dipulihkan dari cadangan oleh "
                                f"{restorer.label}. Tunggu sampai selesai, lalu buka lagi.")
        return lock

    def release(self) -> None:
        """Leave the list (idempotent)."""
        if self.released:
            return
        self.released = True
        try:
            _unlock(self._fd)
            os.close(self._fd)
        except OSError:
            pass
        self.entry.unlink(missing_ok=True)


def open_holders(path: Path, *, exclude: OpenLock | None = None) -> list[Holder]:
    """Every other live process that has ``path`` open; leftovers of dead ones are removed."""
    folder = open_lock_dir(path)
    if not folder.is_dir():
        return []
    live: list[Holder] = []
    for entry in sorted(folder.glob("*.pid")):
        if exclude is not None and entry == exclude.entry:
            continue
        try:
            fd = os.open(entry, os.O_RDWR)
        except OSError:
            continue  # gone meanwhile
        try:
            holder = _read_holder(fd)
            if _try_lock(fd):
                _unlock(fd)
                if holder is not None:  # complete but unlocked: its process has ended
                    entry.unlink(missing_ok=True)
                # an empty entry is being written; that process checks the mark next
            else:
                live.append(holder or Holder("?", 0, dt.datetime.now(dt.UTC)))
        finally:
            os.close(fd)
    return live


def restore_in_progress(path: Path) -> Holder | None:
    """Who is restoring ``path`` right now, or None."""
    mark = open_lock_dir(path) / _RESTORE_MARK
    for _attempt in range(5):
        try:
            fd = os.open(mark, os.O_RDWR)
        except OSError:
            return None
        try:
            holder = _read_holder(fd)
            if _try_lock(fd):  # nobody holds it: a restore that ended or crashed
                _unlock(fd)
                return None
        finally:
            os.close(fd)
        if holder is not None:
            return holder
        time.sleep(0.02)  # the restorer is still writing its name
    return Holder("?", 0, dt.datetime.now(dt.UTC))


@contextmanager
def exclusive_access(path: Path) -> Iterator[None]:
    """Hold ``path`` alone for a restore: refuse while another process has it open.

    New connections from any process of the app are refused until the block ends.
    """
    folder = private_dir(open_lock_dir(path))
    mark = folder / _RESTORE_MARK
    fd = os.open(mark, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            who = _read_holder(fd)
            raise DatabaseError("Pemulihan lain sedang berjalan"
                                + (f" oleh {who.label}." if who else "."))
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _holder_record())
        try:
            holders = open_holders(path)
            if holders:
                names = "; ".join(h.label for h in holders)
                raise DatabaseError(
                    f"Basis data masih dibuka oleh: {names}. Tutup aplikasi (loket, kios, "
                    "layar tunggu) di komputer tersebut dahulu, lalu ulangi pemulihan.")
            yield
        finally:
            os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


# --- the day lock -----------------------------------------------------------------------

def lock_day(session: Session, day: dt.date, *, exclusive: bool) -> None:
    """Take the lock on an office day for the rest of ``session``'s transaction.

    Every change to a day (a ticket issued, a call, a recording ...) takes it shared, at
    the start of its transaction; closing the day takes it exclusive, so the close waits
    for the changes already under way and every later change waits for the close and then
    finds the day closed. On SQLite every write transaction already holds the one write
    lock (``BEGIN IMMEDIATE``); on PostgreSQL it is a transaction-level advisory lock
    keyed by the schema and the day.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    session.execute(text(f"SELECT {function}({DAY_LOCK_KEY})"), {"day": day.toordinal()})


# The key of a day's advisory lock on PostgreSQL (``:day`` is the day's ordinal): the
# schema and the day. A statement that takes it alongside other locks names it so.
DAY_LOCK_KEY = "hashtext(current_schema()), :day"
