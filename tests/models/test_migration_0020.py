"""Migration 0020 (issue 13) on a database of an older office with users and an application."""

import datetime as dt

from alembic import command
from sqlalchemy import text

from counter_app.db import SCHEMA_HEAD, alembic_config, make_engine, open_database
from counter_app.services import office_days
from tests.models.old_rows import insert_application_with_suket


def test_upgrade_from_0017_adds_days_off_and_an_empty_position(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0017")
        insert_application_with_suket(conn)
    engine.dispose()

    db = open_database(db_url)
    assert int(SCHEMA_HEAD) >= 20
    with db.engine.connect() as conn:
        assert set(conn.execute(text("SELECT jabatan FROM users")).scalars()) == {""}
        assert conn.execute(text("SELECT COUNT(*) FROM office_days_off")).scalar() == 0
        application = conn.execute(text("SELECT slip_number FROM applications")).one()
    assert application[0]
    with db.engine.begin() as conn:
        user_id = conn.execute(text("SELECT id FROM users ORDER BY id")).scalars().first()
        conn.execute(text("INSERT INTO office_days_off (day, reason, added_by, added_at) "
                          "VALUES ('2019-01-10', 'Rapat kantor', :u, '2019-01-09 01:00:00')"),
                     {"u": user_id})
    assert office_days.office_days_off(db, dt.date(2019, 1, 1), dt.date(2019, 1, 31)) == {
        dt.date(2019, 1, 10): "Rapat kantor"}
    db.dispose()
