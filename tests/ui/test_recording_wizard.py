import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.clock import local, utc_now
from counter_app.domain.coverage import DisabilityKind
from counter_app.domain.lifecycle import Status
from counter_app.domain.recording import Modality
from counter_app.domain.roles import Role
from counter_app.models import Application, AuditLog
from counter_app.services import queue
from counter_app.services import recording as rec
from counter_app.services.biometric_devices import SimulatedDevice
from counter_app.services.office import initialize_office, load_wilayah
from counter_app.ui import dialogs, operations
from counter_app.ui.recording.wizard import RecordingWizard
from tests.helpers import KK, NIK, PASSWORD, make_office, make_user, recording

TODAY = local(utc_now()).date()


@pytest.fixture
def photo(tmp_path):
    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    path = tmp_path / "foto.png"
    image.save(str(path))
    return str(path)


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def wizard(qtbot, db, office, clerk, monkeypatch, photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    monkeypatch.setattr(dialogs, "inform", lambda *a: None)
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(w)
    w.show()
    return w


def identify(qtbot, w, nik=NIK, kk=KK):
    page = w.identify
    qtbot.keyClicks(page.nik, nik)
    qtbot.keyClick(page.nik, Qt.Key.Key_Return)      # a scanner ends with Enter
    if not page.kk.text():
        qtbot.keyClicks(page.kk, kk)
    qtbot.keyClick(page.kk, Qt.Key.Key_Return)


def choose_case(w, case, elements=(), status=None):
    assert w.currentId() == RecordingWizard.CASE
    w.case_page.case_buttons[CaseType(case)].setChecked(True)
    for element in elements:
        w.case_page.element_checks[DataElement(element)].setChecked(True)
    if status:
        w.case_page.status.setCurrentText(status)
    w.next()


def tick_documents(w, details=None):
    assert w.currentId() == RecordingWizard.DOCUMENTS
    for check in w.documents_page.checks.values():
        check.setChecked(True)
    for code, values in (details or {}).items():
        fields = w.documents_page.details[code]
        fields["nomor"].setText(values["nomor"])
        fields["tanggal"].setDate(QDate.fromString(values["tanggal"], "yyyy-MM-dd"))
    w.next()


def fill_data(w, nama="Siti Aminah", kelurahan="bukit lama"):
    assert w.currentId() == RecordingWizard.DATA
    page = w.data_page
    if page.widgets["nama"].isEnabled():
        page.widgets["nama"].setText(nama)
        page.widgets["tempat_lahir"].setText("Palembang")
        page.widgets["alamat"].setText("Jl. Bukit Lama No. 5")
        page.widgets["rt"].setText("5")
        page.widgets["rw"].setText("2")
        page.kelurahan_search.setText(kelurahan)
        page.search_kelurahan(kelurahan)
    for name, value in (("golongan_darah", "O+"), ("pekerjaan", "PELAJAR/MAHASISWA")):
        combo = page.widgets[name]
        if combo.isEnabled() and combo.currentIndex() < 0:  # never a silent default
            combo.setCurrentIndex(combo.findText(value))
    w.next()


def capture(w, sign=True):
    assert w.currentId() == RecordingWizard.BIOMETRICS
    page = w.biometrics_page
    page.photo_file.click()
    page.capture_all.click()
    if page.station:  # a real office's default: captured on the Dukcapil station
        page.station_reference.setText("Stasiun 1, 09.15")
    if sign:
        page.signature.stroke([QPointF(20, 90), QPointF(80, 40), QPointF(160, 100)])
    w.next()


def finish(w):
    assert w.currentId() == RecordingWizard.REVIEW
    w.button(QWizard.WizardButton.FinishButton).click()
    operations.wait_all()  # the save and the slip run in the background
    assert w.result_ is not None, w.review_page.error.text()
    return w.result_


def test_baru_walkthrough_saves_routes_and_prints_the_slip(qtbot, db, wizard, tmp_path):
    identify(qtbot, wizard)
    assert "perempuan, lahir 17-08-1999" in wizard.identify.nik_info.text()
    choose_case(wizard, "BARU")
    tick_documents(wizard)
    # Birth date and sex came from the NIK.
    assert wizard.data_page.card().tanggal_lahir == dt.date(1999, 8, 17)
    assert wizard.data_page.card().jenis_kelamin == "P"
    fill_data(wizard)
    capture(wizard)
    assert wizard.review_page.route.text().startswith("Dicetak di kantor kecamatan ini")
    assert "Siti Aminah" in wizard.review_page.summary.text()
    result = finish(wizard)
    assert result.status is Status.AWAITING_PRINT
    assert (f"Tanda terima {result.slip_number} disimpan sebagai PDF (printer belum diatur)"
            in wizard.print_message)
    assert (tmp_path / "cetakan" / f"tanda-terima-{result.slip_number}.pdf").exists()
    app = rec.get_application(db, result.application_id)
    assert app.nama == "Siti Aminah" and app.case_type is CaseType.BARU


def test_hilang_needs_the_police_report(qtbot, wizard):
    identify(qtbot, wizard)
    choose_case(wizard, "HILANG")
    for check in wizard.documents_page.checks.values():
        check.setChecked(True)
    wizard.next()
    assert wizard.currentId() == RecordingWizard.DOCUMENTS
    assert "Nomor surat keterangan kehilangan" in wizard.documents_page.error.text()
    tick_documents(wizard, {"SURAT_KEHILANGAN": {"nomor": "LP/12/I/2019",
                                                 "tanggal": TODAY.isoformat()}})
    fill_data(wizard)
    capture(wizard)
    assert wizard.review_page.route.text().startswith("Dicetak di Disdukcapil")
    assert finish(wizard).status is Status.FORWARDED


def test_rusak_with_supervisor_override(qtbot, db, wizard, monkeypatch):
    make_user(db, "kasi", Role.SUPERVISOR)
    identify(qtbot, wizard)
    choose_case(wizard, "RUSAK")
    wizard.documents_page.checks["KK"].setChecked(True)
    wizard.next()
    assert "KTP-el yang rusak (diserahkan) belum dicentang" in \
        wizard.documents_page.error.text()
    monkeypatch.setattr(dialogs, "ask_credentials",
                        lambda *a: ("petugas", PASSWORD, "dibawa besok"))
    wizard.documents_page.override_button.click()
    assert "hanya oleh supervisor" in wizard.documents_page.error.text()
    monkeypatch.setattr(dialogs, "ask_credentials",
                        lambda *a: ("kasi", PASSWORD, "KTP rusak tertinggal, dibawa besok"))
    wizard.documents_page.override_button.click()
    assert "Disetujui oleh kasi" in wizard.documents_page.override_label.text()
    wizard.next()
    fill_data(wizard)
    capture(wizard)
    result = finish(wizard)
    with db.transaction() as s:
        assert s.get(Application, result.application_id).override_reason == \
            "KTP rusak tertinggal, dibawa besok"


def test_perubahan_data_two_elements_for_a_returning_applicant(qtbot, db, wizard, clerk,
                                                                monkeypatch):
    first = rec.save_recording(db, clerk, recording("BARU"))
    rec.cancel_application(db, clerk, first.application_id, "contoh permohonan lama")
    identify(qtbot, wizard)
    assert "Pemohon lama: Siti Aminah" in wizard.identify.nik_info.text()
    assert wizard.identify.history.count() == 1
    choose_case(wizard, "PERUBAHAN_DATA", ["status_perkawinan", "pekerjaan"], "Kawin")
    tick_documents(wizard)
    page = wizard.data_page
    assert page.old["agama"].isVisible() and page.old["pekerjaan"].text() == "PELAJAR/MAHASISWA"
    assert not page.widgets["nama"].isEnabled() and not page.widgets["agama"].isEnabled()
    assert page.widgets["pekerjaan"].isEnabled()
    page.set_value("pekerjaan", "WIRASWASTA")
    assert page.card().status_perkawinan == "Kawin"
    wizard.next()
    capture(wizard)
    result = finish(wizard)
    with db.transaction() as s:
        app = s.get(Application, result.application_id)
    assert json.loads(app.old_data)["pekerjaan"] == "PELAJAR/MAHASISWA"
    assert json.loads(app.data)["pekerjaan"] == "WIRASWASTA"
    assert json.loads(app.changed_elements) == ["pekerjaan", "status_perkawinan"]


def test_open_application_warns_before_a_second_one(qtbot, db, wizard, clerk, monkeypatch):
    first = rec.save_recording(db, clerk, recording("BARU"))
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: asked.append(text) or False)
    identify(qtbot, wizard)
    assert wizard.currentId() == RecordingWizard.IDENTIFY
    assert first.slip_number in asked[0]
    monkeypatch.setattr(dialogs, "ask", lambda *a: True)
    wizard.next()
    assert wizard.currentId() == RecordingWizard.CASE


