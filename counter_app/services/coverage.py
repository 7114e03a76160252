"""Coverage of the kecamatan: the resident list, who is recorded, and the target lists.

The list of residents comes from Disdukcapil; each resident is matched by NIK to this
office's own records (an application recorded here or at an outreach event, or a
clerk's note that the person was recorded elsewhere). The figures are computed by one
aggregate query, so the status of a large kecamatan takes well under a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Table,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.clock import day_bounds, office_day, utc_now
from counter_app.domain.coverage import (
    RESIDENT_FIELDS,
    KelurahanMatcher,
    TargetKind,
    must_hold_cutoff,
    parse_resident_rows,
    pemula_window,
    sixteen_cutoff,
)
from counter_app.domain.eligibility import CARD_AGE
from counter_app.domain.errors import NotFound, ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.nik import mask_nik, parse_nik
from counter_app.domain.reference import EVER_MARRIED
from counter_app.domain.roles import Permission
from counter_app.models import (
    Applicant,
    Application,
    BlankoEntry,
    ContactLog,
    Office,
    Pickup,
    RecordedElsewhere,
    Resident,
    ResidentImport,
)
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor

MAX_FILE_BYTES = 200 * 1024 * 1024
INSERT_CHUNK = 20_000

log = logging.getLogger(__name__)


# --- figures ---------------------------------------------------------------------------

def percent(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent, one decimal; 0.0 for an empty whole."""
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass(frozen=True)
class KelurahanFigures:
    """The coverage of one kelurahan."""

    code: str
    name: str
    total: int
    recorded: int
    printed: int
    handed_over: int
    sixteen: int
    sixteen_recorded: int

    @property
    def missing(self) -> int:
        """Residents who must hold a KTP-el and are not recorded."""
        return self.total - self.recorded

    @property
    def percent_recorded(self) -> float:
        """Recorded, in percent of those who must hold a KTP-el."""
        return percent(self.recorded, self.total)

    def as_json(self) -> dict[str, Any]:
        """One row of ``by_kelurahan``."""
        return {"code": self.code, "name": self.name, "total": self.total,
                "recorded": self.recorded, "percent_recorded": self.percent_recorded,
                "missing": self.missing, "printed": self.printed,
                "percent_printed": percent(self.printed, self.total),
                "handed_over": self.handed_over,
                "percent_handed_over": percent(self.handed_over, self.total),
                "age_16": {"total": self.sixteen, "recorded": self.sixteen_recorded}}


@dataclass(frozen=True)
class CoverageStatus:
    """Who must hold a KTP-el (17 or older, or ever married) and how many are covered.

    ``total`` counts residents who must hold a KTP-el on ``as_of``; 16-year-olds (who
    may be recorded, printed from 17) are counted apart in ``sixteen``.
    """

    as_of: dt.date
    list_imported_at: dt.datetime | None
    total: int
    recorded: int
    recorded_here: int
    recorded_at_event: int
    recorded_elsewhere: int
    printed: int
    handed_over: int
    sixteen: int
    sixteen_recorded: int
    by_kelurahan: list[KelurahanFigures] = field(default_factory=list)

    @property
    def percent_recorded(self) -> float:
        """Recorded, in percent."""
        return percent(self.recorded, self.total)

    @property
    def missing(self) -> int:
        """Not recorded."""
        return self.total - self.recorded

    def as_json(self) -> dict[str, Any]:
        """The JSON of ``coverage status --json`` (keys documented in the README)."""
        return {
            "as_of": self.as_of.isoformat(),
            "list_imported_at": self.list_imported_at.isoformat()
            if self.list_imported_at else None,
            "total": self.total, "recorded": self.recorded,
            "percent_recorded": self.percent_recorded, "missing": self.missing,
            "recorded_here": self.recorded_here, "recorded_at_event": self.recorded_at_event,
            "recorded_elsewhere": self.recorded_elsewhere,
            "printed": self.printed, "percent_printed": percent(self.printed, self.total),
            "handed_over": self.handed_over,
            "percent_handed_over": percent(self.handed_over, self.total),
            "age_16": {"total": self.sixteen, "recorded": self.sixteen_recorded,
                       "percent_recorded": percent(self.sixteen_recorded, self.sixteen)},
            "by_kelurahan": [k.as_json() for k in self.by_kelurahan],
        }


