"""Office-wide settings an admin sets (stored in the database, audited)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from counter_app.db import Database
from counter_app.domain.coverage import DEFAULT_OUTREACH_KINDS
from counter_app.domain.errors import ValidationError
from counter_app.domain.input_policy import SHORT_TEXT, clean_text
from counter_app.domain.queue import AnnouncementMode, PriorityMode, PriorityPolicy
from counter_app.domain.roles import Permission
from counter_app.domain.text import squash_spaces
from counter_app.models import Setting
from counter_app.models.base import utcnow
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor

PRIORITY_POLICY = "queue.priority_policy"
RUNNING_TEXT = "display.running_text"
ANNOUNCEMENT = "display.announcement"
OFFICE_HOURS = "office.hours"
# Set only by the demo office's own set-up (services/demo.py); never from Pengaturan.
DEMO_OFFICE = "office.demo"
DEFAULT_OFFICE_HOURS = "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00 WIB"
DEFAULT_RUNNING_TEXT = (
    "Selamat datang. Siapkan KK dan dokumen Anda sebelum dipanggil. "
    "Layanan KTP-el tidak dipungut biaya."
)


def read_setting(session: Session, key: str, default: Any) -> Any:
    """A setting's value, or ``default`` when it was never set."""
    row = session.get(Setting, key)
    return json.loads(row.value) if row else default


def _write(db: Database, actor: Actor, values: dict[str, Any]) -> None:
    """Store several settings in one transaction, each change audited."""
    actor.require(Permission.MANAGE_SETTINGS)
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        for key, value in values.items():
            row = session.get(Setting, key)
            before = json.loads(row.value) if row else None
            if row is None:
                row = Setting(key=key, value="")
                session.add(row)
            row.value = json.dumps(value, ensure_ascii=False)
            row.updated_by = actor.user_id
            row.updated_at = utcnow()
            audit.record(session, actor, "setting.change", key, before=before, after=value)


def write_settings(db: Database, actor: Actor, values: dict[str, Any]) -> None:
    """Store settings of another area (admin only, each change audited)."""
    _write(db, actor, values)


def policy_from(value: Any) -> PriorityPolicy:
    """A stored policy, falling back to the default when it is malformed."""
    try:
        return PriorityPolicy(PriorityMode(value["mode"]), int(value.get("every", 3)))
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError,
            ValidationError):
        return PriorityPolicy()


def policy_from_text(text: str | None) -> PriorityPolicy:
    """The policy from the setting's stored JSON (None: never set).

    A value edited by hand into something that is not JSON, or absurd (``1e400``), gives
    the default: the counters go on calling.
    """
    if not text:
        return PriorityPolicy()
    try:
        return policy_from(json.loads(text))
    except ValueError:
        return PriorityPolicy()


def get_priority_policy(db: Database) -> PriorityPolicy:
    """The office's priority policy (default: one priority after every 3 normal tickets)."""
    with db.read_session() as session:
        row = session.get(Setting, PRIORITY_POLICY)
        return policy_from_text(row.value if row is not None else None)


def set_priority_policy(db: Database, actor: Actor, policy: PriorityPolicy) -> None:
    """An admin sets the priority policy."""
    _write(db, actor, {PRIORITY_POLICY: {"mode": policy.mode.value, "every": policy.every}})


@dataclass(frozen=True)
class DisplaySettings:
    """What the waiting-room display shows and says."""

    running_text: str
    announcement: AnnouncementMode


def get_display_settings(db: Database) -> DisplaySettings:
    """The running text and the announcement mode."""
    with db.read_session() as session:
        text = read_setting(session, RUNNING_TEXT, DEFAULT_RUNNING_TEXT)
        mode = read_setting(session, ANNOUNCEMENT, AnnouncementMode.FULL.value)
    try:
        announcement = AnnouncementMode(mode)
    except ValueError:
        announcement = AnnouncementMode.FULL
    return DisplaySettings(str(text), announcement)


def set_display_settings(db: Database, actor: Actor, settings: DisplaySettings) -> None:
    """An admin sets the running text (one line, at most 300 characters) and the sound."""
    text = squash_spaces(settings.running_text)
    if len(text) > 300:
        raise ValidationError("Teks berjalan paling banyak 300 karakter.")
    if any(not ch.isprintable() for ch in text):
        raise ValidationError("Teks berjalan berisi karakter yang tidak sah.")
    _write(db, actor, {RUNNING_TEXT: text,
                       ANNOUNCEMENT: AnnouncementMode(settings.announcement).value})


def get_office_hours(db: Database) -> str:
    """The opening hours printed on slips."""
    with db.read_session() as session:
        return str(read_setting(session, OFFICE_HOURS, DEFAULT_OFFICE_HOURS))


def set_office_hours(db: Database, actor: Actor, hours: str) -> None:
    """An admin sets the opening hours (one line, at most 120 characters)."""
    text = clean_text(hours, field="hours", label="Jam layanan", limit=SHORT_TEXT,
                      required=True)
    _write(db, actor, {OFFICE_HOURS: text})


