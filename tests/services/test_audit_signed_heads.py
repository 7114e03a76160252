"""The attacks of an insider who can write the database, done by hand on the tables.

A bare hash chain can be recomputed, its tail cut and its head row set back: the signed
heads (in the database, in this PC's config folder, in each day-close archive) see it.
"""

import datetime as dt
import hashlib
import os
import subprocess
import sys
import threading
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, func, select, text, update

from counter_app.db import open_database
from counter_app.domain.errors import Conflict
from counter_app.domain.roles import Role
from counter_app.models import AuditHead, AuditHeadSignature, AuditLog, DayClosure
from counter_app.services import audit_seal
from counter_app.services import queue as q
from counter_app.services.audit import hashed_fields, row_digest, verify_chain
from counter_app.services.audit_check import Finding
from counter_app.services.audit_view import verify_audit
from counter_app.services.day_close import archived_report, close_day
from tests.helpers import make_office, make_user

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def office(db):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    for _ in range(6):
        q.issue_ticket(db, "A")
    return kasi


def kinds(result):
    return {f.kind for f in result.findings}


def last_seq(db):
    with db.transaction() as s:
        return s.execute(select(func.max(AuditLog.seq))).scalar_one()


def cut_tail(db, keep, *, head_too=True, signatures_too=False):
    """Delete every row after ``keep``; set the head row back to match, if asked."""
    with db.transaction() as s:
        s.execute(delete(AuditLog).where(AuditLog.seq > keep))
        if head_too:
            last = s.execute(select(AuditLog.row_hash).where(AuditLog.seq == keep)).scalar_one()
            s.execute(update(AuditHead).values(seq=keep, last_hash=last))
        if signatures_too:
            s.execute(delete(AuditHeadSignature))


def rehash_from(s, first):
    """Recompute every hash from row ``first`` on and the head: a consistent chain again."""
    rows = s.execute(select(AuditLog).order_by(AuditLog.seq)).scalars().all()
    prev = rows[first - 2].row_hash if first > 1 else "0" * 64
    for row in rows[first - 1:]:
        digest = row_digest(prev, hashed_fields(row))
        s.execute(update(AuditLog).where(AuditLog.id == row.id)
                  .values(prev_hash=prev, row_hash=digest))
        prev = digest
    s.execute(update(AuditHead).values(seq=len(rows), last_hash=prev))


def test_an_untouched_log_verifies_with_its_signed_head(db, office):
    result = verify_audit(db, office)
    assert result.ok, result.message
    assert result.signed_by and "ujung ditandatangani kunci" in result.message
    with db.transaction() as s:
        signed = s.execute(select(AuditHeadSignature)).scalars().all()
    # One row per key, replaced at every write: it names the current head.
    assert [(r.seq, r.workstation) for r in signed] == [(last_seq(db), "PC-UJI")]


def test_cut_tail_with_the_head_row_set_back_is_rows_missing_at_the_end(db, office):
    end = last_seq(db)
    cut_tail(db, end - 3)
    with db.transaction() as s:
        assert verify_chain(s).ok  # the bare chain is fooled
    result = verify_audit(db, office)
    assert not result.ok and kinds(result) == {Finding.ROWS_MISSING_AT_END}
    assert f"nomor {end - 2} sampai {end} hilang di akhir log" in result.message


def test_cut_tail_with_head_and_signatures_is_seen_by_this_pcs_copy(db, office):
    end = last_seq(db)
    cut_tail(db, end - 2, signatures_too=True)
    result = verify_audit(db, office)
    assert Finding.ROWS_MISSING_AT_END in kinds(result)
    assert "yang disimpan PC ini" in result.message


def test_cut_tail_without_the_head_row_is_named(db, office):
    end = last_seq(db)
    cut_tail(db, end - 2, head_too=False)
    result = verify_audit(db, office)
    assert not result.ok and result.first_bad_seq == end - 1


