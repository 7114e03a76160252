import threading

from sqlalchemy import select

from counter_app.db import open_database
from counter_app.models import AuditHead, AuditLog
from counter_app.services.audit import hashed_fields, record, row_digest
from tests.helpers import make_office


def _rows(db):
    with db.transaction() as s:
        return s.execute(select(AuditLog).order_by(AuditLog.seq)).scalars().all()


def test_rows_form_a_hash_chain(db):
    make_office(db)
    rows = _rows(db)
    # The first write also registers this PC's key, which signs the head from then on.
    assert [r.kind for r in rows] == ["user.create", "office.init", "key.register"]
    prev = "0" * 64
    for row in rows:
        assert row.prev_hash == prev
        assert row.row_hash == row_digest(prev, hashed_fields(row))
        prev = row.row_hash
    with db.transaction() as s:
        assert s.get(AuditHead, 1).last_hash == prev


def test_failed_action_leaves_no_audit_row(db):
    make_office(db)
    before = len(_rows(db))
    try:
        with db.transaction() as s:
            record(s, None, "test.kind", "x")
            raise RuntimeError("printer jam")
    except RuntimeError:
        pass
    assert len(_rows(db)) == before


def test_concurrent_writers_keep_one_chain(db_url):
    first = open_database(db_url)
    make_office(first)

    def write(n):
        db = open_database(db_url)
        for i in range(10):
            with db.transaction() as s:
                record(s, None, "test.concurrent", f"{n}-{i}")
        db.dispose()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = _rows(first)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    for a, b in zip(rows, rows[1:], strict=False):
        assert b.prev_hash == a.row_hash
    first.dispose()
