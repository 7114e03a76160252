"""Issue 11 screens: PRR print, the 17th-birthday list, a rejection, a SUKET renewal."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QPushButton

from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.services import batches as b
from counter_app.services import card_printing as cp
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.ui import dialogs
from counter_app.ui.after_recording import BirthdayTab, PrrTab, ReturnsTab
from tests.helpers import card, make_office, make_user, recording


@pytest.fixture
def clerk(db):
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def kasi(db, clerk):
    return make_user(db, "kasi", Role.SUPERVISOR)


def test_prr_print_from_the_nik_to_the_print_queue(qtbot, db, clerk, tmp_path):
    person = card(nama="Pemohon rekam", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    import dataclasses

    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#7799bb"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data = recording("BARU", nik="1671040201900001", card=person)
    data = dataclasses.replace(data, biometrics=dataclasses.replace(
        data.biometrics, photo=bytes(buffer.data())))
    first = rec.save_recording(db, clerk, data)
    rec.cancel_application(db, clerk, first.application_id, "blanko habis, pulang dulu")
    tab = PrrTab(db, clerk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    qtbot.keyClicks(tab.nik, "1671040201900001")
    qtbot.keyClick(tab.nik, "\r")
    assert "Pemohon rekam, direkam di kantor ini" in tab.summary.text()
    assert tab.photo.pixmap() is not None and not tab.photo.pixmap().isNull()
    tab.queue_button.click()
    assert "KK asli" in tab.message.text()  # refused: nothing queued
    tab.kk_checked.setChecked(True)
    tab.identity.setChecked(True)
    tab.queue_button.click()
    assert "masuk antrean cetak" in tab.message.text()
    queued = [a for a in rec.list_applications(db) if a.status is Status.AWAITING_PRINT]
    assert [a.case_type.value for a in queued] == ["PRR"]
    tab.grab().save(str(tmp_path / "prr.png"))


def test_birthday_list_prints_on_the_birthday_in_one_step(qtbot, db, clerk, kasi,
                                                          monkeypatch, tmp_path):
    born = dt.date(2002, 1, 9)
    person = card(nama="Remaja ulang tahun", tanggal_lahir=born, jenis_kelamin="L",
                  phone="081200000001")
    young = rec.save_recording(db, clerk, recording("BARU", nik="1671040901020001",
                                                    card=person),
                               now=dt.datetime(2018, 12, 3, 2, tzinfo=dt.UTC))
    cp.receive_blanko(db, kasi, 3, "Disdukcapil", "BA/1")
    monkeypatch.setattr(BirthdayTab, "today", lambda self: dt.date(2019, 1, 9))
    tab = BirthdayTab(db, clerk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 2).text() == "Remaja ulang tahun"
    assert tab.table.item(0, 5).text() == "belum dihubungi"
    monkeypatch.setattr(dialogs, "ask_form", lambda *a, **k: ["whatsapp", "datang hari ini"])
    tab.table.selectRow(0)
    tab.contact_button.click()
    assert tab.table.item(0, 5).text().endswith("whatsapp: datang hari ini")
    tab.grab().save(str(tmp_path / "birthdays.png"))
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "BLK-77")
    tab.table.selectRow(0)
    tab.print_button.click()
    assert "dicetak; siap diambil" in tab.message.text()
    assert rec.get_application(db, young.application_id).status is Status.READY_FOR_PICKUP
    assert tab.table.rowCount() == 0


def forwarded(db, clerk):
    person = card(nama="Pemohon hilang", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    app = rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900002",
                                                  card=person))
    batch = b.create_batch(db, clerk)
    b.send_batch(db, clerk, batch.id, "Pak Joko")
    return app


def test_rejection_recorded_and_a_new_application_opened(qtbot, db, clerk, tmp_path):
    app = forwarded(db, clerk)
    tab = ReturnsTab(db, clerk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    qtbot.keyClicks(tab.slip, app.slip_number)
    tab.reason.setCurrentIndex(tab.reason.findData("dokumen_kurang"))
    qtbot.keyClicks(tab.note, "surat kehilangan tidak terbaca")
    reject = tab.findChild(QPushButton, "rejectButton")
    reject.click()
    assert "Ditolak: Dokumen kurang (surat kehilangan tidak terbaca)" in tab.message.text()
    assert tab.table.rowCount() == 1
    assert "Ditolak Disdukcapil - Dokumen kurang" in tab.table.item(0, 3).text()
    tab.grab().save(str(tmp_path / "rejected.png"))
    tab.table.selectRow(0)
    tab.findChild(QPushButton, "reopen").click()
    assert "Permohonan baru" in tab.message.text() and tab.table.rowCount() == 0


def test_suket_renewal_from_the_screen(qtbot, db, clerk):
    app = forwarded(db, clerk)
    first = sk.issue_suket(db, clerk, app.application_id, "waiting_disdukcapil")
    tab = ReturnsTab(db, clerk)
    qtbot.addWidget(tab)
    qtbot.keyClicks(tab.slip, app.slip_number)
    tab.findChild(QPushButton, "renewSuket").click()
    assert f"SUKET {first.number} tidak berlaku lagi" in tab.message.text()
    assert f"{app.slip_number}-2-S" in tab.message.text()


def test_uncollected_tab_contact_and_supervisor_archive(qtbot, db, clerk, kasi, monkeypatch):
    from counter_app.ui.after_recording import UncollectedTab

    person = card(nama="Pemohon lupa", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    moment = dt.datetime(2019, 1, 9, 2, tzinfo=dt.UTC)
    cp.receive_blanko(db, kasi, 2, "Disdukcapil", "BA/1", now=moment)
    app = rec.save_recording(db, clerk, recording("BARU", nik="1671040201900003",
                                                  card=person), now=moment)
    cp.record_printed(db, clerk, app.application_id, "BLK-1", now=moment)
    monkeypatch.setattr(UncollectedTab, "today", lambda self: dt.date(2019, 4, 20))
    tab = UncollectedTab(db, clerk)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 1 and "dapat diarsipkan" in tab.table.item(0, 5).text()
    monkeypatch.setattr(dialogs, "ask_form", lambda *a, **k: ["telepon", "tidak diangkat"])
    tab.table.selectRow(0)
    tab.findChild(QPushButton, "uncollectedContact").click()
    assert tab.table.item(0, 6).text().endswith("telepon: tidak diangkat")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "lemari arsip B")
    tab.table.selectRow(0)
    tab.findChild(QPushButton, "uncollectedArchive").click()
    refused = tab.message.text()
    assert rec.get_application(db, app.application_id).status is Status.READY_FOR_PICKUP
    boss = UncollectedTab(db, kasi)
    qtbot.addWidget(boss)
    boss.table.selectRow(0)
    boss.findChild(QPushButton, "uncollectedArchive").click()
    assert "diarsipkan sebagai tidak diambil" in boss.message.text(), refused
    assert rec.get_application(db, app.application_id).status_text == \
        "Tidak diambil (diarsipkan) - disimpan di lemari arsip B"
    assert refused != boss.message.text()
