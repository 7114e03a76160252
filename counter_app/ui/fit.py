"""Text that fits the screen it is on: from a 1280x720 TV to a 3840x2160 one.

The waiting-room display and the kiosk size their fonts from the window (``scale``) and
show names through ``FitLabel``, which wraps and elides to the width it is given instead
of pushing the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

DESIGN_SIZE = QSize(1920, 1080)  # the sizes in the stylesheets are for this screen


def scale(size: QSize) -> float:
    """How much larger (or smaller) than a 1920x1080 screen ``size`` is, by its tighter side."""
    return max(0.3, min(size.width() / DESIGN_SIZE.width(),
                        size.height() / DESIGN_SIZE.height()))


def px(value: float, factor: float) -> int:
    """A pixel size of the 1920x1080 design at ``factor``, never below a readable 10 px."""
    return max(10, round(value * factor))


def fit_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines of ``width`` pixels.

    A word longer than the width, or text beyond the last line, ends in an ellipsis.
    """
    if width <= 0:
        return [""]
    lines: list[str] = []
    words = text.split()
    current = ""
    while words:
        candidate = f"{current} {words[0]}" if current else words[0]
        if metrics.horizontalAdvance(candidate) <= width:
            current = candidate
            words.pop(0)
            continue
        if not current:  # one word wider than the line
            current = words.pop(0)
        if len(lines) == max_lines - 1:
            break
        lines.append(current)
        current = ""
    rest = " ".join([current, *words]).strip()
    lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return [line for line in lines if line] or [""]


class FitLabel(QLabel):
    """A plain-text label that wraps to ``max_lines`` and elides the rest to its width.

    ``full_text()`` keeps the whole text (also shown as the tooltip); ``text()`` is what
    is painted. Its minimum width is small, so a long name never widens the window.
    """

    def __init__(self, text: str = "", max_lines: int = 1, parent: QWidget | None = None,
                 object_name: str = "") -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._max_lines = max_lines
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        """Show ``text``, wrapped and elided to the current width."""
        self._full = text
        self.setToolTip(text if len(text) > 20 else "")
        self._refit()

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(min(metrics.horizontalAdvance(self._full), 200) + margins.left()
                     + margins.right(),
                     metrics.lineSpacing() * self._max_lines + metrics.descent()
                     + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = self.sizeHint()
        return QSize(10, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._refit()

    def changeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)  # type: ignore[arg-type]
        self._refit()  # a new font from a stylesheet

    def _refit(self) -> None:
        width = self.contentsRect().width()
        lines = fit_lines(self._full, self.fontMetrics(), width, self._max_lines)
        text = "\n".join(lines)
        if text != super().text():
            super().setText(text)
