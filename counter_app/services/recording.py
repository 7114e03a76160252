"""Recording a walk-in, from the lookup to the saved, routed application.

One transaction saves the applicant, the application, its documents, biometrics, route
and slip number. Also drafts, cancellation, outreach events, the applications list and
slip verification.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from counter_app.db import Database
from counter_app.domain.batches import ItemState
from counter_app.domain.cases import (
    COMBINABLE,
    KITAP,
    MARRIAGE_PROOF,
    CaseType,
    DataElement,
    case_problem,
    first_card_problem,
    required_documents,
)
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.coverage import (
    DEFAULT_OUTREACH_KINDS,
    SYSTEM_OUTREACH_KINDS,
    DisabilityKind,
    format_disabilities,
    require_disability_consent,
)
from counter_app.domain.eligibility import (
    Eligibility,
    EligibilityResult,
    check_eligibility,
    needs_marriage_proof,
)
from counter_app.domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from counter_app.domain.input_policy import SHORT_TEXT, clean_reason, clean_text
from counter_app.domain.kk import parse_kk
from counter_app.domain.lifecycle import TERMINAL, Action, Status, next_status
from counter_app.domain.nik import NikMismatch, mask_nik, nik_mismatches, parse_nik
from counter_app.domain.outreach_packet import laptop_slip_number
from counter_app.domain.recording import (
    ELEMENT_FIELDS,
    SIMULATED_DEVICE,
    CardData,
    MismatchNote,
    biometric_problems,
    capture_problems,
    check_card,
    clean_document_details,
    count_exceptions,
    device_key,
    mismatch_problems,
    missing_documents,
    valid_until,
)
from counter_app.domain.recording_draft import UNREADABLE as DRAFT_UNREADABLE
from counter_app.domain.recording_draft import DraftContents
from counter_app.domain.rejection import rejection_text
from counter_app.domain.roles import Permission, Role
from counter_app.domain.routing import Route, expected_ready, route_for, route_reason
from counter_app.domain.slip_token import SlipToken
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDisability,
    ApplicationDocument,
    BatchItem,
    Biometrics,
    Office,
    OutreachEvent,
    RecordingDraft,
    SlipSequence,
    Ticket,
    User,
)
from counter_app.models import OverrideGrant as GrantRow
from counter_app.services import audit, outreach_hooks
from counter_app.services.actor import Actor, load_actor
from counter_app.services.day_lock import require_open_day
from counter_app.services.home_visits import link_recording as link_home_visit
from counter_app.services.keys import (
    public_keys,
    require_made_before_retirement,
    verify_with,
)
from counter_app.services.lookup import get_or_not_found
from counter_app.services.office_days import closed_days
from counter_app.services.sequences import next_in_sequence
from counter_app.services.settings import is_demo_office, outreach_kinds_in
from counter_app.services.users import authenticate

# SYSTEM_OUTREACH_KINDS (a home visit) and the seeded kinds live in domain/coverage.py.
# The seeded kinds and the system ones, for code that has no database at hand; the
# office's own list (admin-editable) is ``settings.get_outreach_kinds``.
OUTREACH_KINDS: dict[str, str] = {**DEFAULT_OUTREACH_KINDS, **SYSTEM_OUTREACH_KINDS}


@dataclass(frozen=True)
class ApplicationSummary:
    """One application in a list."""

    id: int
    slip_number: str
    nik_masked: str
    nama: str
    case_type: CaseType
    route: Route
    status: Status
    day: dt.date
    expected_ready: dt.date
    printable_from: dt.date
    # Why it stands where it stands: Disdukcapil's rejection, a return, an archive place.
    status_note: str = ""

    @property
    def status_text(self) -> str:
        """The status with its reason, as every list shows it."""
        return self.status.label + (f" - {self.status_note}" if self.status_note else "")

    def as_json(self) -> dict[str, object]:
        """For ``applications list --json``."""
        return {"id": self.id, "slip_number": self.slip_number, "nik": self.nik_masked,
                "nama": self.nama, "case": self.case_type.value, "route": self.route.value,
                "status": self.status.value, "status_note": self.status_note,
                "date": self.day.isoformat(),
                "expected_ready": self.expected_ready.isoformat()}


@dataclass(frozen=True)
class ApplicantLookup:
    """What the identify step learns about a NIK."""

    card: CardData | None
    kk: str | None
    applications: list[ApplicationSummary]

    @property
    def open_application(self) -> ApplicationSummary | None:
        """An application still under way (not handed over, not cancelled)."""
        return next((a for a in self.applications if a.status not in TERMINAL), None)

    @property
    def card_handed_over(self) -> str | None:
        """The slip of an application whose card this person received (BARU is refused)."""
        return next((a.slip_number for a in self.applications
                     if a.status is Status.HANDED_OVER), None)


# How long a supervisor's approval may wait for the save it was given for.
OVERRIDE_MINUTES = 15


@dataclass(frozen=True)
class OverrideGrant:
    """A supervisor's approval to go on without every document, as the wizard holds it.

    Only a handle: the grant itself is a row made by ``authorize_override``, valid for
    one clerk, one NIK and one case type, for ``OVERRIDE_MINUTES``, and used once. The
    secret proves the holder got it from that password check.
    """

    grant_id: int
    secret: str
    username: str
    reason: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class BiometricsInput:
    """What the biometrics step captured."""

    photo: bytes | None
    signature: bytes | None
    modalities: Mapping[str, Mapping[str, object]]
    exception_photo: bytes | None = None
    signature_exception: str = ""
    device: str = ""


@dataclass(frozen=True)
class RecordingInput:
    """Everything the wizard collected."""

    nik: str
    kk: str
    case_type: CaseType
    card: CardData
    documents: Mapping[str, bool]
    biometrics: BiometricsInput
    changed_elements: frozenset[DataElement] = frozenset()
    document_details: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    override: OverrideGrant | None = None
    ticket_id: int | None = None
    outreach_event_id: int | None = None
    # The draft this recording was resumed from: deleted in the same transaction, so a
    # failure can never leave both the application and its draft (and a second save).
    draft_id: int | None = None
    # Jenis disabilitas as SIAK records it; optional, and only with the person's consent.
    disabilities: frozenset[DisabilityKind] = frozenset()
    disability_consent: bool = False
    # The clerk's reason for each disagreement with the NIK, by field
    # ("tanggal_lahir", "jenis_kelamin"); a sex disagreement also needs a supervisor.
    nik_notes: Mapping[str, MismatchNote] = field(default_factory=dict)
    nik_approval: OverrideGrant | None = None


@dataclass(frozen=True)
class RecordingResult:
    """The saved application."""

    application_id: int
    slip_number: str
    route: Route
    status: Status
    printable_from: dt.date
    expected_ready: dt.date
    route_reason: str = ""
    warnings: tuple[str, ...] = ()
    documents_missing: tuple[str, ...] = ()
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class Assessment:
    """What the save will do with a recording, checked as the save checks it.

    ``problems`` are every reason the save would refuse (empty when it may go on);
    ``warnings`` are what the review page and ``--json`` show the clerk.
    """

    card: CardData | None
    problems: tuple[str, ...]
    missing: tuple[str, ...]
    mismatches: tuple[NikMismatch, ...]
    warnings: tuple[str, ...]
    eligibility: EligibilityResult | None
    route: Route
    route_reason: str
    outside_domicile: bool
    valid_until: dt.date | None


RETURNED_WAITING = "menunggu keputusan kirim ulang atau batal"


def status_note(app: Application) -> str:
    """The reason behind a rejected, returned or archived application ("" otherwise)."""
    if app.status == Status.REJECTED:
        return rejection_text(app.reject_code, app.reject_note).removeprefix("Ditolak: ")
    if app.status == Status.RETURNED:
        # Disdukcapil's reason is kept on the batch item it came back with.
        session = object_session(app)
        why = session.execute(select(BatchItem.reason).where(
            BatchItem.application_id == app.id, BatchItem.state == ItemState.RETURNED)
            .order_by(BatchItem.id.desc()).limit(1)).scalar_one_or_none() if session else None
        return (f"{why}; " if why else "") + RETURNED_WAITING
    if app.status == Status.ARCHIVED:
        return f"disimpan di {app.archive_place}" if app.archive_place else ""
    if app.status == Status.CANCELLED:
        return app.cancel_reason
    return ""


def _summary(app: Application, applicant: Applicant) -> ApplicationSummary:
    return ApplicationSummary(
        app.id, app.slip_number, mask_nik(applicant.nik), applicant.nama,
        CaseType(app.case_type), Route(app.route), app.status, app.day,
        app.expected_ready, app.printable_from, status_note(app))


def _card(applicant: Applicant) -> CardData:
    return CardData(
        applicant.nama, applicant.tempat_lahir, applicant.tanggal_lahir,
        applicant.jenis_kelamin, applicant.golongan_darah, applicant.agama,
        applicant.status_perkawinan, applicant.pekerjaan, applicant.kewarganegaraan,
        applicant.alamat, applicant.rt, applicant.rw, applicant.kelurahan_code,
        applicant.phone)


def lookup_applicant(db: Database, nik: str) -> ApplicantLookup:
    """The person's last recorded data and their applications, newest first."""
    number = parse_nik(nik).nik
    with db.read_session() as session:
        applicant = session.execute(
            select(Applicant).where(Applicant.nik == number)).scalar_one_or_none()
        if applicant is None:
            return ApplicantLookup(None, None, [])
        apps = session.execute(
            select(Application).where(Application.applicant_id == applicant.id)
            .order_by(Application.recorded_at.desc())).scalars()
        return ApplicantLookup(_card(applicant), applicant.kk,
                               [_summary(a, applicant) for a in apps])


