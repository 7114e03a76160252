"""Render resources/icons/loket-ktp-el.svg to the PNG sizes and the Windows ICO.

Run after changing the SVG: ``python tools/make_icons.py``. The PNGs serve the windows
and the Linux desktop entries (hicolor sizes); the ICO the Windows bundle and installer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    """Render every size; the exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "loket-ktp-el.svg"))
    if not renderer.isValid():
        print("SVG tidak dapat dibaca", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"loket-ktp-el-{size}.png"))
    largest = Image.open(ICONS / "loket-ktp-el-256.png")
    largest.save(ICONS / "loket-ktp-el.ico", sizes=[(s, s) for s in SIZES])
    print(f"{len(SIZES)} PNG dan 1 ICO ditulis ke {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
