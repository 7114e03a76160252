"""The jemput bola screens: the laptop's event screen and the office's import review."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter_app import local_config
from counter_app.domain.clock import utc_now
from counter_app.domain.roles import Role
from counter_app.services import outreach_laptop as ol
from counter_app.services import outreach_office as oo
from counter_app.services import recording as rec
from counter_app.services.office import get_office
from counter_app.ui import dialogs, operations
from counter_app.ui.main_window import MainWindow
from counter_app.ui.outreach_laptop import LaptopEventScreen
from counter_app.ui.outreach_office import OutreachOfficeScreen
from tests.helpers import card, make_user, recording
from tests.services.outreach_support import (
    make_outreach,
    nik_for,
    record_at_event,
    record_at_office,
    snapshot,
)


def test_laptop_event_screen_opens_the_day_and_exports(qtbot, db, tmp_path, monkeypatch):
    o = make_outreach(db, tmp_path)
    screen = LaptopEventScreen(o.laptop, o.clerk)
    qtbot.addWidget(screen)
    assert "Belum ada kegiatan" in screen.current.text()
    start = screen.findChild(QPushButton, "startEvent")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)  # empty form: refused, nothing made
    assert "Nama kegiatan wajib" in screen.message.text()
    assert len(ol.list_events(o.laptop)) == 1
    qtbot.keyClicks(screen.name, "Lapas Perempuan Palembang")
    screen.kind.setCurrentIndex(screen.kind.findData("lapas"))
    qtbot.keyClicks(screen.place, "Jl. Merdeka No. 2")
    qtbot.keyClicks(screen.team, "Petugas, Kasi")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    event_id = local_config.load().outreach_event_id
    assert "Lapas Perempuan Palembang" in screen.current.text()
    nik, born = nik_for(7)
    rec.save_recording(o.laptop, o.clerk, dataclasses.replace(
        recording("BARU"), nik=nik, outreach_event_id=event_id,
        card=card(nama="Pemohon Lapas", tanggal_lahir=born, jenis_kelamin="L")),
        now=utc_now())
    screen.refresh()
    assert screen.today_count.text() == "1"
    assert screen.waiting_count.text() == "1"

    target = tmp_path / "paket.ktpjb"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(target))
    screen.export()
    operations.wait_all()
    assert "Paket #1: 1 rekaman" in screen.message.text()
    result = oo.import_packet(db, o.kasi, target.read_bytes(), o.box)
    confirmation = tmp_path / "konfirmasi.json"
    confirmation.write_text(result.confirmation, encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(confirmation))
    screen.apply_confirmation()
    assert "data pribadi 1 rekaman dihapus" in screen.message.text()
    assert (screen.waiting_count.text(), screen.confirmed_count.text()) == ("0", "1")


def test_office_review_shows_the_packet_then_imports(qtbot, db, tmp_path, monkeypatch):
    o = make_outreach(db, tmp_path)
    for n in (1, 2, 3):
        record_at_event(o, n)
    packet = ol.export_packet(o.laptop, o.clerk).data
    path = tmp_path / "paket.ktpjb"
    path.write_bytes(packet[:-10])
    screen = OutreachOfficeScreen(db, o.kasi)
    qtbot.addWidget(screen)
    review = screen.review
    monkeypatch.setenv(oo.ENV_BOX_KEY_FILE, str(o.box_path))
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))

    # A damaged packet: the reason in red, no import possible, nothing written.
    before = snapshot(db)
    review.open_packet_file()
    operations.wait_all()
    assert "paket ditolak" in review.message.text() and "terpotong" in review.message.text()
    assert not review.import_button.isEnabled()
    assert snapshot(db) == before

    path.write_bytes(packet)
    review.open_packet_file()
    operations.wait_all()
    assert review.counts["total"].text() == "3" and review.counts["new"].text() == "3"
    assert review.counts["photos"].text() == "3"
    assert "SMA Negeri 6 Palembang" in review.summary.text()
    assert review.import_button.isEnabled()
    assert snapshot(db) == before, "a review writes nothing"
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert "3 baru" in review.message.text()
    assert snapshot(db)["applications"] == 3
    target = tmp_path / "konfirmasi.json"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(target))
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    assert ol.apply_confirmation(o.laptop, o.clerk, target.read_text("utf-8")).purged == 3


def test_office_screen_resolves_a_held_conflict(qtbot, db, tmp_path, monkeypatch):
    o = make_outreach(db, tmp_path)
    at_office = record_at_office(db, make_user(db, "petugas2", Role.OPERATOR), 1)
    record_at_event(o, 1)
    oo.import_packet(db, o.kasi, ol.export_packet(o.laptop, o.clerk).data, o.box)
    window = MainWindow(db, o.kasi, get_office(db))
    qtbot.addWidget(window)
    assert window.open_area("jemputbola")
    screen = window.stack.currentWidget()
    assert isinstance(screen, OutreachOfficeScreen)
    panel = screen.conflicts
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 4).text() == at_office.slip_number
    panel.table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Sudah direkam di loket 1")
    panel.resolve("office")
    assert panel.table.rowCount() == 0
    assert "permohonan kantor tetap" in panel.message.text()


def test_the_same_wizard_records_on_the_laptop(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtGui import QColor, QImage

    from counter_app.domain.lifecycle import Status
    from counter_app.services.keys import load_signer
    from counter_app.services.office import load_wilayah
    from counter_app.ui.recording.wizard import RecordingWizard
    from tests.ui.test_recording_wizard import capture, choose_case, fill_data, finish, identify

    o = make_outreach(db, tmp_path)
    clerk = o.clerk
    event = ol.start_event(o.laptop, clerk, "Mal Palembang Indah", "mal", "Lantai 2",
                           ol.today(), "Petugas")
    picture = QImage(120, 160, QImage.Format.Format_RGB32)
    picture.fill(QColor("#c0a080"))
    picture.save(str(tmp_path / "foto.png"))
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(tmp_path / "foto.png"))
    monkeypatch.setattr(dialogs, "inform", lambda *a: None)
    wizard = RecordingWizard(o.laptop, clerk, get_office(o.laptop), load_wilayah(o.laptop),
                             outreach_event_id=event.id)
    qtbot.addWidget(wizard)
    wizard.show()
    identify(qtbot, wizard)
    choose_case(wizard, "BARU")
    for check in wizard.documents_page.checks.values():
        check.setChecked(True)
    wizard.next()
    fill_data(wizard)
    capture(wizard)
    result = finish(wizard)
    assert result.slip_number.startswith("167104-L01-")
    assert result.status is Status.AWAITING_PRINT
    assert (tmp_path / "cetakan" / f"tanda-terima-{result.slip_number}.pdf").exists()
    # Home again: the office imports it, and the slip printed at the event verifies there.
    signer = load_signer(o.laptop)
    token = signer.sign(rec.slip_token(o.laptop, result.application_id, signer.key_id))
    oo.import_packet(db, o.kasi, ol.export_packet(o.laptop, clerk).data, o.box)
    assert rec.verify_slip(db, token).number == result.slip_number


def test_office_review_runs_off_the_gui_thread_and_a_failed_import_leaves_it_usable(
        qtbot, db, tmp_path, monkeypatch):
    import threading

    from counter_app.db import BUSY_MESSAGE, DatabaseError

    o = make_outreach(db, tmp_path)
    record_at_event(o, 1)
    path = tmp_path / "paket.ktpjb"
    path.write_bytes(ol.export_packet(o.laptop, o.clerk).data)
    monkeypatch.setenv(oo.ENV_BOX_KEY_FILE, str(o.box_path))
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))
    threads = []
    real_preview, real_import = oo.preview_packet, oo.import_packet

    def preview(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_preview(*args, **kwargs)

    def busy(*args, **kwargs):
        threads.append(threading.current_thread())
        raise DatabaseError(BUSY_MESSAGE)

    monkeypatch.setattr(oo, "preview_packet", preview)
    monkeypatch.setattr(oo, "import_packet", busy)
    screen = OutreachOfficeScreen(db, o.kasi)
    qtbot.addWidget(screen)
    review = screen.review
    review.open_packet_file()
    assert "membuka dan memeriksa" in review.message.text()
    assert not review.open_button.isEnabled()
    operations.wait_all()
    assert review.counts["new"].text() == "1" and review.open_button.isEnabled()
    before = snapshot(db)
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert all(t is not threading.main_thread() for t in threads) and len(threads) == 2
    assert review.message.is_error
    assert review.message.text().startswith("Impor ditolak: Basis data sedang sibuk")
    assert snapshot(db) == before
    # Usable: the same packet imports once the database answers.
    assert review.import_button.isEnabled() and review.open_button.isEnabled()
    monkeypatch.setattr(oo, "import_packet", real_import)
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert "1 baru" in review.message.text() and snapshot(db)["applications"] == 1


def test_laptop_export_runs_off_the_gui_thread_and_a_failure_is_a_message(
        qtbot, db, tmp_path, monkeypatch):
    import threading

    o = make_outreach(db, tmp_path)
    record_at_event(o, 1)
    threads = []
    real_export = ol.export_packet

    def export(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_export(*args, **kwargs)

    monkeypatch.setattr(ol, "export_packet", export)
    screen = LaptopEventScreen(o.laptop, o.clerk)
    qtbot.addWidget(screen)
    monkeypatch.setattr(dialogs, "save_file",
                        lambda *a: str(tmp_path / "tidak-ada" / "paket.ktpjb"))
    screen.export()
    assert not any(b.isEnabled() for b in screen.home_buttons)
    operations.wait_all()
    assert threads and threads[0] is not threading.main_thread()
    assert screen.message.is_error and "tidak dapat disimpan" in screen.message.text()
    assert all(b.isEnabled() for b in screen.home_buttons)
    target = tmp_path / "paket.ktpjb"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(target))
    screen.export()
    operations.wait_all()
    assert target.exists() and "1 rekaman" in screen.message.text()


def test_laptop_sync_runs_in_the_background_and_the_office_reviews_the_inbox(
        qtbot, db, tmp_path, monkeypatch):
    o = make_outreach(db, tmp_path)
    record_at_event(o, 1)
    laptop = LaptopEventScreen(o.laptop, o.clerk)
    qtbot.addWidget(laptop)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: db.url)
    laptop.findChild(QPushButton, "syncOffice").click()
    assert "Menghubungi" in laptop.message.text()
    operations.wait_all()
    assert "paket #1 (1 rekaman) menunggu tinjauan supervisor" in laptop.message.text()
    assert all(b.isEnabled() for b in laptop.home_buttons)

    monkeypatch.setenv(oo.ENV_BOX_KEY_FILE, str(o.box_path))
    office = OutreachOfficeScreen(db, o.kasi)
    qtbot.addWidget(office)
    office.review.review_inbox()
    operations.wait_all()
    assert office.review.counts["new"].text() == "1"
    assert "kotak masuk no." in office.review.message.text()

    # A revoked laptop: the office refuses it, the screen says why and stays usable.
    oo.unpair_laptop(db, o.kasi, "L01")
    record_at_event(o, 2)
    laptop.findChild(QPushButton, "syncOffice").click()
    operations.wait_all()
    assert laptop.message.is_error and "dipasangkan" in laptop.message.text()
    assert all(b.isEnabled() for b in laptop.home_buttons)