def _handed_over_slip(db: Database, nik: str) -> str | None:
    """The slip of an application whose card ``nik`` already received, or None."""
    with db.read_session() as session:
        return session.execute(
            select(Application.slip_number).join(Applicant,
                                                 Application.applicant_id == Applicant.id)
            .where(Applicant.nik == nik, Application.status == Status.HANDED_OVER.value)
            .order_by(Application.recorded_at).limit(1)).scalar_one_or_none()


def authorize_override(db: Database, username: str, password: str, reason: str, *,
                       clerk: Actor, nik: str, case_type: CaseType,
                       now: dt.datetime | None = None) -> OverrideGrant:
    """A supervisor approves going on without every document, with their own password.

    The approval is stored as a single-use grant for this clerk, NIK and case type,
    expiring after ``OVERRIDE_MINUTES``; ``save_recording`` consumes it.
    """
    # The reason and NIK first: a bad one costs no password attempt.
    clean_reason(reason, "alasan persetujuan")
    parse_nik(nik)
    supervisor = authenticate(db, username, password)
    if supervisor.role is not Role.SUPERVISOR:
        raise NotAllowed("Persetujuan dokumen hanya oleh supervisor (Kasi Pelayanan).")
    return approve_as_supervisor(db, supervisor, reason, clerk=clerk, nik=nik,
                                 case_type=case_type, now=now)


