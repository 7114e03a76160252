"""The guided set-up on a first start: the office profile and its first admin, or the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.db import Database
from counter_app.domain.errors import ValidationError
from counter_app.domain.wilayah import Wilayah
from counter_app.services.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_office
from counter_app.services.office import OfficeProfile, clean_nip, clean_text, initialize_office
from counter_app.services.users import validate_full_name, validate_password, validate_username
from counter_app.ui import operations
from counter_app.ui.messages import MessageLine

PALEMBANG = "16.71"


def _passes(line: MessageLine, check: Callable[[], None]) -> bool:
    """Run a page's checks: the first problem shows on the page's line, else it clears."""
    if not line.attempt(check):
        return False
    line.clear()
    return True


class WelcomePage(QWizardPage):
    """Explains the app and offers the two ways in: a real office or the demo."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Selamat datang di Loket KTP-el")
        self.setSubTitle("Basis data masih kosong. Pilih cara memulai.")
        self.own = QRadioButton("Siapkan kantor kecamatan saya (profil kantor dan admin pertama)")
        self.demo = QRadioButton(
            "Coba kantor contoh: Kecamatan Ilir Barat Satu, Kota Palembang (data demo)"
        )
        self.own.setObjectName("setupOwn")
        self.demo.setObjectName("setupDemo")
        # A newcomer trying the app lands in the demo office; a real office picks "own".
        self.demo.setChecked(True)
        users = ", ".join(u.username for u in DEMO_USERS)
        note = QLabel(f"Kantor contoh berisi kegiatan beberapa hari kerja terakhir. Akun: {users};"
                      f" kata sandi semuanya <b>{DEMO_PASSWORD}</b>.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own)
        layout.addWidget(self.demo)
        layout.addSpacing(12)
        layout.addWidget(note)

    def nextId(self) -> int:
        return SetupWizard.PAGE_DONE if self.demo.isChecked() else SetupWizard.PAGE_OFFICE


class OfficePage(QWizardPage):
    """The kecamatan, address, camat and number of counters."""

    def __init__(self, wilayah: Wilayah) -> None:
        super().__init__()
        self.setTitle("Profil kantor")
        self.setSubTitle("Data ini muncul pada kop surat, tanda terima dan laporan harian.")
        self.kecamatan = QComboBox(objectName="kecamatan")
        self.kecamatan.setEditable(True)
        for region in wilayah.kecamatan_of(PALEMBANG):
            other = f" ({', '.join(region.other_names)})" if region.other_names else ""
            self.kecamatan.addItem(f"{region.name}{other} - {region.code}", region.code)
        completer = self.kecamatan.completer()
        if completer is not None:  # an editable combo box always has one
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.address = QLineEdit(objectName="address")
        self.phone = QLineEdit(objectName="phone")
        self.camat_name = QLineEdit(objectName="camatName")
        self.camat_nip = QLineEdit(objectName="camatNip")
        self.camat_nip.setPlaceholderText("18 digit")
        self.counters = QSpinBox(objectName="counters", minimum=1, maximum=20, value=2)
        self.error = MessageLine("officeError")
        form = QFormLayout(self)
        form.addRow("Kecamatan (Kota Palembang)", self.kecamatan)
        form.addRow("Alamat kantor", self.address)
        form.addRow("Telepon", self.phone)
        form.addRow("Nama camat", self.camat_name)
        form.addRow("NIP camat", self.camat_nip)
        form.addRow("Jumlah loket", self.counters)
        form.addRow(self.error)

    def kecamatan_code(self) -> str:
        """The chosen code; typed text is matched to an item when it is exact."""
        index = self.kecamatan.findText(self.kecamatan.currentText())
        return str(self.kecamatan.itemData(index)) if index >= 0 else ""

    def validatePage(self) -> bool:
        return _passes(self.error, self._check)

    def _check(self) -> None:
        if not self.kecamatan_code():
            raise ValidationError("Pilih kecamatan dari daftar.")
        clean_text(self.address.text(), "address", "Alamat kantor", 300)
        clean_text(self.camat_name.text(), "camat_name", "Nama camat", 100)
        clean_nip(self.camat_nip.text())


class AdminPage(QWizardPage):
    """The first admin account."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Admin pertama")
        self.setSubTitle("Admin mengelola pengguna, loket dan pengaturan.")
        self.username = QLineEdit("admin", objectName="adminUsername")
        self.full_name = QLineEdit(objectName="adminFullName")
        self.password = QLineEdit(objectName="adminPassword", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="adminRepeat", echoMode=QLineEdit.EchoMode.Password)
        self.error = MessageLine("adminError")
        form = QFormLayout(self)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Nama lengkap", self.full_name)
        form.addRow("Kata sandi", self.password)
        form.addRow("Ulangi kata sandi", self.repeat)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        return _passes(self.error, self._check)

    def _check(self) -> None:
        validate_username(self.username.text())
        validate_full_name(self.full_name.text())
        validate_password(self.password.text())
        if self.password.text() != self.repeat.text():
            raise ValidationError("Kedua kata sandi tidak sama.")

    def nextId(self) -> int:
        return SetupWizard.PAGE_DONE


class DonePage(QWizardPage):
    """The last page: the office is created when the user presses Selesai."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Siap")
        self.setSubTitle("Tekan Selesai untuk membuat kantor, lalu masuk dengan akun admin.")
        self.error = MessageLine("setupDoneError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        if wizard.office is not None:
            return True  # made in the background (the demo): Selesai may close now
        if wizard.welcome.demo.isChecked():
            wizard.start_demo()
            return False
        return self.error.attempt(wizard.create_office)


class SetupWizard(QWizard):
    """Leads a first start to a working office; ``office`` is set once it exists."""

    PAGE_WELCOME, PAGE_OFFICE, PAGE_ADMIN, PAGE_DONE = range(4)

    def __init__(self, db: Database, wilayah: Wilayah, parent: QWidget | None = None,
                 demo_days: int = 5) -> None:
        super().__init__(parent)
        self.demo_days = demo_days
        self.setWindowTitle("Penyiapan Loket KTP-el")
        self.setMinimumSize(640, 460)
        self._db = db
        self.office: OfficeProfile | None = None
        self.demo_chosen = False
        self._making_demo = False
        self.welcome = WelcomePage()
        self.office_page = OfficePage(wilayah)
        self.admin_page = AdminPage()
        self.done_page = DonePage()
        self.setPage(self.PAGE_WELCOME, self.welcome)
        self.setPage(self.PAGE_OFFICE, self.office_page)
        self.setPage(self.PAGE_ADMIN, self.admin_page)
        self.setPage(self.PAGE_DONE, self.done_page)
        self.setButtonText(QWizard.WizardButton.NextButton, "Lanjut >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Kembali")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Selesai")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Batal")

    def start_demo(self) -> None:
        """Make the demo office and its days of activity in the background.

        A few seconds of work: the wizard stays responsive, shows the day it is filling,
        and closes by itself once the office exists (a failure is shown on the page).
        """
        if self._making_demo:
            return
        self._making_demo = True
        line, days = self.done_page.error, self.demo_days
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(False)

        def step(done: int, total: int) -> None:
            text = f"Mengisi data contoh: hari {done} dari {total}..."

            def show() -> None:
                if shiboken6.isValid(line):
                    line.progress(text)

            operations.on_gui_thread(show)

        def work() -> OfficeProfile:
            from counter_app.domain.clock import office_day, utc_now
            from counter_app.services.demo_data import fill_demo

            office = create_demo_office(self._db)
            if days:
                fill_demo(self._db, office_day(utc_now()) - dt.timedelta(days=1), days,
                          progress=step)
            return office

        def made(office: OfficeProfile) -> None:
            self.office, self.demo_chosen = office, True
            self.accept()

        def usable() -> None:
            self._making_demo = False
            for which in (QWizard.WizardButton.FinishButton,
                          QWizard.WizardButton.BackButton,
                          QWizard.WizardButton.CancelButton):
                self.button(which).setEnabled(True)

        operations.run(line, work, made, always=usable, busy="Membuat kantor contoh...")

    def create_office(self) -> None:
        """Create the chosen office through the services (one transaction)."""
        page, admin = self.office_page, self.admin_page
        self.office = initialize_office(
            self._db, kecamatan_code=page.kecamatan_code(),
            admin_username=admin.username.text(), admin_password=admin.password.text(),
            admin_full_name=admin.full_name.text(), address=page.address.text(),
            phone=page.phone.text(), camat_name=page.camat_name.text(),
            camat_nip=page.camat_nip.text(), counters=page.counters.value(),
        )

