"""The coverage section of the daily report and the range recap.

Coverage at the end of the period, the recordings of the period with a disability (by
kind), and how many targets each planned outreach event of the period reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.coverage import DisabilityKind
from counter_app.models import Application, ApplicationDisability, ResidentImport


@dataclass(frozen=True)
class CoverageSection:
    """What the report says about coverage (``has_list`` False: no resident list yet)."""

    as_of: str
    has_list: bool
    total: int = 0
    recorded: int = 0
    percent_recorded: float = 0.0
    printed: int = 0
    handed_over: int = 0
    age_16: int = 0
    age_16_recorded: int = 0
    disabilities: dict[str, int] = field(default_factory=dict)
    events: list[dict[str, object]] = field(default_factory=list)


def coverage_section(session: Session, start: dt.date, end: dt.date) -> CoverageSection:
    """The section for ``start`` .. ``end``, computed in the report's own session."""
    from counter_app.services.coverage import compute_status
    from counter_app.services.outreach_plans import plans_between

    disabilities = dict.fromkeys((k.value for k in DisabilityKind), 0)
    for kinds in session.execute(
            select(ApplicationDisability.kinds).join(
                Application, Application.id == ApplicationDisability.application_id)
            .where(Application.day >= start, Application.day <= end)).scalars():
        for kind in kinds.split(","):
            if kind in disabilities:
                disabilities[kind] += 1
    events: list[dict[str, object]] = [
        {"name": p.name, "date": p.day.isoformat(), "place": p.place, "targets": p.targets,
         "reached": p.reached_at_event, "missing": p.missing}
        for p in reversed(plans_between(session, start, end, as_of=end))]
    # The current list is the only one kept: a past period is measured against it.
    has_list = session.execute(select(ResidentImport.id).limit(1)).first()
    if has_list is None:
        return CoverageSection(end.isoformat(), False, disabilities=disabilities,
                               events=events)
    status = compute_status(session, end)
    return CoverageSection(end.isoformat(), True, status.total, status.recorded,
                           status.percent_recorded, status.printed, status.handed_over,
                           status.sixteen, status.sixteen_recorded, disabilities, events)
