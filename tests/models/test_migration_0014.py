"""Migration 0014 (issue 10) on a database that already has an application in it."""

import datetime as dt

from alembic import command
from sqlalchemy import text

from counter_app.db import alembic_config, make_engine, open_database
from counter_app.services import queue as q
from counter_app.services import recording as rec
from tests.helpers import make_office, make_user, recording
from tests.models.old_rows import insert_application, insert_clerk_and_applicant


def test_upgrade_from_0006_keeps_applications_and_adds_the_ikd_service(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
    engine.dispose()
    # Rows as the 0006 code wrote them.
    engine = make_engine(db_url)
    with engine.begin() as conn:
        insert_clerk_and_applicant(conn)
        conn.execute(text(
            "INSERT INTO counters (id, number, name, active) VALUES (1, 1, 'Loket 1', true)"))
        insert_application(conn, "HILANG", "FORWARD", "forwarded", "2019-01-23")
    engine.dispose()

    db = open_database(db_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT route_reason, nik_mismatch, outside_domicile, "
                                 "valid_until FROM applications")).one() == (
            "penggantian KTP-el (hilang)", "", False, None)
        assert conn.execute(text(
            "SELECT counter_id FROM counter_services JOIN queue_services "
            "ON queue_services.id = counter_services.service_id "
            "WHERE queue_services.prefix = 'E'")).scalars().all() == [1]
    assert [s.prefix for s in q.list_services(db)][-2:] == ["E", "F"]  # F: 0016 (PRR)
    db.dispose()


def test_a_new_office_serves_ikd_and_records_every_new_field(db):
    from counter_app.domain.roles import Role

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    assert all("E" in q.counter_view(db, cid).service_prefixes
               for cid, _n, _name in q.counters(db))
    data = recording("WNA", documents={"KK": True, "PASPOR": True, "KITAP": True},
                     document_details={"PASPOR": {"nomor": "X1"},
                                       "KITAP": {"nomor": "K1", "berlaku_sampai": "2030-01-01"}})
    import dataclasses

    from tests.helpers import card
    data = dataclasses.replace(data, card=card(kewarganegaraan="WNA",
                                               kelurahan_code="16.71.05.1002"))
    result = rec.save_recording(db, clerk, data,
                                now=dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC))
    with db.engine.connect() as conn:
        reason, outside, until = conn.execute(text(
            "SELECT route_reason, outside_domicile, valid_until FROM applications "
            "WHERE id = :i"), {"i": result.application_id}).one()
    assert (reason, bool(outside), str(until)) == ("luar domisili", True, "2030-01-01")
