import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from counter_app.domain.roles import Role
from counter_app.services.office import get_office, load_wilayah
from counter_app.services.users import authenticate, create_user
from counter_app.ui import operations
from counter_app.ui.audit_screen import AuditScreen
from counter_app.ui.counter_screen import CounterScreen
from counter_app.ui.coverage_screen import CoverageScreen
from counter_app.ui.login import LoginDialog
from counter_app.ui.main_window import AREAS, MainWindow, SettingsPage
from counter_app.ui.outreach_office import OutreachOfficeScreen
from counter_app.ui.pickup_screen import PickupScreen
from counter_app.ui.print_and_forward import PrintAndForwardArea
from counter_app.ui.recording.area import RecordingArea
from counter_app.ui.report_screen import ReportScreen
from counter_app.ui.setup_wizard import SetupWizard
from tests.helpers import PASSWORD, make_office, make_user


def _login(qtbot, db, office, username, password=PASSWORD):
    dialog = LoginDialog(db, office)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def test_supervisor_logs_in_and_opens_every_area(qtbot, db):
    office = make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    dialog = _login(qtbot, db, office, "kasi")
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    window = MainWindow(db, dialog.actor, office)
    qtbot.addWidget(window)
    window.show()
    for area in AREAS:
        assert window.open_area(area.key)
        assert window.current_area() == area.key
        page = window.stack.currentWidget()
        assert page.isVisible()
        expected = {"antrean": CounterScreen, "perekaman": RecordingArea,
                    "cetak": PrintAndForwardArea, "pengambilan": PickupScreen,
                    "laporan": ReportScreen, "cakupan": CoverageScreen, "audit": AuditScreen,
                    "pengaturan": SettingsPage, "jemputbola": OutreachOfficeScreen}
        assert isinstance(page, expected[area.key])
        if area.key == "antrean":
            assert page.counter.currentText() == "Loket 1"
        if area.key == "perekaman":
            assert "perekaman tanpa tiket" in page.ticket_label.text()


def test_keyboard_shortcuts_switch_areas(qtbot, db):
    office = make_office(db)
    actor = make_user(db, "kasi", Role.SUPERVISOR)
    window = MainWindow(db, actor, office)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window.nav, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "laporan"
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "antrean"


def test_camat_sees_reports_only(qtbot, db):
    office = make_office(db)
    camat = make_user(db, "camat", Role.CAMAT)
    window = MainWindow(db, camat, office)
    qtbot.addWidget(window)
    assert window.current_area() == "laporan"
    assert not window.open_area("perekaman")
    assert window.current_area() == "laporan"
    assert "tidak membuka Perekaman" in window.statusBar().currentMessage()
    item = window.nav.item(1)
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled


def test_admin_settings_list_users(qtbot, db):
    office = make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    window = MainWindow(db, admin, office)
    qtbot.addWidget(window)
    window.open_area("pengaturan")
    table = window.findChild(type(window.stack), "areaStack").currentWidget().findChild(
        object, "usersTable")
    assert table.rowCount() == 1 and table.item(0, 0).text() == "admin"


def test_wrong_password_shows_message_and_stays(qtbot, db):
    office = make_office(db)
    dialog = _login(qtbot, db, office, "admin", "salah-salah")
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.error.text() == "Nama pengguna atau kata sandi salah."
    assert dialog.password.text() == ""


def test_user_must_change_password_at_first_login(qtbot, db, monkeypatch):
    office = make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    create_user(db, admin, username="petugas1", full_name="Petugas Satu", role=Role.OPERATOR,
                password="sementara1")
    from counter_app.ui import login as login_module

    def fill_and_accept(self):
        self.new.setText("baru-sekali")
        self.repeat.setText("baru-sekali")
        self.save()
        return self.result()

    monkeypatch.setattr(login_module.ChangePasswordDialog, "exec", fill_and_accept)
    dialog = _login(qtbot, db, office, "petugas1", "sementara1")
    assert dialog.actor is not None and not dialog.actor.must_change_password
    assert authenticate(db, "petugas1", "baru-sekali")


def test_guided_setup_creates_an_office(qtbot, db):
    wizard = SetupWizard(db, load_wilayah(db))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == SetupWizard.PAGE_WELCOME
    assert wizard.welcome.demo.isChecked()  # the default for a newcomer
    wizard.welcome.own.setChecked(True)
    wizard.next()
    page = wizard.office_page
    assert wizard.currentId() == SetupWizard.PAGE_OFFICE
    page.kecamatan.setCurrentIndex(page.kecamatan.findData("16.71.07"))
    page.camat_nip.setText("123")
    wizard.next()
    assert wizard.currentId() == SetupWizard.PAGE_OFFICE
    assert "NIP terdiri dari 18 angka" in page.error.text()
    page.camat_nip.setText("")
    page.counters.setValue(4)
    wizard.next()
    admin = wizard.admin_page
    admin.full_name.setText("Admin Sukarami")
    admin.password.setText("kata-sandi-1")
    admin.repeat.setText("kata-sandi-2")
    wizard.next()
    assert "tidak sama" in admin.error.text()
    admin.repeat.setText("kata-sandi-1")
    wizard.next()
    assert wizard.currentId() == SetupWizard.PAGE_DONE
    wizard.button(QWizard.WizardButton.FinishButton).click()
    office = get_office(db)
    assert office.kecamatan_name == "Sukarami" and len(office.counters) == 4
    assert authenticate(db, "admin", "kata-sandi-1").full_name == "Admin Sukarami"


def test_guided_setup_demo_office(qtbot, db):
    wizard = SetupWizard(db, load_wilayah(db), demo_days=1)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == SetupWizard.PAGE_DONE
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    # The demo is made in the background: the wizard stays open, its buttons wait, and
    # the page says what is being made; it closes by itself once the office exists.
    assert wizard.isVisible() and not finish.isEnabled()
    assert "kantor contoh" in wizard.done_page.error.text()
    finish.click()  # a second click while it works starts nothing more
    operations.wait_all()
    assert wizard.result() == QWizard.DialogCode.Accepted and not wizard.isVisible()
    assert wizard.office is not None and wizard.office.kecamatan_name == "Ilir Barat Satu"
    assert get_office(db).kecamatan_name == "Ilir Barat Satu"
    assert authenticate(db, "petugas1", "demo1234").role is Role.OPERATOR
    from counter_app.services.recording import list_applications

    assert list_applications(db)  # a working day of activity, made at once


def test_a_demo_that_cannot_be_made_says_why_and_the_wizard_stays_usable(qtbot, db):
    make_office(db)  # another start made an office meanwhile
    wizard = SetupWizard(db, load_wilayah(db), demo_days=1)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    wizard.next()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    finish.click()
    operations.wait_all()
    assert wizard.isVisible() and wizard.office is None
    assert wizard.done_page.error.is_error and wizard.done_page.error.text()
    assert finish.isEnabled() and wizard.button(QWizard.WizardButton.BackButton).isEnabled()


@pytest.mark.parametrize("typed", ["Sukarami", "16.71.07"])
def test_kecamatan_combo_accepts_listed_text(qtbot, db, typed):
    wizard = SetupWizard(db, load_wilayah(db))
    qtbot.addWidget(wizard)
    page = wizard.office_page
    index = next(i for i in range(page.kecamatan.count()) if typed in page.kecamatan.itemText(i))
    page.kecamatan.setCurrentIndex(index)
    assert page.kecamatan_code() == "16.71.07"
