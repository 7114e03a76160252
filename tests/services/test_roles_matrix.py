"""Every guarded service, called as every role: allowed or NotAllowed, nothing in between.

Roles are checked in the services, not only by hiding buttons.
"""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from counter_app.domain.coverage import TargetKind
from counter_app.domain.errors import CounterError, NotAllowed
from counter_app.domain.queue import PriorityPolicy
from counter_app.domain.roles import Role
from counter_app.models import AuditLog
from counter_app.services import batches as b
from counter_app.services import card_printing as cp
from counter_app.services import contacts, outreach_plans
from counter_app.services import coverage as cov
from counter_app.services import home_visits as hv
from counter_app.services import pickup as pk
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.services.backup import make_backup, restore
from counter_app.services.day_close import close_day, retry_backup, unlock_day
from counter_app.services.keys import load_signer
from counter_app.services.office import import_regions
from counter_app.services.reports import compute_report
from counter_app.services.settings import set_priority_policy
from counter_app.services.users import authenticate, create_user, list_users
from tests.helpers import PASSWORD, card, make_office, make_user, recording

OP, SUP, CAMAT, ADMIN = Role.OPERATOR, Role.SUPERVISOR, Role.CAMAT, Role.ADMIN
SERVE = {OP, SUP}

CASES = {
    "issue ticket at the counter": (SERVE, lambda w, a: q.issue_ticket(
        w.db, "A", source="counter", actor=a)),
    "call next": (SERVE, lambda w, a: q.call_next(w.db, a, w.counter)),
    "record": (SERVE, lambda w, a: rec.save_recording(w.db, a, recording())),
    "record printed": (SERVE, lambda w, a: cp.record_printed(w.db, a, w.local_app, "BLK-T")),
    "receive blanko": ({SUP}, lambda w, a: cp.receive_blanko(w.db, a, 5, "Disdukcapil", "BA")),
    "correct blanko": ({SUP}, lambda w, a: cp.correct_blanko(w.db, a, 1, "stock opname")),
    "issue SUKET": (SERVE, lambda w, a: sk.issue_suket(w.db, a, w.local_app, "no_blanko")),
    "create batch": (SERVE, lambda w, a: b.create_batch(w.db, a)),
    "export full NIK": ({SUP}, lambda w, a: b.transmittal_printout(
        w.db, a, w.batch, w.signer)),
    "hand over": (SERVE, lambda w, a: pk.hand_over(w.db, a, w.local_app, receiver="self",
                                                   identity_checked=True)),
    "close day": ({SUP}, lambda w, a: close_day(w.db, a, w.yesterday)),
    "unlock day": ({SUP}, lambda w, a: unlock_day(w.db, a, w.closed, "perbaikan data")),
    "read reports": ({SUP, CAMAT, ADMIN}, lambda w, a: compute_report(w.db, a, w.yesterday)),
    "create user": ({ADMIN}, lambda w, a: create_user(
        w.db, a, username="baru", full_name="Baru", role=OP, password="sementara1")),
    "list users": ({ADMIN}, lambda w, a: list_users(w.db, a)),
    "change settings": ({ADMIN}, lambda w, a: set_priority_policy(w.db, a, PriorityPolicy())),
    "services": ({ADMIN}, lambda w, a: q.save_service(w.db, a, prefix="E", name="Lain")),
    "back up": ({SUP, ADMIN}, lambda w, a: make_backup(w.db, a)),
    "retry the day-close backup": ({SUP}, lambda w, a: retry_backup(w.db, a)),
    # Refused before anything is read: only the role decides here.
    "restore": ({ADMIN}, lambda w, a: restore(w.db.url, w.missing_backup, a)),
    "import regions": ({ADMIN}, lambda w, a: import_regions(
        w.db, a, "code,level,name,parent_code\n16.09,kabupaten,OKU Timur,16\n")),
    # Coverage (issue 19): the resident list is personal data, the figures are not.
    "import residents": ({SUP}, lambda w, a: cov.import_residents(
        w.db, a, "p.csv", b"nik,kk,nama,tanggal_lahir,jenis_kelamin,kelurahan,rt,rw\n"
        b"1671045708990002,1671040901190005,Siti,1999-08-17,P,Bukitlama,5,2\n")),
    "coverage status": ({SUP, CAMAT, ADMIN}, lambda w, a: cov.coverage_status(w.db, a)),
    "coverage targets": ({SUP}, lambda w, a: cov.list_targets(w.db, a, TargetKind.PEMULA)),
    "export targets with full NIKs": ({SUP}, lambda w, a: cov.export_targets(
        w.db, a, TargetKind.BELUM_REKAM, full_nik=True)),
    "log a contact": (SERVE, lambda w, a: contacts.add_contact(
        w.db, a, "1671045708990002", "telepon", "tidak diangkat")),
    "note recorded elsewhere": (SERVE, lambda w, a: cov.mark_recorded_elsewhere(
        w.db, a, "1671045708990002", w.yesterday, "Disdukcapil")),
    "take a home-visit request": (SERVE, lambda w, a: hv.request_home_visit(
        w.db, a, nik="1671045708990002", nama="Siti", requested_by="Ibunya",
        address="Jl. Bukit Lama 5", kelurahan_code="16.71.04.1001")),
    "plan an outreach event": ({SUP}, lambda w, a: outreach_plans.plan_outreach(
        w.db, a, name="SMA 6", kind="sekolah", place="SMA Negeri 6", day=dt.date.today(),
        target_kind=TargetKind.BELUM_REKAM, niks=["1671045708990002"])),
}


