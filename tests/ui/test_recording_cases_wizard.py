"""The wizard walked through the cases a real counter meets (issue 10), with pytest-qt."""

import datetime as dt
import json

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from counter_app.domain.cases import CaseType
from counter_app.domain.eligibility import Eligibility
from counter_app.domain.recording import MismatchReason
from counter_app.domain.routing import Route
from counter_app.models import Application
from counter_app.services import recording as rec
from counter_app.services.office import load_wilayah
from counter_app.services.reports import compute_report
from counter_app.ui import dialogs
from counter_app.ui.ikd_dialog import IkdDialog
from counter_app.ui.recording.area import RecordingArea
from counter_app.ui.recording.wizard import RecordingWizard
from tests.helpers import NIK, recording
from tests.ui import test_recording_wizard as base
from tests.ui.test_recording_wizard import (
    TODAY,
    capture,
    choose_case,
    fill_data,
    finish,
    identify,
    tick_documents,
)

# The fixtures of the wizard's own tests.
photo, office, clerk, wizard = base.photo, base.office, base.clerk, base.wizard


def app_row(db, app_id):
    with db.transaction() as s:
        return s.get(Application, app_id)


def nik_born(born: dt.date, serial: int, woman: bool = False) -> str:
    day = born.day + (40 if woman else 0)
    return f"167104{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def test_a_birth_date_that_disagrees_with_the_nik(qtbot, db, wizard):
    identify(qtbot, wizard)
    choose_case(wizard, "BARU")
    tick_documents(wizard)
    page = wizard.data_page
    page.widgets["tanggal_lahir"].setDate(QDate(1999, 8, 27))
    panel = page.mismatch_panels["tanggal_lahir"]
    assert not panel.isHidden()
    assert "NIK menunjukkan 17-08-99, yang diisi 27-08-1999" in panel.message.text()
    fill_data(wizard)
    assert wizard.currentId() == RecordingWizard.DATA  # a reason is needed first
    panel.choose(MismatchReason.AKTA)
    wizard.next()
    capture(wizard)
    summary = wizard.review_page.summary.text()
    assert "NIK tidak sesuai data" in summary and "akta kelahiran berbeda" in summary
    result = finish(wizard)
    stored = json.loads(app_row(db, result.application_id).nik_mismatch)
    assert stored[0]["entered"] == "27-08-1999" and stored[0]["reason"] == "AKTA"
    assert rec.get_application(db, result.application_id).nama == "Siti Aminah"


def test_a_century_the_nik_cannot_tell_is_named_both_ways(qtbot, wizard):
    born = dt.date(TODAY.year - 101, 1, 1)
    identify(qtbot, wizard, nik=nik_born(born, 31))
    wizard.case_page.case_buttons[CaseType.BARU].setChecked(True)
    text = wizard.case_page.eligibility.text()
    assert f"01-01-{TODAY.year - 1}" in text and "(101 tahun)" in text
    assert "Memenuhi syarat" in text  # never judged a 1-year-old
    wizard.next()
    tick_documents(wizard)
    assert "(101 tahun)" in wizard.data_page.birth_hint.text()


def test_hilang_with_a_change_of_marital_status(qtbot, db, wizard, clerk, monkeypatch):
    rec.save_recording(db, clerk, recording("BARU"))
    monkeypatch.setattr(dialogs, "ask", lambda *a: True)  # yes, a second application
    identify(qtbot, wizard)
    choose_case(wizard, "HILANG", elements=["status_perkawinan"], status="Kawin")
    assert list(wizard.documents_page.checks) == ["KK_UPDATED", "SURAT_KEHILANGAN",
                                                  "AKTA_NIKAH_CERAI"]
    tick_documents(wizard, {"SURAT_KEHILANGAN": {"nomor": "LP/77/2019",
                                                 "tanggal": TODAY.isoformat()}})
    page = wizard.data_page
    assert page.widgets["status_perkawinan"].isEnabled()
    assert not page.widgets["nama"].isEnabled()  # only the chosen element changes
    fill_data(wizard)
    capture(wizard)
    assert wizard.review_page.route.text().startswith("Dicetak di Disdukcapil")
    assert "Hilang + perubahan elemen data" in wizard.review_page.summary.text()
    result = finish(wizard)
    assert result.route is Route.FORWARD
    row = app_row(db, result.application_id)
    assert row.case_type == "HILANG" and json.loads(row.changed_elements) == [
        "status_perkawinan"] and row.override_by is None


