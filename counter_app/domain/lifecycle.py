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
    # Disdukcapil refused the application (reason code on the application); a new
    # application may be opened from it with the data carried over.
    REJECTED = "rejected"
    # Disdukcapil sent it back unprinted for another reason: it waits for the office to
    # resend or cancel it, and is never silently put into the next batch.
    RETURNED = "returned"
    # Ready but not collected after the second limit: archived ("tidak diambil") with
    # its storage place, and still handed over when the owner comes.
    ARCHIVED = "archived"

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
    Status.REJECTED: "Ditolak Disdukcapil",
    Status.RETURNED: "Dikembalikan Disdukcapil",
    Status.ARCHIVED: "Tidak diambil (diarsipkan)",
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
    REJECT = "reject"
    RETURN = "return"
    RESEND = "resend"
    ARCHIVE = "archive"
    # A forwarded card found misprinted at the counter goes back to Disdukcapil.
    MISPRINT_RETURN = "misprint_return"


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
    Action.REJECT: "dicatat ditolak Disdukcapil",
    Action.RETURN: "dicatat dikembalikan Disdukcapil",
    Action.RESEND: "dikirim ulang ke Disdukcapil",
    Action.ARCHIVE: "diarsipkan sebagai tidak diambil",
    Action.MISPRINT_RETURN: "dikembalikan ke Disdukcapil karena salah cetak",
}

_OPEN = (
    Status.RECORDED, Status.AWAITING_PRINT, Status.PRINTED, Status.SUKET_ISSUED,
    Status.FORWARDED, Status.RECEIVED, Status.READY_FOR_PICKUP, Status.RETURNED,
    Status.ARCHIVED,
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
    (Status.FORWARDED, Action.REJECT): Status.REJECTED,
    (Status.FORWARDED, Action.RETURN): Status.RETURNED,
    (Status.RETURNED, Action.RESEND): Status.FORWARDED,
    (Status.READY_FOR_PICKUP, Action.ARCHIVE): Status.ARCHIVED,
    (Status.ARCHIVED, Action.HAND_OVER): Status.HANDED_OVER,
    # Misprint found before handover: a local card is spoiled (blanko counted) and goes
    # back to the print queue; a forwarded card goes back to Disdukcapil ("salah cetak").
    (Status.READY_FOR_PICKUP, Action.SPOIL): Status.AWAITING_PRINT,
    (Status.READY_FOR_PICKUP, Action.MISPRINT_RETURN): Status.FORWARDED,
    **{(status, Action.CANCEL): Status.CANCELLED for status in _OPEN},
}

TERMINAL: frozenset[Status] = frozenset({Status.HANDED_OVER, Status.CANCELLED,
                                         Status.REJECTED})


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