BLANKO_THRESHOLD = "blanko.threshold"
OVERDUE_DAYS = "batch.overdue_days"
DEFAULT_BLANKO_THRESHOLD = 50
DEFAULT_OVERDUE_DAYS = 14


def get_int_setting(db: Database, key: str, default: int) -> int:
    """A whole-number setting."""
    with db.read_session() as session:
        value = read_setting(session, key, default)
    return int(value) if isinstance(value, int) else default


def set_blanko_threshold(db: Database, actor: Actor, threshold: int) -> None:
    """An admin sets the balance under which the stock warning shows."""
    if not 0 <= threshold <= 100_000:
        raise ValidationError("Batas peringatan stok 0 sampai 100000.")
    _write(db, actor, {BLANKO_THRESHOLD: threshold})


def set_overdue_days(db: Database, actor: Actor, days: int) -> None:
    """An admin sets after how many days a forwarded card not back is overdue."""
    if not 1 <= days <= 365:
        raise ValidationError("Batas keterlambatan 1 sampai 365 hari.")
    _write(db, actor, {OVERDUE_DAYS: days})


# Issue 11: a card ready longer than UNCOLLECTED_DAYS is on the uncollected list; after
# ARCHIVE_DAYS a supervisor may archive it ("tidak diambil").
UNCOLLECTED_DAYS = "pickup.uncollected_days"
ARCHIVE_DAYS = "pickup.archive_days"
DEFAULT_UNCOLLECTED_DAYS = 30
DEFAULT_ARCHIVE_DAYS = 90


def set_uncollected_limits(db: Database, actor: Actor, uncollected: int, archive: int) -> None:
    """An admin sets after how many days a card is uncollected, and may be archived."""
    if not 1 <= uncollected <= 365:
        raise ValidationError("Batas KTP-el tidak diambil 1 sampai 365 hari.",
                              field="uncollected")
    if not uncollected < archive <= 3650:
        raise ValidationError("Batas arsip harus lebih lama dari batas tidak diambil "
                              "(paling lama 3650 hari).", field="archive")
    _write(db, actor, {UNCOLLECTED_DAYS: uncollected, ARCHIVE_DAYS: archive})


IDLE_MINUTES = "security.idle_minutes"
DEFAULT_IDLE_MINUTES = 10


def set_idle_minutes(db: Database, actor: Actor, minutes: int) -> None:
    """An admin sets after how many idle minutes a counter screen locks."""
    if not 1 <= minutes <= 240:
        raise ValidationError("Kunci layar setelah 1 sampai 240 menit.")
    _write(db, actor, {IDLE_MINUTES: minutes})


def is_demo_office(db: Database) -> bool:
    """True only for the demo office a newcomer tries the app in."""
    with db.transaction() as session:
        return bool(read_setting(session, DEMO_OFFICE, False))


# --- outreach (jemput bola) event kinds ------------------------------------------------

OUTREACH_KINDS = "outreach.kinds"
# The seeded kinds (DEFAULT_OUTREACH_KINDS) live in domain/coverage.py.


def outreach_kinds_in(session: Session) -> dict[str, str]:
    """The outreach kinds, code -> label, in the admin's order."""
    value = read_setting(session, OUTREACH_KINDS, None)
    if not isinstance(value, list):
        return dict(DEFAULT_OUTREACH_KINDS)
    return {str(item["code"]): str(item["label"]) for item in value
            if isinstance(item, dict) and "code" in item and "label" in item}


def get_outreach_kinds(db: Database) -> dict[str, str]:
    """The outreach kinds, code -> label."""
    with db.transaction() as session:
        return outreach_kinds_in(session)


def set_outreach_kinds(db: Database, actor: Actor, labels: list[str]) -> dict[str, str]:
    """An admin sets the list of outreach kinds (one label a line, 1-20 of them).

    A label already in the list keeps its code, so events already recorded keep theirs.
    """
    clean = [" ".join(label.split()) for label in labels if label.strip()]
    if not 1 <= len(clean) <= 20:
        raise ValidationError("Daftar jenis kegiatan berisi 1 sampai 20 baris.")
    if any(len(label) > 60 or not label.isprintable() for label in clean):
        raise ValidationError("Setiap jenis kegiatan paling banyak 60 karakter, satu baris.")
    if len({label.lower() for label in clean}) != len(clean):
        raise ValidationError("Ada jenis kegiatan yang tertulis dua kali.")
    current = {label.lower(): code for code, label in get_outreach_kinds(db).items()}
    kinds: dict[str, str] = {}
    for label in clean:
        code = current.get(label.lower()) or _slug(label, kinds)
        kinds[code] = label
    _write(db, actor, {OUTREACH_KINDS: [{"code": c, "label": lbl} for c, lbl in kinds.items()]})
    return kinds


def _slug(label: str, taken: dict[str, str]) -> str:
    import re

    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:16] or "jenis"
    code, n = base, 2
    while code in taken or code in DEFAULT_OUTREACH_KINDS:
        code, n = f"{base}_{n}", n + 1
    return code
