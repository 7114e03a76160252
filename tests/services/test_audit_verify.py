"""`audit verify` on a demo database, and after one row is edited, deleted or inserted
directly in the database."""

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update

from counter_app.cli import main
from counter_app.models import AuditLog
from counter_app.services.audit import verify_chain
from counter_app.services.demo_data import fill_demo
from tests.helpers import as_user


@pytest.fixture
def demo(db):
    fill_demo(db, dt.date(2019, 1, 10), days=1, seed=1)
    return db


def check(db):
    with db.transaction() as s:
        return verify_chain(s)


def test_demo_chain_is_whole_and_the_command_says_so(capsys, demo, monkeypatch):
    result = check(demo)
    assert result.ok and result.rows > 200
    assert main(as_user(monkeypatch, "kasi", "audit", "verify", "--db", demo.url,
                        password="demo1234")) == 0
    assert "Rantai audit utuh" in capsys.readouterr().out


def test_an_edited_row_is_named(capsys, demo, monkeypatch):
    with demo.transaction() as s:
        target = s.execute(select(AuditLog).where(AuditLog.seq == 120)).scalar_one()
        s.execute(update(AuditLog).where(AuditLog.id == target.id)
                  .values(after=target.after.replace("awaiting", "handed") or "{}"))
        s.execute(update(AuditLog).where(AuditLog.id == target.id).values(username="penyusup"))
    result = check(demo)
    assert not result.ok and result.first_bad_seq == 120 and "diubah" in result.message
    assert main(as_user(monkeypatch, "kasi", "audit", "verify", "--db", demo.url,
                        password="demo1234")) == 1
    assert "nomor 120 telah diubah" in capsys.readouterr().out


def test_a_deleted_row_is_named(demo):
    with demo.transaction() as s:
        s.execute(delete(AuditLog).where(AuditLog.seq == 77))
    result = check(demo)
    assert not result.ok and result.first_bad_seq == 77 and "hilang" in result.message


def test_the_last_row_deleted_is_seen_by_the_head(demo):
    with demo.transaction() as s:
        last = s.execute(select(AuditLog.seq).order_by(AuditLog.seq.desc()).limit(1)
                         ).scalar_one()
        s.execute(delete(AuditLog).where(AuditLog.seq == last))
    result = check(demo)
    assert not result.ok and result.first_bad_seq == last


def test_an_inserted_row_is_named(demo):
    with demo.transaction() as s:
        last = s.execute(select(AuditLog).order_by(AuditLog.seq.desc()).limit(1)).scalar_one()
        # Someone shifts the tail and slips a row in at 50, with a plausible-looking hash.
        s.execute(update(AuditLog).where(AuditLog.seq >= 50).values(seq=AuditLog.seq + 100000))
        s.execute(text(
            "INSERT INTO audit_log (seq, at, username, workstation, kind, subject, before, "
            "after, reason, prev_hash, row_hash) VALUES (50, :at, 'penyusup', 'x', "
            "'application.hand_over', 'x', '', '', '', :prev, :hash)"),
            {"at": last.at, "prev": "0" * 64, "hash": "f" * 64})
    result = check(demo)
    assert not result.ok and result.first_bad_seq == 50