def test_biometric_exception_with_an_unreadable_finger(qtbot, db, office, clerk, monkeypatch,
                                                       photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    w = RecordingWizard(db, clerk, office, load_wilayah(db),
                        device=SimulatedDevice(name="Pemindai uji",
                                               unreadable=frozenset({Modality.R2})))
    qtbot.addWidget(w)
    w.show()
    identify(qtbot, w)
    choose_case(w, "BARU")
    tick_documents(w)
    fill_data(w)
    page = w.biometrics_page
    page.photo_file.click()
    page.capture_all.click()
    assert "Telunjuk kanan" in page.error.text()
    page.signature.stroke([QPointF(10, 10), QPointF(100, 80)])
    w.next()
    assert w.currentId() == RecordingWizard.BIOMETRICS
    assert "Telunjuk kanan belum direkam" in page.error.text()
    _status, exception, reason = page.rows[Modality.R2]
    exception.setChecked(True)
    reason.setCurrentText("Jari terluka atau diperban")
    w.next()
    assert "foto pengecualian" in page.error.text()
    page.exception_photo_button.click()
    w.next()
    assert "pengecualian: Telunjuk kanan" in w.review_page.summary.text()
    result = finish(w)
    with db.transaction() as s:
        assert s.get(Application, result.application_id).biometric_exceptions == 1


def test_sixteen_year_old_is_told_when_the_card_comes(qtbot, wizard):
    born = TODAY.replace(year=TODAY.year - 16) - dt.timedelta(days=1)
    if born.month == 2 and born.day == 29:  # pragma: no cover - leap day edge
        born -= dt.timedelta(days=1)
    nik = f"167104{born.day:02d}{born.month:02d}{born.year % 100:02d}0007"
    identify(qtbot, wizard, nik=nik)
    wizard.case_page.case_buttons[CaseType.BARU].setChecked(True)
    assert "dicetak mulai ulang tahun ke-17" in wizard.case_page.eligibility.text()
    wizard.next()
    tick_documents(wizard)
    fill_data(wizard, nama="Budi")
    capture(wizard)
    assert "ulang tahun ke-17" in wizard.review_page.route.text()
    result = finish(wizard)
    assert result.printable_from == born.replace(year=born.year + 17)


def test_fifteen_year_old_cannot_go_on(qtbot, wizard):
    born = TODAY.replace(year=TODAY.year - 15) - dt.timedelta(days=3)
    nik = f"167104{born.day:02d}{born.month:02d}{born.year % 100:02d}0007"
    identify(qtbot, wizard, nik=nik)
    wizard.case_page.case_buttons[CaseType.BARU].setChecked(True)
    wizard.next()
    assert wizard.currentId() == RecordingWizard.CASE
    assert "mulai usia 16" in wizard.case_page.error.text()
    wizard.case_page.status.setCurrentText("Kawin")  # married: eligible at any age
    wizard.next()
    assert wizard.currentId() == RecordingWizard.DOCUMENTS


def test_validation_errors_stay_on_the_page(qtbot, wizard):
    qtbot.keyClicks(wizard.identify.nik, "1671043208990001")
    assert "tidak sah" in wizard.identify.nik_error.text()
    wizard.next()
    assert wizard.currentId() == RecordingWizard.IDENTIFY
    assert "Nomor KK wajib diisi" in wizard.identify.kk_error.text()
    wizard.identify.nik.setText(NIK)
    wizard.identify.kk.setText("1671040901190000")
    assert "0000" in wizard.identify.kk_error.text()
    wizard.identify.kk.setText(KK)
    wizard.next()
    wizard.next()
    assert "Pilih jenis permohonan" in wizard.case_page.error.text()
    wizard.case_page.case_buttons[CaseType.PERUBAHAN_DATA].setChecked(True)
    wizard.next()
    assert "minimal satu elemen" in wizard.case_page.error.text()
    wizard.case_page.case_buttons[CaseType.BARU].setChecked(True)
    wizard.next()
    wizard.next()
    assert "Kartu Keluarga (KK) belum dicentang" in wizard.documents_page.error.text()
    tick_documents(wizard)
    page = wizard.data_page
    page.widgets["nama"].setText("B4mbang")
    page.widgets["rt"].setText("abc")
    page.widgets["tanggal_lahir"].setDate(QDate(1999, 8, 18))
    wizard.next()
    assert wizard.currentId() == RecordingWizard.DATA
    assert "tidak boleh berisi '4'" in page.errors["nama"].text()
    assert "RT diisi" in page.errors["rt"].text()
    # A birth date that disagrees with the NIK is a warning naming both values.
    birth_panel = page.mismatch_panels["tanggal_lahir"]
    assert not birth_panel.isHidden()
    assert "NIK menunjukkan 17-08-99, yang diisi 18-08-1999" in birth_panel.message.text()
    assert "Tempat lahir wajib" in page.errors["tempat_lahir"].text()
    page.widgets["tanggal_lahir"].setDate(QDate(1999, 8, 17))
    assert birth_panel.isHidden()
    page.widgets["jenis_kelamin"].setCurrentIndex(0)
    wizard.next()
    assert wizard.currentId() == RecordingWizard.DATA
    assert "NIK menunjukkan perempuan" in page.mismatch_panels["jenis_kelamin"].message.text()
    page.widgets["jenis_kelamin"].setCurrentIndex(1)
    fill_data(wizard)
    wizard.next()
    assert "Foto wajah belum diambil" in wizard.biometrics_page.error.text()
    assert "Tanda tangan belum diambil" in wizard.biometrics_page.error.text()
    # Going back keeps what was typed.
    wizard.back()
    assert wizard.data_page.widgets["nama"].text() == "Siti Aminah"


def test_cancelled_recording_is_audited(qtbot, db, wizard, monkeypatch):
    identify(qtbot, wizard)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "pemohon pulang, KK tertinggal")
    wizard.button(QWizard.WizardButton.CustomButton2).click()
    assert wizard.result() == QWizard.DialogCode.Rejected
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "recording.cancel")
                        ).scalar_one()
    assert row.reason == "pemohon pulang, KK tertinggal" and "167104******0002" in row.after
    assert rec.list_applications(db) == []