def test_an_emptied_log_is_named(db, office):
    with db.transaction() as s:
        s.execute(delete(AuditHeadSignature))
        s.execute(delete(AuditLog))
        s.execute(update(AuditHead).values(seq=0, last_hash="0" * 64))
    with db.transaction() as s:
        assert verify_chain(s).ok
    result = verify_audit(db, office)
    assert kinds(result) == {Finding.LOG_EMPTIED}
    assert "Log audit dikosongkan" in result.message


def test_an_emptied_log_is_named_even_without_this_pcs_copy(db, office):
    audit_seal.forget(db.engine.url.render_as_string(hide_password=True))
    with db.transaction() as s:
        s.execute(delete(AuditHeadSignature))
        s.execute(delete(AuditLog))
        s.execute(update(AuditHead).values(seq=0, last_hash="0" * 64))
    result = verify_audit(db, office)
    assert kinds(result) == {Finding.LOG_EMPTIED}  # the office row says it was set up


def test_an_edit_with_recomputed_hashes_is_a_changed_row(db, office):
    with db.transaction() as s:
        s.execute(update(AuditLog).where(AuditLog.seq == 3).values(username="penyusup"))
        rehash_from(s, 3)
    with db.transaction() as s:
        assert verify_chain(s).ok  # the bare chain is fooled
    result = verify_audit(db, office)
    assert kinds(result) == {Finding.ROW_CHANGED}
    assert "hash-nya dihitung ulang" in result.message


def test_a_re_signed_head_with_another_key_is_an_invalid_signature(db, office):
    forger = Ed25519PrivateKey.generate()
    with db.transaction() as s:
        s.execute(update(AuditLog).where(AuditLog.seq == 3).values(username="penyusup"))
        rehash_from(s, 3)
        head = s.get(AuditHead, 1)
        sig = forger.sign(audit_seal.head_message(head.seq, head.last_hash)).hex()
        # The signature rows are rewritten to the new head, under the real key id.
        s.execute(update(AuditHeadSignature).values(seq=head.seq, head_hash=head.last_hash,
                                                    signature=sig))
    audit_seal.forget(db.engine.url.render_as_string(hide_password=True))
    result = verify_audit(db, office)
    assert Finding.HEAD_SIGNATURE_INVALID in kinds(result)
    assert "tidak sah" in result.message


def test_rows_added_by_sql_leave_an_unsigned_head(db, office):
    with db.transaction() as s:
        head = s.get(AuditHead, 1)
        last = s.execute(select(AuditLog).where(AuditLog.seq == head.seq)).scalar_one()
        s.execute(text(
            "INSERT INTO audit_log (seq, at, username, workstation, kind, subject, before, "
            "after, reason, prev_hash, row_hash) VALUES (:seq, :at, 'penyusup', 'x', "
            "'blanko.received', 'x', '', '{\"quantity\": 500}', '', :prev, '')"),
            {"seq": head.seq + 1, "at": last.at, "prev": last.row_hash})
        rehash_from(s, head.seq + 1)
    result = verify_audit(db, office)
    assert kinds(result) == {Finding.HEAD_SIGNATURE_INVALID}
    assert "tidak bertanda tangan sah" in result.message


def test_a_closed_days_archived_head_must_stay_in_the_chain(db, office):
    info = close_day(db, office, YESTERDAY)
    assert info.audit_ok, info.audit_message
    with db.transaction() as s:
        closure = s.get(DayClosure, YESTERDAY)
        archived = closure.audit_seq
        assert closure.audit_signature and closure.audit_key_id
        close_row = s.execute(select(AuditLog).where(AuditLog.kind == "day.close")).scalar_one()
        assert (archived, closure.audit_hash) == (close_row.seq, close_row.row_hash)
    # Everything after the closing is cut, head set back, signatures and this PC's copy gone:
    # only the archive remembers.
    cut_tail(db, archived - 1, signatures_too=True)
    audit_seal.forget(db.engine.url.render_as_string(hide_password=True))
    result = verify_audit(db, office)
    assert Finding.ROWS_MISSING_AT_END in kinds(result)
    assert "di arsip tutup layanan" in result.message


