"""Render the after-recording lists for the README (offscreen, 1366x768, issue 11).

The demo office (services/demo_data.py) ending today: the print-ready list (Antrean
cetak), the 17th-birthday list and the uncollected cards.

QT_QPA_PLATFORM=offscreen python tools/screenshots_after.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app.db import open_database  # noqa: E402
from counter_app.domain.clock import office_day, utc_now  # noqa: E402
from counter_app.services.demo import DEMO_PASSWORD  # noqa: E402
from counter_app.services.demo_data import fill_demo  # noqa: E402
from counter_app.services.users import authenticate  # noqa: E402

SIZE = (1366, 768)


def grab(widget: QWidget, path: Path) -> None:
    """Show ``widget`` at 1366x768 (a common counter laptop) and save what it paints."""
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    """Fill a demo office and grab the three lists."""
    from counter_app.ui.print_and_forward import PrintAndForwardArea

    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        fill_demo(db, office_day(utc_now()), days=3, seed=2019, arrivals=(20, 30))
        kasi = authenticate(db, "kasi", DEMO_PASSWORD)
        area = PrintAndForwardArea(db, kasi)
        area.setCurrentWidget(area.queue)
        area.queue.table.selectRow(0)
        grab(area, out / "siap-cetak.png")
        area.setCurrentWidget(area.birthdays)
        area.birthdays.table.selectRow(0)
        grab(area, out / "ulang-tahun-17.png")
        area.setCurrentWidget(area.uncollected)
        area.uncollected.table.selectRow(0)
        grab(area, out / "tidak-diambil.png")
        area.close()
        db.dispose()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
