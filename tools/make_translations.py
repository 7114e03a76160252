"""Build the app's catalogue of Qt's words in Indonesian.

Writes resources/translations/qt_app_id.ts from ``WORDS`` in counter_app/ui/translations.py
and compiles it to qt_app_id.qm with pyside6-lrelease.

    python tools/make_translations.py

Run it after changing ``WORDS``; commit both files (tests/ui/test_translations.py checks
that the shipped catalogue says what ``WORDS`` says).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from counter_app.ui.translations import CATALOGUE, WORDS  # noqa: E402

FOLDER = ROOT / "resources" / "translations"


def ts_text() -> str:
    """The Qt Linguist source of the catalogue (stable order, so diffs are readable)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="id_ID">']
    for context in sorted(WORDS):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for source, target in sorted(WORDS[context].items()):
            lines += ["    <message>", f"        <source>{escape(source)}</source>",
                      f"        <translation>{escape(target)}</translation>",
                      "    </message>"]
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def lrelease() -> str:
    """The pyside6-lrelease next to this Python, or on PATH."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found (it comes with PySide6)")
    return found


def main() -> None:
    """Write the .ts and compile the .qm."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    ts = FOLDER / f"{CATALOGUE}.ts"
    ts.write_text(ts_text(), encoding="utf-8")
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(FOLDER / f"{CATALOGUE}.qm")],
                   check=True)
    print(FOLDER / f"{CATALOGUE}.qm")


if __name__ == "__main__":
    main()
