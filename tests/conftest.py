"""Shared fixtures: a fresh database per test, on SQLite or on PostgreSQL.

``COUNTER_APP_TEST_DATABASE_URL`` points the suite at a PostgreSQL server; each test
then gets a schema of its own (dropped afterwards), so tests see an empty database
exactly as on SQLite.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator

# Before anything imports Qt or platformdirs: no screen, and never the user's own data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="counter-app-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ.pop("COUNTER_APP_DB", None)
os.environ["COUNTER_APP_WORKSTATION"] = "PC-UJI"

import pytest  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from counter_app.db import Database, open_database  # noqa: E402
from counter_app.services import users as users_service  # noqa: E402

PG_URL = os.environ.get("COUNTER_APP_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters: the same algorithm, without 60 ms per hash."""
    monkeypatch.setattr(
        users_service, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def pc_config(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """Each test has its own PC settings file; tickets print as PDF into tmp_path."""
    path = tmp_path / "pc.json"
    monkeypatch.setenv("COUNTER_APP_PC_CONFIG", str(path))
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "kunci" / "signing-key.pem"))
    from counter_app import local_config
    from counter_app.printing.paper import Output, PrinterSettings

    local_config.save(local_config.LocalConfig(
        counter_number=1,
        ticket_printer=PrinterSettings(Output.PDF_FILE, target=str(tmp_path / "cetakan")),
        slip_printer=PrinterSettings(Output.PDF_FILE, target=str(tmp_path / "cetakan")),
        letter_printer=PrinterSettings(Output.PDF_FILE, target=str(tmp_path / "cetakan"))))
    return path


@pytest.fixture
def db_url(tmp_path) -> Iterator[str]:
    """The URL of an empty database that belongs to this test alone."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'counter.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open database at the newest schema."""
    database = open_database(db_url)
    yield database
    database.dispose()
