"""The state of a request to record someone at home (perekaman di rumah).

Kept apart from ``domain.coverage`` so that the models load it without the reference
data that module reads.
"""

from __future__ import annotations

import enum


class HomeVisitStatus(enum.StrEnum):
    """A request to record someone at home (stored in ``home_visit_requests.status``).

    requested --plan--> planned --recorded at the visit--> done; requested or planned
    --cancel (reason)--> cancelled.
    """

    REQUESTED = "requested"
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status as the clerk reads it."""
        return HOME_VISIT_LABELS[self]

    @property
    def open(self) -> bool:
        """Still to be done (it may be planned or cancelled)."""
        return self in (HomeVisitStatus.REQUESTED, HomeVisitStatus.PLANNED)


HOME_VISIT_LABELS: dict[HomeVisitStatus, str] = {
    HomeVisitStatus.REQUESTED: "Diminta", HomeVisitStatus.PLANNED: "Dijadwalkan",
    HomeVisitStatus.DONE: "Selesai direkam", HomeVisitStatus.CANCELLED: "Dibatalkan"}
