"""Render the app's windows to PNG for the README (offscreen).

The counter, the wizard, the waiting-room display and the kiosk at the office's two
common screens, 1366x768 and 1920x1080 (files ``NAME-1366x768.png``, ``NAME-1920x1080.png``);
the other areas at 1920x1080.

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
from counter_app.services import queue  # noqa: E402
from counter_app.services.demo import DEMO_PASSWORD, create_demo_office  # noqa: E402
from counter_app.services.users import authenticate  # noqa: E402

SIZE = (1920, 1080)
SCREENS = ((1366, 768), (1920, 1080))  # the common office monitor, and full HD


def grab(widget: QWidget, path: Path, size: tuple[int, int] = SIZE) -> None:
    """Show ``widget`` at ``size`` and save what it paints."""
    widget.resize(*size)
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
        queue.issue_ticket(db, prefix, priority=prio, now=now + dt.timedelta(minutes=3 * i))
    clerk1 = authenticate(db, "petugas1", DEMO_PASSWORD)
    clerk2 = authenticate(db, "petugas2", DEMO_PASSWORD)
    counters = [cid for cid, _n, _name in queue.counters(db)]
    queue.call_next(db, clerk1, counters[0])
    queue.finish(db, clerk1, counters[0])
    queue.call_next(db, clerk1, counters[0])
    queue.start_service(db, clerk1, counters[0])
    queue.call_next(db, clerk2, counters[1])


def wizard_pages(db, office, out: Path, tmp: Path,  # noqa: ANN001
                 size: tuple[int, int] = (1366, 768), save: bool = True) -> None:
    """Each page of the recording wizard, filled in, and (``save``) the slip it prints."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter

    from counter_app.domain.cases import CaseType
    from counter_app.services.keys import load_signer
    from counter_app.services.office import load_wilayah
    from counter_app.services.slip_printing import slip_pdf_bytes
    from counter_app.ui import dialogs
    from counter_app.ui.qt_printing import load_pdf
    from counter_app.ui.recording.wizard import RecordingWizard

    photo = QImage(300, 400, QImage.Format.Format_RGB32)
    photo.fill(QColor("#d9c2a6"))
    painter = QPainter(photo)
    painter.setBrush(QColor("#8d6e63"))
    painter.drawEllipse(90, 90, 120, 150)
    painter.drawRect(60, 260, 180, 140)
    painter.end()
    photo.save(str(tmp / "foto.png"))
    dialogs.open_file = lambda *a: str(tmp / "foto.png")  # type: ignore[assignment]
    clerk = authenticate(db, "petugas1", DEMO_PASSWORD)
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    w.resize(*size)
    w.show()
    w.identify.nik.setText("1671045708990002")
    w.identify.kk.setText("1671040901190005")
    pages = ["identitas", "jenis", "dokumen", "data", "biometrik", "tinjauan"]
    for index, name in enumerate(pages):
        if index == 1:
            w.case_page.case_buttons[CaseType.HILANG].setChecked(True)
        if index == 2:
            for check in w.documents_page.checks.values():
                check.setChecked(True)
            w.documents_page.details["SURAT_KEHILANGAN"]["nomor"].setText(
                "LP/B/12/I/2019/SUMSEL/RESTA")
        if index == 3:
            d = w.data_page
            d.widgets["nama"].setText("Siti Aminah")
            d.widgets["tempat_lahir"].setText("Palembang")
            d.widgets["alamat"].setText("Jl. Demang Lebar Daun Lrg. Sepakat No. 12")
            d.widgets["rt"].setText("5")
            d.widgets["rw"].setText("2")
            d.widgets["phone"].setText("0812 7788 9900")
            d.kelurahan_search.setText("lorok pakjo")
            d.search_kelurahan("lorok pakjo")
        if index == 4:
            b = w.biometrics_page
            b.photo_file.click()
            b.capture_all.click()
            b.signature.stroke([QPointF(30, 100), QPointF(60, 40), QPointF(90, 105),
                                QPointF(130, 45), QPointF(170, 100), QPointF(260, 70)])
        QApplication.processEvents()
        grab(w, out / f"perekaman-{index + 1}-{name}-{size[0]}x{size[1]}.png", size)
        if index < len(pages) - 1:
            w.next()
    if not save:
        w.close()
        return
    result = w.save()
    pdf = slip_pdf_bytes(db, result.application_id)
    document, _buffer = load_pdf(pdf)
    size = document.pagePointSize(0)
    from PySide6.QtCore import QSize

    image = document.render(0, QSize(int(size.width() * 2), int(size.height() * 2)))
    image.save(str(out / "tanda-terima.png"))
    print(out / "tanda-terima.png")
    load_signer(db)


