"""Upgrading a database whose audit rows were written before heads were signed (0016)."""

import datetime as dt

from alembic import command
from sqlalchemy import insert, text

from counter_app.db import alembic_config, make_engine, open_database
from counter_app.models import AuditLog
from counter_app.services.audit import record, row_digest
from counter_app.services.audit_check import Finding
from counter_app.services.audit_view import verify_audit


def _old_rows(conn, count):
    prev = "0" * 64
    at = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)
    for seq in range(1, count + 1):
        fields = {"seq": seq, "at": at.isoformat(), "user_id": None, "username": "sistem",
                  "workstation": "PC-LAMA", "kind": "test.old", "subject": str(seq),
                  "before": "", "after": "", "reason": ""}
        digest = row_digest(prev, fields)
        conn.execute(insert(AuditLog.__table__).values(
            seq=seq, at=at, user_id=None, username="sistem", workstation="PC-LAMA",
            kind="test.old", subject=str(seq), before="", after="", reason="",
            prev_hash=prev, row_hash=digest))
        prev = digest
    conn.execute(text("UPDATE audit_head SET seq = :seq, last_hash = :h"),
                 {"seq": count, "h": prev})


def test_an_old_chain_verifies_after_the_upgrade_and_is_signed_from_the_next_write(db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0006")
    with engine.begin() as conn:
        _old_rows(conn, 5)
    engine.dispose()
    db = open_database(db_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT unsigned_upto FROM audit_head")).scalar_one() == 5
    result = verify_audit(db, None)
    assert result.ok and result.rows == 5 and not result.signed_by, result.message
    with db.transaction() as s:
        record(s, None, "test.new", "6", username="sistem")
    result = verify_audit(db, None)
    assert result.ok and result.signed_by, result.message
    # The old rows are covered by the signed head from now on: an edit is seen.
    with db.transaction() as s:
        s.execute(text("UPDATE audit_log SET subject = 'diubah' WHERE seq = 2"))
    assert Finding.CHAIN_BROKEN in {f.kind for f in verify_audit(db, None).findings}
    db.dispose()