def approve_as_supervisor(db: Database, supervisor: Actor, reason: str, *, clerk: Actor,
                          nik: str, case_type: CaseType,
                          now: dt.datetime | None = None) -> OverrideGrant:
    """The grant a supervisor who is already logged in gives (e.g. running a command).

    The same single-use row as ``authorize_override`` makes after its password check.
    """
    text = clean_reason(reason, "alasan persetujuan")
    number = parse_nik(nik).nik
    moment = (now or utc_now()).replace(microsecond=0)
    secret = secrets.token_urlsafe(24)
    with db.transaction() as session:
        supervisor = load_actor(session, supervisor, Permission.OVERRIDE)
        if supervisor.role is not Role.SUPERVISOR:
            raise NotAllowed("Persetujuan dokumen hanya oleh supervisor (Kasi Pelayanan).")
        clerk = load_actor(session, clerk, Permission.SERVE)
        row = GrantRow(secret_sha256=hashlib.sha256(secret.encode()).hexdigest(),
                       supervisor_id=supervisor.user_id, clerk_id=clerk.user_id, nik=number,
                       case_type=case_type.value, reason=text, created_at=moment,
                       expires_at=moment + dt.timedelta(minutes=OVERRIDE_MINUTES))
        session.add(row)
        session.flush()
        audit.record(session, supervisor, "override.grant", f"grant {row.id}", reason=text,
                     after={"clerk": clerk.username, "nik": mask_nik(number),
                            "case": case_type.value, "minutes": OVERRIDE_MINUTES})
        return OverrideGrant(row.id, secret, supervisor.username, text, row.expires_at)


