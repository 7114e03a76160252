"""Where a card is printed: the routing rule in one table.

A first-time applicant's card is printed here at the kecamatan; a replacement is
printed by the city Disdukcapil and sent back here to be handed out. A policy change
is one edit of ``ROUTES``.
"""

from __future__ import annotations

import datetime as dt
import enum

from counter_app.domain.cases import CaseType


class Route(enum.StrEnum):
    """Where the card is printed."""

    LOCAL = "LOCAL"
    FORWARD = "FORWARD"


ROUTES: dict[CaseType, Route] = {
    CaseType.BARU: Route.LOCAL,
    CaseType.HILANG: Route.FORWARD,
    CaseType.RUSAK: Route.FORWARD,
    CaseType.PERUBAHAN_DATA: Route.FORWARD,
}

ROUTE_EXPLANATIONS: dict[Route, str] = {
    Route.LOCAL: "Dicetak di kantor kecamatan ini.",
    Route.FORWARD: (
        "Dicetak di Disdukcapil kota, lalu dikirim kembali ke kantor kecamatan ini "
        "untuk diambil."
    ),
}


def route_for(case: CaseType) -> Route:
    """The route of an application of this case type."""
    return ROUTES[case]


def explain_route(case: CaseType) -> str:
    """The route in plain words for the review page and the slip, with the reason."""
    route = ROUTES[case]
    reason = (
        "pemohon baru (pemula)" if case is CaseType.BARU
        else f"penggantian KTP-el ({case.label.lower()})"
    )
    return f"{ROUTE_EXPLANATIONS[route]} Alasan: {reason}."


# Calendar days until a card is expected back, from the day it may be printed.
READY_AFTER_DAYS: dict[Route, int] = {Route.LOCAL: 0, Route.FORWARD: 14}


def expected_ready(route: Route, recorded_on: dt.date, printable_from: dt.date) -> dt.date:
    """When the card should be ready for pickup.

    A local card is printed the day it may be printed (from the 17th birthday for a
    16-year-old); a forwarded one comes back from Disdukcapil about two weeks later.
    """
    start = max(recorded_on, printable_from)
    return start + dt.timedelta(days=READY_AFTER_DAYS[route])


def bring_at_pickup(case: CaseType) -> str:
    """What the citizen brings when collecting the card."""
    base = "Tanda terima ini"
    if case is CaseType.HILANG:
        base += " dan SUKET bila pernah diberi"
    return (f"{base}. Bila diwakilkan: anggota keluarga satu KK membawa KK asli dan "
            "KTP-el-nya.")
