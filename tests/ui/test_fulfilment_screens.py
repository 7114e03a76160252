import datetime as dt

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage

from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.services import card_printing as cp
from counter_app.services import recording as rec
from counter_app.services.keys import load_signer
from counter_app.services.slip_printing import slip_printout
from counter_app.ui import dialogs, operations
from counter_app.ui.pickup_screen import PickupScreen
from counter_app.ui.print_and_forward import PrintAndForwardArea
from tests.helpers import card, make_office, make_user, recording


def png():
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


@pytest.fixture
def setup(db):
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    return office, clerk, kasi


def save(db, clerk, n, case="BARU"):
    import dataclasses

    data = recording(case, nik=f"1671040201900{n:03d}",
                     card=card(nama=f"Pemohon {'abcdef'[n]}", tanggal_lahir=dt.date(1990, 1, 2),
                               jenis_kelamin="L"))
    data = dataclasses.replace(data, biometrics=dataclasses.replace(data.biometrics,
                                                                    photo=png()))
    return rec.save_recording(db, clerk, data)


def test_print_queue_print_spoil_and_suket(qtbot, db, setup, monkeypatch, tmp_path):
    _office, clerk, kasi = setup
    first, second = save(db, clerk, 1), save(db, clerk, 2)
    area = PrintAndForwardArea(db, clerk)
    qtbot.addWidget(area)
    with qtbot.waitActive(area):
        area.show()
        area.activateWindow()
    queue = area.queue
    assert queue.table.rowCount() == 2
    assert "HABIS" in queue.stock.text()
    queue.table.selectRow(0)
    queue.serial.setText("BLK-1")
    queue.printed.click()
    assert "Blanko habis (sisa 0)" in queue.message.text()
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA/1")
    queue.refresh()
    monkeypatch.setattr(dialogs, "choose", lambda *a: "Gagal encode chip")
    queue.table.selectRow(0)
    queue.serial.setText("BLK-9")
    queue.spoiled.click()
    assert "Blanko rusak dicatat" in queue.message.text()
    assert queue.table.item(0, 5).text() == "1"
    # No blanko left: the second applicant gets a SUKET, printed as A4.
    monkeypatch.setattr(dialogs, "choose", lambda *a: "blanko KTP-el sedang habis")
    queue.table.selectRow(1)
    queue.suket.click()
    operations.wait_all()
    assert "SUKET 167104-" in queue.message.text() and "terbit" in queue.message.text()
    assert list((tmp_path / "cetakan").glob("suket-*.pdf"))
    assert rec.get_application(db, second.application_id).status is Status.SUKET_ISSUED
    cp.receive_blanko(db, kasi, 2, "Disdukcapil", "BA/2")
    queue.refresh()
    queue.table.selectRow(0)
    # Issue 13: the blanko serial number is required; without it nothing is recorded.
    queue.serial.clear()
    qtbot.keyClick(queue, Qt.Key.Key_F5)
    assert queue.message.text() == "Isi nomor seri blanko KTP-el yang tercetak."
    assert queue.serial.hasFocus()
    assert rec.get_application(db, first.application_id).status is Status.AWAITING_PRINT
    assert cp.stock_status(db).balance == 2
    queue.serial.setText("   ")
    queue.printed.click()
    assert queue.message.text() == "Isi nomor seri blanko KTP-el yang tercetak."
    queue.serial.setText("BLK-10")
    qtbot.keyClick(queue, Qt.Key.Key_F5)
    assert "tercetak; siap diambil" in queue.message.text()
    assert queue.serial.text() == ""
    assert rec.get_application(db, first.application_id).status is Status.READY_FOR_PICKUP


def test_print_queue_tab_key_leaves_the_table(qtbot, db, setup):
    _office, clerk, _kasi = setup
    save(db, clerk, 1)
    save(db, clerk, 2)
    area = PrintAndForwardArea(db, clerk)
    qtbot.addWidget(area)
    with qtbot.waitActive(area):
        area.show()
        area.activateWindow()
    queue = area.queue
    queue.table.setFocus()
    queue.table.setCurrentCell(0, 0)
    qtbot.waitUntil(queue.table.hasFocus)
    qtbot.keyClick(queue.table, Qt.Key.Key_Tab)
    # Focus moved on to the serial field, not to the next cell of the table.
    assert queue.serial.hasFocus()
    assert queue.table.currentRow() == 0


def test_stock_tab_roles(qtbot, db, setup, monkeypatch):
    _office, clerk, kasi = setup
    as_clerk = PrintAndForwardArea(db, clerk)
    qtbot.addWidget(as_clerk)
    assert not as_clerk.stock.receive.isEnabled() and not as_clerk.stock.correct.isEnabled()
    area = PrintAndForwardArea(db, kasi)
    qtbot.addWidget(area)
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["25", "Disdukcapil", "BA/7"])
    area.stock.receive.click()
    assert "25 blanko diterima; saldo 25" in area.stock.message.text()
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["dua", "salah hitung"])
    area.stock.correct.click()
    assert "bilangan bulat" in area.stock.message.text()
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["-2", "stock opname laci rusak"])
    area.stock.correct.click()
    assert "saldo 23" in area.stock.message.text()
    assert area.stock.movements.rowCount() == 2


