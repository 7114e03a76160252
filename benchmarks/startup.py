"""Start-up time: from process start to the login window on screen.

Runs the app's start (open the database, check the schema, read the office, show the
login window) and a bare PySide6 window, each as a fresh process, several times, and
prints both medians and their ratio. Target: the app at most 2x the bare window.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

# The app's real start path (GuiSession.start): the login window, then the database.
# Prints "shown" once the window has been painted and "ready" once "Masuk" works.
CHILD_APP = """
import os, sys
from PySide6.QtCore import QTimer
from counter_app.ui.app import GuiSession, application
app = application()
session = GuiSession(sys.argv[1])
session.login.database_ready.connect(lambda: (print("ready", flush=True), os._exit(0)))
QTimer.singleShot(0, lambda: print("shown", flush=True))
session.start()
app.exec()
"""

CHILD_BARE = """
import os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("Halo")
label.show()
def shown():
    print("shown", flush=True)
    os._exit(0)
QTimer.singleShot(0, shown)
app.exec()
"""


def time_child(code: str, *args: str) -> dict[str, float]:
    """Seconds from spawning ``python -c code`` to each line it prints."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    marks = {}
    for line in proc.stdout:
        marks[line.strip()] = time.perf_counter() - start
    proc.wait()
    if "shown" not in marks:
        raise RuntimeError(f"child did not show its window (exit {proc.returncode})")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        from counter_app.db import open_database
        from counter_app.services.demo import create_demo_office

        db = open_database(url)
        create_demo_office(db)
        db.dispose()
        time_child(CHILD_BARE)  # warm the OS file cache for both
        time_child(CHILD_APP, url)
        bare, app, ready = [], [], []
        for _ in range(args.runs):
            bare.append(time_child(CHILD_BARE)["shown"])
            marks = time_child(CHILD_APP, url)
            app.append(marks["shown"])
            ready.append(marks["ready"])
    bare_ms = statistics.median(bare) * 1000
    app_ms = statistics.median(app) * 1000
    ready_ms = statistics.median(ready) * 1000
    print(f"runs: {args.runs}")
    print(f"bare PySide6 window:          median {bare_ms:.0f} ms")
    print(f"login window shown:           median {app_ms:.0f} ms")
    print(f"login ready (database open):  median {ready_ms:.0f} ms")
    print(f"ratio shown/bare: {app_ms / bare_ms:.2f}x (target <= 2.00x)")


if __name__ == "__main__":
    main()