def test_draft_is_saved_and_resumed(qtbot, db, wizard, office, clerk, monkeypatch, photo):
    identify(qtbot, wizard)
    choose_case(wizard, "HILANG")
    wizard.documents_page.checks["KK"].setChecked(True)
    wizard.documents_page.details["SURAT_KEHILANGAN"]["nomor"].setText("LP/9/I/2019")
    wizard.button(QWizard.WizardButton.CustomButton1).click()
    drafts = rec.list_drafts(db, clerk)
    assert len(drafts) == 1 and drafts[0].nik == NIK
    resumed = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(resumed)
    resumed.resume(rec.load_draft(db, clerk, drafts[0].id), drafts[0].id)
    resumed.show()
    resumed.next()
    assert resumed.case_page.case() is CaseType.HILANG
    resumed.next()
    assert resumed.documents_page.checks["KK"].isChecked()
    assert resumed.documents_page.details["SURAT_KEHILANGAN"]["nomor"].text() == "LP/9/I/2019"
    tick_documents(resumed, {"SURAT_KEHILANGAN": {"nomor": "LP/9/I/2019",
                                                  "tanggal": TODAY.isoformat()}})
    fill_data(resumed)
    capture(resumed)
    finish(resumed)
    assert rec.list_drafts(db, clerk) == []  # the draft is gone once recorded