def test_batch_tab_create_send_receive_by_scan_and_return(qtbot, db, setup, monkeypatch,
                                                          tmp_path):
    _office, clerk, _kasi = setup
    apps = [save(db, clerk, n, "HILANG") for n in (1, 2)]
    area = PrintAndForwardArea(db, clerk)
    qtbot.addWidget(area)
    tab = area.batches
    assert "2</b> permohonan" in tab.pending.text()
    tab.create_button.click()
    assert "dengan 2 berkas" in tab.message.text()
    assert tab.batches.rowCount() == 1 and tab.items_table.rowCount() == 2
    tab.received.click()
    assert "Pilih berkas" in tab.message.text() or "belum dikirim" in tab.message.text()
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Pak Joko")
    tab.batches.selectRow(0)
    tab.send.click()
    assert "dikirim via Pak Joko" in tab.message.text()
    assert not tab.print_pdf.isEnabled()  # full NIKs: the clerk may not print it
    as_kasi = PrintAndForwardArea(db, _kasi)
    qtbot.addWidget(as_kasi)
    as_kasi.batches.batches.selectRow(0)
    as_kasi.batches.print_pdf.click()
    operations.wait_all()
    assert list((tmp_path / "cetakan").glob("surat-pengantar-*.pdf"))
    token = slip_printout(db, apps[0].application_id, load_signer(db)).token
    qtbot.keyClicks(tab.scan, token)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    assert "diterima kembali; siap diambil" in tab.message.text()
    tab.batches.selectRow(0)
    tab.items_table.selectRow(1)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Akta kelahiran kurang")
    tab.returned.click()
    assert "dikembalikan" in tab.message.text()
    # Issue 11: the returned one waits for the office's decision, not in the next batch.
    assert "0</b> permohonan" in tab.pending.text()
    assert rec.get_application(db, apps[1].application_id).status is Status.RETURNED


def _pickup_with_a_ready_card(qtbot, db, setup):
    """The pickup screen with one card printed here and ready."""
    _office, clerk, kasi = setup
    app = save(db, clerk, 1)
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA")
    cp.record_printed(db, clerk, app.application_id, "BLK-T")
    screen = PickupScreen(db, clerk)
    qtbot.addWidget(screen)
    return clerk, app, screen


def test_pickup_screen_scan_check_hand_over_and_refuse_second(qtbot, db, setup, monkeypatch,
                                                              tmp_path):
    clerk, app, screen = _pickup_with_a_ready_card(qtbot, db, setup)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    assert screen.ready.rowCount() == 1 and screen.ready.item(0, 3).text() == "081234567890"
    token = slip_printout(db, app.application_id, load_signer(db)).token
    qtbot.keyClicks(screen.scan, token)
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
    assert "Pemohon b" in screen.details.text() and "167104******0001" in screen.details.text()
    assert not screen.photo.pixmap().isNull()
    assert screen.hand.isEnabled()
    screen.hand.click()
    assert "identitas" in screen.message.text()
    screen.identity.setChecked(True)
    screen.family.setChecked(True)
    screen.family_name.setText("Sari Dewi")
    screen.family_nik.setText("1671045505650001")
    qtbot.keyClick(screen, Qt.Key.Key_F6)
    assert "diserahkan kepada Sari Dewi" in screen.message.text()
    assert screen.ready.rowCount() == 0
    screen.scan.setText(app.slip_number)
    screen.find_scanned()
    assert "sudah diserahkan" in screen.where.text() and not screen.hand.isEnabled()
    export = tmp_path / "siap.csv"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(export))
    screen.findChild(type(screen.hand), "exportReady").click()
    assert export.read_text("utf-8").startswith("tanda_terima,nama,nik,telepon")


def test_ready_list_exports_as_a_spreadsheet_for_calling(qtbot, db, setup, tmp_path,
                                                         monkeypatch):
    from openpyxl import load_workbook

    clerk, app, screen = _pickup_with_a_ready_card(qtbot, db, setup)
    screen.refresh()
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(tmp_path / "siap"))
    screen.findChild(type(screen.hand), "exportReady").click()
    sheet = load_workbook(tmp_path / "siap.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Tanda terima")
    assert header[:4] == ["Tanda terima", "Nama", "NIK", "Telepon"]
    assert any(r[0] == app.slip_number and "******" in str(r[2]) for r in rows)
    assert "1 baris diekspor" in screen.message.text()


def test_pickup_not_ready_and_lost_slip(qtbot, db, setup):
    _office, clerk, kasi = setup
    waiting = save(db, clerk, 1, "RUSAK")
    screen = PickupScreen(db, clerk)
    qtbot.addWidget(screen)
    screen.scan.setText(waiting.slip_number)
    screen.find_scanned()
    assert "belum siap" in screen.where.text() and not screen.hand.isEnabled()
    screen.scan.setText("KTP1.palsu")
    screen.find_scanned()
    assert "bukan tanda terima" in screen.message.text()
    ready = save(db, clerk, 2)
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA")
    cp.record_printed(db, clerk, ready.application_id, "BLK-T")
    screen.nik.setText("1671040201900002")
    qtbot.keyClick(screen.nik, Qt.Key.Key_Return)
    assert "TANDA TERIMA HILANG" in screen.details.text()
    screen.identity.setChecked(True)
    screen.hand_over()
    assert "minimal 10 huruf" in screen.message.text()
    screen.note.setText("KK asli diperiksa, wajah cocok dengan foto")
    screen.hand_over()
    assert "diserahkan kepada Pemohon c" in screen.message.text()
