"""`audit verify --deep`: business tables changed by SQL, without the log, are listed."""

import datetime as dt
import json

import pytest
from sqlalchemy import select, update

from counter_app.domain.lifecycle import Status
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role
from counter_app.models import Application, BlankoEntry, BlankoStock, Ticket, User
from counter_app.services import card_printing as cp
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services.audit_view import verify_audit
from counter_app.services.day_close import close_day
from counter_app.services.demo_data import fill_demo
from tests.helpers import as_user, card, make_office, make_user, recording

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def office(db):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    cp.receive_blanko(db, kasi, 10, "Disdukcapil", "BA-1")
    app = rec.save_recording(db, clerk, recording())
    cp.record_printed(db, clerk, app.application_id, "BLK-T")
    forwarded = rec.save_recording(db, clerk, recording(
        "RUSAK", nik="1671040201900001", card=card(tanggal_lahir=dt.date(1990, 1, 2),
                                                   jenis_kelamin="L")))
    q.issue_ticket(db, "A")
    return kasi, app, forwarded


def test_a_demo_database_replays_without_a_disagreement(db):
    fill_demo(db, dt.date(2019, 1, 10), days=2, seed=3)
    result = verify_audit(db, None, deep=True)
    assert result.ok, result.message
    assert "isi basis data cocok dengan log audit" in result.message


def test_status_blanko_role_and_ticket_changed_by_sql_are_each_listed(db, office):
    kasi, _app, forwarded = office
    assert verify_audit(db, kasi, deep=True).ok
    with db.transaction() as s:
        s.execute(update(Application).where(Application.id == forwarded.application_id)
                  .values(status=Status.READY_FOR_PICKUP.value))
        s.execute(update(BlankoStock).values(balance=BlankoStock.balance + 500))
        entry = s.execute(select(BlankoEntry).limit(1)).scalar_one()
        s.add(BlankoEntry(at=entry.at, day=entry.day, kind="received", quantity=500,
                          user_id=entry.user_id, source="", reference="", reason=""))
        s.execute(update(User).where(User.username == "petugas").values(role="admin"))
        s.execute(update(Ticket).values(status=TicketStatus.DONE.value))
    result = verify_audit(db, kasi, deep=True)
    assert not result.ok and not result.findings  # the chain itself is untouched
    lines = "\n".join(result.lines)
    assert (f"Permohonan {forwarded.slip_number}: menurut log audit berstatus dikirim ke "
            "Disdukcapil, di basis data berstatus siap diambil") in lines
    assert "Blanko saldo buku: menurut log audit 9 lembar, di basis data 509 lembar" in lines
    assert "Blanko saldo stok: menurut log audit 9 lembar, di basis data 509 lembar" in lines
    assert "Pengguna petugas: menurut log audit berperan petugas loket, di basis data " \
           "berperan admin" in lines
    assert "Tiket A-001" in lines and "berstatus menunggu, di basis data berstatus selesai" \
        in lines
    # Without --deep only the log is checked.
    assert verify_audit(db, kasi).ok


def test_rows_added_or_deleted_by_sql_are_listed(db, office):
    kasi, app, _forwarded = office
    with db.transaction() as s:
        s.execute(update(Application).where(Application.id == app.application_id)
                  .values(slip_number="167104-000000-9999"))
    result = verify_audit(db, kasi, deep=True)
    lines = "\n".join(result.lines)
    assert "Permohonan 167104-000000-9999: menurut log audit tidak pernah direkam" in lines
    assert f"Permohonan {app.slip_number}: menurut log audit berstatus siap diambil, di " \
           "basis data tidak ada (baris dihapus)" in lines


def test_day_close_runs_the_deep_check_and_carries_the_result(db, office):
    kasi, _app, forwarded = office
    with db.transaction() as s:
        s.execute(update(Application).where(Application.id == forwarded.application_id)
                  .values(status=Status.READY_FOR_PICKUP.value))
    info = close_day(db, kasi, YESTERDAY)
    assert not info.audit_ok
    assert any(forwarded.slip_number in line for line in info.audit_lines)
    assert "1 data berbeda dari log audit" in info.audit_message


def test_the_command_lists_each_disagreement_and_exits_1(capsys, db, office, monkeypatch):
    from counter_app.cli import main

    kasi, _app, forwarded = office
    assert main(as_user(monkeypatch, "kasi", "audit", "verify", "--deep", "--db", db.url)) == 0
    assert "isi basis data cocok dengan log audit" in capsys.readouterr().out
    with db.transaction() as s:
        s.execute(update(User).where(User.username == "petugas").values(role="supervisor"))
    assert main(as_user(monkeypatch, "kasi", "audit", "verify", "--deep", "--json",
                        "--db", db.url)) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["findings"] == [] and out["disagreements"] == [
        {"area": "pengguna", "subject": "petugas", "in_log": "berperan petugas loket",
         "in_table": "berperan supervisor (Kasi Pelayanan)"}]
    # A clerk may not read the audit log.
    assert main(as_user(monkeypatch, "petugas", "audit", "verify", "--deep",
                        "--db", db.url)) != 0
