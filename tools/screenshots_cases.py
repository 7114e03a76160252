"""Render the README pictures of issue 10 (the cases a real counter meets).

QT_QPA_PLATFORM=offscreen python tools/screenshots_cases.py [OUT_DIR]

- the daily report's section 2 (case types, luar domisili, NIK tidak sesuai data,
  aktivasi IKD) of a demo day, cut from the rendered A4 page;
- the wizard's data page with a birth date that disagrees with the NIK (1366x768);
- the IKD activation form;
- the slip of a WNA recorded outside its domicile (A6).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QRect, QSize  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtPdf import QPdfDocument  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app.db import open_database  # noqa: E402
from counter_app.services.demo import DEMO_PASSWORD  # noqa: E402
from counter_app.services.users import authenticate  # noqa: E402


def pdf_page(data: bytes, tmp: Path, scale: float = 1.6) -> QImage:
    """The first page of a PDF as an image (QtPdf)."""
    path = tmp / "page.pdf"
    path.write_bytes(data)
    doc = QPdfDocument()
    doc.load(str(path))
    size = doc.pagePointSize(0)
    return doc.render(0, QSize(int(size.width() * scale), int(size.height() * scale)))


def grab(widget: QWidget, path: Path, size: tuple[int, int] = (1366, 768)) -> None:
    """Show ``widget`` at ``size`` and save what it paints."""
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    """Make the pictures in OUT_DIR (default docs/screenshots)."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    os.environ["COUNTER_APP_PC_CONFIG"] = str(tmp / "pc.json")
    os.environ["COUNTER_APP_KEY_FILE"] = str(tmp / "signing.key")
    db = open_database(f"sqlite:///{tmp / 'demo.db'}")

    from counter_app.printing.daily_report import report_pdf
    from counter_app.services.day_close import letterhead
    from counter_app.services.demo_data import fill_demo
    from counter_app.services.reports import compute_report

    day = dt.date(2019, 1, 11)
    fill_demo(db, day, days=5)
    page = pdf_page(report_pdf(compute_report(db, None, day), letterhead(db)), tmp)
    # Section 2 sits between the queue table and section 3: find it by its rows.
    top, height = int(page.height() * 0.393), int(page.height() * 0.222)
    page.copy(QRect(0, top, page.width(), height)).save(str(out / "laporan-perekaman.png"))
    print(out / "laporan-perekaman.png")

    from counter_app.domain.cases import CaseType
    from counter_app.services.office import get_office, load_wilayah
    from counter_app.ui.ikd_dialog import IkdDialog
    from counter_app.ui.recording.wizard import RecordingWizard

    office = get_office(db)
    assert office is not None
    clerk = authenticate(db, "petugas1", DEMO_PASSWORD)
    wizard = RecordingWizard(db, clerk, office, load_wilayah(db))
    wizard.show()
    wizard.identify.nik.setText("1671045708990002")
    wizard.identify.kk.setText("1671040901190005")
    wizard.next()
    wizard.case_page.case_buttons[CaseType.BARU].setChecked(True)
    wizard.next()
    for check in wizard.documents_page.checks.values():
        check.setChecked(True)
    wizard.next()
    data = wizard.data_page
    data.widgets["nama"].setText("Siti Aminah")  # type: ignore[attr-defined]
    data.widgets["tempat_lahir"].setText("Palembang")  # type: ignore[attr-defined]
    data.widgets["alamat"].setText("Jl. Bukit Lama No. 5")  # type: ignore[attr-defined]
    data.widgets["rt"].setText("005")  # type: ignore[attr-defined]
    data.widgets["rw"].setText("002")  # type: ignore[attr-defined]
    data.widgets["tanggal_lahir"].setDate(QDate(1999, 8, 27))  # type: ignore[attr-defined]
    data.check()
    data.mismatch_panels["tanggal_lahir"].reason.setCurrentIndex(1)
    grab(wizard, out / "perekaman-nik-tidak-sesuai.png")
    wizard.close()

    dialog = IkdDialog(db, clerk)
    dialog.nik.setText("1671045708990002")
    dialog.phone.setText("0812 3456 7890")
    dialog.model.setText("Oppo A17")
    dialog.no.setChecked(True)
    dialog.reason.setCurrentIndex(2)
    grab(dialog, out / "aktivasi-ikd.png", (600, 420))

    import json

    from counter_app.printing.paper import Paper
    from counter_app.services.recording_document import record_document
    from counter_app.services.slip_printing import slip_pdf_bytes

    doc = json.loads(Path("docs/examples/applications/wna.json").read_text())
    doc["card"]["kelurahan_code"] = "16.71.05.1002"
    doc["document_details"]["KITAP"]["berlaku_sampai"] = "2031-06-30"
    result = record_document(db, clerk, doc)
    slip = pdf_page(slip_pdf_bytes(db, result.application_id, Paper.A6), tmp, 2.0)
    slip.save(str(out / "tanda-terima-wna.png"))
    print(out / "tanda-terima-wna.png")
    db.dispose()
    del app


if __name__ == "__main__":
    main()
