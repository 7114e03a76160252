import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from counter_app import db as db_module
from counter_app.db import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    make_engine,
    open_database,
    resolve_database_url,
)


def test_schema_head_constant_matches_alembic():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [SCHEMA_HEAD]


def test_open_creates_the_newest_schema(db):
    assert current_revision(db.engine) == SCHEMA_HEAD
    tables = set(inspect(db.engine).get_table_names())
    assert {"office", "counters", "users", "audit_log", "audit_head", "regions"} <= tables


def test_upgrade_keeps_data(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO office (id, kecamatan_code, kecamatan_name, kota_code, kota_name, "
            "provinsi_name, address, phone, camat_name, camat_nip, created_at) VALUES "
            "(1, '16.71.04', 'Ilir Barat Satu', '16.71', 'Kota Palembang', 'Sumatera Selatan',"
            " 'Jl. Lama', '', 'Camat Lama', '', CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO users (id, username, full_name, role, nip, password_hash, active, "
            "must_change_password, failed_logins, created_at) VALUES (1, 'admin', 'Admin', "
            "'admin', '', 'x', true, false, 0, CURRENT_TIMESTAMP)"))
    engine.dispose()

    upgraded = open_database(db_url)
    assert current_revision(upgraded.engine) == SCHEMA_HEAD
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("SELECT address, camat_name FROM office")).one() == (
            "Jl. Lama", "Camat Lama")
        assert conn.execute(text("SELECT username FROM users")).scalar_one() == "admin"
        assert conn.execute(text("SELECT seq FROM audit_head")).scalar_one() == 0
    upgraded.dispose()


def test_old_sqlite_file_is_backed_up_before_upgrade(tmp_path):
    path = tmp_path / "kantor.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO counters (number, name, active) VALUES (7, 'Loket 7', 1)"))
    engine.dispose()
    open_database(f"sqlite:///{path}").dispose()
    backups = list(tmp_path.glob("kantor.sebelum-upgrade-0001-*.db"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT name FROM counters").fetchone() == ("Loket 7",)
    con.close()
    # An up-to-date file is not copied again.
    open_database(f"sqlite:///{path}").dispose()
    assert len(list(tmp_path.glob("kantor.sebelum-upgrade-*"))) == 1


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    # The embedded database's settings, checked on an SQLite file in every run.
    db = open_database(f"sqlite:///{tmp_path / 'wal.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_foreign_keys_are_enforced(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO settings (key, value, updated_by, updated_at) "
                "VALUES ('x', '1', 999, CURRENT_TIMESTAMP)"))


def test_database_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("COUNTER_APP_DB", raising=False)
    assert resolve_database_url("sqlite:///a.db") == "sqlite:///a.db"
    default = resolve_database_url(None)
    assert default.startswith("sqlite:///") and default.endswith("counter.db")
    assert str(db_module.data_dir()) in default
    monkeypatch.setenv("COUNTER_APP_DB", "postgresql+psycopg://x@h/db")
    assert resolve_database_url(None) == "postgresql+psycopg://x@h/db"
    assert resolve_database_url("sqlite:///b.db") == "sqlite:///b.db"


def test_unreachable_server_is_a_clear_error():
    from counter_app.db import DatabaseError

    with pytest.raises(DatabaseError, match="tidak dapat dibuka") as err:
        open_database("postgresql+psycopg://postgres:rahasia@127.0.0.1:1/loket")
    assert "rahasia" not in err.value.message  # the password is not shown


def test_a_failing_transaction_is_a_clear_error_and_saves_nothing(db, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from counter_app.db import DatabaseError
    from counter_app.models import Counter

    with pytest.raises(DatabaseError, match="tidak tersimpan"):
        with db.transaction() as session:
            session.add(Counter(number=9, name="Loket 9", active=True))
            session.flush()
            busy = sqlite3.OperationalError("database is locked")
            busy.sqlite_errorcode = 5  # SQLITE_BUSY: classified by code (test_db_errors)
            raise OperationalError("SELECT 1", {}, busy)
    with db.transaction() as session:
        assert session.get(Counter, 1) is None
