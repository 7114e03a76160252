"""After Disdukcapil's rejection: the rejected list and a new application from one.

Issue 11: the new application is opened with the data carried over.

The new application keeps the person's recorded data, documents and biometrics (they
were recorded once and are not recorded again), points back to the rejected one, gets
its own slip number and goes to Disdukcapil with the next batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, NotFound
from counter_app.domain.input_policy import clean_reason
from counter_app.domain.lifecycle import Action, Status
from counter_app.domain.nik import mask_nik
from counter_app.domain.roles import Permission
from counter_app.domain.routing import Route, expected_ready
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Biometrics,
    Office,
)
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.office_days import closed_days
from counter_app.services.recording import (
    ApplicationSummary,
    _next_slip_number,
    _summary,
    transition,
)


def copy_application(session: Session, old: Application, office_code: str, actor: Actor,
                     moment: dt.datetime, route: Route, reason: str,
                     surrendered: tuple[tuple[str, str], ...] = ()) -> Application:
    """A new application (status RECORDED) with ``old``'s data, documents and biometrics.

    ``surrendered``: extra (code, label) items the applicant hands in with it.
    """
    today = office_day(moment)
    slip = _next_slip_number(session, office_code, today, None)
    printable_from = max(old.printable_from, today)
    new = Application(
        slip_number=slip, applicant_id=old.applicant_id, ticket_id=None,
        outreach_event_id=None, case_type=old.case_type,
        changed_elements=old.changed_elements, route=route.value,
        status=Status.RECORDED, eligibility=old.eligibility,
        printable_from=printable_from,
        expected_ready=expected_ready(route, today, printable_from,
                                      closed_days(session, today)),
        day=today, recorded_at=moment, recorded_by=actor.user_id, data=old.data,
        old_data=old.old_data, override_by=old.override_by,
        override_reason=old.override_reason,
        biometric_exceptions=old.biometric_exceptions, slip_print_count=0,
        status_changed_at=moment, cancel_reason="", nik_mismatch=old.nik_mismatch,
        nik_mismatch_approved_by=old.nik_mismatch_approved_by,
        route_reason=reason, outside_domicile=old.outside_domicile,
        valid_until=old.valid_until, previous_application_id=old.id)
    session.add(new)
    session.flush()
    for doc in session.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == old.id)).scalars().all():
        session.add(ApplicationDocument(
            application_id=new.id, code=doc.code, label=doc.label,
            provided=doc.provided, surrendered=doc.surrendered, details=doc.details))
    for code, label in surrendered:
        session.add(ApplicationDocument(application_id=new.id, code=code, label=label,
                                        provided=True, surrendered=True, details="{}"))
    bio = session.get(Biometrics, old.id)
    if bio is not None:
        session.add(Biometrics(application_id=new.id, photo=bio.photo,
                               signature=bio.signature, modalities=bio.modalities,
                               exception_photo=bio.exception_photo, device=bio.device))
    return new


@dataclass(frozen=True)
class Reopened:
    """The new application opened from a rejected one."""

    application_id: int
    slip_number: str
    previous_slip_number: str
    nik_masked: str
    status: Status


def rejected_applications(db: Database) -> list[ApplicationSummary]:
    """Rejected applications with no new application opened from them yet, oldest first."""
    with db.transaction() as session:
        reopened = select(Application.previous_application_id).where(
            Application.previous_application_id.is_not(None))
        rows = session.execute(
            select(Application, Applicant)
            .join(Applicant, Applicant.id == Application.applicant_id)
            .where(Application.status == Status.REJECTED,
                   Application.id.not_in(reopened))
            .order_by(Application.status_changed_at, Application.id)).all()
        return [_summary(app, person) for app, person in rows]


def reopen_rejected(db: Database, actor: Actor, application_id: int,
                    now: dt.datetime | None = None) -> Reopened:
    """Open a new application from a rejected one, with the data carried over.

    Data, documents and biometrics are copied; it is forwarded with the next batch.
    """
    actor.require(Permission.SERVE)
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        old = session.get(Application, application_id)
        office = session.get(Office, 1)
        if old is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, today, actor, moment, "permohonan baru")
        if old.status != Status.REJECTED:
            raise Conflict(f"{old.slip_number} tidak ditolak Disdukcapil; permohonan baru "
                           "hanya dibuka dari permohonan yang ditolak.")
        already = session.execute(select(Application.slip_number).where(
            Application.previous_application_id == old.id)).scalar_one_or_none()
        if already is not None:
            raise Conflict(f"Permohonan baru {already} sudah dibuka dari {old.slip_number}.")
        person = session.get(Applicant, old.applicant_id)
        assert person is not None
        new = copy_application(session, old, office.kecamatan_code, actor, moment,
                               Route.FORWARD, old.route_reason)
        slip = new.slip_number
        audit.record(session, actor, "application.reopen", slip,
                     after={"from": old.slip_number, "nik": mask_nik(person.nik),
                            "reject_code": old.reject_code})
        status = transition(session, new, Action.ROUTE_FORWARD, actor, moment,
                            reason=f"dibuka dari {old.slip_number}")
        return Reopened(new.id, slip, old.slip_number, mask_nik(person.nik), status)


MISPRINTED_CARD = ("KTP_SALAH_CETAK", "KTP-el salah cetak (diserahkan)")


def misprint_after_handover(db: Database, actor: Actor, application_id: int, what: str,
                            now: dt.datetime | None = None) -> Reopened:
    """A misprint found after handover: a correction application linked to the original.

    No police report; the misprinted card is surrendered; it is printed where the
    original was (here, or at Disdukcapil with the next batch).
    """
    actor.require(Permission.SERVE)
    text = clean_reason(what, "keterangan salah cetak", field="what", min_len=3)
    moment = (now or utc_now()).replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        # Locked: two PCs pressing at once open one correction, not two.
        old = session.execute(select(Application).where(Application.id == application_id)
                              .with_for_update()).scalar_one_or_none()
        office = session.get(Office, 1)
        if old is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, office_day(moment), actor, moment, "koreksi salah cetak")
        if old.status != Status.HANDED_OVER:
            raise Conflict(f"{old.slip_number} belum diserahkan; catat dengan tombol "
                           "\"Belum diserahkan\" (salah cetak sebelum penyerahan).")
        opened = session.execute(select(Application.slip_number).where(
            Application.previous_application_id == old.id,
            Application.status != Status.CANCELLED)).scalars().first()
        if opened is not None:
            raise Conflict(f"Koreksi untuk {old.slip_number} sudah dibuka: {opened}. "
                           "Satu kartu salah cetak, satu koreksi.")
        person = session.get(Applicant, old.applicant_id)
        assert person is not None
        route = Route(old.route)
        new = copy_application(session, old, office.kecamatan_code, actor, moment, route,
                               f"koreksi salah cetak: {text}"[:80], (MISPRINTED_CARD,))
        audit.record(session, actor, "application.misprint_correction", new.slip_number,
                     reason=text, after={"from": old.slip_number, "route": route.value})
        status = transition(session, new, Action.ROUTE_LOCAL if route is Route.LOCAL
                            else Action.ROUTE_FORWARD, actor, moment, reason=text)
        return Reopened(new.id, new.slip_number, old.slip_number, mask_nik(person.nik), status)


def nik_of(db: Database, application_id: int) -> str:
    """The full NIK of an application's applicant (for the contact log; never shown)."""
    with db.transaction() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        person = session.get(Applicant, app.applicant_id)
        assert person is not None
        return person.nik
