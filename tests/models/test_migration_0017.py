"""Migration 0017 (issue 11) on a database with an application and its SUKET in it."""

from alembic import command
from sqlalchemy import text

from counter_app.db import SCHEMA_HEAD, alembic_config, make_engine, open_database
from counter_app.services import queue as q
from tests.models.old_rows import insert_application_with_suket


def test_upgrade_from_0014_keeps_sukets_allows_renewal_and_adds_the_prr_service(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0016")
        insert_application_with_suket(conn)
    engine.dispose()

    db = open_database(db_url)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT reject_code, reject_note, previous_application_id, "
                                "archive_place FROM applications")).one()
        assert tuple(row) == ("", "", None, "")
        suket = conn.execute(text("SELECT number, previous_suket_id, on_behalf FROM sukets")
                             ).one()
        assert (suket[0], suket[1], bool(suket[2])) == ("167104-190109-0001-S", None, False)
    assert [s.prefix for s in q.list_services(db)][-1] == "F"
    assert int(SCHEMA_HEAD) >= 17  # later revisions build on it
    # A renewal is a second SUKET of the same application: no unique clash any more.
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO sukets (id, application_id, number, issued_on, valid_until, "
            "issued_by, reason, signer_name, signer_nip, void_reason, previous_suket_id, "
            "on_behalf) VALUES (2, 1, '167104-190109-0001-2-S', '2019-07-08', '2020-01-08', "
            "1, 'no_blanko', 'Camat', '1', '', 1, true)"))
        assert conn.execute(text("SELECT COUNT(*) FROM sukets WHERE application_id = 1")
                            ).scalar() == 2
    db.dispose()