class World:
    pass


@pytest.fixture
def world(db, tmp_path):
    w = World()
    w.db = db
    office = make_office(db)
    w.counter = office.counters[0].id
    kasi = make_user(db, "kasi0", SUP)
    clerk = make_user(db, "petugas0", OP)
    q.issue_ticket(db, "A")
    app = rec.save_recording(db, clerk, recording("BARU"))
    w.local_app = app.application_id
    rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900001", card=card(
        nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")))
    w.batch = b.create_batch(db, clerk).id
    w.signer = load_signer(db)  # this PC's key is registered before the calls
    w.yesterday = dt.date.today() - dt.timedelta(days=1)
    w.closed = dt.date.today() - dt.timedelta(days=2)
    w.missing_backup = tmp_path / "tidak-ada.db"
    close_day(db, kasi, w.closed)
    w.actors = {OP: clerk, SUP: kasi, CAMAT: make_user(db, "camat0", CAMAT),
                ADMIN: authenticate(db, "admin", PASSWORD)}
    return w


def audit_rows(db):
    with db.transaction() as s:
        return s.execute(select(func.count(AuditLog.id))).scalar_one()


@pytest.mark.parametrize("role", [OP, SUP, CAMAT, ADMIN])
def test_each_service_as_each_role(world, role):
    actor = world.actors[role]
    for name, (allowed, call) in CASES.items():
        before = audit_rows(world.db)
        try:
            call(world, actor)
        except NotAllowed:
            assert role not in allowed, f"{name}: {role} was refused"
            assert audit_rows(world.db) == before, f"{name}: a refused call left a trace"
        except CounterError:
            assert role in allowed, f"{name}: {role} got past the role check"
        else:
            assert role in allowed, f"{name}: {role} was allowed"


@pytest.mark.parametrize(("stored", "claimed"), [(OP, SUP), (OP, ADMIN), (CAMAT, SUP),
                                                 (ADMIN, SUP)])
def test_a_role_edited_in_the_actor_gets_only_what_the_stored_role_may(world, stored,
                                                                       claimed):
    """``dataclasses.replace(op, role=SUPERVISOR)``: never more than the stored role."""
    actor = dataclasses.replace(world.actors[stored], role=claimed)
    for name, (allowed, call) in CASES.items():
        before = audit_rows(world.db)
        try:
            call(world, actor)
        except NotAllowed:
            # Refused: by the stored role, or already by the claimed one (safe either way).
            assert audit_rows(world.db) == before, f"{name}: a refused call left a trace"
        except CounterError:
            assert stored in allowed, f"{name}: {stored} posing as {claimed} got through"
        else:
            assert stored in allowed, f"{name}: {stored} posing as {claimed} was allowed"


# --- issue 11 review: the after-recording services reload the actor too -------------

AFTER_NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
AFTER_DAY = dt.date(2019, 1, 9)


def _person(n):
    return f"1671040201900{n:03d}", card(nama=f"Pemohon {'abcdefgh'[n - 10]}",
                                         tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L",
                                         phone=f"0812345{n:05d}")


@pytest.fixture
def after(db):
    """Something for every after-recording service to act on, had it let the actor in."""
    w = World()
    w.db = db
    make_office(db)
    w.clerk = make_user(db, "petugas1", OP)
    w.kasi = make_user(db, "kasi1", SUP)
    w.camat = make_user(db, "camat1", CAMAT)
    cp.receive_blanko(db, w.kasi, 10, "Disdukcapil", "BA/1", now=AFTER_NOW)
    apps = {}
    for n, case in ((11, "BARU"), (12, "BARU"), (13, "HILANG"), (14, "HILANG"),
                    (15, "HILANG"), (16, "BARU")):
        nik, person = _person(n)
        apps[n] = rec.save_recording(db, w.clerk, recording(case, nik=nik, card=person),
                                     now=AFTER_NOW)
    for n in (11, 12):
        cp.record_printed(db, w.clerk, apps[n].application_id, f"BLK-{n}", now=AFTER_NOW)
    pk.hand_over(db, w.clerk, apps[12].application_id, receiver="self",
                 identity_checked=True, now=AFTER_NOW)
    batch = b.create_batch(db, w.clerk, now=AFTER_NOW)
    b.send_batch(db, w.clerk, batch.id, "Pak Joko", now=AFTER_NOW)
    b.reject_item(db, w.clerk, apps[13].slip_number, "data_ganda", now=AFTER_NOW)
    b.mark_item(db, w.clerk, batch.id, apps[14].application_id, "returned",
                "foto buram, rekam ulang", now=AFTER_NOW)
    sk.issue_suket(db, w.clerk, apps[16].application_id, "no_blanko", now=AFTER_NOW)
    w.apps = apps
    return w


