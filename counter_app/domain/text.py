"""Text as the clerk types it: spaces squashed, a reason long enough to mean something."""

from __future__ import annotations

from counter_app.domain.errors import ValidationError

MIN_REASON = 5


def squash_spaces(text: str | None) -> str:
    """``text`` with runs of whitespace as one space and no space at either end."""
    return " ".join((text or "").split())


def require_reason(text: str | None, purpose: str, minimum: int = MIN_REASON) -> str:
    """The squashed reason; ValidationError when it has fewer than ``minimum`` characters.

    Args:
        text: what was typed.
        purpose: the kind of reason, as in "Tulis alasan <purpose> (minimal 5 huruf).".
        minimum: the shortest acceptable reason.
    """
    reason = squash_spaces(text)
    if len(reason) < minimum:
        raise ValidationError(f"Tulis alasan {purpose} (minimal {minimum} huruf).",
                              field="reason")
    return reason