def _kelurahan_regions(session: Session) -> list[Any]:
    """The kelurahan of the office's kecamatan (built-in and imported regions)."""
    office = session.get(Office, 1)
    if office is None:
        raise NotFound("Kantor belum disiapkan.")
    from counter_app.domain.wilayah import Region as RegionInfo
    from counter_app.domain.wilayah import Wilayah
    from counter_app.models import Region

    extra = [RegionInfo(r.code, r.level, r.name, r.parent_code)
             for r in session.execute(select(Region)).scalars()]
    return Wilayah(extra).children(office.kecamatan_code)


def _kelurahan_names(session: Session) -> dict[str, str]:
    return {r.code: r.name for r in _kelurahan_regions(session)}


def _require_own_kelurahan(session: Session, code: str | None) -> None:
    """Refuse a kelurahan filter that is not one of this kecamatan's kelurahan.

    Else an empty list would read as "everyone there is recorded".
    """
    if code and code not in _kelurahan_names(session):
        raise ValidationError(f"Kode kelurahan '{code[:20]}' bukan kelurahan di kecamatan "
                              "kantor ini (lihat: counter-app coverage status).")


def _covered(as_of: dt.date) -> Any:
    """Per NIK covered by ``as_of``: recorded here, at an event, or noted elsewhere.

    An application counts when made by then and not cancelled; also printed and handed
    over by then. Small (the office's own records): the status joins it to the residents by NIK.
    """
    _, t1 = day_bounds(as_of)
    printed = or_(
        and_(Application.ready_at.is_not(None), Application.ready_at < t1),
        exists().where(BlankoEntry.application_id == Application.id,
                       BlankoEntry.kind == "used", BlankoEntry.at < t1))
    handed = exists().where(Pickup.application_id == Application.id, Pickup.at < t1)
    apps = (select(Applicant.nik.label("nik"), literal(1).label("app"),
                   case((Application.outreach_event_id.is_not(None), 1), else_=0).label("ev"),
                   case((printed, 1), else_=0).label("pr"),
                   case((handed, 1), else_=0).label("ha"))
            .join(Application, Application.applicant_id == Applicant.id)
            .where(Application.status != Status.CANCELLED, Application.day <= as_of))
    notes = select(RecordedElsewhere.nik, literal(0), literal(0), literal(0), literal(0)
                   ).where(RecordedElsewhere.day <= as_of)
    both = union_all(apps, notes).subquery("both_sources")
    return (select(both.c.nik, func.max(both.c.app).label("app"),
                   func.max(both.c.ev).label("ev"), func.max(both.c.pr).label("pr"),
                   func.max(both.c.ha).label("ha"))
            .group_by(both.c.nik).subquery("covered"))


def compute_status(session: Session, as_of: dt.date) -> CoverageStatus:
    """The coverage figures on ``as_of`` (end of that day), in ``session``.

    Two aggregate queries: one scan of ``residents`` grouped by kelurahan and age group,
    and the office's own records joined to the residents by NIK (an index lookup each).
    Recordings count when made on or before ``as_of`` and not cancelled.
    """
    names = _kelurahan_names(session)
    must = or_(Resident.tanggal_lahir <= must_hold_cutoff(as_of),
               Resident.status_perkawinan.in_(sorted(EVER_MARRIED)))
    group = case((must, literal("W")),
                 (Resident.tanggal_lahir <= sixteen_cutoff(as_of), literal("S")),
                 else_=literal("Y")).label("grp")
    listed = case((Resident.recorded_per_list, 1), else_=0)
    totals: dict[tuple[str, str], tuple[int, int]] = {
        (code, grp): (int(n), int(flagged or 0)) for code, grp, n, flagged in session.execute(
            select(Resident.kelurahan_code, group, func.count(), func.sum(listed))
            .group_by(Resident.kelurahan_code, group)).all()}
    covered = _covered(as_of)
    done: dict[tuple[str, str], list[int]] = {
        (code, grp): [int(v or 0) for v in values] for code, grp, *values in session.execute(
            select(Resident.kelurahan_code, group, func.count(),
                   func.sum(case((and_(covered.c.app == 1, covered.c.ev == 0), 1), else_=0)),
                   func.sum(covered.c.ev), func.sum(1 - covered.c.app),
                   func.sum(covered.c.pr), func.sum(covered.c.ha), func.sum(listed))
            .select_from(covered).join(Resident, Resident.nik == covered.c.nik)
            .group_by(Resident.kelurahan_code, group)).all()}

    def figures(key: tuple[str, str]) -> list[int]:
        """[total, recorded, here, at event, elsewhere, printed, handed over]."""
        total, flagged = totals.get(key, (0, 0))
        count, here, event, noted, printed, handed, overlap = done.get(key, [0] * 7)
        # Marked "sudah rekam" on Disdukcapil's list and unknown here: recorded elsewhere.
        only_listed = flagged - overlap
        return [total, count + only_listed, here, event, noted + only_listed, printed, handed]

    per_kel = []
    sums = [0] * 7
    for code in sorted({c for c, _ in totals} | set(names)):
        w, s = figures((code, "W")), figures((code, "S"))
        sums = [a + b for a, b in zip(sums, w, strict=True)]
        per_kel.append(KelurahanFigures(code, names.get(code, code), w[0], w[1], w[5], w[6],
                                        s[0], s[1]))
    per_kel.sort(key=lambda k: (-k.missing, k.percent_recorded, k.code))
    latest = session.execute(select(func.max(ResidentImport.imported_at)).where(
        ResidentImport.replaced_at.is_(None))).scalar_one_or_none()
    return CoverageStatus(
        as_of, latest, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6],
        sum(k.sixteen for k in per_kel),
        sum(k.sixteen_recorded for k in per_kel), per_kel)


