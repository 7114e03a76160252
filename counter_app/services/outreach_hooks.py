"""What the recording save does differently on a jemput bola laptop.

Kept apart from the outreach services so that ``services.recording`` can call it without
importing them. On an office installation (no ``outreach_profile`` row) nothing changes.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from counter_app.domain.errors import ValidationError
from counter_app.models import Application, OutreachEvent, OutreachProfile, OutreachRecord


def laptop_code(session: Session, event_id: int | None, today: dt.date) -> str | None:
    """This laptop's code (the slip prefix) or None at an office.

    On a laptop every recording belongs to the event chosen for the day.
    """
    profile = session.get(OutreachProfile, 1)
    if profile is None:
        return None
    event = session.get(OutreachEvent, event_id) if event_id is not None else None
    if event is None:
        raise ValidationError("Pilih kegiatan jemput bola hari ini di layar Jemput bola "
                              "sebelum merekam.", field="outreach_event_id")
    if event.day != today:
        raise ValidationError(f"Kegiatan {event.name} tercatat untuk {event.day:%d-%m-%Y}, "
                              "bukan hari ini. Pilih atau buat kegiatan hari ini.",
                              field="outreach_event_id")
    return profile.laptop_code


def note_recording(session: Session, app: Application) -> None:
    """Give a laptop recording its lasting identity and start tracking its export."""
    app.outreach_uid = str(uuid.uuid4())
    session.add(OutreachRecord(uid=app.outreach_uid, application_id=app.id,
                               event_id=app.outreach_event_id, day=app.day,
                               case_type=app.case_type, route=app.route))
