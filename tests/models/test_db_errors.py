"""Database errors by code: busy is a message for the clerk, a broken query is a bug.
Reads never wait for the write lock.

Run on SQLite and, with ``COUNTER_APP_TEST_DATABASE_URL``, on PostgreSQL.
"""

import contextlib
import sqlite3
import time

import psycopg
import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError

from counter_app import db as dbmod
from counter_app.db import DatabaseError, is_transient, open_database, sqlite_path
from counter_app.domain.errors import CounterError
from counter_app.models import Counter
from counter_app.services import queue as q
from tests.helpers import make_office


@contextlib.contextmanager
def write_lock_held(url):
    """Another process's writer holding the lock (SQLite) or the counters table (PG)."""
    path = sqlite_path(url)
    if path is not None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE counters SET name = name")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("UPDATE counters SET name = name"))  # row locks, not reads
        yield conn
        conn.rollback()
    engine.dispose()


@pytest.fixture
def quick_db(db_url, monkeypatch):
    """The database with a short busy timeout, so a held lock fails fast."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 300)
    first = open_database(db_url)
    make_office(first)
    first.dispose()
    database = open_database(db_url)
    yield database
    database.dispose()


def test_a_busy_database_is_a_message_for_the_clerk_and_saves_nothing(quick_db, db_url):
    with write_lock_held(db_url) as pg_conn:
        if pg_conn is not None:  # PostgreSQL: wait briefly for the locked rows
            pg_conn.execute(text("LOCK TABLE counters IN ACCESS EXCLUSIVE MODE"))
        with pytest.raises(DatabaseError, match="sedang sibuk.*Coba lagi") as err:
            with quick_db.transaction() as session:
                if not quick_db.is_sqlite:
                    session.execute(text("SET LOCAL lock_timeout = '200ms'"))
                session.add(Counter(number=9, name="Loket 9", active=True))
                session.flush()
        assert isinstance(err.value, CounterError)
    with quick_db.transaction() as session:
        assert session.execute(select(func.count(Counter.id)).where(
            Counter.number == 9)).scalar_one() == 0


@pytest.mark.parametrize("sql", ["SELECT no_such_column FROM counters",
                                 "SELEC number FROM counters"])
def test_a_broken_query_is_a_bug_not_a_busy_message(db, sql):
    with pytest.raises(DBAPIError) as err:
        with db.transaction() as session:
            session.execute(text(sql))
    assert not isinstance(err.value, CounterError)  # reaches the crash dialog
    assert not is_transient(err.value)


def _wrapped(orig, cls=OperationalError):
    return cls("SELECT 1", {}, orig)


def test_error_codes_are_classified():
    def sqlite_error(code, message):
        exc = sqlite3.OperationalError(message)
        exc.sqlite_errorcode = code
        return _wrapped(exc)

    assert is_transient(sqlite_error(5, "database is locked"))  # SQLITE_BUSY
    assert is_transient(sqlite_error(6, "database table is locked"))  # SQLITE_LOCKED
    assert is_transient(sqlite_error(517, "database is locked"))  # SQLITE_BUSY_SNAPSHOT
    assert not is_transient(sqlite_error(1, "no such column: x"))  # SQLITE_ERROR
    assert not is_transient(sqlite_error(11, "database disk image is malformed"))
    # Only the code counts, not the words of the message.
    assert not is_transient(_wrapped(Exception("database is locked")))
    for state in ("08006", "57P01", "40001", "40P01", "55P03"):
        assert is_transient(_wrapped(psycopg.errors.lookup(state)("x"))), state
    for state in ("42703", "42601", "23505"):
        assert not is_transient(_wrapped(psycopg.errors.lookup(state)("x"))), state
    assert is_transient(_wrapped(psycopg.OperationalError("server closed the connection")))


def test_reads_do_not_wait_for_a_writer(quick_db, db_url, monkeypatch):
    counter = q.counters(quick_db)[0][0]
    q.issue_ticket(quick_db, "A")
    q.display_state(quick_db)  # connections warm, as on a display that has been running
    with write_lock_held(db_url):
        started = time.perf_counter()
        state = q.display_state(quick_db)
        view = q.counter_view(quick_db, counter)
        elapsed = time.perf_counter() - started
    assert state.waiting["A"] == 1 and view is not None
    # Waiting for the lock would have ended in DatabaseError after the 0.3 s timeout.
    assert elapsed < 1.0, f"the display waited {elapsed:.2f} s for the writer"


def test_a_read_session_starts_deferred_and_a_transaction_immediate(db):
    seen = []

    from sqlalchemy import event

    @event.listens_for(db.engine, "before_cursor_execute")
    def _log(conn, cursor, statement, *args):
        seen.append(statement)

    with db.read_session() as session:
        session.execute(select(1))
    with db.transaction() as session:
        session.execute(select(1))
    begins = [s for s in seen if s.startswith("BEGIN")]
    # PostgreSQL's driver begins by itself; only SQLite needs the hook.
    assert begins == (["BEGIN", "BEGIN IMMEDIATE"] if db.is_sqlite else [])


def test_a_counter_waiting_for_its_turn_is_refused_after_one_timeout(quick_db, db_url):
    """Another counter's long write: the turn and SQLite's lock share one time limit."""
    if not quick_db.is_sqlite:
        pytest.skip("the write turn is SQLite's (PostgreSQL locks rows)")
    other = open_database(db_url)  # another counter: its own turn file handle
    try:
        with other.transaction() as held:
            held.execute(text("UPDATE counters SET name = name"))
            started = time.perf_counter()
            with pytest.raises(DatabaseError, match="sedang sibuk"):
                q.issue_ticket(quick_db, "A")
            waited = time.perf_counter() - started
        assert 0.25 < waited < 0.6, f"waited {waited:.2f} s for a 0.3 s limit"
        assert q.issue_ticket(quick_db, "A").number == "A-001"  # the turn is free again
    finally:
        other.dispose()


def test_a_program_starts_while_another_writes(quick_db, db_url):
    """The display or the kiosk opening during a day close reads the schema beside it."""
    with write_lock_held(db_url):
        started = time.perf_counter()
        opened = open_database(db_url)
        try:
            assert q.display_state(opened) is not None
        finally:
            opened.dispose()
        assert time.perf_counter() - started < 1.0


def test_a_connection_the_server_dropped_while_idle_is_replaced_unseen(db, monkeypatch):
    """PostgreSQL restarted (or the network dropped) while a counter sat idle: the next
    action tests the idle connection first, gets a fresh one, and works. A connection in
    steady use is not tested: that would be one more round trip for every action."""
    if db.is_sqlite:
        pytest.skip("an embedded SQLite file has no server connection to lose")
    make_office(db)
    with db.read_session() as session:
        backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = create_engine(db.url)
    with killer.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        conn.commit()
    killer.dispose()
    time.sleep(0.2)
    monkeypatch.setattr(dbmod, "IDLE_PING_S", 0.0)
    ticket = q.issue_ticket(db, "A")  # on the dropped connection it would fail
    assert ticket.number == "A-001"
    with db.read_session() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != backend


def test_a_connection_in_steady_use_is_not_pinged_before_each_action(db, monkeypatch):
    if db.is_sqlite:
        pytest.skip("SQLite has no server round trip to save")
    make_office(db)
    pings = []
    original = db.engine.dialect.do_ping
    monkeypatch.setattr(db.engine.dialect, "do_ping",
                        lambda conn: pings.append(1) or original(conn))
    for _ in range(5):
        q.issue_ticket(db, "A")
    assert pings == []