def coverage_status(db: Database, actor: Actor, as_of: dt.date | None = None
                    ) -> CoverageStatus:
    """The coverage figures today (or on ``as_of``): supervisor, camat and admin read them."""
    actor.require(Permission.READ_REPORTS)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        return compute_status(session, as_of or office_day(utc_now()))


def has_resident_list(db: Database) -> bool:
    """True once a resident list was imported."""
    with db.transaction() as session:
        return session.execute(select(ResidentImport.id).limit(1)).first() is not None


# --- import ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    """A resident list imported."""

    import_id: int
    rows: int
    replaced_rows: int
    status: CoverageStatus
    seconds_parse: float
    seconds_store: float


@dataclass(frozen=True)
class ImportHistoryEntry:
    """One past import and its figures."""

    id: int
    imported_at: dt.datetime
    imported_by: str
    file_name: str
    rows: int
    figures_at_import: dict[str, Any]
    figures_at_replacement: dict[str, Any] | None
    replaced_at: dt.datetime | None


NOT_XLSX = ("Berkas bukan spreadsheet XLSX yang sah (mungkin rusak, atau berkas lain yang "
            "diberi nama .xlsx). Buka di Excel atau LibreOffice lalu simpan ulang sebagai "
            ".xlsx, atau sebagai CSV UTF-8.")


