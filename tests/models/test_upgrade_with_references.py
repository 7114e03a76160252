"""An office's SQLite database with applications that other rows point at upgrades.

On SQLite, Alembic's batch mode rebuilds a table (copy, drop, rename) to change it;
with foreign keys enforced, dropping ``applications`` while a SUKET points at it fails,
so an office with one SUKET could not start the new version (found by the issue 11 work
on migration 0014).
"""

from alembic import command
from sqlalchemy import text

from counter_app.db import SCHEMA_HEAD, alembic_config, current_revision, make_engine, open_database
from tests.models.old_rows import insert_application_with_suket


def test_an_old_database_holding_an_application_and_its_suket_upgrades(tmp_path):
    url = f"sqlite:///{tmp_path / 'kantor.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0011")
        insert_application_with_suket(conn)
    engine.dispose()
    db = open_database(url)  # the upgrade a new version runs on start
    assert current_revision(db.engine) == SCHEMA_HEAD
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM sukets")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # enforced again
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    db.dispose()
