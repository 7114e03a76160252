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