def _consume_override(session: Session, grant: OverrideGrant | None, clerk: Actor, nik: str,
                      case_type: CaseType, moment: dt.datetime) -> GrantRow:
    """The grant row, marked used in the caller's transaction; NotAllowed when not valid."""
    again = " Minta persetujuan supervisor lagi."
    row = None
    if grant is not None:
        row = session.execute(select(GrantRow).where(GrantRow.id == grant.grant_id)
                              .with_for_update()).scalar_one_or_none()
    digest = hashlib.sha256((grant.secret if grant else "").encode()).hexdigest()
    if row is None or not hmac.compare_digest(row.secret_sha256, digest):
        raise NotAllowed("Persetujuan supervisor ini tidak tercatat di basis data." + again)
    if row.used_at is not None:
        raise NotAllowed("Persetujuan supervisor ini sudah dipakai untuk satu perekaman."
                         + again)
    if row.expires_at <= moment:
        raise NotAllowed(f"Persetujuan supervisor berlaku {OVERRIDE_MINUTES} menit dan sudah "
                         "kedaluwarsa." + again)
    if (row.clerk_id, row.nik, row.case_type) != (clerk.user_id, nik, case_type.value):
        raise NotAllowed("Persetujuan supervisor ini untuk perekaman lain (petugas, NIK atau "
                         "jenis permohonan berbeda)." + again)
    supervisor = session.get(User, row.supervisor_id)
    if supervisor is None or not supervisor.active or supervisor.role != Role.SUPERVISOR:
        raise NotAllowed("Supervisor yang menyetujui tidak lagi berwenang." + again)
    took = session.execute(update(GrantRow).where(GrantRow.id == row.id,
                                                  GrantRow.used_at.is_(None))
                           .values(used_at=moment)
                           .execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
    if took != 1:
        raise NotAllowed("Persetujuan supervisor ini baru saja dipakai di loket lain." + again)
    return row


def kelurahan_codes(db: Database) -> list[str]:
    """The kelurahan of this office's kecamatan."""
    return _addresses(db)[0]


def _addresses(db: Database) -> tuple[list[str], Callable[[str], bool]]:
    """This kecamatan's kelurahan, and the test for an address elsewhere."""
    with db.read_session() as session:
        office = get_or_not_found(session, Office, 1, "Kantor belum disiapkan.")
        code = office.kecamatan_code
    from counter_app.services.office import load_wilayah

    wilayah = load_wilayah(db)
    return [r.code for r in wilayah.children(code)], wilayah.accepts_address


def _next_slip_number(session: Session, office_code: str, day: dt.date,
                      laptop: str | None = None) -> str:
    seq = next_in_sequence(session, SlipSequence, day=day)
    if seq > 9999:
        raise Conflict("Nomor tanda terima hari ini sudah habis (9999).")
    if laptop is not None:  # a jemput bola laptop: its own prefix, never the office's
        return laptop_slip_number(office_code.replace(".", ""), laptop, day, seq)
    return f"{office_code.replace('.', '')}-{day:%y%m%d}-{seq:04d}"


_FIELD_LABELS = {"nama": "Nama", "tempat_lahir": "Tempat lahir",
                 "tanggal_lahir": "Tanggal lahir", "jenis_kelamin": "Jenis kelamin",
                 "golongan_darah": "Golongan darah", "agama": "Agama",
                 "status_perkawinan": "Status perkawinan", "pekerjaan": "Pekerjaan",
                 "kewarganegaraan": "Kewarganegaraan", "alamat": "Alamat", "rt": "RT",
                 "rw": "RW", "kelurahan_code": "Kelurahan", "phone": "Telepon"}


def assess_recording(db: Database, data: RecordingInput, today: dt.date) -> Assessment:
    """Every check of the save at once: all problems, the warnings, and the route.

    The wizard's review page and ``applications record`` show this; the save refuses
    whenever ``problems`` is not empty.
    """
    problems: list[str] = []
    if data.case_type is CaseType.PRR:
        problems.append("Cetak bagi yang sudah rekam tidak direkam ulang: gunakan layanan "
                        "Cetak PRR (tanpa biometrik).")
    nik = None
    try:
        nik = parse_nik(data.nik, today=today)
    except ValidationError as exc:
        problems.append(exc.message)
    try:
        parse_kk(data.kk, today=today)
    except ValidationError as exc:
        problems.append(exc.message)
    case_issue = case_problem(data.case_type, data.changed_elements)
    if case_issue:
        problems.append(case_issue)
    if nik is not None and data.case_type is CaseType.BARU:
        first = first_card_problem(CaseType.BARU, _handed_over_slip(db, nik.nik))
        if first:
            problems.append(first)
    local, elsewhere = _addresses(db)
    card, card_problems = check_card(data.card, nik.nik if nik else "", local, today,
                                     elsewhere)
    problems += [f"{_FIELD_LABELS.get(f, f)}: {m}" for f, m in card_problems.items()]
    mismatches: tuple[NikMismatch, ...] = ()
    warnings: list[str] = []
    eligibility = None
    missing: list[str] = []
    outside = card is not None and card.kelurahan_code not in set(local)
    until = None
    # With a field in error, the rest is still checked on the values as typed, so a
    # document lists every problem at once.
    subject = card if card is not None else data.card
    dates_ok = "tanggal_lahir" not in card_problems and "jenis_kelamin" not in card_problems
    if nik is not None and dates_ok:
        mismatches = nik_mismatches(nik.nik, subject.tanggal_lahir, subject.jenis_kelamin,
                                    today=today)
        for field_name, message in mismatch_problems(
                mismatches, data.nik_notes, data.changed_elements).items():
            problems.append(f"{_FIELD_LABELS[field_name]}: {message}")
        for mismatch in mismatches:
            note = data.nik_notes.get(mismatch.element)
            warnings.append(f"NIK tidak sesuai data: {mismatch.message.split(' NIK tetap')[0]}"
                            + (f" Alasan: {note.shown()}." if note else ""))
        if any(m.element == "jenis_kelamin" for m in mismatches) and data.nik_approval is None:
            problems.append("Jenis kelamin berbeda dengan NIK: perlu persetujuan supervisor.")
        if data.case_type is CaseType.WNA and subject.kewarganegaraan != "WNA":
            problems.append("Kewarganegaraan: permohonan WNA pemegang KITAP harus WNA.")
        if data.case_type is not CaseType.WNA and subject.kewarganegaraan == "WNA":
            problems.append("Kewarganegaraan WNA: pilih jenis permohonan WNA pemegang KITAP.")
        married_minor = needs_marriage_proof(subject.tanggal_lahir, subject.status_perkawinan,
                                             today)
        if not case_issue:
            missing = missing_documents(data.case_type, data.changed_elements, data.documents,
                                        data.document_details, today,
                                        married_minor=married_minor)
        proof = married_minor and bool(data.documents.get(MARRIAGE_PROOF.code))
        eligibility = check_eligibility(subject.tanggal_lahir, subject.status_perkawinan, today,
                                        marriage_proof=proof)
        if not eligibility.may_record:
            problems.append(eligibility.message)
        elif eligibility.status is Eligibility.RECORD_ONLY:
            warnings.append(eligibility.message)
        if data.case_type is CaseType.WNA:
            try:
                until = valid_until(data.document_details.get(KITAP.code, {}), today)
            except ValidationError:
                until = None  # reported with the missing documents
        if outside:
            warnings.append("Alamat di luar kecamatan ini (luar domisili): dicetak di "
                            "Disdukcapil.")
    if missing and data.override is None:
        problems += [m + " Lengkapi dokumen atau minta persetujuan supervisor."
                     for m in missing]
    elif missing:
        warnings.append("Dokumen belum lengkap, disetujui supervisor: " + " ".join(missing))
    if data.case_type is CaseType.WNA and until is None and not missing and dates_ok:
        problems.append("Tanggal berlaku KITAP wajib diisi.")
    try:
        require_disability_consent(data.disabilities, data.disability_consent)
    except ValidationError as exc:
        problems.append(exc.message)
    bio = data.biometrics
    problems += biometric_problems(bio.photo, bio.signature, bio.signature_exception,
                                   bio.modalities, bio.exception_photo)
    problems += capture_problems(bio.device, bio.modalities, is_demo_office(db))
    combined = data.case_type in COMBINABLE and bool(data.changed_elements)
    return Assessment(
        card, tuple(problems), tuple(missing), mismatches, tuple(warnings), eligibility,
        route_for(data.case_type, outside_domicile=outside),
        route_reason(data.case_type, combined=combined, outside_domicile=outside),
        outside, until)


def validate_recording(db: Database, data: RecordingInput,
                       today: dt.date) -> tuple[CardData, list[str]]:
    """Check the whole recording as the save will; (clean card, document problems).

    ValidationError with the first problem other than a missing document.
    """
    checked = assess_recording(db, dataclasses.replace(data, override=data.override or _ANY),
                               today)
    if checked.problems or checked.card is None:
        raise ValidationError(checked.problems[0] if checked.problems else "Data tidak sah.")
    return checked.card, list(checked.missing)


# Stands in for a grant so that ``validate_recording`` reports missing documents apart.
_ANY = OverrideGrant(0, "", "", "", dt.datetime.min)


def save_recording(db: Database, actor: Actor, data: RecordingInput,
                   now: dt.datetime | None = None) -> RecordingResult:
    """Save the whole recording and its audit entry in one transaction.

    Nothing is saved when any check fails.
    """
    actor.require(Permission.SERVE)
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    data = dataclasses.replace(
        data, document_details=clean_document_details(data.document_details))
    checked = assess_recording(db, data, today)
    if checked.problems or checked.card is None or checked.eligibility is None:
        first = checked.problems[0] if checked.problems else "Data tidak sah."
        raise ValidationError(first, problems=list(checked.problems))
    card, eligibility = checked.card, checked.eligibility
    nik = parse_nik(data.nik, today=today).nik
    kk = parse_kk(data.kk, today=today).kk
    printable_from = eligibility.printable_from or today
    route = checked.route
    status = next_status(Status.RECORDED, Action.ROUTE_LOCAL if route is Route.LOCAL
                         else Action.ROUTE_FORWARD)
    try:
        return _save(db, actor, data, card, list(checked.missing), nik, kk,
                     eligibility.status.value, printable_from, route, status, moment, today,
                     checked)
    except IntegrityError:
        raise Conflict("NIK ini baru saja direkam di loket lain. Periksa daftar permohonan "
                       "sebelum merekam lagi.") from None


def _save(db: Database, actor: Actor, data: RecordingInput, card: CardData,
          missing: list[str], nik: str, kk: str, eligibility: str,
          printable_from: dt.date, route: Route, status: Status, moment: dt.datetime,
          today: dt.date, checked: Assessment) -> RecordingResult:
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        office = get_or_not_found(session, Office, 1, "Kantor belum disiapkan.")
        require_open_day(session, today, actor, moment, "perekaman")
        applicant = session.execute(
            select(Applicant).where(Applicant.nik == nik).with_for_update()
        ).scalar_one_or_none()
        old_data = _card(applicant).as_dict() if applicant else {}
        if data.changed_elements and applicant is not None:
            _require_only_chosen_changes(applicant, card, data.changed_elements)
        if applicant is None:
            applicant = Applicant(nik=nik)
            session.add(applicant)
        for name, value in vars(card).items():
            setattr(applicant, name, value)
        applicant.kk = kk
        applicant.updated_at = moment
        session.flush()
        if data.ticket_id is not None and session.get(Ticket, data.ticket_id) is None:
            raise NotFound("Tiket antrean tidak ditemukan.")
        if data.outreach_event_id is not None and session.get(
                OutreachEvent, data.outreach_event_id) is None:
            raise NotFound("Kegiatan jemput bola tidak ditemukan.")
        laptop = outreach_hooks.laptop_code(session, data.outreach_event_id, today)
        slip = _next_slip_number(session, office.kecamatan_code, today, laptop)
        # Each supervisor approval is a single-use grant row, consumed here (issue 12).
        grant = _consume_override(session, data.override, actor, nik, data.case_type,
                                  moment) if missing else None
        sex_grant = _consume_override(session, data.nik_approval, actor, nik, data.case_type,
                                      moment) if any(
            m.element == "jenis_kelamin" for m in checked.mismatches) else None
        approver = session.get(User, sex_grant.supervisor_id) if sex_grant else None
        mismatch_rows = [
            {**m.as_dict(), "reason": data.nik_notes[m.element].reason.value,
             "reason_text": data.nik_notes[m.element].shown(),
             "approved_by": approver.username if approver and m.element == "jenis_kelamin"
             else ""}
            for m in checked.mismatches]
        app = Application(
            slip_number=slip, applicant_id=applicant.id, ticket_id=data.ticket_id,
            outreach_event_id=data.outreach_event_id, case_type=data.case_type.value,
            changed_elements=json.dumps(sorted(e.value for e in data.changed_elements)),
            route=route.value, status=status, eligibility=eligibility,
            printable_from=printable_from,
            expected_ready=expected_ready(route, today, printable_from,
                                          closed_days(session, today)),
            day=today, recorded_at=moment, recorded_by=actor.user_id,
            data=json.dumps(card.as_dict(), ensure_ascii=False),
            old_data=json.dumps(old_data, ensure_ascii=False) if old_data else "",
            override_by=grant.supervisor_id if grant else None,
            override_reason=grant.reason if grant else "",
            biometric_exceptions=count_exceptions(data.biometrics.modalities,
                                                  data.biometrics.signature_exception),
            slip_print_count=0, status_changed_at=moment, cancel_reason="",
            nik_mismatch=json.dumps(mismatch_rows, ensure_ascii=False) if mismatch_rows
            else "",
            nik_mismatch_approved_by=approver.id if approver else None,
            route_reason=checked.route_reason, outside_domicile=checked.outside_domicile,
            valid_until=checked.valid_until,
        )
        session.add(app)
        session.flush()
        for used in (grant, sex_grant):
            if used is not None:
                used.application_id = app.id
        if laptop is not None:
            outreach_hooks.note_recording(session, app)
        married_minor = needs_marriage_proof(card.tanggal_lahir, card.status_perkawinan,
                                             today)
        for doc in required_documents(data.case_type, data.changed_elements,
                                      married_minor=married_minor):
            session.add(ApplicationDocument(
                application_id=app.id, code=doc.code, label=doc.label,
                provided=bool(data.documents.get(doc.code)),
                surrendered=doc.surrendered and bool(data.documents.get(doc.code)),
                details=json.dumps(dict(data.document_details.get(doc.code, {})),
                                   ensure_ascii=False)))
        if data.disabilities:
            session.add(ApplicationDisability(
                application_id=app.id, kinds=format_disabilities(data.disabilities),
                consent=True))
        link_home_visit(session, actor, nik, data.outreach_event_id, app.id)
        bio = data.biometrics
        modalities = {k: dict(v) for k, v in bio.modalities.items()}
        if bio.signature_exception.strip():
            modalities["SIGNATURE"] = {"status": "exception",
                                       "reason": bio.signature_exception.strip()}
        session.add(Biometrics(application_id=app.id, photo=bio.photo, signature=bio.signature,
                               modalities=json.dumps(modalities, ensure_ascii=False),
                               exception_photo=bio.exception_photo, device=bio.device))
        audit.record(session, actor, "application.record", slip,
                     after={"nik": mask_nik(nik), "case": data.case_type.value,
                            "changed": sorted(e.value for e in data.changed_elements),
                            "route": route.value, "route_reason": checked.route_reason,
                            "status": status.value, "ticket_id": data.ticket_id})
        if grant is not None:
            supervisor = session.get(User, grant.supervisor_id)
            audit.record(session, actor, "application.override", slip, reason=grant.reason,
                         after={"supervisor": supervisor.username if supervisor else "?",
                                "grant": grant.id, "missing": missing})
        if mismatch_rows:
            audit.record(session, actor, "application.nik_mismatch", slip,
                         reason="; ".join(r["reason_text"] for r in mismatch_rows),
                         after={"mismatches": mismatch_rows,
                                "supervisor": approver.username if approver else ""})
        if data.draft_id is not None:
            draft = session.get(RecordingDraft, data.draft_id)
            if draft is not None and draft.owner_id == actor.user_id:
                session.delete(draft)
                audit.record(session, actor, "draft.recorded", f"draft {data.draft_id}",
                             after={"slip": slip})
        return RecordingResult(app.id, slip, route, status, printable_from, app.expected_ready,
                               checked.route_reason, checked.warnings, checked.missing,
                               checked.valid_until)


def _require_only_chosen_changes(applicant: Applicant, card: CardData,
                                 chosen: frozenset[DataElement]) -> None:
    allowed = {f for element in chosen for f in ELEMENT_FIELDS[element]} | {"phone"}
    old = _card(applicant)
    changed = [name for name in vars(card) if getattr(card, name) != getattr(old, name)]
    extra = [name for name in changed if name not in allowed]
    if extra:
        raise ValidationError(
            f"Data {', '.join(extra)} berubah, padahal tidak dipilih sebagai elemen yang "
            "berubah.", field=extra[0])


def get_application(db: Database, application_id: int) -> ApplicationSummary:
    """One application."""
    with db.read_session() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        applicant = session.get(Applicant, app.applicant_id)
        assert applicant is not None
        return _summary(app, applicant)


def find_application_id(db: Database, slip_number: str) -> int:
    """The application with this slip number (an indexed lookup); NotFound otherwise."""
    wanted = (slip_number or "").strip()
    with db.read_session() as session:
        found = session.execute(select(Application.id).where(
            Application.slip_number == wanted)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Tanda terima {wanted[:30]} tidak ada.")
    return int(found)


def list_applications(db: Database, day: dt.date | None = None,
                      status: Status | None = None,
                      simulated: bool = False) -> list[ApplicationSummary]:
    """Applications, oldest first, optionally of one day and/or one status.

    ``simulated``: only those whose biometrics came from the simulator, so an office that
    used it by mistake finds what must be recorded again (issue 20).
    """
    with db.read_session() as session:
        query = select(Application, Applicant).join(
            Applicant, Applicant.id == Application.applicant_id)
        if simulated:
            # Folded as the save compares them: "perangkat simulasi " is the simulator too.
            query = query.join(Biometrics, Biometrics.application_id == Application.id).where(
                func.lower(func.trim(Biometrics.device)) == device_key(SIMULATED_DEVICE))
        if day is not None:
            query = query.where(Application.day == day)
        if status is not None:
            query = query.where(Application.status == status.value)
        rows = session.execute(query.order_by(Application.recorded_at, Application.id)).all()
        return [_summary(app, applicant) for app, applicant in rows]


def cancel_application(db: Database, actor: Actor, application_id: int, reason: str) -> None:
    """Cancel an application that has not been handed over; the reason is kept."""
    actor.require(Permission.SERVE)
    text = clean_reason(reason, "alasan pembatalan")
    moment = utc_now().replace(microsecond=0)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("Permohonan tidak ditemukan.")
        require_open_day(session, office_day(moment), actor, moment,
                         f"pembatalan {app.slip_number}")
        before = app.status
        app.status = next_status(app.status, Action.CANCEL)
        app.cancel_reason = text
        app.status_changed_at = moment
        audit.record(session, actor, "application.cancel", app.slip_number, reason=text,
                     before={"status": before}, after={"status": app.status})


# --- drafts ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftInfo:
    """A saved draft."""

    id: int
    nik: str
    label: str
    updated_at: dt.datetime


def save_draft(db: Database, actor: Actor, draft: DraftContents,
               draft_id: int | None = None) -> int:
    """Keep an unfinished recording; returns the draft's id (the same one when updating)."""
    actor.require(Permission.SERVE)
    text = json.dumps(draft.to_payload(), ensure_ascii=False)
    nik = draft.nik[:16]
    label = draft.nama[:120]
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        row = session.get(RecordingDraft, draft_id) if draft_id else None
        if draft_id and (row is None or row.owner_id != actor.user_id):
            raise NotFound("Draf tidak ditemukan.")  # another clerk's draft stays theirs
        if row is None:
            row = RecordingDraft(owner_id=actor.user_id, payload=text, nik=nik, label=label,
                                 updated_at=utc_now())
            session.add(row)
        else:
            row.payload, row.nik, row.label = text, nik, label
            row.updated_at = utc_now()
        session.flush()
        audit.record(session, actor, "draft.save", f"draft {row.id}",
                     after={"nik": mask_nik(nik) if nik else ""})
        return row.id


def list_drafts(db: Database, actor: Actor) -> list[DraftInfo]:
    """The actor's drafts, newest first."""
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        rows = session.execute(select(RecordingDraft).where(
            RecordingDraft.owner_id == actor.user_id).order_by(
            RecordingDraft.updated_at.desc())).scalars()
        return [DraftInfo(d.id, d.nik, d.label, d.updated_at) for d in rows]


def load_draft(db: Database, actor: Actor, draft_id: int) -> DraftContents:
    """A draft's contents; ValidationError when the stored draft cannot be read."""
    with db.read_session() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        draft = session.get(RecordingDraft, draft_id)
        if draft is None or draft.owner_id != actor.user_id:
            raise NotFound("Draf tidak ditemukan.")
        text = draft.payload
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise ValidationError(DRAFT_UNREADABLE) from exc
    return DraftContents.from_payload(payload)


def discard_draft(db: Database, actor: Actor, draft_id: int | None, reason: str,
                  nik: str = "") -> None:
    """Cancel a recording before it was saved; the reason goes to the audit log."""
    text = clean_reason(reason, "alasan pembatalan")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        if draft_id is not None:
            draft = session.get(RecordingDraft, draft_id)
            if draft is not None and draft.owner_id == actor.user_id:
                nik = nik or draft.nik
                session.delete(draft)
        audit.record(session, actor, "recording.cancel", f"draft {draft_id or '-'}",
                     reason=text, after={"nik": mask_nik(nik) if nik else ""})


# --- outreach events -------------------------------------------------------------------

@dataclass(frozen=True)
class OutreachInfo:
    """A jemput bola event."""

    id: int
    name: str
    kind: str
    day: dt.date
    kind_label: str = ""

    @property
    def label(self) -> str:
        """``SMA Negeri 1 (Sekolah), 09-01-2019``."""
        return f"{self.name} ({self.kind_label or self.kind}), {self.day:%d-%m-%Y}"


def create_outreach_event(db: Database, actor: Actor, name: str, kind: str,
                          day: dt.date) -> OutreachInfo:
    """Start a jemput bola session: recordings can then be tagged with it."""
    actor.require(Permission.SERVE)
    text = clean_text(name, field="name", label="Nama kegiatan", limit=SHORT_TEXT,
                      required=True)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        require_open_day(session, day, actor, utc_now(), f"kegiatan jemput bola {text}")
        kinds = {**outreach_kinds_in(session), **SYSTEM_OUTREACH_KINDS}
        if kind not in kinds:
            raise ValidationError("Pilih jenis kegiatan dari daftar.", field="kind")
        event = OutreachEvent(name=text, kind=kind, day=day, created_by=actor.user_id)
        session.add(event)
        session.flush()
        audit.record(session, actor, "outreach.create", text, after={"kind": kind,
                                                                     "day": day.isoformat()})
        return OutreachInfo(event.id, text, kind, day, kinds[kind])


def list_outreach_events(db: Database) -> list[OutreachInfo]:
    """Events, newest first."""
    with db.read_session() as session:
        kinds = {**OUTREACH_KINDS, **outreach_kinds_in(session)}
        return [OutreachInfo(e.id, e.name, e.kind, e.day, kinds.get(e.kind, e.kind))
                for e in session.execute(
            select(OutreachEvent).order_by(OutreachEvent.day.desc(), OutreachEvent.id.desc())
        ).scalars()]


# --- slips -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SlipVerification:
    """What checking a slip's QR tells: always genuine here (forgeries raise)."""

    number: str
    status: Status
    nik_masked: str
    nama: str
    issued_on: dt.date
    void: bool
    kind: str = "slip"  # slip | suket
    valid_until: dt.date | None = None
    expired: bool = False

    def as_json(self) -> dict[str, object]:
        """For ``slip verify --json``."""
        return {"valid": True, "kind": self.kind, "number": self.number,
                "status": self.status.value, "status_label": self.status.label,
                "nik": self.nik_masked, "issued_on": self.issued_on.isoformat(),
                "void": self.void, "expired": self.expired,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None}


def slip_token(db: Database, application_id: int, key_id: str) -> SlipToken:
    """The token fields of an application's slip, to be signed with key ``key_id``."""
    with db.read_session() as session:
        app = session.get(Application, application_id)
        office = session.get(Office, 1)
        if app is None or office is None:
            raise NotFound("Permohonan tidak ditemukan.")
        return SlipToken(app.slip_number, office.kecamatan_code.replace(".", ""), app.day,
                         key_id)


def verify_slip(db: Database, text: str, today: dt.date | None = None) -> SlipVerification:
    """Check a scanned slip or SUKET: signature, office, and its state in this database.

    A forged or altered token, a token of another office or an unknown paper raises
    ValidationError or NotFound with the reason. A SUKET is void once the card is handed
    over, and expired after its six months.
    """
    keys = public_keys(db)
    token = verify_with(text, keys)
    with db.read_session() as session:
        office = session.get(Office, 1)
        if office is None or office.kecamatan_code.replace(".", "") != token.office_code:
            raise ValidationError("Dokumen ini dari kantor kecamatan lain.")
        if token.number.endswith("-S"):
            return _verify_suket(session, token, today or office_day(utc_now()))
        if token.number.endswith("-B"):
            raise ValidationError("Kode ini milik surat pengantar batch, bukan tanda terima.")
        app = session.execute(select(Application).where(
            Application.slip_number == token.number)).scalar_one_or_none()
        if app is None or app.day != token.issued_on:
            raise NotFound(f"Tanda terima {token.number} tidak ada di basis data kantor ini.")
        require_made_before_retirement(token, keys, app.recorded_at)
        applicant = session.get(Applicant, app.applicant_id)
        assert applicant is not None
        status = app.status
        return SlipVerification(app.slip_number, status, mask_nik(applicant.nik),
                                applicant.nama, app.day, status in TERMINAL)


def _verify_suket(session: Session, token: SlipToken, today: dt.date) -> SlipVerification:
    from counter_app.models import Suket

    suket = session.execute(select(Suket).where(Suket.number == token.number)
                            ).scalar_one_or_none()
    if suket is None or suket.issued_on != token.issued_on:
        raise NotFound(f"SUKET {token.number} tidak ada di basis data kantor ini.")
    app = session.get(Application, suket.application_id)
    assert app is not None
    person = session.get(Applicant, app.applicant_id)
    assert person is not None
    return SlipVerification(suket.number, app.status, mask_nik(person.nik),
                            person.nama, suket.issued_on, suket.voided_at is not None,
                            kind="suket", valid_until=suket.valid_until,
                            expired=suket.valid_until < today)


def transition(session: Session, app: Application, action: Action, actor: Actor | None,
               moment: dt.datetime, reason: str = "", **detail: object) -> Status:
    """Move an application one step along the lifecycle, audited, in ``session``.

    InvalidTransition (with the clerk's message) when the diagram has no such step.
    """
    before = app.status
    after = next_status(before, action)
    app.status = after
    app.status_changed_at = moment
    if after is Status.READY_FOR_PICKUP:
        app.ready_at = moment
    audit.record(session, actor, f"application.{action.value}", app.slip_number,
                 before={"status": before.value}, after={"status": after.value, **detail},
                 reason=reason)
    return after