def test_the_archived_report_is_checked_against_the_signed_close_entry(db, office):
    close_day(db, office, YESTERDAY)
    pdf, digest = archived_report(db, office, YESTERDAY)
    forged = pdf.replace(b"%%EOF", b"% angka diubah\n%%EOF")
    forged_digest = hashlib.sha256(forged).hexdigest()
    # The PDF and its own SHA-256 replaced together: the row alone no longer tells.
    with db.transaction() as s:
        s.execute(update(DayClosure).values(report_pdf=forged, report_sha256=forged_digest))
    with pytest.raises(Conflict, match="catatan tutup layanan yang ditandatangani"):
        archived_report(db, office, YESTERDAY)
    # Also the day.close row edited to name the forged digest, and the chain re-hashed.
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "day.close")).scalar_one()
        s.execute(update(AuditLog).where(AuditLog.id == row.id)
                  .values(after=row.after.replace(digest, forged_digest)))
        rehash_from(s, row.seq)
        s.execute(update(DayClosure).values(audit_hash=s.execute(select(AuditLog.row_hash)
                  .where(AuditLog.seq == row.seq)).scalar_one()))
    with pytest.raises(Conflict, match="catatan tutup layanan yang ditandatangani"):
        archived_report(db, office, YESTERDAY)


def test_verify_never_false_alarms_while_counters_write(db_url, db, office):
    """Three writers issue tickets while the check runs again and again (at most 20 s)."""
    deadline = time.monotonic() + 20
    stop = threading.Event()
    errors: list[BaseException] = []
    issued: list[int] = []

    def writer():
        own = open_database(db_url)
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                q.issue_ticket(own, "A")
                issued.append(1)
                time.sleep(0.005)  # a busy kiosk, not a flood: 999 numbers a day per service
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    checks = []
    try:
        while len(checks) < 6 and time.monotonic() < deadline:
            seen = len(issued)
            checks.append(verify_audit(db, office))
            # SQLite's lock is not fair: let the writers in before the next check.
            while len(issued) < seen + 3 and time.monotonic() < deadline and not errors:
                time.sleep(0.01)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors
    assert len(checks) >= 3
    assert [c.message for c in checks if not c.ok] == []
    assert checks[-1].rows > checks[0].rows  # the writers did write meanwhile


def test_writes_go_on_when_this_pcs_key_row_vanished(db, office):
    """A restored database may not know this PC's key: the next write registers it."""
    from counter_app.models import SigningKey

    with db.transaction() as s:
        s.execute(delete(AuditHeadSignature))
        s.execute(delete(SigningKey))
    q.issue_ticket(db, "A")  # within the moment the key was last seen registered
    with db.transaction() as s:
        assert s.execute(select(func.count()).select_from(SigningKey)).scalar_one() == 1
        kinds_written = s.execute(select(AuditLog.kind).order_by(AuditLog.seq.desc())
                                  .limit(2)).scalars().all()
    assert "key.register" in kinds_written
    assert verify_audit(db, office).ok


def test_a_cut_tail_stays_evident_while_the_counters_go_on_writing(capsys, db, office,
                                                                  monkeypatch):
    """After the cut, new rows take the cut numbers and more: this PC's copy is kept."""
    import json

    from counter_app.cli import main
    from tests.helpers import as_user

    end = last_seq(db)
    cut_tail(db, end - 2, signatures_too=True)
    for _ in range(5):
        q.issue_ticket(db, "A")
    assert last_seq(db) > end
    # The command's own login is audited too; the finding is named all the same.
    assert main(as_user(monkeypatch, "kasi", "audit", "verify", "--json", "--db", db.url)) == 1
    out = json.loads(capsys.readouterr().out)
    assert not out["ok"]
    assert [f["kind"] for f in out["findings"]] == ["row_changed"]
    assert "dihapus lalu diganti" in out["findings"][0]["message"]


