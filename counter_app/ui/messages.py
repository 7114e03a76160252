"""The one message line every screen uses, and the one wrapper around a user's action.

A screen's code reads as what the user does::

    self.message.attempt(lambda: f"{q.restore(db, actor, ticket_id).number} kembali.")

A ``CounterError`` becomes the red message, success the green one; anything else is
not caught here and reaches the crash reporter (``sys.excepthook``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QFrame, QLabel, QWidget

from counter_app.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_app.ui.operations import Operation

T = TypeVar("T")

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
BUSY_STYLE = "color: #555555; font-style: italic;"


class MessageLine(QLabel):
    """The outcome of the last action, under a screen's content."""

    def __init__(self, object_name: str = "", parent: QWidget | None = None, *,
                 framed: bool = False, base_style: str = "") -> None:
        super().__init__(parent)
        self.base_style = base_style
        self.setObjectName(object_name)
        self.setWordWrap(True)
        if framed:
            self.setFrameShape(QFrame.Shape.StyledPanel)
            self.setMinimumHeight(34)
        self.is_error = False
        self._busy = 0
        self._busy_text = ""

    def say(self, text: str, error: bool = False) -> None:
        """Show ``text`` (red and bold when ``error``)."""
        self.is_error = error
        self.setText(text)
        self.setStyleSheet(self.base_style + (ERROR_STYLE if error else OK_STYLE))

    def error(self, text: str) -> None:
        """Show a problem the user can act on."""
        self.say(text, error=True)

    def busy(self, text: str) -> None:
        """Say that work is running (until ``end_busy``)."""
        self._busy += 1
        self._busy_text = text
        self.is_error = False
        self.setText(text)
        self.setStyleSheet(self.base_style + BUSY_STYLE)

    def progress(self, text: str) -> None:
        """Change what running work says (e.g. "hari 2 dari 5"); it stays busy."""
        if self._busy:
            self._busy_text = text
            self.setText(text)

    def end_busy(self) -> None:
        """The work ended: clear the busy text unless something else was said since."""
        self._busy = max(0, self._busy - 1)
        if not self._busy and self.text() == self._busy_text:
            self.clear()

    def attempt(self, action: Callable[[], str | None]) -> bool:
        """Run ``action`` now; its return is the success message. False when it failed."""
        try:
            text = action()
        except CounterError as exc:
            self.error(exc.message)
            return False
        if text:
            self.say(text)
        return True

    def call(self, action: Callable[[], T]) -> T | None:
        """Run ``action`` now and return its result; None when it failed (red message).

        For an action that returns a value (a row, an actor); one that only reports
        success goes through ``attempt``.
        """
        try:
            return action()
        except CounterError as exc:
            self.error(exc.message)
            return None

    def run(self, work: Callable[[], T], success: Callable[[T], None] | None = None, *,
            failure: Callable[[CounterError], None] | None = None,
            always: Callable[[], None] | None = None,
            busy: str = "Sedang memproses...", queue: str | None = None) -> Operation[T]:
        """Run ``work`` in the background (see ``operations.run``)."""
        from counter_app.ui import operations

        return operations.run(self, work, success, failure=failure, always=always, busy=busy,
                              queue=queue)
