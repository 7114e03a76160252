"""Known errors: each carries a message for the clerk in Bahasa Indonesia.

Anything that is not a ``CounterError`` is a bug and is shown as a crash, never as
a friendly message.
"""

from __future__ import annotations


class CounterError(Exception):
    """An expected error whose ``message`` can be shown to the clerk as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(CounterError):
    """Input that breaks a rule (a bad NIK, an unknown code, an empty field)."""

    def __init__(self, message: str, field: str | None = None,
                 problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        # Every problem found when a whole document is checked at once (first = message).
        self.problems = problems or [message]


class NotAllowed(CounterError):
    """The user's role does not permit the action."""


class NotFound(CounterError):
    """A record the action needs does not exist."""


class Conflict(CounterError):
    """The action clashes with what is already stored (a duplicate, a race lost)."""


class InvalidTransition(CounterError):
    """An application lifecycle step that the state machine does not allow."""


class AuthenticationFailed(CounterError):
    """Wrong user name or password, or a locked account."""


class PrinterError(CounterError):
    """The printer is missing, offline or out of paper; the record is kept."""
