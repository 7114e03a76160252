"""The application lifecycle of DESIGN.md as one explicit state machine.

Every step an application can take is a row of ``TRANSITIONS``; anything else raises
InvalidTransition with a message the clerk can read.
"""

from __future__ import annotations

import enum

from counter_app.domain.errors import InvalidTransition


class Status(enum.StrEnum):
    """Where an application is on its way to the citizen's hand."""

    RECORDED = "recorded"
    AWAITING_PRINT = "awaiting_print"
    PRINTED = "printed"
    SUKET_ISSUED = "suket_issued"
    FORWARDED = "forwarded"
    RECEIVED = "received"
    READY_FOR_PICKUP = "ready_for_pickup"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The status as the clerk reads it."""
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.RECORDED: "Direkam",
    Status.AWAITING_PRINT: "Menunggu cetak",
    Status.PRINTED: "Sudah dicetak",
    Status.SUKET_ISSUED: "SUKET diterbitkan",
    Status.FORWARDED: "Dikirim ke Disdukcapil",
    Status.RECEIVED: "Diterima dari Disdukcapil",
    Status.READY_FOR_PICKUP: "Siap diambil",
    Status.HANDED_OVER: "Sudah diserahkan",
    Status.CANCELLED: "Dibatalkan",
}


class Action(enum.StrEnum):
    """What a user (or the routing step) does to an application."""

    ROUTE_LOCAL = "route_local"
    ROUTE_FORWARD = "route_forward"
    PRINT = "print"
    SPOIL = "spoil"
    ISSUE_SUKET = "issue_suket"
    RECEIVE = "receive"
    MARK_READY = "mark_ready"
    HAND_OVER = "hand_over"
    CANCEL = "cancel"


ACTION_LABELS: dict[Action, str] = {
    Action.ROUTE_LOCAL: "diarahkan ke cetak lokal",
    Action.ROUTE_FORWARD: "diarahkan ke Disdukcapil",
    Action.PRINT: "dicetak",
    Action.SPOIL: "dicatat gagal cetak",
    Action.ISSUE_SUKET: "diberi SUKET",
    Action.RECEIVE: "dicatat diterima dari Disdukcapil",
    Action.MARK_READY: "dinyatakan siap diambil",
    Action.HAND_OVER: "diserahkan",
    Action.CANCEL: "dibatalkan",
}

_OPEN = (
    Status.RECORDED, Status.AWAITING_PRINT, Status.PRINTED, Status.SUKET_ISSUED,
    Status.FORWARDED, Status.RECEIVED, Status.READY_FOR_PICKUP,
)

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECORDED, Action.ROUTE_LOCAL): Status.AWAITING_PRINT,
    (Status.RECORDED, Action.ROUTE_FORWARD): Status.FORWARDED,
    (Status.AWAITING_PRINT, Action.PRINT): Status.PRINTED,
    # A spoiled blanko sends the card back to the print queue.
    (Status.AWAITING_PRINT, Action.SPOIL): Status.AWAITING_PRINT,
    (Status.PRINTED, Action.SPOIL): Status.AWAITING_PRINT,
    # No blanko, or not 17 yet: a SUKET stands in for the card until it is printed.
    (Status.AWAITING_PRINT, Action.ISSUE_SUKET): Status.SUKET_ISSUED,
    (Status.SUKET_ISSUED, Action.PRINT): Status.READY_FOR_PICKUP,
    (Status.PRINTED, Action.MARK_READY): Status.READY_FOR_PICKUP,
    (Status.FORWARDED, Action.RECEIVE): Status.RECEIVED,
    (Status.RECEIVED, Action.MARK_READY): Status.READY_FOR_PICKUP,
    (Status.READY_FOR_PICKUP, Action.HAND_OVER): Status.HANDED_OVER,
    **{(status, Action.CANCEL): Status.CANCELLED for status in _OPEN},
}

TERMINAL: frozenset[Status] = frozenset({Status.HANDED_OVER, Status.CANCELLED})


def allowed_actions(status: Status) -> list[Action]:
    """The actions possible from ``status``, in the order of ``Action``."""
    return [action for action in Action if (status, action) in TRANSITIONS]


def next_status(status: Status, action: Action) -> Status:
    """The status after ``action``; InvalidTransition when the diagram has no such step."""
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(
            f"Permohonan berstatus '{status.label}' tidak dapat {ACTION_LABELS[action]}."
        ) from None
