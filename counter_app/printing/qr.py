"""QR codes drawn as vectors on a reportlab canvas (encoded by the qrcode package)."""

from __future__ import annotations

from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules of ``text`` (error correction M, no quiet zone)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def draw_qr(pdf: Any, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR of ``text`` with its lower-left corner at (x, y), ``size`` wide.

    A quiet zone of four modules is left white around it, inside ``size``.
    """
    matrix = qr_matrix(text)
    modules = len(matrix) + 8
    cell = size / modules
    pdf.saveState()
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(x, y, size, size, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + (c + 4) * cell, y + size - (r + 5) * cell, cell, cell,
                         stroke=0, fill=1)
    pdf.restoreState()
