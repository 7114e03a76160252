"""Issue 11 screens: PRR print, the 17th-birthday list, a rejection, a SUKET renewal."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.services import batches as b
from counter_app.services import card_printing as cp
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.ui import after_recording, dialogs
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
    monkeypatch.setattr(after_recording, "ask_contact",
                        lambda *a, **k: ("whatsapp", "datang hari ini"))
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


def _uncollected_tab(qtbot, db, clerk, kasi, monkeypatch, **extra):
    """A card printed on 9 January 2019 and never collected, seen on 20 April."""
    from counter_app.ui.after_recording import UncollectedTab

    person = card(nama="Pemohon lupa", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L",
                  **extra)
    moment = dt.datetime(2019, 1, 9, 2, tzinfo=dt.UTC)
    cp.receive_blanko(db, kasi, 2, "Disdukcapil", "BA/1", now=moment)
    app = rec.save_recording(db, clerk, recording("BARU", nik="1671040201900003",
                                                  card=person), now=moment)
    cp.record_printed(db, clerk, app.application_id, "BLK-1", now=moment)
    monkeypatch.setattr(UncollectedTab, "today", lambda self: dt.date(2019, 4, 20))
    tab = UncollectedTab(db, clerk)
    qtbot.addWidget(tab)
    return app, tab


def test_uncollected_tab_contact_and_supervisor_archive(qtbot, db, clerk, kasi, monkeypatch):
    from counter_app.ui.after_recording import UncollectedTab

    app, tab = _uncollected_tab(qtbot, db, clerk, kasi, monkeypatch)
    assert tab.table.rowCount() == 1 and "dapat diarsipkan" in tab.table.item(0, 5).text()
    monkeypatch.setattr(after_recording, "ask_contact",
                        lambda *a, **k: ("telepon", "tidak diangkat"))
    tab.table.selectRow(0)
    tab.findChild(QPushButton, "uncollectedContact").click()
    assert tab.table.item(0, 6).text().endswith("telepon: tidak diangkat")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "lemari arsip B")
    tab.table.selectRow(0)
    archive = tab.findChild(QPushButton, "uncollectedArchive")
    assert not archive.isEnabled() and "hanya supervisor" in archive.toolTip()
    tab.archive()  # even when called directly, the service refuses a clerk
    refused = tab.message.text()
    assert "tidak berwenang" in refused
    assert rec.get_application(db, app.application_id).status is Status.READY_FOR_PICKUP
    boss = UncollectedTab(db, kasi)
    qtbot.addWidget(boss)
    boss.table.selectRow(0)
    boss.findChild(QPushButton, "uncollectedArchive").click()
    assert "diarsipkan sebagai tidak diambil" in boss.message.text(), refused
    assert rec.get_application(db, app.application_id).status_text == \
        "Tidak diambil (diarsipkan) - disimpan di lemari arsip B"
    assert refused != boss.message.text()


def _forwarded_and_sent(db, clerk, count):
    apps = []
    for n in range(1, count + 1):
        person = card(nama=f"Pemohon {'abcdef'[n]}", tanggal_lahir=dt.date(1990, 1, 2),
                      jenis_kelamin="L")
        apps.append(rec.save_recording(
            db, clerk, recording("HILANG", nik=f"16710402019000{n:02d}", card=person)))
    batch = b.create_batch(db, clerk)
    b.send_batch(db, clerk, batch.id, "Pak Joko")
    return apps, batch


def test_returned_items_wait_until_a_supervisor_resends_or_cancels(qtbot, db, clerk, kasi,
                                                                   monkeypatch):
    from counter_app.ui.after_recording import ReturnedTab

    apps, batch = _forwarded_and_sent(db, clerk, 2)
    for app in apps:
        b.mark_item(db, clerk, batch.id, app.application_id, "returned",
                    "foto buram, minta rekam ulang")
    clerk_tab = ReturnedTab(db, clerk)
    qtbot.addWidget(clerk_tab)
    assert clerk_tab.table.rowCount() == 2
    assert not clerk_tab.resend.isEnabled() and not clerk_tab.cancel.isEnabled()
    tab = ReturnedTab(db, kasi)
    qtbot.addWidget(tab)
    tab.resize(1366, 500)
    assert tab.table.item(0, 0).text() == apps[0].slip_number
    assert tab.table.item(0, 3).text() == batch.number
    assert tab.table.item(0, 5).text() == "foto buram, minta rekam ulang"
    assert tab.table.item(0, 5).toolTip() == "foto buram, minta rekam ulang"
    tab.resend.click()
    assert tab.message.text() == "Pilih satu berkas yang dikembalikan."
    tab.table.selectRow(0)
    # The confirmation names the person; "Tidak" changes nothing.
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, text: asked.append(text) or False)
    tab.resend.click()
    assert "Pemohon" in asked[0] and apps[0].slip_number in asked[0]
    assert rec.get_application(db, apps[0].application_id).status is Status.RETURNED
    monkeypatch.setattr(dialogs, "ask", lambda *a: True)
    tab.resend.click()
    assert "dikirim lagi dengan batch berikutnya" in tab.message.text()
    assert rec.get_application(db, apps[0].application_id).status is Status.FORWARDED
    assert tab.table.rowCount() == 1
    # After the list reloads no row is taken for the next decision without a choice.
    tab.resend.click()
    assert tab.message.text() == "Pilih satu berkas yang dikembalikan."
    assert rec.get_application(db, apps[1].application_id).status is Status.RETURNED
    tab.table.selectRow(0)
    # A refused reason is asked again with the typed text and the reason it was refused.
    answers = iter(["x", None])
    seen = []
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda _p, _t, label, text="": seen.append((label, text))
                        or next(answers))
    tab.cancel.click()
    assert seen[1][1] == "x" and "alasan pembatalan" in seen[1][0].lower()
    assert rec.get_application(db, apps[1].application_id).status is Status.RETURNED
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "pemohon pindah ke luar kota")
    tab.cancel.click()
    assert tab.message.text().startswith(f"{apps[1].slip_number} (")
    assert tab.message.text().endswith(") dibatalkan.")
    assert rec.get_application(db, apps[1].application_id).status is Status.CANCELLED
    assert tab.table.rowCount() == 0
    # Only the resent one goes with the next batch.
    assert [i.slip_number for i in b.create_batch(db, kasi).items] == [apps[0].slip_number]


def test_misprints_before_and_after_handover(qtbot, db, clerk, kasi):
    from counter_app.services import pickup as pk
    from counter_app.ui.after_recording import MisprintTab

    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA/1")
    local = rec.save_recording(db, clerk, recording("BARU", nik="1671040201900007", card=card(
        nama="Pemohon lokal", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")))
    cp.record_printed(db, clerk, local.application_id, "BLK-1")
    balance = cp.stock_status(db).balance
    tab = MisprintTab(db, clerk)
    qtbot.addWidget(tab)
    tab.resize(1366, 500)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.before.click()
    assert tab.message.text() == "Isi nomor tanda terima KTP-el yang salah cetak."
    qtbot.keyClicks(tab.slip, local.slip_number)
    qtbot.keyClicks(tab.what, "nama salah eja")
    tab.before.click()
    # A local card spoils a numbered blanko: its serial is required.
    assert tab.message.text().startswith("Nomor seri blanko wajib diisi")
    assert rec.get_application(db, local.application_id).status is Status.READY_FOR_PICKUP
    assert cp.stock_status(db).balance == balance
    tab.what.clear()
    qtbot.keyClicks(tab.serial, "BLK-1")
    tab.before.click()
    assert "keterangan salah cetak" in tab.message.text()
    assert rec.get_application(db, local.application_id).status is Status.READY_FOR_PICKUP
    qtbot.keyClicks(tab.what, "nama salah eja")
    tab.serial.clear()
    qtbot.keyClicks(tab.serial, "asdf")  # not the blank this card was printed on
    tab.before.click()
    assert "tidak cocok" in tab.message.text() and tab.serial.hasFocus()
    assert rec.get_application(db, local.application_id).status is Status.READY_FOR_PICKUP
    tab.serial.clear()
    qtbot.keyClicks(tab.serial, "BLK-1")
    tab.before.click()
    assert "blanko masuk daftar pemusnahan" in tab.message.text()
    assert rec.get_application(db, local.application_id).status is Status.AWAITING_PRINT
    # Its blank left the stock when it was printed: not taken a second time.
    assert cp.stock_status(db).balance == balance and tab.slip.text() == ""
    assert tab.slip.hasFocus()  # ready for the next card
    # A card printed by Disdukcapil goes back with the next batch as "salah cetak".
    (fwd,), _batch = _forwarded_and_sent(db, clerk, 1)
    b.receive_scanned(db, clerk, fwd.slip_number)
    # Enter on the slip shows whose card it is and moves on to what is wrong.
    qtbot.keyClicks(tab.slip, fwd.slip_number)
    qtbot.keyClick(tab.slip, Qt.Key.Key_Return)
    assert "Pemohon" in tab.who.text() and "NIK" in tab.who.text() and tab.what.hasFocus()
    qtbot.keyClicks(tab.what, "foto tertukar")
    tab.before.click()
    assert "dikirim kembali ke Disdukcapil" in tab.message.text()
    again = b.create_batch(db, clerk)
    assert [(i.slip_number, i.reason) for i in again.items] == [(fwd.slip_number,
                                                                 "salah cetak")]
    # After handover: a correction application linked to the original; the slip's QR
    # scanned into the field finds it as the pickup screen does.
    cp.record_printed(db, clerk, local.application_id, "BLK-2")
    pk.hand_over(db, clerk, local.application_id, receiver="self", identity_checked=True)
    from counter_app.services.keys import load_signer
    from counter_app.services.slip_printing import slip_printout

    qtbot.keyClicks(tab.slip, slip_printout(db, local.application_id, load_signer(db)).token)
    qtbot.keyClick(tab.slip, Qt.Key.Key_Return)
    assert "Pemohon lokal" in tab.who.text() and "sudah diserahkan" in tab.who.text()
    tab.slip.setText(local.slip_number)
    qtbot.keyClicks(tab.what, "tanggal lahir salah")
    tab.before.click()
    assert "siap diambil" in tab.message.text()  # before-handover refused after handover
    tab.after.click()
    assert "Centang bahwa KTP-el salah cetak sudah diterima kembali" in tab.message.text()
    tab.surrendered.setChecked(True)
    tab.after.click()
    assert f"dibuka dari {local.slip_number}" in tab.message.text()
    newest = rec.list_applications(db)[-1]
    assert newest.slip_number != local.slip_number
    assert newest.status is Status.AWAITING_PRINT  # printed here, like the original
    assert rec.get_application(db, local.application_id).status is Status.HANDED_OVER


def test_prr_for_someone_recorded_elsewhere_from_the_central_record(qtbot, db, clerk):
    from counter_app.services import prr

    tab = PrrTab(db, clerk)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    assert not tab.elsewhere.isVisible()
    qtbot.keyClicks(tab.nik, "1671040201900002")
    qtbot.keyClick(tab.nik, "\r")
    assert "Belum ada data perekaman di kantor ini" in tab.summary.text()
    assert tab.elsewhere.isVisible()
    # Birth date and sex filled in from the NIK (02-01-1990, male).
    assert tab.card().tanggal_lahir == dt.date(1990, 1, 2)
    assert tab.card().jenis_kelamin == "L"
    tab.kk_checked.setChecked(True)
    tab.identity.setChecked(True)
    tab.queue_button.click()
    assert tab.message.text() == ("Centang bahwa data rekam sudah diperiksa di database "
                                  "pusat.")
    tab.central_checked.setChecked(True)
    tab.queue_button.click()
    # The card data is checked like a recording's: nothing is queued.
    assert tab.message.text().startswith("Data pemohon belum benar: Nama:")
    assert prr.print_ready(db, clerk) == []
    qtbot.keyClicks(tab.fields["nama"], "Pemohon Luar Kota")
    qtbot.keyClicks(tab.fields["tempat_lahir"], "Lahat")
    qtbot.keyClicks(tab.fields["alamat"], "Jl. Merdeka No. 5")
    qtbot.keyClicks(tab.fields["rt"], "001")
    qtbot.keyClicks(tab.fields["rw"], "002")
    qtbot.keyClicks(tab.fields["phone"], "081234567890")
    qtbot.keyClicks(tab.kk, "1671040101190001")
    # No silent defaults (issue 13): the lists start empty and must be chosen.
    for name in ("golongan_darah", "agama", "status_perkawinan", "pekerjaan",
                 "kelurahan_code"):
        assert tab.fields[name].currentIndex() == -1, name
    tab.queue_button.click()
    for label in ("Golongan darah", "Agama", "Status perkawinan", "Pekerjaan", "Kelurahan"):
        assert label in tab.message.text(), label
    assert prr.print_ready(db, clerk) == []
    for name, value in (("golongan_darah", "O"), ("agama", "Islam"),
                        ("status_perkawinan", "Belum Kawin")):
        tab.fields[name].setCurrentIndex(tab.fields[name].findText(value))
    tab.fields["pekerjaan"].setCurrentIndex(0)
    # A kelurahan outside this kecamatan, found by name as on the recording wizard.
    tab.outside.setChecked(True)
    tab.kelurahan_search.setText("16 ilir")
    tab.search_kelurahan("16 ilir")
    assert tab.fields["kelurahan_code"].currentData() == "16.71.05.1002"
    assert "Kec. Ilir Timur Satu" in tab.fields["kelurahan_code"].currentText()
    tab.queue_button.click()
    assert "rujukannya" in tab.message.text()  # the reference seen is required
    assert prr.print_ready(db, clerk) == []
    qtbot.keyClicks(tab.reference, "SIAK 02-01-2019 reg. 123")
    tab.queue_button.click()
    assert "masuk antrean cetak" in tab.message.text()
    queued = prr.print_ready(db, clerk)
    assert [(r.nama, r.case_type.value) for r in queued] == [("Pemohon Luar Kota", "PRR")]
    with db.transaction() as s:
        from counter_app.models import Applicant
        person = s.execute(select(Applicant).where(Applicant.nik == "1671040201900002")
                           ).scalar_one()
        assert (person.kelurahan_code, person.golongan_darah, person.agama) == (
            "16.71.05.1002", "O", "Islam")
    assert not tab.elsewhere.isVisible() and not tab.central_checked.isChecked()

    from counter_app.models import ApplicationDocument
    with db.transaction() as s:
        docs = {d.code: d.details for d in s.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == queued[0].application_id)).scalars()}
    assert "SIAK 02-01-2019 reg. 123" in docs[prr.CENTRAL_CHECK] and "KK" in docs


def test_contact_dialog_offers_the_channels_by_name_and_none_chosen(qtbot, db, clerk,
                                                                    monkeypatch):
    from counter_app.ui.after_recording import ContactDialog

    dialog = ContactDialog(None, "Pemohon lupa")
    qtbot.addWidget(dialog)
    combo = dialog.channel
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Telepon", "SMS", "WhatsApp", "Surat", "Datang langsung"]
    assert combo.currentIndex() == -1 and dialog.values()[0] == ""
    combo.setCurrentIndex(combo.findText("Datang langsung"))
    qtbot.keyClicks(dialog.result_edit, "datang Sabtu")
    assert dialog.values() == ("datang_langsung", "datang Sabtu")
    # No channel chosen: the tab refuses and logs nothing.
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    app, tab = _uncollected_tab(qtbot, db, clerk, kasi, monkeypatch)
    monkeypatch.setattr(after_recording, "ask_contact", lambda *a, **k: ("", "diangkat"))
    tab.table.selectRow(0)
    tab.findChild(QPushButton, "uncollectedContact").click()
    assert tab.message.text().startswith("Pilih saluran kontak")
    assert tab.table.item(0, 6).text() == "belum dihubungi"


def test_uncollected_list_exported_as_a_spreadsheet(qtbot, db, clerk, kasi, monkeypatch,
                                                    tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook


    app, tab = _uncollected_tab(qtbot, db, clerk, kasi, monkeypatch, phone="081234567890")
    target = tmp_path / "tidak-diambil.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: str(target))
    tab.findChild(QPushButton, "uncollectedExport").click()
    assert tab.message.text() == f"Daftar telepon disimpan ke {target}."
    sheet = load_workbook(BytesIO(target.read_bytes())).active
    assert [c.value for c in sheet[1]][:4] == ["Tanda terima", "Nama", "NIK", "Telepon"]
    assert (sheet["A2"].value, sheet["B2"].value, sheet["D2"].value) == (
        app.slip_number, "Pemohon lupa", "081234567890")
    assert sheet["C2"].value != "1671040201900003"  # masked


def test_rejection_reason_must_be_chosen(qtbot, db, clerk):
    app = forwarded(db, clerk)
    tab = ReturnsTab(db, clerk)
    qtbot.addWidget(tab)
    assert tab.reason.currentIndex() == -1
    qtbot.keyClicks(tab.slip, app.slip_number)
    tab.findChild(QPushButton, "rejectButton").click()
    assert tab.message.text() == "Pilih alasan penolakan dari Disdukcapil."
    assert rec.get_application(db, app.application_id).status is Status.FORWARDED


def test_status_labels_keep_disdukcapil_capitalised(qtbot, db, clerk):
    from counter_app.services import pickup as pk
    from counter_app.ui.after_recording import MisprintTab

    app = forwarded(db, clerk)
    b.receive_scanned(db, clerk, app.slip_number)
    pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True)
    tab = MisprintTab(db, clerk)
    qtbot.addWidget(tab)
    qtbot.keyClicks(tab.slip, app.slip_number)
    qtbot.keyClicks(tab.what, "foto tertukar")
    tab.surrendered.setChecked(True)
    tab.after.click()
    assert tab.message.text().endswith("(dikirim ke Disdukcapil).")
