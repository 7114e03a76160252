"""Queue rules: ticket numbers, the priority policy, and the spoken announcement."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from counter_app.domain.errors import ValidationError

MAX_DAILY_NUMBER = 999


class TicketStatus(enum.StrEnum):
    """Where a ticket is in the queue."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    NOT_SERVED = "not_served"  # still waiting when the day was closed

    @property
    def label(self) -> str:
        """The status as the clerk reads it."""
        return TICKET_STATUS_LABELS[self]


TICKET_STATUS_LABELS = {
    TicketStatus.WAITING: "Menunggu",
    TicketStatus.CALLED: "Dipanggil",
    TicketStatus.SERVING: "Dilayani",
    TicketStatus.DONE: "Selesai",
    TicketStatus.NO_SHOW: "Tidak hadir",
    TicketStatus.NOT_SERVED: "Tidak terlayani",
}
# A counter's current ticket: called and not yet finished or marked absent.
ACTIVE = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})


def format_number(prefix: str, seq: int) -> str:
    """``A-012``."""
    return f"{prefix}-{seq:03d}"


def parse_number(text: str) -> tuple[str, int]:
    """Read what a clerk types for a ticket: ``A-012``, ``a12``, ``A 012``."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    prefix = "".join(ch for ch in cleaned if ch.isalpha())
    digits = cleaned[len(prefix):]
    if not prefix or not cleaned.startswith(prefix) or not digits.isdigit() or not digits.isascii():
        raise ValidationError(
            f"Nomor antrean '{(text or '').strip()[:20]}' tidak sah; tulis seperti A-012."
        )
    seq = int(digits)
    if not 1 <= seq <= MAX_DAILY_NUMBER:
        raise ValidationError(f"Nomor antrean harus 1 sampai {MAX_DAILY_NUMBER}.")
    return prefix, seq


class PriorityMode(enum.StrEnum):
    """How priority tickets are mixed with normal ones."""

    FIRST = "first"            # a waiting priority ticket is always called first
    INTERLEAVE = "interleave"  # one priority after every N normal tickets


@dataclass(frozen=True)
class PriorityPolicy:
    """The office's policy; ``every`` matters for INTERLEAVE only."""

    mode: PriorityMode = PriorityMode.INTERLEAVE
    every: int = 3

    def __post_init__(self) -> None:
        if self.mode is PriorityMode.INTERLEAVE and not 1 <= self.every <= 20:
            raise ValidationError("Prioritas disisipkan setiap 1 sampai 20 tiket biasa.")


def choose_priority(
    policy: PriorityPolicy,
    priority_waiting: bool,
    normal_waiting: bool,
    recent_calls: Sequence[bool],
) -> bool | None:
    """Whether the next call takes a priority ticket (True), a normal one (False) or none.

    ``recent_calls`` is today's calls, newest first, True for a priority ticket. Under
    INTERLEAVE a priority ticket goes next once ``every`` normal tickets were called
    since the last priority one, so neither kind waits for ever; when only one kind
    waits, it is taken.
    """
    if not priority_waiting and not normal_waiting:
        return None
    if not priority_waiting:
        return False
    if not normal_waiting or policy.mode is PriorityMode.FIRST:
        return True
    normals_since_priority = 0
    for was_priority in recent_calls:
        if was_priority:
            break
        normals_since_priority += 1
    else:
        # No priority ticket called yet today: serve the first one at once.
        return True
    return normals_since_priority >= policy.every


class AnnouncementMode(enum.StrEnum):
    """What the waiting room hears on a call."""

    FULL = "full"      # chime, then the spoken sentence
    CHIME = "chime"    # chime only
    SILENT = "silent"


_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
          "sembilan")


def number_words(n: int) -> list[str]:
    """Indonesian words for 0-999 as clip names: 12 -> ["dua", "belas"], 100 -> ["seratus"]."""
    if not 0 <= n <= 999:
        raise ValueError("0-999 only")
    if n < 10:
        return [_UNITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [_UNITS[n - 10], "belas"]
    if n < 100:
        tens, rest = divmod(n, 10)
        return [_UNITS[tens], "puluh"] + (number_words(rest) if rest else [])
    hundreds, rest = divmod(n, 100)
    head = ["seratus"] if hundreds == 1 else [_UNITS[hundreds], "ratus"]
    return head + (number_words(rest) if rest else [])


def ticket_number_words(seq: int) -> list[str]:
    """A ticket number as it is read out, leading zeros included: 12 -> nol dua belas."""
    if seq < 10:
        return ["nol", "nol", *number_words(seq)]
    if seq < 100:
        return ["nol", *number_words(seq)]
    return number_words(seq)


def announcement_clips(prefix: str, seq: int, counter_number: int) -> list[str]:
    """The clips of "Nomor antrean A nol dua belas, silakan menuju loket dua", in order."""
    letters = [f"huruf_{ch.lower()}" for ch in prefix if ch.isalpha()]
    return ["nomor_antrean", *letters, *ticket_number_words(seq), "silakan_menuju_loket",
            *number_words(counter_number)]


CLIP_TEXTS: dict[str, str] = {
    "nomor_antrean": "Nomor antrean",
    "silakan_menuju_loket": "silakan menuju loket",
    **{u: u for u in _UNITS},
    "sepuluh": "sepuluh", "sebelas": "sebelas", "belas": "belas", "puluh": "puluh",
    "seratus": "seratus", "ratus": "ratus",
    **{f"huruf_{ch}": ch.upper() for ch in "abcdefghijklmnopqrstuvwxyz"},
}
"""What each shipped clip says (the generator script speaks these with espeak-ng)."""