def test_a_new_office_in_a_fresh_database_at_the_same_place_starts_a_new_copy(db_url, db,
                                                                              office):
    """Deleting the database file and setting up again is not an attack on the old log."""
    if db.is_sqlite:
        db.dispose()
        from counter_app.db import sqlite_path

        path = sqlite_path(db_url)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        schema = db_url.rsplit("search_path%3D", 1)[1]
        with db.engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.commit()
        db.dispose()
    fresh = open_database(db_url)
    make_office(fresh)
    result = verify_audit(fresh, None)
    assert result.ok, result.message
    fresh.dispose()


def test_a_rewrite_committed_while_a_counter_waits_for_the_log_is_still_seen(db_url, db,
                                                                             office):
    """The insider holds the log while rewriting it; a counter's write waits meanwhile and
    then goes on. Its check of this PC's copy must read the rewritten chain, not the one
    from before its wait, or its new signed head would replace the evidence."""
    end = last_seq(db)
    audit_seal.flush_anchors()
    insider = open_database(db_url)
    errors: list[BaseException] = []

    def counter():
        try:
            q.issue_ticket(db, "A")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    worker = threading.Thread(target=counter)
    try:
        with insider.transaction() as s:
            s.execute(update(AuditHead).values(seq=AuditHead.seq))  # the head's lock
            s.execute(update(AuditLog).where(AuditLog.seq == end - 1)
                      .values(username="penyusup"))
            rehash_from(s, end - 1)
            worker.start()
            time.sleep(0.5)  # the counter now waits for the lock
        worker.join(30)
    finally:
        insider.dispose()
    assert not errors
    assert last_seq(db) == end + 1  # the counter's ticket went on the rewritten chain
    audit_seal.flush_anchors()
    result = verify_audit(db, office)
    assert Finding.ROW_CHANGED in kinds(result)


KIOSK = """
import sys
from counter_app.db import open_database
from counter_app.services import queue as q
db = open_database(sys.argv[1])
q.issue_ticket(db, "A")  # this process now knows the head it wrote
print("siap", flush=True)
sys.stdin.readline()  # meanwhile the counter app writes, and the tail is cut
q.issue_ticket(db, "A")
db.dispose()
"""


def test_a_second_process_on_this_pc_never_replaces_a_newer_kept_head(db_url, db, office):
    """The kiosk runs beside the counter app on one PC and shares its copy of the head:
    a head it writes after a cut must not replace the newer head the counter app kept."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    kiosk = subprocess.Popen([sys.executable, "-c", KIOSK, db_url], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": root})
    try:
        assert kiosk.stdout.readline().strip() == "siap"
        for _ in range(12):
            q.issue_ticket(db, "A")
        audit_seal.flush_anchors()
        cut_tail(db, last_seq(db) - 5, signatures_too=True)
        kiosk.communicate("lanjut\n", timeout=120)
    finally:
        kiosk.kill()
    assert kiosk.returncode == 0
    result = verify_audit(db, office)
    assert not result.ok, result.message
    assert kinds(result) & {Finding.ROW_CHANGED, Finding.ROWS_MISSING_AT_END}


def test_the_newest_head_of_a_burst_is_kept_without_waiting_for_another_write(db, office):
    """A PC that loses power right after a burst of writes has kept its newest head."""
    database = db.engine.url.render_as_string(hide_password=True)
    audit_seal.flush_anchors()
    q.issue_ticket(db, "A")
    q.issue_ticket(db, "A")  # within the interval: waits to be written
    deadline = time.monotonic() + 5
    while audit_seal.read_anchor(database).seq != last_seq(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert audit_seal.read_anchor(database).seq == last_seq(db)
