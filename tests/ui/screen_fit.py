"""What a person would see cut off on a screen: labels and buttons outside the window or
text wider (or taller) than the widget that shows it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def _text_size(label: QLabel) -> tuple[int, int]:
    """The width and height the label's text needs (rich text laid out as Qt does)."""
    text = label.text()
    if label.textFormat().name != "PlainText" and ("<" in text and ">" in text):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(label.contentsRect().width())
        return round(doc.idealWidth()), round(doc.size().height())
    metrics = QFontMetrics(label.font())
    lines = text.split("\n") if text else [""]
    if label.wordWrap():
        height = label.heightForWidth(label.width())
        return 0, max(height - label.contentsMargins().top() - label.contentsMargins().bottom()
                      - 2 * label.margin(), 0)
    return (max(metrics.horizontalAdvance(line) for line in lines),
            metrics.height() * len(lines))


def clipped(window: QWidget) -> list[str]:
    """Every visible label or button of ``window`` that is cut off, with why."""
    QApplication.processEvents()
    problems = []
    frame = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, QLabel | QAbstractButton):
            continue
        name = f"{type(widget).__name__} {widget.objectName() or ''} {widget.text()[:40]!r}"
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not frame.contains(where):
            problems.append(f"{name}: {where} outside the window {frame}")
            continue
        if isinstance(widget, QLabel):
            if not widget.text():
                continue
            need_w, need_h = _text_size(widget)
            have = widget.contentsRect()
            if need_w > have.width() + 1 or need_h > have.height() + 1:
                problems.append(f"{name}: text needs {need_w}x{need_h}, has "
                                f"{have.width()}x{have.height()}")
        else:
            hint = widget.sizeHint()
            if widget.text() and (hint.width() > widget.width() + 1
                                  or hint.height() > widget.height() + 1):
                problems.append(f"{name}: needs {hint.width()}x{hint.height()}, has "
                                f"{widget.width()}x{widget.height()}")
    return problems
