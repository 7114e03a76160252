"""Render the app's windows to PNG for the README (offscreen, 1920x1080).

QT_QPA_PLATFORM=offscreen python tools/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app.db import open_database  # noqa: E402
from counter_app.domain.clock import utc_now  # noqa: E402
from counter_app.services import queue as q  # noqa: E402
from counter_app.services.demo import DEMO_PASSWORD, create_demo_office  # noqa: E402
from counter_app.services.users import authenticate  # noqa: E402

SIZE = (1920, 1080)


def grab(widget: QWidget, path: Path) -> None:
    """Show ``widget`` at full HD and save what it paints."""
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def busy_morning(db) -> None:  # noqa: ANN001
    """A queue in mid-morning: calls at two counters, people waiting in every service."""
    now = utc_now() - dt.timedelta(minutes=40)
    for i, (prefix, prio) in enumerate([("A", False), ("A", False), ("B", False), ("A", True),
                                        ("C", False), ("A", False), ("B", False), ("A", False),
                                        ("D", False), ("C", False), ("A", False), ("B", True)]):
        q.issue_ticket(db, prefix, priority=prio, now=now + dt.timedelta(minutes=3 * i))
    clerk1 = authenticate(db, "petugas1", DEMO_PASSWORD)
    clerk2 = authenticate(db, "petugas2", DEMO_PASSWORD)
    counters = [cid for cid, _n, _name in q.counters(db)]
    q.call_next(db, clerk1, counters[0])
    q.finish(db, clerk1, counters[0])
    q.call_next(db, clerk1, counters[0])
    q.start_service(db, clerk1, counters[0])
    q.call_next(db, clerk2, counters[1])


def main() -> None:
    """Write kiosk, counter screen and display screenshots."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COUNTER_APP_PC_CONFIG"] = str(Path(tmp) / "pc.json")
        db = open_database(f"sqlite:///{tmp}/shots.db")
        office = create_demo_office(db)
        busy_morning(db)
        from counter_app.ui.kiosk import KioskWindow
        from counter_app.ui.main_window import MainWindow
        from counter_app.ui.waiting_display import WaitingDisplay

        grab(KioskWindow(db), out / "kiosk.png")
        window = MainWindow(db, authenticate(db, "petugas1", DEMO_PASSWORD), office)
        window.open_area("antrian")
        grab(window, out / "counter-screen.png")
        grab(WaitingDisplay(db), out / "display.png")
        db.dispose()
    del app


if __name__ == "__main__":
    main()