def read_table(name: str, content: bytes) -> Iterator[Sequence[object]]:
    """The rows of a CSV (comma or semicolon, UTF-8) or XLSX file, header first."""
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError("Berkas terlalu besar (lebih dari 200 MB).", field="file")
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
        except Exception as exc:  # openpyxl raises many kinds (zip, XML, KeyError...)
            # The library's English ("File is not a zip file") goes to the log only.
            log.info("XLSX %s tidak terbaca: %r", Path(name).name, exc)
            raise ValidationError(NOT_XLSX, field="file") from None
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception as exc:  # a sheet damaged past its first rows
                log.info("XLSX %s rusak di tengah: %r", Path(name).name, exc)
                book.close()
                raise ValidationError(NOT_XLSX, field="file") from None
            # Text as the CSV would have it; dates stay dates (parse_date takes both).
            yield ["" if v is None else v if isinstance(v, (str, dt.date)) else
                   str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                   for v in row]
        book.close()
        return
    if suffix not in (".csv", ".txt"):
        raise ValidationError("Berkas harus CSV atau XLSX.", field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError("Berkas CSV harus UTF-8.", field="file") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _matcher(session: Session) -> KelurahanMatcher:
    return KelurahanMatcher({r.code: (r.name, *r.other_names)
                             for r in _kelurahan_regions(session)})


def _bulk_insert(connection: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Insert the parsed residents in the import's transaction.

    SQLite: SQLAlchemy Core's ``insert()``, compiled once, then one driver executemany
    per chunk with the rows as they are (building SQLAlchemy's per-row parameters costs
    more than the insert itself at this size; dates become ISO text as SQLite stores
    them). PostgreSQL with psycopg 3: COPY, the server's bulk load, measured three times
    faster than any INSERT executemany for 250,000 rows (benchmarks/coverage.py).
    """
    table = cast(Table, Resident.__table__)
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        raw: Any = connection.connection.dbapi_connection
        columns = ", ".join(RESIDENT_FIELDS)
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {table.name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    compiled = insert(table).compile(dialect=connection.dialect,
                                     column_keys=list(RESIDENT_FIELDS))
    positional = compiled.positiontup is not None
    order = [RESIDENT_FIELDS.index(name) for name in compiled.positiontup or ()]
    as_text = connection.dialect.name == "sqlite"
    date_at = RESIDENT_FIELDS.index("tanggal_lahir")
    for start in range(0, len(rows), INSERT_CHUNK):
        chunk = rows[start:start + INSERT_CHUNK]
        if as_text:
            chunk = [(*r[:date_at], r[date_at].isoformat(), *r[date_at + 1:]) for r in chunk]
        params: Any = ([tuple(r[i] for i in order) for r in chunk] if positional
                       else [dict(zip(RESIDENT_FIELDS, r, strict=True)) for r in chunk])
        connection.exec_driver_sql(compiled.string, params)


def import_residents(db: Database, actor: Actor, name: str, content: bytes,
                     now: dt.datetime | None = None) -> ImportSummary:
    """Replace the resident list with this file, in one transaction (supervisor).

    Any bad line refuses the whole file (ImportRefused names every bad line) and the old
    list stays. The figures of the old list at replacement and of the new one are kept.
    """
    import time

    actor.require(Permission.MANAGE_COVERAGE)
    moment = (now or utc_now()).replace(microsecond=0)
    today = office_day(moment)
    started = time.perf_counter()
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        matcher = _matcher(session)
    parsed = parse_resident_rows(read_table(name, content), matcher, today)
    parsed_at = time.perf_counter()
    with db.transaction() as session:
        previous = session.execute(select(ResidentImport).where(
            ResidentImport.replaced_at.is_(None))).scalars().all()
        replaced = 0
        if previous:
            before = compute_status(session, today)
            replaced = int(session.execute(select(func.count(Resident.id))).scalar_one())
            for old in previous:
                old.figures_at_replacement = json.dumps(before.as_json())
                old.replaced_at = moment
            session.execute(delete(Resident))
        connection = session.connection()
        parsed.sort(key=itemgetter(0))  # by NIK: the unique index grows at its end
        _bulk_insert(connection, parsed)
        status = compute_status(session, today)
        entry = ResidentImport(
            imported_at=moment, imported_by=actor.user_id, file_name=Path(name).name[:200],
            sha256=hashlib.sha256(content).hexdigest(), rows=len(parsed),
            figures_at_import=json.dumps(status.as_json()), figures_at_replacement="")
        session.add(entry)
        session.flush()
        audit.record(session, actor, "coverage.import", Path(name).name[:100],
                     after={"rows": len(parsed), "replaced_rows": replaced,
                            "sha256": entry.sha256, "total": status.total,
                            "recorded": status.recorded})
        import_id = entry.id
    stored_at = time.perf_counter()
    return ImportSummary(import_id, len(parsed), replaced, status, parsed_at - started,
                         stored_at - parsed_at)


def import_history(db: Database, actor: Actor) -> list[ImportHistoryEntry]:
    """Every import, newest first, with the figures it gave and had when replaced."""
    actor.require(Permission.READ_REPORTS)
    from counter_app.models import User

    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.READ_REPORTS)
        users = {u.id: u.full_name for u in session.execute(select(User)).scalars()}
        return [ImportHistoryEntry(
            i.id, i.imported_at, users.get(i.imported_by, "?"), i.file_name, i.rows,
            json.loads(i.figures_at_import),
            json.loads(i.figures_at_replacement) if i.figures_at_replacement else None,
            i.replaced_at)
            for i in session.execute(select(ResidentImport).order_by(
                ResidentImport.imported_at.desc(), ResidentImport.id.desc())).scalars()]


# --- recorded elsewhere ----------------------------------------------------------------

def mark_recorded_elsewhere(db: Database, actor: Actor, nik: str, day: dt.date,
                            place: str) -> None:
    """A clerk notes that a person was recorded outside this office (e.g. another kota).

    The note is kept by NIK, so it survives a newer resident list.
    """
    actor.require(Permission.SERVE)
    number = parse_nik(nik).nik
    text = " ".join((place or "").split())
    if len(text) < 3 or len(text) > 120:
        raise ValidationError("Tulis tempat perekaman (3-120 huruf), mis. Disdukcapil Kota "
                              "Palembang.", field="place")
    moment = utc_now().replace(microsecond=0)
    if day > office_day(moment):
        raise ValidationError("Tanggal perekaman tidak boleh di masa depan.", field="day")
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.SERVE)
        row = session.get(RecordedElsewhere, number)
        before = {"day": row.day.isoformat(), "place": row.place} if row else None
        if row is None:
            row = RecordedElsewhere(nik=number)
            session.add(row)
        row.day, row.place, row.noted_by, row.noted_at = day, text, actor.user_id, moment
        audit.record(session, actor, "coverage.recorded_elsewhere", mask_nik(number),
                     before=before, after={"day": day.isoformat(), "place": text})


# --- target lists ----------------------------------------------------------------------

@dataclass(frozen=True)
class ContactEntry:
    """One line of the contact log."""

    id: int
    nik_masked: str
    day: dt.date
    channel: str
    result: str
    purpose: str
    by: str

    def as_json(self) -> dict[str, Any]:
        """For ``--json``."""
        return {"date": self.day.isoformat(), "channel": self.channel,
                "result": self.result, "purpose": self.purpose, "by": self.by}


def latest_contact_line(contacts: tuple[ContactEntry, ...]) -> str:
    """The newest contact in one line for a call list, or 'belum dihubungi'."""
    if not contacts:
        return "belum dihubungi"
    c = contacts[-1]
    return f"{c.day:%d-%m-%Y} {c.channel}: {c.result}"


@dataclass(frozen=True)
class Target:
    """A resident on a target list."""

    nik: str
    nama: str
    tanggal_lahir: dt.date
    age: int
    kelurahan_code: str
    kelurahan: str
    rt: str
    rw: str
    school: str
    disabilities: str
    phone: str
    turns_17: dt.date
    contacts: tuple[ContactEntry, ...] = ()

    @property
    def nik_masked(self) -> str:
        """The NIK as it may be shown: first 6 and last 4 digits."""
        return mask_nik(self.nik)

    def as_json(self, full_nik: bool = False) -> dict[str, Any]:
        """For ``coverage targets --json``."""
        data = asdict(self)
        data["nik"] = self.nik if full_nik else self.nik_masked
        data["tanggal_lahir"] = self.tanggal_lahir.isoformat()
        data["turns_17"] = self.turns_17.isoformat()
        data["contacts"] = [c.as_json() for c in self.contacts]
        return data


def contacts_by_nik(session: Session, niks: Iterable[str] | None = None
                    ) -> dict[str, list[ContactEntry]]:
    """Contact log entries by NIK, oldest first (every NIK when ``niks`` is None)."""
    from counter_app.models import User

    users = {u.id: u.full_name for u in session.execute(select(User)).scalars()}
    query = select(ContactLog).order_by(ContactLog.day, ContactLog.id)
    wanted = set(niks) if niks is not None else None
    if wanted is not None and len(wanted) <= 500:
        query = query.where(ContactLog.nik.in_(sorted(wanted)))
    out: dict[str, list[ContactEntry]] = defaultdict(list)
    for c in session.execute(query).scalars():
        if wanted is not None and c.nik not in wanted:
            continue
        out[c.nik].append(ContactEntry(c.id, mask_nik(c.nik), c.day, c.channel, c.result,
                                       c.purpose, users.get(c.user_id, "?")))
    return out


def target_rows(session: Session, kind: TargetKind, today: dt.date,
                before: dt.date | None = None, kelurahan_code: str | None = None,
                limit: int | None = None) -> list[Target]:
    """The residents on a target list, by kelurahan, RW, RT and name, in ``session``.

    - pemula: younger than 18 today and 17 on or before ``before`` (default today);
    - disabilitas: with a disability, 16 or older by ``before``;
    - belum-rekam: must hold a KTP-el by ``before`` (17 or older, or ever married).
    All three: not recorded here, at an event, or elsewhere.
    """
    until = before or today
    if until < today:
        raise ValidationError("Tanggal batas tidak boleh sebelum hari ini.", field="before")
    covered = _covered(today)
    conditions: list[Any] = [covered.c.nik.is_(None), Resident.recorded_per_list.is_(False)]
    if kind is TargetKind.PEMULA:
        younger_than, born_by = pemula_window(today, until)
        conditions += [Resident.tanggal_lahir > younger_than,
                       Resident.tanggal_lahir <= born_by]
    elif kind is TargetKind.DISABILITAS:
        conditions += [Resident.disabilities != "",
                       or_(Resident.tanggal_lahir <= sixteen_cutoff(until),
                           Resident.status_perkawinan.in_(sorted(EVER_MARRIED)))]
    else:
        conditions += [or_(Resident.tanggal_lahir <= must_hold_cutoff(until),
                           Resident.status_perkawinan.in_(sorted(EVER_MARRIED)))]
    if kelurahan_code:
        conditions.append(Resident.kelurahan_code == kelurahan_code)
    # Plain columns, not ORM objects: a belum-rekam list can hold most of a kecamatan.
    query = (select(Resident.nik, Resident.nama, Resident.tanggal_lahir,
                    Resident.kelurahan_code, Resident.rt, Resident.rw, Resident.school,
                    Resident.disabilities, Resident.phone)
             .select_from(Resident).outerjoin(covered, covered.c.nik == Resident.nik)
             .where(*conditions)
             .order_by(Resident.kelurahan_code, Resident.rw, Resident.rt, Resident.nama,
                       Resident.nik))
    if limit is not None:
        query = query.limit(limit)
    residents = session.execute(query).all()
    names = _kelurahan_names(session)
    contacts = contacts_by_nik(session, [r.nik for r in residents])
    from counter_app.domain.eligibility import age_on, birthday_at

    return [Target(r.nik, r.nama, r.tanggal_lahir, age_on(r.tanggal_lahir, today),
                   r.kelurahan_code, names.get(r.kelurahan_code, r.kelurahan_code), r.rt, r.rw,
                   r.school, r.disabilities, r.phone, birthday_at(r.tanggal_lahir, CARD_AGE),
                   tuple(contacts.get(r.nik, ())))
            for r in residents]


def list_targets(db: Database, actor: Actor, kind: TargetKind, before: dt.date | None = None,
                 kelurahan_code: str | None = None, today: dt.date | None = None,
                 limit: int | None = None) -> list[Target]:
    """A target list (supervisor): personal data, so the reading is audited."""
    actor.require(Permission.MANAGE_COVERAGE)
    day = today or office_day(utc_now())
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        _require_own_kelurahan(session, kelurahan_code)
        rows = target_rows(session, kind, day, before, kelurahan_code, limit)
        audit.record(session, actor, "coverage.targets", kind.value,
                     after={"before": (before or day).isoformat(), "rows": len(rows),
                            "kelurahan": kelurahan_code or ""})
        return rows


def export_targets(db: Database, actor: Actor, kind: TargetKind,
                   before: dt.date | None = None, kelurahan_code: str | None = None,
                   full_nik: bool = False, today: dt.date | None = None) -> bytes:
    """The target list as a spreadsheet for the outreach team (audited).

    NIKs are masked unless ``full_nik`` (a full-NIK export: supervisor only, audited as
    such), which the team needs to record people away from the office.
    """
    actor.require(Permission.MANAGE_COVERAGE)
    if full_nik:
        actor.require(Permission.EXPORT_FULL_NIK)
    from counter_app.printing.coverage_xlsx import targets_xlsx

    day = today or office_day(utc_now())
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_COVERAGE)
        _require_own_kelurahan(session, kelurahan_code)
        rows = target_rows(session, kind, day, before, kelurahan_code)
        audit.record(session, actor, "coverage.export", kind.value,
                     after={"before": (before or day).isoformat(), "rows": len(rows),
                            "full_nik": full_nik, "kelurahan": kelurahan_code or ""})
    return targets_xlsx(kind, before or day, rows, full_nik)
