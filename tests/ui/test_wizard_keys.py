"""Issue 13: the recording wizard by keyboard, and what it asks before losing data."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWizard
from sqlalchemy import update

from counter_app.domain.cases import CaseType
from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.models import Application
from counter_app.services import recording as rec
from counter_app.services.biometric_devices import SimulatedDevice
from counter_app.services.office import load_wilayah
from counter_app.ui import dialogs, operations
from counter_app.ui.recording import wizard as wizard_module
from counter_app.ui.recording.wizard import RecordingWizard
from tests.helpers import KK, NIK, make_office, make_user, recording
from tests.ui.test_recording_wizard import choose_case, fill_data, identify, tick_documents

ENTER = Qt.Key.Key_Return


@pytest.fixture
def clerk(db):
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def photo(tmp_path):
    from PySide6.QtGui import QColor, QImage

    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    path = tmp_path / "foto.png"
    image.save(str(path))
    return str(path)


def make_wizard(qtbot, db, clerk, monkeypatch, photo, device=None):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    from counter_app.services.office import get_office

    office = get_office(db)
    w = RecordingWizard(db, clerk, office, load_wilayah(db), device=device)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return w


def focus(qtbot):
    qtbot.wait(5)  # the pages place their focus right after QWizard's
    return QApplication.focusWidget()


def test_enter_after_the_nik_goes_to_the_kk_without_a_message(qtbot, db, clerk, monkeypatch,
                                                               photo):
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    page = w.identify
    qtbot.keyClicks(page.nik, NIK[:10])
    qtbot.keyClick(page.nik, ENTER)              # not complete: no "wajib diisi"
    assert w.currentId() == RecordingWizard.IDENTIFY
    assert page.kk_error.text() == "" and page.nik_error.text() == ""
    qtbot.keyClicks(page.nik, NIK[10:])         # a whole NIK: the KK is next
    assert focus(qtbot) is page.kk
    assert page.kk_error.text() == ""
    qtbot.keyClicks(page.kk, KK)
    qtbot.keyClick(page.kk, ENTER)
    assert w.currentId() == RecordingWizard.CASE


def test_enter_is_lanjut_on_every_complete_page(qtbot, db, clerk, monkeypatch, photo):
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo,
                    device=SimulatedDevice(name="Pemindai uji"))
    identify(qtbot, w)
    # Case: a digit chooses, Enter goes on.
    qtbot.keyClick(focus(qtbot), Qt.Key.Key_1)
    assert w.case_page.case() is CaseType.BARU
    qtbot.keyClick(focus(qtbot), ENTER)
    assert w.currentId() == RecordingWizard.DOCUMENTS
    # Documents: the first document has the focus, not the supervisor's button.
    first = focus(qtbot)
    assert first is w.documents_page.checks["KK"]
    qtbot.keyClick(first, ENTER)                 # nothing ticked: stays, on the document
    assert w.currentId() == RecordingWizard.DOCUMENTS
    assert focus(qtbot) is first
    qtbot.keyClick(first, Qt.Key.Key_Space)
    qtbot.keyClick(first, ENTER)
    assert w.currentId() == RecordingWizard.DATA
    # Data: the focus is on the name; no field is marked before it is touched.
    page = w.data_page
    assert focus(qtbot) is page.widgets["nama"]
    assert all(label.text() == "" for label in page.errors.values())
    for name, text in (("nama", "Siti Aminah"), ("tempat_lahir", "Palembang")):
        assert focus(qtbot) is page.widgets[name]
        qtbot.keyClicks(page.widgets[name], text)
        qtbot.keyClick(page.widgets[name], ENTER)  # Enter: the next field to fill
    assert focus(qtbot) is page.widgets["golongan_darah"]
    assert page.errors["alamat"].text() == ""      # not touched yet: no message
    fill_data(w)
    # Biometrics: "Rekam semua" first, by its own key; Enter after it goes on.
    bio = w.biometrics_page
    assert focus(qtbot) is bio.capture_all
    assert bio.capture_all.nextInFocusChain() is bio.photo_file  # then the photo
    qtbot.keyClick(bio.capture_all, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    # A button's own key "animates" its click (about 100 ms).
    qtbot.waitUntil(lambda: all(status.text().startswith("terekam")
                                for status, _e, _r in bio.rows.values()))
    assert focus(qtbot) is bio.photo_file          # what is still missing
    qtbot.keyClick(bio.photo_file, Qt.Key.Key_Space)
    bio.signature.stroke([QPointF(20, 90), QPointF(80, 40), QPointF(160, 100)])
    qtbot.keyClick(focus(qtbot), ENTER)
    assert w.currentId() == RecordingWizard.REVIEW
    # Review: Enter saves.
    qtbot.keyClick(focus(qtbot), ENTER)
    operations.wait_all()
    qtbot.waitUntil(lambda: w.result_ is not None)


def test_quality_threshold_is_shown_and_a_weak_finger_is_amber(qtbot, db, clerk, monkeypatch,
                                                              photo):
    from counter_app.domain.recording import Modality
    from counter_app.services.biometric_devices import MIN_QUALITY

    w = make_wizard(qtbot, db, clerk, monkeypatch, photo,
                    device=SimulatedDevice(name="Pemindai uji"))
    bio = w.biometrics_page
    label = bio.findChild(QLabel, "qualityThreshold")
    assert f"Mutu minimal {MIN_QUALITY}" in label.text()
    bio.captures[Modality.R1] = MIN_QUALITY - 1
    bio._refresh_status(Modality.R1)
    status = bio.rows[Modality.R1][0]
    assert "di bawah" in status.text() and "#8a5a00" in status.styleSheet()


@pytest.mark.parametrize("choice", ["kembali", "buang", "simpan"])
def test_esc_with_data_asks_draft_discard_or_back(qtbot, db, clerk, monkeypatch, photo, choice):
    asked = []
    monkeypatch.setattr(wizard_module, "ask_close",
                        lambda parent: asked.append(1) or choice)
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    identify(qtbot, w)
    qtbot.keyClick(focus(qtbot), Qt.Key.Key_Escape)
    assert asked == [1]
    drafts = rec.list_drafts(db, clerk)
    if choice == "kembali":
        assert w.isVisible() and w.currentId() == RecordingWizard.CASE and drafts == []
    elif choice == "buang":
        assert not w.isVisible() and drafts == []
    else:
        assert not w.isVisible() and [d.nik for d in drafts] == [NIK]


def test_tutup_on_an_empty_wizard_closes_without_asking(qtbot, db, clerk, monkeypatch, photo):
    monkeypatch.setattr(wizard_module, "ask_close", lambda parent: pytest.fail("asked"))
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    w.button(QWizard.WizardButton.CancelButton).click()
    assert not w.isVisible()


def test_baru_is_refused_at_the_case_page_after_a_card_was_handed_over(qtbot, db, clerk,
                                                                       monkeypatch, photo):
    first = rec.save_recording(db, clerk, recording("BARU"))
    with db.transaction() as session:
        session.execute(update(Application).where(Application.id == first.application_id)
                        .values(status=Status.HANDED_OVER.value))
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    identify(qtbot, w)
    page = w.case_page
    assert w.currentId() == RecordingWizard.CASE
    assert not page.case_buttons[CaseType.BARU].isEnabled()
    note = page.first_card.text()
    assert first.slip_number in note and "Hilang" in note and "Rusak" in note
    qtbot.keyClick(focus(qtbot), Qt.Key.Key_1)      # BARU's digit does nothing
    assert page.case() is None
    qtbot.keyClick(focus(qtbot), Qt.Key.Key_2)
    assert page.case() is CaseType.HILANG


def test_no_silent_defaults_on_the_data_page(qtbot, db, clerk, monkeypatch, photo):
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    identify(qtbot, w)
    choose_case(w, "BARU")
    tick_documents(w)
    page = w.data_page
    card = page.card()
    assert (card.golongan_darah, card.pekerjaan, card.kelurahan_code) == ("", "", "")
    w.next()  # "Lanjut" shows what must still be chosen
    assert w.currentId() == RecordingWizard.DATA
    assert "golongan darah" in page.errors["golongan_darah"].text().lower()
    assert "pekerjaan" in page.errors["pekerjaan"].text().lower()
    assert page.errors["kelurahan_code"].text()
    # "Tidak Tahu" (SIAK's word) is a real choice; "pelajar" settles on SIAK's name.
    blood = page.widgets["golongan_darah"]
    blood.setCurrentIndex(blood.findText("Tidak Tahu"))
    work = page.widgets["pekerjaan"]
    work.setFocus()
    work.setEditText("pelajar")  # typed (without the completer's popup, offscreen)
    qtbot.keyClick(work, Qt.Key.Key_Tab)
    assert page.card().pekerjaan == "PELAJAR/MAHASISWA"
    assert page.card().golongan_darah == "Tidak Tahu"


def test_wizard_fits_a_1366x768_screen_with_a_taskbar(qtbot, db, clerk, monkeypatch, photo):
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)

    def fits():
        qtbot.wait(5)
        frame, page = w.frameGeometry(), w.currentPage()
        assert frame.width() <= 1366 and frame.height() <= 728, page.title()
        hint = page.minimumSizeHint()  # nothing on the page squeezed below its minimum
        assert hint.width() <= page.width() and hint.height() <= page.height(), page.title()

    fits()
    identify(qtbot, w)
    fits()
    choose_case(w, "HILANG")
    fits()
    tick_documents(w, {"SURAT_KEHILANGAN": {"nomor": "LP/1/2019", "tanggal": "2019-01-08"}})
    fits()
    fill_data(w)
    fits()


def test_a_draft_that_cannot_be_saved_says_why_on_the_page(qtbot, db, clerk, monkeypatch,
                                                           photo):
    from counter_app.domain.errors import ValidationError

    def refuse(*_a, **_k):
        raise ValidationError("Basis data sedang dikunci.")

    monkeypatch.setattr(rec, "save_draft", refuse)
    monkeypatch.setattr(wizard_module, "ask_close", lambda parent: wizard_module.CLOSE_SAVE)
    w = make_wizard(qtbot, db, clerk, monkeypatch, photo)
    identify(qtbot, w)
    qtbot.keyClick(focus(qtbot), Qt.Key.Key_Escape)
    assert w.isVisible()  # nothing lost: the wizard stays open with the reason
    assert w.case_page.error.text() == "Basis data sedang dikunci."
    assert w.case_page.error.is_error