def test_recording_is_linked_to_the_called_ticket(qtbot, db, office, clerk, monkeypatch, photo):
    from counter_app.ui.recording.area import RecordingArea

    ticket = queue.issue_ticket(db, "A")
    queue.call_next(db, clerk, office.counters[0].id)
    area = RecordingArea(db, clerk, office)
    qtbot.addWidget(area)
    assert "A-001" in area.ticket_label.text()
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)

    def walk(wizard):
        wizard.show()
        identify(qtbot, wizard)
        choose_case(wizard, "BARU")
        tick_documents(wizard)
        fill_data(wizard)
        capture(wizard)
        finish(wizard)
        return QWizard.DialogCode.Accepted

    monkeypatch.setattr(RecordingWizard, "exec", walk)
    area.start.click()
    assert "Tersimpan: 167104-" in area.message.text()
    assert area.today.rowCount() == 1
    with db.transaction() as s:
        assert s.execute(select(Application.ticket_id)).scalar_one() == ticket.id
    area.today.selectRow(0)
    area.findChild(type(area.start), "reprintSlip").click()
    operations.wait_all()
    assert "disimpan ulang sebagai PDF (printer belum diatur)" in area.message.text()


def test_kelurahan_search_finds_the_2025_spelling(qtbot, db, monkeypatch):
    office = initialize_office(db, kecamatan_code="16.71.01", admin_username="admin",
                               admin_password=PASSWORD)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(w)
    w.data_page.search_kelurahan("35 ilir")
    combo = w.data_page.widgets["kelurahan_code"]
    assert combo.currentText() == "Tiga-puluh-lima Ilir (35 Ilir)"
    assert combo.currentData() == "16.71.01.1001"
    w.data_page.search_kelurahan("kemang manis")
    assert combo.currentData() == "16.71.01.1007"


