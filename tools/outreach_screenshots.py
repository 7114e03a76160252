"""Render the jemput bola screens for the README (offscreen, 1366x768).

QT_QPA_PLATFORM=offscreen python tools/outreach_screenshots.py [OUT_DIR]

The demo office pairs a laptop; the laptop records a school's first-time voters (and two
people the office is already serving), then the office reviews the packet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = (1366, 768)
NAMES = ["Ahmad Rizki", "Dewi Lestari", "Fajar Nugroho", "Indah Permata", "Rahmat Hidayat",
         "Putri Amelia", "Bayu Saputra", "Nurul Aini", "Dimas Pratama", "Sari Wulandari",
         "Yoga Firmansyah", "Ayu Kartika", "Wahyu Setiawan", "Intan Maharani"]


def grab(widget: QWidget, path: Path) -> None:
    """Show ``widget`` at 1366x768 and save what it paints."""
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main() -> None:
    """Write the laptop's event screen and the office's import review."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["COUNTER_APP_PC_CONFIG"] = str(tmp / "pc.json")
        os.environ["COUNTER_APP_KEY_FILE"] = str(tmp / "laptop-key.pem")
        os.environ["COUNTER_APP_OUTREACH_KEY_FILE"] = str(tmp / "office-box.pem")
        from counter_app import local_config
        from counter_app.db import open_database
        from counter_app.domain.cases import CaseType, required_documents
        from counter_app.domain.clock import office_day, utc_now
        from counter_app.domain.recording import CardData, Modality
        from counter_app.services import outreach_laptop as ol
        from counter_app.services import outreach_office as oo
        from counter_app.services import recording as rec
        from counter_app.services.demo import DEMO_PASSWORD, create_demo_office
        from counter_app.services.users import authenticate
        from counter_app.ui.main_window import MainWindow
        from counter_app.ui.outreach_laptop import LaptopEventScreen

        local_config.save(local_config.LocalConfig(counter_number=1))
        office_db = open_database(f"sqlite:///{tmp / 'kantor.db'}")
        office = create_demo_office(office_db)
        kasi = authenticate(office_db, "kasi", DEMO_PASSWORD)
        clerk_office = authenticate(office_db, "petugas2", DEMO_PASSWORD)
        pairing = oo.pair_laptop(office_db, kasi, "Laptop Jemput Bola 1")
        laptop_db = open_database(f"sqlite:///{tmp / 'laptop.db'}")
        ol.join_office(laptop_db, pairing.text)
        clerk = authenticate(laptop_db, "petugas1", DEMO_PASSWORD)
        now = utc_now()
        today = office_day(now)
        earlier = ol.start_event(laptop_db, clerk, "Lapas Perempuan Palembang", "lapas",
                                 "Jl. Merdeka No. 2", today, "Ahmad Fauzi, Rina Marlina")
        event = ol.start_event(laptop_db, clerk, "SMA Negeri 6 Palembang", "sekolah",
                               "Aula, Jl. Sersan Sani", today,
                               "Ahmad Fauzi, Siti Nurhaliza, Rina Marlina")
        photo = (Path(__file__).resolve().parent.parent / "docs" / "screenshots" /
                 "tanda-terima.png").read_bytes()
        captured = {m.value: {"status": "captured", "quality": 80} for m in Modality}

        def person(n: int, case: CaseType, event_id: int | None) -> rec.RecordingInput:
            born = dt.date(2001, 3, 1) + dt.timedelta(days=37 * n)
            sex = "P" if n % 2 else "L"
            day = born.day + (40 if sex == "P" else 0)
            nik = f"167104{day:02d}{born:%m%y}{n + 1:04d}"
            card = CardData(NAMES[n], "Palembang", born, sex, "O", "Islam", "Belum Kawin",
                            "PELAJAR/MAHASISWA", "WNI", "Jl. Sersan Sani", "004", "002",
                            "16.71.04.1001", "")
            return rec.RecordingInput(
                nik=nik, kk="1671040901190005", case_type=case, card=card,
                documents={d.code: True for d in required_documents(case)},
                document_details={"SURAT_KEHILANGAN": {"nomor": "LP/12/I/2026",
                                                       "tanggal": f"{today:%Y-%m-%d}"}},
                outreach_event_id=event_id,
                biometrics=rec.BiometricsInput(photo=photo, signature=photo,
                                               modalities=captured, device="simulasi"))

        for n in (3, 7):  # already being served at the office
            rec.save_recording(office_db, clerk_office, person(n, CaseType.BARU, None), now=now)
        for n in range(3):
            rec.save_recording(laptop_db, clerk, person(n + 11, CaseType.BARU, earlier.id),
                               now=now)
        first = ol.export_packet(laptop_db, clerk)
        done = oo.import_packet(office_db, kasi, first.data)
        ol.apply_confirmation(laptop_db, clerk, done.confirmation)
        for n in range(11):
            case = CaseType.HILANG if n in (5, 9) else CaseType.BARU
            rec.save_recording(laptop_db, clerk, dataclasses.replace(
                person(n, case, event.id)), now=now)
        local_config.save(local_config.with_event(local_config.load(), event.id))

        laptop_window = MainWindow(laptop_db, clerk, office)
        laptop_window.open_area("jemputbola")
        screen = laptop_window.stack.currentWidget()
        assert isinstance(screen, LaptopEventScreen)
        screen.say("Kegiatan dimulai: SMA Negeri 6 Palembang. Rekam di Perekaman (Ctrl+N).")
        grab(laptop_window, out / "jemput-bola-laptop.png")

        packet = ol.export_packet(laptop_db, clerk)
        office_window = MainWindow(office_db, kasi, office)
        office_window.open_area("jemputbola")
        review = office_window.stack.currentWidget().review
        review.review(packet.data, "paket-L01.ktpjb")
        grab(office_window, out / "jemput-bola-impor.png")
        review.review(packet.data[:-500], "paket-L01-rusak.ktpjb")
        grab(office_window, out / "jemput-bola-ditolak.png")
        laptop_db.dispose()
        office_db.dispose()
    del app


if __name__ == "__main__":
    main()