def fulfilment(db, out: Path, photo: bytes) -> None:  # noqa: ANN001
    """The print queue, a sent batch, and the pickup screen with a scanned slip."""
    import dataclasses

    from counter_app.domain.recording import CardData
    from counter_app.services import batches
    from counter_app.services import card_printing as cp
    from counter_app.services import recording as rec
    from counter_app.services.keys import load_signer
    from counter_app.services.slip_printing import slip_printout
    from counter_app.ui.pickup_screen import PickupScreen
    from counter_app.ui.print_and_forward import PrintAndForwardArea

    clerk = authenticate(db, "petugas1", DEMO_PASSWORD)
    kasi = authenticate(db, "kasi", DEMO_PASSWORD)
    cp.receive_blanko(db, kasi, 40, "Disdukcapil Kota Palembang", "BA/012/I/2019")
    base = rec.lookup_applicant(db, "1671045708990002")
    people = [("Ahmad Rizki", "L", "HILANG"), ("Dewi Lestari", "P", "BARU"),
              ("Muhammad Fajar", "L", "BARU"), ("Putri Ayu", "P", "RUSAK"),
              ("Rahmat Hidayat", "L", "BARU"), ("Nurul Aini", "P", "HILANG"),
              ("Bayu Saputra", "L", "BARU")]
    from counter_app.domain.cases import CaseType, required_documents
    from counter_app.domain.recording import Modality

    apps = []
    for n, (nama, sex, case) in enumerate(people, start=1):
        born = dt.date(1985 + n, n, 10 + n)
        day = born.day + (40 if sex == "P" else 0)
        nik = f"167104{day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
        card = dataclasses.replace(base.card or CardData(**{}), nama=nama, jenis_kelamin=sex,
                                   tanggal_lahir=born)
        docs = {d.code: True for d in required_documents(CaseType(case))}
        data = rec.RecordingInput(
            nik=nik, kk="1671040901190005", case_type=CaseType(case), card=card,
            documents=docs,
            document_details={"SURAT_KEHILANGAN": {"nomor": f"LP/{n}/I/2019",
                                                   "tanggal": "2019-01-08"}},
            biometrics=rec.BiometricsInput(photo, b"ttd", {
                m.value: {"status": "captured", "quality": 70} for m in Modality}))
        apps.append(rec.save_recording(db, clerk, data))
    cp.record_printed(db, clerk, apps[1].application_id, "BLK-000123")
    cp.record_spoiled(db, clerk, apps[2].application_id, "Gagal encode chip", "BLK-000124")
    batch = batches.create_batch(db, clerk)
    batches.send_batch(db, clerk, batch.id, "Pak Joko (kurir kecamatan)")
    batches.mark_item(db, clerk, batch.id, apps[0].application_id, "received")
    area = PrintAndForwardArea(db, clerk)
    grab(area, out / "cetak-antrean.png")
    area.setCurrentIndex(2)
    area.batches.refresh()
    area.batches.batches.selectRow(0)
    grab(area, out / "cetak-batch.png")
    screen = PickupScreen(db, clerk)
    screen.show()
    screen.scan.setText(slip_printout(db, apps[1].application_id, load_signer(db)).token)
    screen.find_scanned()
    grab(screen, out / "pengambilan.png")