def test_a_non_resident_at_an_outreach_event(qtbot, db, office, clerk, monkeypatch, photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    event = rec.create_outreach_event(db, clerk, "Palembang Trade Center", "mal", TODAY)
    w = RecordingWizard(db, clerk, office, load_wilayah(db), outreach_event_id=event.id)
    qtbot.addWidget(w)
    w.show()
    identify(qtbot, w, nik="3273014506920004")
    choose_case(w, "BARU")
    tick_documents(w)
    page = w.data_page
    page.outside.setChecked(True)
    fill_data(w, nama="Rina Kurniawan", kelurahan="32.73.01.1001")
    assert "Kode 32.73.01.1001 (diketik)" in page.widgets["kelurahan_code"].currentText()
    capture(w)
    assert "Alasan: luar domisili" in w.review_page.route.text()
    assert "(luar domisili)" in w.review_page.summary.text()
    result = finish(w)
    row = app_row(db, result.application_id)
    assert (row.route, row.outside_domicile, row.outreach_event_id) == (
        "FORWARD", True, event.id)


def test_another_kecamatan_of_the_city_is_found_by_name(qtbot, wizard):
    identify(qtbot, wizard)
    choose_case(wizard, "BARU")
    tick_documents(wizard)
    page = wizard.data_page
    page.outside.setChecked(True)
    page.kelurahan_search.setText("16 ilir")
    page.search_kelurahan("16 ilir")
    assert page.widgets["kelurahan_code"].currentData() == "16.71.05.1002"
    assert "Kec. Ilir Timur Satu" in page.widgets["kelurahan_code"].currentText()


def test_a_married_16_year_old_needs_the_marriage_deed(qtbot, db, wizard):
    born = TODAY.replace(year=TODAY.year - 16) - dt.timedelta(days=20)
    identify(qtbot, wizard, nik=nik_born(born, 41, woman=True))
    choose_case(wizard, "BARU", status="Kawin")
    assert "BUKTI_KAWIN" in wizard.documents_page.checks
    wizard.documents_page.checks["KK"].setChecked(True)
    wizard.next()
    assert "Buku nikah" in wizard.documents_page.error.text()
    tick_documents(wizard)
    fill_data(wizard, nama="Nabila Putri")
    capture(wizard)
    assert "ulang tahun ke-17" not in wizard.review_page.route.text()
    result = finish(wizard)
    assert result.route is Route.LOCAL and result.printable_from == TODAY
    assert app_row(db, result.application_id).eligibility == Eligibility.ELIGIBLE.value


def test_a_wna_with_a_kitap(qtbot, db, wizard):
    identify(qtbot, wizard, nik="1671040203800005")
    choose_case(wizard, "WNA")
    docs = wizard.documents_page
    assert list(docs.checks) == ["KK", "PASPOR", "KITAP"]
    docs.details["PASPOR"]["nomor"].setText("TR1234567")
    docs.details["KITAP"]["nomor"].setText("2C11AB0042")
    until = TODAY.replace(year=TODAY.year + 4)
    docs.details["KITAP"]["berlaku_sampai"].setDate(QDate(until.year, until.month, until.day))
    for check in docs.checks.values():
        check.setChecked(True)
    wizard.next()
    assert wizard.data_page.widgets["kewarganegaraan"].currentText() == "WNA"
    fill_data(wizard, nama="Kenji Tanaka")
    capture(wizard)
    assert f"{until:%d-%m-%Y} (sesuai KITAP)" in wizard.review_page.summary.text()
    result = finish(wizard)
    assert result.route is Route.FORWARD and result.valid_until == until


def test_an_ikd_activation_from_the_recording_area(qtbot, db, office, clerk, monkeypatch):
    area = RecordingArea(db, clerk, office)
    qtbot.addWidget(area)
    dialog = area.ikd_dialog()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, IkdDialog)
    dialog.no.setChecked(True)
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "wajib diisi" in dialog.errors["nik"].text()
    assert "e-mail atau nomor HP" in dialog.errors["email"].text()
    assert "alasan" in dialog.errors["reason"].text()
    qtbot.keyClicks(dialog.nik, NIK)
    qtbot.keyClicks(dialog.phone, "0812 3456 7890")
    qtbot.keyClicks(dialog.model, "Samsung Galaxy A14")
    dialog.yes.setChecked(True)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_.activated and dialog.result_.nik_masked == "167104******0002"
    assert compute_report(db, None, TODAY).ikd.activated == 1


def test_admin_edits_the_outreach_kinds(qtbot, db, office):
    from counter_app.services.settings import get_outreach_kinds
    from counter_app.services.users import authenticate
    from counter_app.ui.admin_settings import AdminSettings
    from tests.helpers import PASSWORD

    panel = AdminSettings(db, authenticate(db, "admin", PASSWORD))
    qtbot.addWidget(panel)
    lines = panel.kinds.toPlainText().splitlines()
    assert lines[0] == "Sekolah" and "Kegiatan gotong royong" in lines
    assert not any("car free" in line.lower() for line in lines)
    panel.kinds.setPlainText("\n".join([*lines, "Pasar tradisional"]))
    panel.save_kinds()
    assert "disimpan" in panel.message.text()
    assert "Pasar tradisional" in get_outreach_kinds(db).values()
    panel.kinds.setPlainText("Sekolah\nsekolah")
    panel.save_kinds()
    assert "dua kali" in panel.message.text()
