"""Where a card is printed: the routing rule in one table.

A first-time applicant's card is printed here at the kecamatan; a replacement is
printed by the city Disdukcapil and sent back here to be handed out. A policy change
is one edit of ``ROUTES``.

A person whose address is outside this kecamatan may still be recorded here
(Perpres 96/2018 art. 22, penerbitan KTP-el di luar domisili); the card is then
printed by Disdukcapil whatever the case ("luar domisili").
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Container

from counter_app.domain.cases import CaseType
from counter_app.domain.words import lower_first
from counter_app.domain.working_days import next_working_day


class Route(enum.StrEnum):
    """Where the card is printed."""

    LOCAL = "LOCAL"
    FORWARD = "FORWARD"


ROUTES: dict[CaseType, Route] = {
    CaseType.BARU: Route.LOCAL,
    CaseType.HILANG: Route.FORWARD,
    CaseType.RUSAK: Route.FORWARD,
    CaseType.PERUBAHAN_DATA: Route.FORWARD,
    CaseType.PINDAH_DATANG: Route.FORWARD,
    CaseType.WNA: Route.FORWARD,
    # Issue 11: the kecamatan printers are meant for those already recorded.
    CaseType.PRR: Route.LOCAL,
}
OUTSIDE_DOMICILE = "luar domisili"

# What a person reads for a route: on screens, on the slip and in the camat's report the
# codes LOCAL/FORWARD never appear (issue 13).
ROUTE_LABELS: dict[Route, str] = {
    Route.LOCAL: "Dicetak di kecamatan",
    Route.FORWARD: "Dicetak di Disdukcapil",
}


def route_phrase(route: Route) -> str:
    """The label inside a sentence: "dicetak di Disdukcapil" (the name keeps its capital)."""
    return lower_first(ROUTE_LABELS[route])


# The slip's "Dicetak di" row: the place only, so the label is not repeated in the value.
ROUTE_PLACES: dict[Route, str] = {
    Route.LOCAL: "Kantor kecamatan ini",
    Route.FORWARD: "Disdukcapil kota, lalu dikirim kembali ke kantor kecamatan ini untuk "
                   "diambil",
}

ROUTE_EXPLANATIONS: dict[Route, str] = {
    Route.LOCAL: "Dicetak di kantor kecamatan ini.",
    Route.FORWARD: (
        "Dicetak di Disdukcapil kota, lalu dikirim kembali ke kantor kecamatan ini "
        "untuk diambil."
    ),
}


def route_for(case: CaseType, *, outside_domicile: bool = False) -> Route:
    """The route of an application of this case type (FORWARD for luar domisili)."""
    return Route.FORWARD if outside_domicile else ROUTES[case]


_REASONS: dict[CaseType, str] = {
    CaseType.BARU: "pemohon baru (pemula)",
    CaseType.HILANG: "penggantian KTP-el (hilang)",
    CaseType.RUSAK: "penggantian KTP-el (rusak)",
    CaseType.PERUBAHAN_DATA: "perubahan elemen data",
    CaseType.PINDAH_DATANG: "pindah datang",
    CaseType.WNA: "WNA pemegang KITAP",
    CaseType.PRR: "cetak bagi yang sudah rekam",
}


def route_reason(case: CaseType, *, combined: bool = False,
                 outside_domicile: bool = False) -> str:
    """The reason stored with the application and printed on the slip."""
    if outside_domicile:
        return OUTSIDE_DOMICILE
    reason = _REASONS[case]
    return reason + " dan perubahan elemen data" if combined else reason


def explain_route(case: CaseType, *, combined: bool = False,
                  outside_domicile: bool = False) -> str:
    """The route in plain words for the review page and the slip, with the reason."""
    route = route_for(case, outside_domicile=outside_domicile)
    reason = route_reason(case, combined=combined, outside_domicile=outside_domicile)
    return f"{ROUTE_EXPLANATIONS[route]} Alasan: {reason}."


# Calendar days until a card is expected back, from the day it may be printed.
READY_AFTER_DAYS: dict[Route, int] = {Route.LOCAL: 0, Route.FORWARD: 14}


def expected_ready(route: Route, recorded_on: dt.date, printable_from: dt.date,
                   closed: Container[dt.date] = ()) -> dt.date:
    """When the card should be ready for pickup: always a day the office is open.

    A local card is printed the day it may be printed (from the 17th birthday for a
    16-year-old); a forwarded one comes back from Disdukcapil about two weeks later. A
    date on a weekend, a holiday or an office day off in ``closed`` moves to the next
    working day, so the citizen is never sent to a closed door.
    """
    start = max(recorded_on, printable_from)
    return next_working_day(start + dt.timedelta(days=READY_AFTER_DAYS[route]), closed)


def bring_at_pickup(case: CaseType) -> str:
    """What the citizen brings when collecting the card."""
    base = "Tanda terima ini dan SUKET bila pernah diberikan"
    if case is CaseType.WNA:
        base += ", paspor dan KITAP"
    return (f"{base}. Bila diwakilkan: anggota keluarga satu KK membawa KK asli dan "
            "KTP-el-nya.")