def test_an_unreadable_draft_is_reported_in_the_area(qtbot, db, office, clerk):
    from counter_app.domain.recording_draft import DraftContents
    from counter_app.models import RecordingDraft
    from counter_app.ui.recording.area import RecordingArea

    draft = rec.save_draft(db, clerk, DraftContents(nik=NIK, case=CaseType.BARU))
    with db.transaction() as s:
        s.get(RecordingDraft, draft).payload = json.dumps({"nik": NIK, "case": "NO_SUCH"})
    area = RecordingArea(db, clerk, office)
    qtbot.addWidget(area)
    area.drafts.setCurrentRow(0)
    area.findChild(type(area.start), "resumeDraft").click()
    assert "tidak dapat dibaca" in area.message.text()
    assert area.wizard is None and area.drafts.count() == 1


def test_finish_failing_at_the_draft_step_then_retried_saves_once(qtbot, db, wizard, office,
                                                                   clerk, monkeypatch):
    from counter_app.domain.errors import Conflict

    identify(qtbot, wizard)
    choose_case(wizard, "BARU")
    wizard.button(QWizard.WizardButton.CustomButton1).click()   # Simpan draf
    draft_id = rec.list_drafts(db, clerk)[0].id
    resumed = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(resumed)
    resumed.resume(rec.load_draft(db, clerk, draft_id), draft_id)
    resumed.show()
    resumed.next()
    resumed.next()
    tick_documents(resumed)
    fill_data(resumed)
    capture(resumed)
    real_record = rec.audit.record

    def failing_record(session, actor, kind, *args, **kwargs):
        if kind == "draft.recorded":
            raise Conflict("Database sedang sibuk, coba lagi.")
        return real_record(session, actor, kind, *args, **kwargs)

    monkeypatch.setattr(rec.audit, "record", failing_record)
    resumed.button(QWizard.WizardButton.FinishButton).click()
    operations.wait_all()
    assert resumed.result_ is None and resumed.currentId() == RecordingWizard.REVIEW
    assert "sibuk" in resumed.review_page.error.text()
    assert rec.list_applications(db) == []
    monkeypatch.setattr(rec.audit, "record", real_record)
    finish(resumed)
    assert len(rec.list_applications(db)) == 1 and rec.list_drafts(db, clerk) == []


def test_disability_is_saved_only_with_consent(qtbot, db, wizard):
    from counter_app.models import ApplicationDisability

    identify(qtbot, wizard)
    choose_case(wizard, "BARU")
    tick_documents(wizard)
    page = wizard.data_page
    page.disability_checks[DisabilityKind.FISIK].setChecked(True)
    page.disability_checks[DisabilityKind.SENSORIK].setChecked(True)
    fill_data(wizard)
    # Without the person's consent the page does not move on and says why.
    assert wizard.currentId() == RecordingWizard.DATA
    assert "persetujuan" in page.errors["disability"].text()
    page.disability_consent.setChecked(True)
    assert page.errors["disability"].text() == ""
    wizard.next()
    capture(wizard)
    assert "fisik, sensorik (dengan persetujuan)" in wizard.review_page.summary.text()
    result = finish(wizard)
    with db.transaction() as s:
        row = s.get(ApplicationDisability, result.application_id)
        assert (row.kinds, row.consent) == ("fisik,sensorik", True)
