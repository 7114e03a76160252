"""Outreach plans: an event planned from a target list, and afterwards who it reached.

The supervisor picks targets (from a target list), a date and a place; the plan makes
the outreach event that recordings are tagged with. After the event the plan shows,
target by target, who was recorded at the event, who was recorded some other way, and
who is still missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.coverage import TargetKind
from counter_app.domain.errors import NotFound, ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.models import (
    Applicant,
    Application,
    OutreachEvent,
    OutreachPlan,
    OutreachPlanTarget,
    RecordedElsewhere,
    Resident,
)
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.recording import OUTREACH_KINDS

REACHED_AT_EVENT = "di_kegiatan"
RECORDED_OTHERWISE = "di_tempat_lain"
MISSING = "belum"
STATE_LABELS = {REACHED_AT_EVENT: "Direkam di kegiatan ini",
                RECORDED_OTHERWISE: "Direkam di tempat/waktu lain",
                MISSING: "Belum direkam"}


@dataclass(frozen=True)
class PlanTargetResult:
    """One target of a plan and what became of it."""

    nik_masked: str
    nama: str
    kelurahan_code: str
    rt: str
    rw: str
    state: str

    @property
    def state_label(self) -> str:
        """The state as the supervisor reads it."""
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class PlanInfo:
    """A plan, its event and how many of its targets were reached."""

    id: int
    event_id: int
    name: str
    kind: str
    day: dt.date
    place: str
    target_kind: str
    targets: int
    reached_at_event: int
    recorded_otherwise: int
    missing: int
    results: tuple[PlanTargetResult, ...] = ()

    def as_json(self) -> dict[str, object]:
        """For ``--json`` and the report."""
        return {"id": self.id, "event_id": self.event_id, "name": self.name,
                "kind": self.kind, "date": self.day.isoformat(), "place": self.place,
                "target_kind": self.target_kind, "targets": self.targets,
                "reached_at_event": self.reached_at_event,
                "recorded_otherwise": self.recorded_otherwise, "missing": self.missing}


def plan_outreach(db: Database, actor: Actor, *, name: str, kind: str, place: str,
                  day: dt.date, target_kind: TargetKind, niks: Iterable[str],
                  now: dt.datetime | None = None) -> PlanInfo:
    """Plan an outreach event for these targets (supervisor); creates the event.

    Every NIK must be on the current resident list; the targets are copied into the
    plan, so its results stay readable after a newer list replaces this one.
    """
    actor.require(Permission.MANAGE_COVERAGE)
    title = " ".join((name or "").split())
    if not 3 <= len(title) <= 120:
        raise ValidationError("Nama kegiatan diisi 3-120 huruf.", field="name")
    where = " ".join((place or "").split())
    if not 3 <= len(where) <= 200:
        raise ValidationError("Tempat kegiatan diisi 3-200 huruf.", field="place")
    if kind not in OUTREACH_KINDS:
        raise ValidationError("Pilih jenis kegiatan dari daftar.", field="kind")
    moment = (now or utc_now()).replace(microsecond=0)
    if day < office_day(moment):
        raise ValidationError("Tanggal kegiatan tidak boleh sebelum hari ini.", field="day")
    wanted = sorted({n.strip() for n in niks if n.strip()})
    if not wanted:
        raise ValidationError("Pilih sasaran kegiatan dari daftar sasaran.", field="targets")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        residents = {}
        for start in range(0, len(wanted), 500):
            for r in session.execute(select(Resident).where(
                    Resident.nik.in_(wanted[start:start + 500]))).scalars():
                residents[r.nik] = r
        unknown = [n for n in wanted if n not in residents]
        if unknown:
            raise ValidationError(f"{len(unknown)} sasaran tidak ada di daftar penduduk "
                                  f"(mis. {mask_nik(unknown[0])}).", field="targets")
        event = OutreachEvent(name=title, kind=kind, day=day, created_by=actor.user_id)
        session.add(event)
        session.flush()
        plan = OutreachPlan(outreach_event_id=event.id, place=where,
                            target_kind=TargetKind(target_kind).value,
                            created_by=actor.user_id, created_at=moment)
        session.add(plan)
        session.flush()
        session.add_all(OutreachPlanTarget(plan_id=plan.id, nik=r.nik, nama=r.nama,
                                           kelurahan_code=r.kelurahan_code, rt=r.rt, rw=r.rw)
                        for r in residents.values())
        audit.record(session, actor, "outreach.plan", title,
                     after={"kind": kind, "day": day.isoformat(), "place": where,
                            "target_kind": plan.target_kind, "targets": len(residents)})
        session.flush()
        return _plan_info(session, plan, event, with_results=False)


def _states(session: Session, plan: OutreachPlan, event: OutreachEvent,
            as_of: dt.date | None = None) -> dict[str, str]:
    niks = list(session.execute(select(OutreachPlanTarget.nik).where(
        OutreachPlanTarget.plan_id == plan.id)).scalars())
    states = dict.fromkeys(niks, MISSING)
    for start in range(0, len(niks), 500):
        chunk = niks[start:start + 500]
        query = (select(Applicant.nik, Application.outreach_event_id)
                 .join(Application, Application.applicant_id == Applicant.id)
                 .where(Applicant.nik.in_(chunk),
                        Application.status != Status.CANCELLED))
        if as_of is not None:
            query = query.where(Application.day <= as_of)
        for nik, event_id in session.execute(query).all():
            if event_id == event.id:
                states[nik] = REACHED_AT_EVENT
            elif states[nik] == MISSING:
                states[nik] = RECORDED_OTHERWISE
        noted = select(RecordedElsewhere.nik).where(RecordedElsewhere.nik.in_(chunk))
        if as_of is not None:
            noted = noted.where(RecordedElsewhere.day <= as_of)
        for nik in session.execute(noted).scalars():
            if states[nik] == MISSING:
                states[nik] = RECORDED_OTHERWISE
    return states


def _plan_info(session: Session, plan: OutreachPlan, event: OutreachEvent,
               with_results: bool = True, as_of: dt.date | None = None) -> PlanInfo:
    states = _states(session, plan, event, as_of)
    results: tuple[PlanTargetResult, ...] = ()
    if with_results:
        targets = session.execute(select(OutreachPlanTarget).where(
            OutreachPlanTarget.plan_id == plan.id)).scalars().all()
        order = {MISSING: 0, RECORDED_OTHERWISE: 1, REACHED_AT_EVENT: 2}
        results = tuple(sorted(
            (PlanTargetResult(mask_nik(t.nik), t.nama, t.kelurahan_code, t.rt, t.rw,
                              states[t.nik]) for t in targets),
            key=lambda r: (order[r.state], r.kelurahan_code, r.rw, r.rt, r.nama)))
    values = list(states.values())
    return PlanInfo(plan.id, event.id, event.name, event.kind, event.day, plan.place,
                    plan.target_kind, len(values), values.count(REACHED_AT_EVENT),
                    values.count(RECORDED_OTHERWISE), values.count(MISSING), results)


def plan_results(db: Database, actor: Actor, plan_id: int) -> PlanInfo:
    """A plan with, target by target, who was recorded and who is still missing."""
    actor.require(Permission.MANAGE_COVERAGE)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        plan = session.get(OutreachPlan, plan_id)
        if plan is None:
            raise NotFound("Rencana kegiatan tidak ditemukan.")
        event = session.get(OutreachEvent, plan.outreach_event_id)
        assert event is not None
        return _plan_info(session, plan, event)


def list_plans(db: Database, actor: Actor) -> list[PlanInfo]:
    """Every plan, newest event first, with its counts (no per-target rows)."""
    actor.require(Permission.READ_REPORTS)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        return plans_between(session, None, None)


def plans_between(session: Session, start: dt.date | None, end: dt.date | None,
                  as_of: dt.date | None = None) -> list[PlanInfo]:
    """Plans whose event falls in ``start`` .. ``end`` (all when None), newest first."""
    query = select(OutreachPlan, OutreachEvent).join(
        OutreachEvent, OutreachEvent.id == OutreachPlan.outreach_event_id)
    if start is not None:
        query = query.where(OutreachEvent.day >= start)
    if end is not None:
        query = query.where(OutreachEvent.day <= end)
    rows = session.execute(query.order_by(OutreachEvent.day.desc(), OutreachPlan.id.desc())
                           ).all()
    return [_plan_info(session, plan, event, with_results=False, as_of=as_of)
            for plan, event in rows]