def reports(out: Path, tmp: Path) -> None:
    """The Laporan screen and page 1 of a daily report, from demo data."""
    from PySide6.QtCore import QDate, QSize

    from counter_app.services.day_close import archived_report
    from counter_app.services.demo_data import fill_demo
    from counter_app.ui.qt_printing import load_pdf
    from counter_app.ui.report_screen import ReportScreen

    db = open_database(f"sqlite:///{tmp}/laporan.db")
    fill_demo(db, dt.date(2019, 1, 11), days=5, seed=2019)
    day = dt.date(2019, 1, 9)
    pdf, _digest = archived_report(db, None, day)
    document, _buffer = load_pdf(pdf)
    for page in range(min(2, document.pageCount())):
        size = document.pagePointSize(page)
        document.render(page, QSize(int(size.width() * 1.6), int(size.height() * 1.6))).save(
            str(out / f"laporan-harian-{page + 1}.png"))
        print(out / f"laporan-harian-{page + 1}.png")
    screen = ReportScreen(db, authenticate(db, "camat", DEMO_PASSWORD))
    screen.start.setDate(QDate(day.year, day.month, day.day))
    screen.show_button.click()
    screen.wait()
    screen.resize(*SIZE)
    screen.show()
    from PySide6.QtTest import QTest

    QTest.qWait(1500)  # QPdfView renders its pages in the background
    grab(screen, out / "laporan.png")
    db.dispose()


def coverage(out: Path, tmp: Path) -> None:
    """The Cakupan area at 1366x768 (a common office laptop): figures, targets, plans."""
    from PySide6.QtCore import QDate

    from counter_app.services.demo_data import fill_demo
    from counter_app.services.office import get_office
    from counter_app.ui.main_window import MainWindow

    db = open_database(f"sqlite:///{tmp}/cakupan.db")
    # Ages are taken on today's date, so the demo ends today (as on a first start).
    today = dt.date.today()
    fill_demo(db, today, days=5, seed=2019)
    office = get_office(db)
    assert office is not None
    window = MainWindow(db, authenticate(db, "kasi", DEMO_PASSWORD), office)
    window.open_area("cakupan")
    screen = window.stack.currentWidget()
    for name, tab in (("cakupan", 0), ("cakupan-sasaran", 1), ("cakupan-jemput-bola", 2)):
        screen.tabs.setCurrentIndex(tab)
        if tab == 1:
            screen.kind.setCurrentIndex(0)
            soon = today + dt.timedelta(days=120)  # an election day, say
            screen.before.setDate(QDate(soon.year, soon.month, soon.day))
            screen.load_targets()
        if tab == 2 and screen.plans:
            screen.plan_table.selectRow(0)
        window.resize(1366, 768)
        window.show()
        QApplication.processEvents()
        window.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")
    db.dispose()


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

        for size in SCREENS:
            suffix = f"-{size[0]}x{size[1]}.png"
            grab(KioskWindow(db), out / f"kiosk{suffix}", size)
            window = MainWindow(db, authenticate(db, "petugas1", DEMO_PASSWORD), office)
            window.open_area("antrean")
            grab(window, out / f"counter-screen{suffix}", size)
            window.close()
            display = WaitingDisplay(db)
            grab(display, out / f"display{suffix}", size)
            display.close()
        # The wizard saves the application once, after its last size.
        wizard_pages(db, office, out, Path(tmp), (1920, 1080), save=False)
        wizard_pages(db, office, out, Path(tmp), (1366, 768), save=True)
        fulfilment(db, out, (Path(tmp) / "foto.png").read_bytes())
        db.dispose()
        reports(out, Path(tmp))
        coverage(out, Path(tmp))
    del app


if __name__ == "__main__":
    main()
