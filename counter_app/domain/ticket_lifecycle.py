"""The queue ticket's state machine: one transitions table, beside the application's.

```
waiting --call--> called --start--> serving --finish--> done
   ^                |  ^ recall         |
   |                |  '----------------+--transfer--> waiting (same number)
   |                '--no_show--> no_show --restore--> waiting
   |                                 '--call (by number)--> called
   '--close_day (still waiting when the day is closed)--> not_served
```
A finish straight from "called" is allowed: the clerk served without pressing start.
"""

from __future__ import annotations

import enum

from counter_app.domain.errors import Conflict
from counter_app.domain.queue import TicketStatus
from counter_app.domain.words import lower_first

WAITING, CALLED, SERVING = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING
DONE, NO_SHOW, NOT_SERVED = TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.NOT_SERVED


class TicketAction(enum.StrEnum):
    """What a counter (or the day close) does to a ticket."""

    CALL = "call"
    RECALL = "recall"
    NO_SHOW = "no_show"
    RESTORE = "restore"
    TRANSFER = "transfer"
    START = "start"
    FINISH = "finish"
    CLOSE_DAY = "close_day"


ACTION_LABELS: dict[TicketAction, str] = {
    TicketAction.CALL: "dipanggil",
    TicketAction.RECALL: "dipanggil ulang",
    TicketAction.NO_SHOW: "ditandai tidak hadir",
    TicketAction.RESTORE: "dikembalikan ke antrean",
    TicketAction.TRANSFER: "dialihkan",
    TicketAction.START: "mulai dilayani",
    TicketAction.FINISH: "diselesaikan",
    TicketAction.CLOSE_DAY: "ditutup sebagai tidak terlayani",
}

TRANSITIONS: dict[tuple[TicketStatus, TicketAction], TicketStatus] = {
    (WAITING, TicketAction.CALL): CALLED,
    (NO_SHOW, TicketAction.CALL): CALLED,  # called by its number after all
    (CALLED, TicketAction.RECALL): CALLED,
    (CALLED, TicketAction.NO_SHOW): NO_SHOW,
    (NO_SHOW, TicketAction.RESTORE): WAITING,
    (CALLED, TicketAction.TRANSFER): WAITING,
    (SERVING, TicketAction.TRANSFER): WAITING,
    (CALLED, TicketAction.START): SERVING,
    (CALLED, TicketAction.FINISH): DONE,
    (SERVING, TicketAction.FINISH): DONE,
    (WAITING, TicketAction.CLOSE_DAY): NOT_SERVED,
}

# The refusals a clerk meets at the counter, in their own words.
_REFUSALS: dict[tuple[TicketStatus, TicketAction], str] = {
    (SERVING, TicketAction.RECALL): "Tiket {number} sudah dilayani; tidak perlu dipanggil ulang.",
    (SERVING, TicketAction.NO_SHOW): "Tiket {number} sedang dilayani; tidak dapat ditandai "
                                     "tidak hadir.",
    (SERVING, TicketAction.START): "Tiket {number} sudah sedang dilayani.",
}

TERMINAL: frozenset[TicketStatus] = frozenset(
    status for status in TicketStatus
    if not any((status, action) in TRANSITIONS for action in TicketAction))


def sources(action: TicketAction) -> frozenset[TicketStatus]:
    """The statuses from which ``action`` is allowed."""
    return frozenset(status for (status, act) in TRANSITIONS if act is action)


def next_ticket_status(status: TicketStatus, action: TicketAction,
                       number: str = "") -> TicketStatus:
    """The status after ``action``; Conflict with the clerk's message when not allowed."""
    try:
        return TRANSITIONS[(TicketStatus(status), action)]
    except KeyError:
        status = TicketStatus(status)
        if action is TicketAction.RESTORE:
            message = "Tiket {number} tidak berstatus tidak hadir."
        else:
            message = _REFUSALS.get((status, action), "Tiket {number} berstatus {status}; "
                                                      "tidak dapat {action}.")
        raise Conflict(message.format(number=number or "ini", status=lower_first(status.label),
                                      action=ACTION_LABELS[action])) from None