def _after_calls(w):
    from counter_app.services import birthdays as bd
    from counter_app.services import misprints as mp
    from counter_app.services import prr
    from counter_app.services import rejections as rj
    from counter_app.services import uncollected as un

    a, later = w.apps, AFTER_NOW + dt.timedelta(days=100)
    return {
        "misprint before handover": (SERVE, lambda act: mp.misprint_before_handover(
            w.db, act, a[11].application_id, "nama salah eja", "BLK-11", now=AFTER_NOW)),
        "misprint after handover": (SERVE, lambda act: rj.misprint_after_handover(
            w.db, act, a[12].application_id, "tanggal lahir salah", now=AFTER_NOW)),
        "reopen rejected": (SERVE, lambda act: rj.reopen_rejected(
            w.db, act, a[13].application_id, now=AFTER_NOW)),
        "archive card": ({SUP}, lambda act: un.archive_card(
            w.db, act, a[11].slip_number, "lemari arsip B", now=later)),
        "uncollected cards": (SERVE, lambda act: un.uncollected_cards(
            w.db, act, AFTER_DAY + dt.timedelta(days=100))),
        "PRR print": (SERVE, lambda act: prr.request_prr_print(
            w.db, act, _person(12)[0], kk_checked=True, identity_confirmed=True,
            now=AFTER_NOW)),
        "print ready": (SERVE, lambda act: prr.print_ready(w.db, act, AFTER_DAY)),
        "PRR lookup": (SERVE, lambda act: prr.lookup_prr(w.db, act, _person(12)[0])),
        "renew SUKET": (SERVE, lambda act: sk.renew_suket(
            w.db, act, a[16].application_id, now=AFTER_NOW)),
        "reject item": (SERVE, lambda act: b.reject_item(
            w.db, act, a[15].slip_number, "data_ganda", now=AFTER_NOW)),
        "returned items": (SERVE, lambda act: b.returned_items(w.db, act)),
        "decide returned": ({SUP}, lambda act: b.decide_returned(
            w.db, act, a[14].slip_number, resend=True, now=AFTER_NOW)),
        "birthday list": (SERVE, lambda act: bd.birthday_list(
            w.db, act, AFTER_DAY, AFTER_DAY + dt.timedelta(days=30))),
    }


def _state(db):
    from counter_app.models import Application, BatchItem, BlankoEntry, Suket

    with db.transaction() as s:
        return (audit_rows(db),
                s.execute(select(Application.id, Application.status)
                          .order_by(Application.id)).all(),
                s.execute(select(BatchItem.id, BatchItem.state).order_by(BatchItem.id)).all(),
                s.execute(select(func.count(BlankoEntry.id))).scalar_one(),
                s.execute(select(Suket.id, Suket.voided_at).order_by(Suket.id)).all())


def _forged(w, kind, allowed):
    from counter_app.services.actor import Actor
    from counter_app.services.users import log_out

    if kind == "logged out":
        if not getattr(w, "logged_out", False):
            log_out(w.db, w.kasi)  # a supervisor may do all of these while logged in
            w.logged_out = True
        return w.kasi
    if kind == "forged role":
        # A clerk posing as supervisor where only a supervisor may act; elsewhere the
        # camat, who may not serve, posing as supervisor.
        return dataclasses.replace(w.clerk if allowed == {SUP} else w.camat, role=SUP)
    return Actor(999, "hantu", "Hantu", SUP, "PC-UJI")


@pytest.mark.parametrize("kind", ["logged out", "forged role", "unknown user"])
def test_after_recording_services_refuse_an_actor_the_database_does_not_back(after, kind):
    """Each service reloads the actor (load_actor) first; the claim alone is not enough."""
    calls = [(name, _forged(after, kind, allowed), call)
             for name, (allowed, call) in _after_calls(after).items()]
    before = _state(after.db)
    for name, actor, call in calls:
        with pytest.raises(NotAllowed):
            call(actor)
        assert _state(after.db) == before, f"{name}: a refused call changed something"


def test_after_recording_services_still_serve_the_real_actor(after):
    """The same calls go through for who may do them (the refusals above mean something)."""
    calls = _after_calls(after)
    for name in ("uncollected cards", "print ready", "PRR lookup", "returned items",
                 "birthday list", "renew SUKET", "reject item", "misprint before handover",
                 "misprint after handover", "reopen rejected", "decide returned"):
        allowed, call = calls[name]
        call(after.kasi if allowed == {SUP} else after.clerk)
