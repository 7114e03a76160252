"""The recording wizard (Perekaman): one walk-in from the NIK to the slip in their hand.

Six pages: identify, case, documents, data, biometrics, review. Every rule is a
domain or service call; the pages show its message next to the field. Going back
keeps everything typed (QWizard keeps its pages), a draft can be saved and resumed,
and a recording can be cancelled with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from counter_app.db import Database
from counter_app.domain.cases import (
    CASE_LABELS,
    ELEMENT_LABELS,
    CaseType,
    DataElement,
    Document,
    required_documents,
)
from counter_app.domain.clock import local, utc_now
from counter_app.domain.eligibility import check_eligibility
from counter_app.domain.errors import CounterError, PrinterError, ValidationError
from counter_app.domain.kk import parse_kk
from counter_app.domain.nik import NikInfo, parse_nik
from counter_app.domain.recording import (
    ELEMENT_FIELDS,
    EXCEPTION_REASONS,
    CardData,
    Modality,
    biometric_problems,
    check_card,
    missing_documents,
)
from counter_app.domain.reference import (
    AGAMA,
    GOLONGAN_DARAH,
    JENIS_KELAMIN,
    KEWARGANEGARAAN,
    STATUS_PERKAWINAN,
    pekerjaan,
)
from counter_app.domain.routing import explain_route, route_for
from counter_app.domain.wilayah import Region, Wilayah
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.biometric_devices import CaptureDevice, SimulatedDevice
from counter_app.services.office import OfficeProfile
from counter_app.ui import dialogs
from counter_app.ui.recording.signature_pad import SignaturePad

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


def _error_label(name: str = "") -> QLabel:
    label = QLabel(wordWrap=True, objectName=name)
    label.setStyleSheet(ERROR_STYLE)
    return label


def _with_error(widget: QWidget, name: str) -> tuple[QWidget, QLabel]:
    """A field with its message line under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = _error_label(f"error_{name}")
    layout.addWidget(error)
    return box, error


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _today() -> dt.date:
    return local(utc_now()).date()


@dataclass
class WizardContext:
    """What every page may read: where, who, and what is known so far."""

    db: Database
    actor: Actor
    office: OfficeProfile
    wilayah: Wilayah
    device: CaptureDevice
    ticket_id: int | None = None
    ticket_number: str | None = None
    outreach_event_id: int | None = None
    lookup: rec.ApplicantLookup | None = None
    override: rec.OverrideGrant | None = None
    draft_id: int | None = None


class IdentifyPage(QWizardPage):
    """NIK and nomor KK, typed or scanned (a scanner types the digits and Enter)."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("1. Identitas")
        self.setSubTitle("Ketik atau pindai NIK dan nomor KK pemohon.")
        self.nik = QLineEdit(objectName="nik", maxLength=24)
        self.nik.setPlaceholderText("16 digit")
        self.kk = QLineEdit(objectName="kk", maxLength=24)
        self.kk.setPlaceholderText("16 digit")
        for field in (self.nik, self.kk):
            field.setStyleSheet("font-size: 16pt; letter-spacing: 2px;")
            field.setMaximumWidth(420)
        nik_box, self.nik_error = _with_error(self.nik, "nik")
        kk_box, self.kk_error = _with_error(self.kk, "kk")
        self.nik_info = QLabel(objectName="nikInfo", wordWrap=True)
        self.nik_info.setStyleSheet(OK_STYLE)
        self.history = QListWidget(objectName="history")
        self.history.setMaximumHeight(120)
        self.history_label = QLabel("Permohonan sebelumnya:")
        self.history.setVisible(False)
        self.history_label.setVisible(False)
        form = QFormLayout(self)
        form.addRow("NIK", nik_box)
        form.addRow("", self.nik_info)
        form.addRow("Nomor KK", kk_box)
        form.addRow(self.history_label)
        form.addRow(self.history)
        self.nik.textChanged.connect(self.check_nik)
        self.kk.textChanged.connect(self.check_kk)
        self.nik.returnPressed.connect(self.kk.setFocus)
        self.kk.returnPressed.connect(lambda: self.wizard().next())

    def nik_value(self) -> NikInfo | None:
        """The parsed NIK, or None while it is not valid."""
        try:
            return parse_nik(self.nik.text(), today=_today())
        except ValidationError:
            return None

    def check_nik(self) -> None:
        """Live check: the message, what the NIK says, and a returning applicant's data."""
        self.nik_info.clear()
        self.history.clear()
        self.history.setVisible(False)
        self.history_label.setVisible(False)
        self.ctx.lookup = None
        try:
            info = parse_nik(self.nik.text(), today=_today())
        except ValidationError as exc:
            self.nik_error.setText(exc.message if len(self.nik.text().strip()) >= 16 else "")
            return
        self.nik_error.clear()
        sex = JENIS_KELAMIN[info.sex].lower()
        self.nik_info.setText(f"{sex}, lahir {info.birth_date:%d-%m-%Y}, NIK diterbitkan di "
                              f"{info.province_name} ({info.district_code}).")
        try:
            lookup = rec.lookup_applicant(self.ctx.db, info.nik)
        except CounterError as exc:
            self.nik_error.setText(exc.message)
            return
        self.ctx.lookup = lookup
        if lookup.card is not None:
            self.nik_info.setText(self.nik_info.text() + f"\nPemohon lama: {lookup.card.nama}."
                                  " Data terakhir diisi otomatis.")
            if lookup.kk and not self.kk.text().strip():
                self.kk.setText(lookup.kk)
        if lookup.applications:
            self.history_label.setVisible(True)
            self.history.setVisible(True)
            for app in lookup.applications:
                self.history.addItem(f"{app.slip_number}  {app.day:%d-%m-%Y}  "
                                     f"{app.case_type.label}  -  {app.status.label}")

    def check_kk(self) -> None:
        """Live check of the nomor KK."""
        if len(self.kk.text().strip()) < 16:
            self.kk_error.clear()
            return
        try:
            parse_kk(self.kk.text(), today=_today())
            self.kk_error.clear()
        except ValidationError as exc:
            self.kk_error.setText(exc.message)

    def validatePage(self) -> bool:
        ok = True
        try:
            parse_nik(self.nik.text(), today=_today())
        except ValidationError as exc:
            self.nik_error.setText(exc.message)
            ok = False
        try:
            parse_kk(self.kk.text(), today=_today())
        except ValidationError as exc:
            self.kk_error.setText(exc.message)
            ok = False
        if not ok:
            return False
        if self.ctx.lookup is None:
            self.check_nik()
        open_app = self.ctx.lookup.open_application if self.ctx.lookup else None
        if open_app is not None and not dialogs.ask(
            self, "Permohonan masih berjalan",
            f"Pemohon ini masih punya permohonan {open_app.slip_number} "
            f"({open_app.case_type.label}, {open_app.status.label.lower()}).\n"
            "Tetap mulai permohonan baru?",
        ):
            return False
        return True


class CasePage(QWizardPage):
    """Why they came, which elements change, and whether they may be recorded."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("2. Jenis permohonan")
        self.setSubTitle("Pilih jenis permohonan. Kelayakan diperiksa dari tanggal lahir dan "
                         "status perkawinan.")
        self.cases = QButtonGroup(self)
        case_box = QGroupBox("Jenis permohonan")
        case_layout = QVBoxLayout(case_box)
        self.case_buttons: dict[CaseType, QRadioButton] = {}
        for index, case in enumerate(CaseType):
            button = QRadioButton(CASE_LABELS[case], objectName=f"case_{case.value}")
            self.cases.addButton(button, index)
            self.case_buttons[case] = button
            case_layout.addWidget(button)
        self.elements_box = QGroupBox("Elemen data yang berubah")
        grid = QGridLayout(self.elements_box)
        self.element_checks: dict[DataElement, QCheckBox] = {}
        for index, element in enumerate(DataElement):
            check = QCheckBox(ELEMENT_LABELS[element], objectName=f"element_{element.value}")
            self.element_checks[element] = check
            grid.addWidget(check, index // 3, index % 3)
        self.status = QComboBox(objectName="caseStatusPerkawinan")
        self.status.addItems(STATUS_PERKAWINAN)
        self.eligibility = QLabel(objectName="eligibility", wordWrap=True)
        self.error = _error_label("caseError")
        layout = QVBoxLayout(self)
        layout.addWidget(case_box)
        layout.addWidget(self.elements_box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Status perkawinan"))
        row.addWidget(self.status)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.eligibility)
        layout.addWidget(self.error)
        self.cases.idToggled.connect(lambda *_: self.refresh())
        self.status.currentIndexChanged.connect(lambda *_: self.refresh())
        self.refresh()

    def initializePage(self) -> None:
        lookup = self.ctx.lookup
        if lookup and lookup.card is not None and self.cases.checkedId() < 0:
            self.status.setCurrentText(lookup.card.status_perkawinan)
        self.refresh()

    def case(self) -> CaseType | None:
        """The chosen case."""
        checked = self.cases.checkedId()
        return list(CaseType)[checked] if checked >= 0 else None

    def elements(self) -> frozenset[DataElement]:
        """The chosen changed elements (PERUBAHAN_DATA only)."""
        if self.case() is not CaseType.PERUBAHAN_DATA:
            return frozenset()
        return frozenset(e for e, c in self.element_checks.items() if c.isChecked())

    def refresh(self) -> None:
        """Enable the elements for PERUBAHAN_DATA and show the eligibility verdict."""
        self.elements_box.setEnabled(self.case() is CaseType.PERUBAHAN_DATA)
        page = self.wizard()
        identify = page.identify if isinstance(page, RecordingWizard) else None
        nik = identify.nik_value() if identify else None
        if nik is None:
            self.eligibility.clear()
            return
        verdict = check_eligibility(nik.birth_date, self.status.currentText(), _today())
        self.eligibility.setText(verdict.message)
        self.eligibility.setStyleSheet(OK_STYLE if verdict.may_record else ERROR_STYLE)

    def validatePage(self) -> bool:
        case = self.case()
        if case is None:
            self.error.setText("Pilih jenis permohonan.")
            return False
        if case is CaseType.PERUBAHAN_DATA and not self.elements():
            self.error.setText("Pilih minimal satu elemen data yang berubah.")
            return False
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        nik = wizard.identify.nik_value()
        assert nik is not None
        verdict = check_eligibility(nik.birth_date, self.status.currentText(), _today())
        if not verdict.may_record:
            self.error.setText(verdict.message)
            return False
        self.error.clear()
        return True


class DocumentsPage(QWizardPage):
    """The checklist for the case and each changed element; a supervisor may override."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("3. Dokumen")
        self.setSubTitle("Centang dokumen yang diperiksa. Barang yang diserahkan disimpan "
                         "kantor.")
        self.checks: dict[str, QCheckBox] = {}
        self.details: dict[str, dict[str, QWidget]] = {}
        self.list_box = QVBoxLayout()
        self.override_button = QPushButton("Minta persetujuan supervisor...",
                                           objectName="overrideButton")
        self.override_label = QLabel(objectName="overrideLabel", wordWrap=True)
        self.error = _error_label("documentsError")
        layout = QVBoxLayout(self)
        layout.addLayout(self.list_box)
        layout.addStretch(1)
        layout.addWidget(self.override_button)
        layout.addWidget(self.override_label)
        layout.addWidget(self.error)
        self.override_button.clicked.connect(self.ask_override)
        self._built_for: tuple[CaseType, frozenset[DataElement]] | None = None

    def _documents(self) -> tuple[Document, ...]:
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        case = wizard.case_page.case()
        assert case is not None
        return required_documents(case, wizard.case_page.elements())

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        key = (wizard.case_page.case() or CaseType.BARU, wizard.case_page.elements())
        if key == self._built_for:
            return  # the same checklist: keep what was ticked
        self._built_for = key
        previous = {code: check.isChecked() for code, check in self.checks.items()}
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.checks.clear()
        self.details.clear()
        for doc in self._documents():
            check = QCheckBox(doc.label, objectName=f"doc_{doc.code}")
            check.setChecked(previous.get(doc.code, False))
            self.checks[doc.code] = check
            self.list_box.addWidget(check)
            if doc.details:
                row = QWidget()
                form = QFormLayout(row)
                form.setContentsMargins(24, 0, 0, 0)
                fields: dict[str, QWidget] = {}
                if "nomor" in doc.details:
                    fields["nomor"] = QLineEdit(objectName=f"doc_{doc.code}_nomor")
                    form.addRow("Nomor surat", fields["nomor"])
                if "tanggal" in doc.details:
                    date = QDateEdit(_qdate(_today()), objectName=f"doc_{doc.code}_tanggal")
                    date.setDisplayFormat("dd-MM-yyyy")
                    date.setCalendarPopup(True)
                    fields["tanggal"] = date
                    form.addRow("Tanggal surat", date)
                self.details[doc.code] = fields
                self.list_box.addWidget(row)
        self.ctx.override = None
        self.override_label.clear()

    def labels(self) -> dict[str, str]:
        """Each document's name, in checklist order."""
        return {code: check.text() for code, check in self.checks.items()}

    def ticked(self) -> dict[str, bool]:
        """Each document's tick."""
        return {code: check.isChecked() for code, check in self.checks.items()}

    def detail_values(self) -> dict[str, dict[str, str]]:
        """The police report's number and date (and any other detail)."""
        values: dict[str, dict[str, str]] = {}
        for code, fields in self.details.items():
            entry = {}
            for name, widget in fields.items():
                if isinstance(widget, QLineEdit):
                    entry[name] = widget.text().strip()
                elif isinstance(widget, QDateEdit):
                    entry[name] = _pydate(widget.date()).isoformat()
            values[code] = entry
        return values

    def problems(self) -> list[str]:
        """What is missing, by the domain's checklist rules."""
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        case = wizard.case_page.case()
        assert case is not None
        return missing_documents(case, wizard.case_page.elements(), self.ticked(),
                                 self.detail_values(), _today())

    def ask_override(self) -> None:
        """A supervisor approves going on without every document (their password, a reason)."""
        answer = dialogs.ask_credentials(
            self, "Persetujuan supervisor",
            "Dokumen belum lengkap. Supervisor dapat menyetujui perekaman dengan alasan; "
            "persetujuan dicatat.")
        if answer is None:
            return
        username, password, reason = answer
        try:
            self.ctx.override = rec.authorize_override(self.ctx.db, username, password, reason)
        except CounterError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        self.override_label.setText(f"Disetujui oleh {self.ctx.override.username}: "
                                    f"{self.ctx.override.reason}")
        self.override_label.setStyleSheet(OK_STYLE)

    def validatePage(self) -> bool:
        problems = self.problems()
        if problems and self.ctx.override is None:
            self.error.setText("\n".join(problems))
            return False
        self.error.clear()
        return True


FIELDS = ("nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "golongan_darah", "agama",
          "status_perkawinan", "pekerjaan", "kewarganegaraan", "alamat", "rt", "rw",
          "kelurahan_code", "phone")
FIELD_LABELS = {
    "nama": "Nama lengkap", "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir",
    "jenis_kelamin": "Jenis kelamin", "golongan_darah": "Golongan darah", "agama": "Agama",
    "status_perkawinan": "Status perkawinan", "pekerjaan": "Pekerjaan",
    "kewarganegaraan": "Kewarganegaraan", "alamat": "Alamat", "rt": "RT", "rw": "RW",
    "kelurahan_code": "Kelurahan", "phone": "Telepon (untuk kabar KTP-el siap)",
}


class DataPage(QWizardPage):
    """Every KTP-el field; for PERUBAHAN_DATA old values beside the new, only chosen ones open."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("4. Data KTP-el")
        self.setSubTitle("Tanggal lahir dan jenis kelamin dicocokkan dengan NIK.")
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.old: dict[str, QLabel] = {}
        self.widgets["nama"] = QLineEdit(objectName="nama", maxLength=100)
        self.widgets["tempat_lahir"] = QLineEdit(objectName="tempat_lahir", maxLength=60)
        birth = QDateEdit(objectName="tanggal_lahir")
        birth.setDisplayFormat("dd-MM-yyyy")
        birth.setCalendarPopup(True)
        birth.setMinimumDate(QDate(1900, 1, 1))
        self.widgets["tanggal_lahir"] = birth
        for name, items in (("jenis_kelamin", [f"{k} - {v}" for k, v in JENIS_KELAMIN.items()]),
                            ("golongan_darah", list(GOLONGAN_DARAH)), ("agama", list(AGAMA)),
                            ("status_perkawinan", list(STATUS_PERKAWINAN)),
                            ("pekerjaan", list(pekerjaan())),
                            ("kewarganegaraan", list(KEWARGANEGARAAN))):
            combo = QComboBox(objectName=name)
            combo.addItems(items)
            if name == "pekerjaan":
                combo.setEditable(True)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
                combo.completer().setCompletionMode(combo.completer().CompletionMode
                                                    .PopupCompletion)
            self.widgets[name] = combo
        self.widgets["alamat"] = QLineEdit(objectName="alamat", maxLength=200)
        self.widgets["rt"] = QLineEdit(objectName="rt", maxLength=3)
        self.widgets["rw"] = QLineEdit(objectName="rw", maxLength=3)
        self.kelurahan_search = QLineEdit(objectName="kelurahanSearch")
        self.kelurahan_search.setPlaceholderText("ketik nama kelurahan, mis. 26 ilir")
        kelurahan = QComboBox(objectName="kelurahan_code")
        self.widgets["kelurahan_code"] = kelurahan
        self.widgets["phone"] = QLineEdit(objectName="phone", maxLength=20)
        self._kelurahan: list[Region] = ctx.wilayah.children(ctx.office.kecamatan_code)
        self._fill_kelurahan(self._kelurahan)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("<b>Data lama</b>", objectName="oldHeader"), 0, 1)
        grid.addWidget(QLabel("<b>Data</b>"), 0, 2)
        for row, name in enumerate(FIELDS, start=1):
            grid.addWidget(QLabel(FIELD_LABELS[name]), row, 0)
            self.old[name] = QLabel(objectName=f"old_{name}")
            self.old[name].setStyleSheet("color: #555;")
            grid.addWidget(self.old[name], row, 1)
            widget = self.widgets[name]
            if name == "kelurahan_code":
                holder = QWidget()
                line = QHBoxLayout(holder)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(self.kelurahan_search, 1)
                line.addWidget(kelurahan, 2)
                widget = holder
            box, self.errors[name] = _with_error(widget, name)
            grid.addWidget(box, row, 2)
        grid.setColumnStretch(2, 1)
        self.kelurahan_search.textEdited.connect(self.search_kelurahan)
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(self.check)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda *_: self.check())
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(lambda *_: self.check())
        self._filled_for: str | None = None

    def _fill_kelurahan(self, regions: list[Region]) -> None:
        combo = self.widgets["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for region in regions:
            other = f" ({', '.join(region.other_names)})" if region.other_names else ""
            combo.addItem(f"{region.name}{other}", region.code)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else (0 if regions else -1))
        combo.blockSignals(False)

    def search_kelurahan(self, text: str) -> None:
        """Typing "35 ilir" or "tiga puluh lima" narrows the list to the matches, best first."""
        if not text.strip():
            self._fill_kelurahan(self._kelurahan)
            return
        found = self.ctx.wilayah.search(text, parent_code=self.ctx.office.kecamatan_code,
                                        level=None)
        self._fill_kelurahan(found)
        combo = self.widgets["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        if found:
            combo.setCurrentIndex(0)
        self.check()

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        nik = wizard.identify.nik_value()
        assert nik is not None
        if self._filled_for != nik.nik:
            # A new person: start from their last data, else from what the NIK says.
            self._filled_for = nik.nik
            lookup = self.ctx.lookup
            if lookup and lookup.card is not None:
                self.set_card(lookup.card)
            else:
                self.set_value("tanggal_lahir", nik.birth_date)
                self.set_value("jenis_kelamin", nik.sex)
            self.set_value("status_perkawinan", wizard.case_page.status.currentText())
        self._apply_case(wizard.case_page.case(), wizard.case_page.elements())

    def _apply_case(self, case: CaseType | None, elements: frozenset[DataElement]) -> None:
        lookup = self.ctx.lookup
        old = lookup.card if lookup else None
        show_old = case is CaseType.PERUBAHAN_DATA and old is not None
        editable = {f for e in elements for f in ELEMENT_FIELDS[e]} | {"phone"}
        for name in FIELDS:
            self.old[name].setText(self._display(old, name) if show_old and old else "")
            self.old[name].setVisible(show_old)
            enabled = not show_old or name in editable
            self.widgets[name].setEnabled(enabled)
            if name == "kelurahan_code":
                self.kelurahan_search.setEnabled(enabled)
            if show_old and old is not None and name not in editable:
                self.set_value(name, getattr(old, name))
        header = self.findChild(QLabel, "oldHeader")
        if header is not None:
            header.setVisible(show_old)

    def _display(self, card: CardData, name: str) -> str:
        value = getattr(card, name)
        if name == "tanggal_lahir":
            return f"{value:%d-%m-%Y}"
        if name == "kelurahan_code":
            region = self.ctx.wilayah.get(value)
            return region.name if region else str(value)
        return str(value)

    def set_value(self, name: str, value: object) -> None:
        """Put a value into a field's widget."""
        widget = self.widgets[name]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QDateEdit) and isinstance(value, dt.date):
            widget.setDate(_qdate(value))
        elif isinstance(widget, QComboBox):
            if name == "kelurahan_code":
                self.kelurahan_search.clear()
                self._fill_kelurahan(self._kelurahan)
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif name == "jenis_kelamin":
                widget.setCurrentIndex(0 if value == "L" else 1)
            else:
                index = widget.findText(str(value))
                if index >= 0:
                    widget.setCurrentIndex(index)

    def set_card(self, card: CardData) -> None:
        """Fill every field from a card."""
        for name in FIELDS:
            self.set_value(name, getattr(card, name))

    def card(self) -> CardData:
        """The fields as typed (unchecked)."""
        def text(name: str) -> str:
            widget = self.widgets[name]
            if isinstance(widget, QLineEdit):
                return widget.text()
            assert isinstance(widget, QComboBox)
            if name == "kelurahan_code":
                return str(widget.currentData() or "")
            if name == "jenis_kelamin":
                return widget.currentText()[:1]
            return widget.currentText()

        birth = self.widgets["tanggal_lahir"]
        assert isinstance(birth, QDateEdit)
        return CardData(
            nama=text("nama"), tempat_lahir=text("tempat_lahir"),
            tanggal_lahir=_pydate(birth.date()), jenis_kelamin=text("jenis_kelamin"),
            golongan_darah=text("golongan_darah"), agama=text("agama"),
            status_perkawinan=text("status_perkawinan"), pekerjaan=text("pekerjaan"),
            kewarganegaraan=text("kewarganegaraan"), alamat=text("alamat"), rt=text("rt"),
            rw=text("rw"), kelurahan_code=text("kelurahan_code"), phone=text("phone"))

    def check(self) -> bool:
        """Show every field's problem next to it; True when there is none."""
        wizard = self.wizard()
        if not isinstance(wizard, RecordingWizard):
            return False
        nik = wizard.identify.nik_value()
        if nik is None:
            return False
        codes = [r.code for r in self._kelurahan]
        _cleaned, problems = check_card(self.card(), nik.nik, codes, _today())
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
        if "nik" in problems:
            self.errors["tanggal_lahir"].setText(problems["nik"])
        return not problems

    def validatePage(self) -> bool:
        return self.check()


class BiometricsPage(QWizardPage):
    """Photo, signature, ten fingers and two irises; an exception never blocks."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("5. Biometrik")
        self.setSubTitle(f"Perangkat: {ctx.device.name}. Bila jari atau mata tidak dapat "
                         "direkam, tandai pengecualian dengan alasannya dan foto "
                         "pengecualian.")
        self.photo: bytes | None = None
        self.exception_photo: bytes | None = None
        self.captures: dict[Modality, int] = {}
        self.photo_view = QLabel("Belum ada foto", objectName="photoView")
        self.photo_view.setFixedSize(150, 190)
        self.photo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_view.setStyleSheet("border: 1px solid #9aa5b1; background: #f4f6f8;")
        self.photo_file = QPushButton("Foto dari berkas...", objectName="photoFile")
        # Looking for cameras loads the multimedia backend: only when asked for.
        self.photo_camera = QPushButton("Ambil dari kamera", objectName="photoCamera")
        self.signature = SignaturePad()
        self.clear_signature = QPushButton("Hapus tanda tangan")
        self.no_signature = QLineEdit(objectName="signatureException")
        self.no_signature.setPlaceholderText("alasan bila tidak dapat bertanda tangan")
        left = QVBoxLayout()
        left.addWidget(self.photo_view)
        left.addWidget(self.photo_file)
        left.addWidget(self.photo_camera)
        left.addStretch(1)
        self.rows: dict[Modality, tuple[QLabel, QCheckBox, QComboBox]] = {}
        grid = QGridLayout()
        for index, modality in enumerate(Modality):
            status = QLabel("belum", objectName=f"status_{modality.value}")
            capture = QPushButton("Rekam", objectName=f"capture_{modality.value}")
            exception = QCheckBox("Pengecualian", objectName=f"exception_{modality.value}")
            reason = QComboBox(objectName=f"reason_{modality.value}")
            reason.addItems(["", *EXCEPTION_REASONS])
            reason.setEnabled(False)
            exception.toggled.connect(reason.setEnabled)
            exception.toggled.connect(lambda _on, m=modality: self._refresh_status(m))
            capture.clicked.connect(lambda _=False, m=modality: self.capture(m))
            grid.addWidget(QLabel(modality.label), index, 0)
            grid.addWidget(status, index, 1)
            grid.addWidget(capture, index, 2)
            grid.addWidget(exception, index, 3)
            grid.addWidget(reason, index, 4)
            self.rows[modality] = (status, exception, reason)
        self.capture_all = QPushButton("Rekam semua (yang bukan pengecualian)",
                                       objectName="captureAll")
        self.exception_photo_button = QPushButton("Foto pengecualian...",
                                                  objectName="exceptionPhoto")
        self.exception_photo_label = QLabel("")
        self.error = _error_label("biometricsError")
        right = QVBoxLayout()
        right.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.capture_all)
        row.addWidget(self.exception_photo_button)
        row.addWidget(self.exception_photo_label)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(QLabel("Tanda tangan:"))
        right.addWidget(self.signature)
        sig_row = QHBoxLayout()
        sig_row.addWidget(self.clear_signature)
        sig_row.addWidget(self.no_signature, 1)
        right.addLayout(sig_row)
        right.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.photo_file.clicked.connect(self.choose_photo)
        self.photo_camera.clicked.connect(self.camera_photo)
        self.clear_signature.clicked.connect(self.signature.clear)
        self.capture_all.clicked.connect(self.capture_every)
        self.exception_photo_button.clicked.connect(self.choose_exception_photo)

    def _refresh_status(self, modality: Modality) -> None:
        status, exception, _reason = self.rows[modality]
        if exception.isChecked():
            status.setText("pengecualian")
            status.setStyleSheet("color: #8a5a00;")
        elif modality in self.captures:
            status.setText(f"terekam (mutu {self.captures[modality]})")
            status.setStyleSheet(OK_STYLE)
        else:
            status.setText("belum")
            status.setStyleSheet("")

    def capture(self, modality: Modality) -> bool:
        """Capture one modality with the device; a failure is a message, not a stop."""
        if self.rows[modality][1].isChecked():
            return True
        try:
            result = self.ctx.device.capture(modality)
        except CounterError as exc:
            self.error.setText(exc.message)
            return False
        self.captures[modality] = result.quality
        self._refresh_status(modality)
        return True

    def capture_every(self) -> None:
        """Capture every modality not marked as an exception."""
        self.error.clear()
        failed = [m.label for m in Modality if not self.capture(m)]
        if failed:
            self.error.setText("Tidak terbaca: " + ", ".join(failed) + ". Ulangi, atau tandai "
                               "pengecualian dengan alasannya.")

    def _read_image(self, title: str) -> bytes | None:
        path = dialogs.open_file(self, title, "Gambar (*.png *.jpg *.jpeg *.bmp)")
        if not path:
            return None
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.error.setText("Berkas itu bukan gambar yang dapat dibaca.")
            return None
        with open(path, "rb") as handle:
            return handle.read()

    def choose_photo(self) -> None:
        """The face photo from an image file."""
        data = self._read_image("Pilih foto wajah")
        if data:
            self.set_photo(data)

    def set_photo(self, data: bytes) -> None:
        """Keep the photo and show it."""
        self.photo = data
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        self.photo_view.setPixmap(pixmap.scaled(self.photo_view.size(),
                                                Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))

    def camera_photo(self) -> None:
        """The face photo from the camera (QtMultimedia)."""
        if not _has_camera():
            self.error.setText("Tidak ada kamera terpasang di komputer ini; pilih foto dari "
                               "berkas.")
            return
        from counter_app.ui.recording.camera import capture_photo

        data = capture_photo(self)
        if data:
            self.set_photo(data)

    def choose_exception_photo(self) -> None:
        """The photo that documents an exception (e.g. the injured hand)."""
        data = self._read_image("Pilih foto pengecualian")
        if data:
            self.exception_photo = data
            self.exception_photo_label.setText("foto pengecualian ada")

    def modalities(self) -> dict[str, dict[str, object]]:
        """Each modality's status, as stored."""
        result: dict[str, dict[str, object]] = {}
        for modality, (_status, exception, reason) in self.rows.items():
            if exception.isChecked():
                result[modality.value] = {"status": "exception", "reason": reason.currentText()}
            elif modality in self.captures:
                result[modality.value] = {"status": "captured",
                                          "quality": self.captures[modality]}
        return result

    def biometrics(self) -> rec.BiometricsInput:
        """What the service stores."""
        return rec.BiometricsInput(
            photo=self.photo, signature=self.signature.png(), modalities=self.modalities(),
            exception_photo=self.exception_photo,
            signature_exception=self.no_signature.text() if self.signature.is_empty() else "",
            device=self.ctx.device.name)

    def validatePage(self) -> bool:
        bio = self.biometrics()
        problems = biometric_problems(bio.photo, bio.signature, bio.signature_exception,
                                      bio.modalities, bio.exception_photo)
        if problems:
            self.error.setText("\n".join(problems[:6]))
            return False
        self.error.clear()
        return True


def _has_camera() -> bool:
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # pragma: no cover - QtMultimedia ships with PySide6
        return False
    return bool(QMediaDevices.videoInputs())


class ReviewPage(QWizardPage):
    """Everything on one page, and where the card will be printed, in plain words."""

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setTitle("6. Tinjauan")
        self.setSubTitle("Periksa sekali lagi bersama pemohon, lalu simpan.")
        self.summary = QLabel(objectName="reviewSummary", wordWrap=True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.route = QLabel(objectName="reviewRoute", wordWrap=True)
        self.route.setStyleSheet("font-size: 12pt; font-weight: bold; color: #0b4f8a;")
        self.error = _error_label("reviewError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.route)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        case = wizard.case_page.case()
        assert case is not None
        card = wizard.data_page.card()
        verdict = check_eligibility(card.tanggal_lahir, card.status_perkawinan, _today())
        route_text = explain_route(case)
        if verdict.status.value == "RECORD_ONLY":
            route_text += f" {verdict.message}"
        self.route.setText(f"Rute {route_for(case).value}: {route_text}")
        kelurahan = self.ctx.wilayah.get(card.kelurahan_code)
        elements = ", ".join(ELEMENT_LABELS[e] for e in sorted(wizard.case_page.elements()))
        docs = wizard.documents_page.ticked()
        bio = wizard.biometrics_page.biometrics()
        exceptions = [Modality(k).label for k, v in bio.modalities.items()
                      if v.get("status") == "exception"]
        rows = [
            ("NIK", wizard.identify.nik.text().strip()), ("Nomor KK", wizard.identify.kk.text()),
            ("Permohonan", CASE_LABELS[case] + (f" ({elements})" if elements else "")),
            ("Nama", card.nama), ("Tempat/tgl lahir",
                                  f"{card.tempat_lahir}, {card.tanggal_lahir:%d-%m-%Y}"),
            ("Jenis kelamin", JENIS_KELAMIN.get(card.jenis_kelamin, card.jenis_kelamin)),
            ("Agama", card.agama), ("Status perkawinan", card.status_perkawinan),
            ("Pekerjaan", card.pekerjaan), ("Kewarganegaraan", card.kewarganegaraan),
            ("Golongan darah", card.golongan_darah),
            ("Alamat", f"{card.alamat} RT {card.rt} RW {card.rw}, "
                       f"{kelurahan.name if kelurahan else card.kelurahan_code}"),
            ("Dokumen", "; ".join(f"{label}{'' if docs.get(code) else ' (BELUM ADA)'}"
                                  for code, label in wizard.documents_page.labels().items())),
            ("Persetujuan", f"{self.ctx.override.username}: {self.ctx.override.reason}"
             if self.ctx.override else "-"),
            ("Biometrik", "lengkap" + (f"; pengecualian: {', '.join(exceptions)}"
                                       if exceptions else "")),
            ("Tiket antrean", self.ctx.ticket_number or "-"),
        ]
        self.summary.setText("<table cellpadding='3'>" + "".join(
            f"<tr><td><b>{label}</b></td><td>{_escape(value)}</td></tr>"
            for label, value in rows) + "</table>")

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, RecordingWizard)
        try:
            wizard.save()
        except CounterError as exc:
            self.error.setText(exc.message)
            return False
        return True


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


class RecordingWizard(QWizard):
    """The six pages, draft and cancel buttons, and the save with the slip print."""

    IDENTIFY, CASE, DOCUMENTS, DATA, BIOMETRICS, REVIEW = range(6)

    def __init__(self, db: Database, actor: Actor, office: OfficeProfile, wilayah: Wilayah,
                 *, ticket_id: int | None = None, ticket_number: str | None = None,
                 outreach_event_id: int | None = None,
                 device: CaptureDevice | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Perekaman KTP-el" + (f" - tiket {ticket_number}"
                                                  if ticket_number else ""))
        self.setMinimumSize(980, 720)
        self.ctx = WizardContext(db, actor, office, wilayah, device or SimulatedDevice(),
                                 ticket_id, ticket_number, outreach_event_id)
        self.identify = IdentifyPage(self.ctx)
        self.case_page = CasePage(self.ctx)
        self.documents_page = DocumentsPage(self.ctx)
        self.data_page = DataPage(self.ctx)
        self.biometrics_page = BiometricsPage(self.ctx)
        self.review_page = ReviewPage(self.ctx)
        for page_id, page in enumerate((self.identify, self.case_page, self.documents_page,
                                        self.data_page, self.biometrics_page,
                                        self.review_page)):
            self.setPage(page_id, page)
        self.result_: rec.RecordingResult | None = None
        self.print_message = ""
        self.setButtonText(QWizard.WizardButton.NextButton, "Lanjut >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Kembali")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Simpan && cetak tanda terima")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Tutup")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Simpan draf")
        self.setButtonText(QWizard.WizardButton.CustomButton2, "Batalkan perekaman...")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.customButtonClicked.connect(self._custom)

    def _custom(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.save_draft()
        elif which == QWizard.WizardButton.CustomButton2.value:
            self.cancel_recording()

    def recording_input(self) -> rec.RecordingInput:
        """Everything the pages hold, for the service."""
        case = self.case_page.case()
        if case is None:
            raise ValidationError("Pilih jenis permohonan.")
        return rec.RecordingInput(
            nik=self.identify.nik.text(), kk=self.identify.kk.text(), case_type=case,
            card=self.data_page.card(), documents=self.documents_page.ticked(),
            biometrics=self.biometrics_page.biometrics(),
            changed_elements=self.case_page.elements(),
            document_details=self.documents_page.detail_values(),
            override=self.ctx.override, ticket_id=self.ctx.ticket_id,
            outreach_event_id=self.ctx.outreach_event_id)

    def save(self) -> rec.RecordingResult:
        """Save through the service (one transaction), then print the slip.

        A printer failure after the save loses nothing: the message says so and the
        slip can be reprinted from the Perekaman area.
        """
        from counter_app import local_config
        from counter_app.services.slip_printing import print_slip
        from counter_app.ui.qt_printing import QtPdfPrinter

        result = rec.save_recording(self.ctx.db, self.ctx.actor, self.recording_input())
        self.result_ = result
        if self.ctx.draft_id is not None:
            rec.discard_draft(self.ctx.db, self.ctx.actor, self.ctx.draft_id,
                              "draf selesai direkam", self.identify.nik.text())
            self.ctx.draft_id = None
        try:
            _slip, where = print_slip(self.ctx.db, result.application_id,
                                      local_config.load().slip_printer, QtPdfPrinter(),
                                      self.ctx.actor)
            self.print_message = f"Tanda terima {result.slip_number} dicetak ({where})."
        except PrinterError as exc:
            self.print_message = (f"Permohonan {result.slip_number} tersimpan, tetapi tanda "
                                  f"terima gagal dicetak: {exc.message} Cetak ulang dari "
                                  "daftar permohonan.")
        return result

    def draft_payload(self) -> dict[str, Any]:
        """The pages' contents as a draft."""
        case = self.case_page.case()
        # The data page's widgets hold defaults until it is shown: keep them out.
        visited = self.hasVisitedPage(self.DATA) or self.currentId() == self.DATA
        card = self.data_page.card() if visited else None
        return {
            "page": self.currentId(), "nik": self.identify.nik.text().strip(),
            "kk": self.identify.kk.text().strip(),
            "case": case.value if case else None,
            "elements": sorted(e.value for e in self.case_page.elements()),
            "status_perkawinan": self.case_page.status.currentText(),
            "documents": self.documents_page.ticked(),
            "details": self.documents_page.detail_values(),
            "card": card.as_dict() if card else None, "nama": card.nama if card else "",
        }

    def save_draft(self) -> None:
        """Put the recording aside; it can be resumed from the Perekaman area."""
        try:
            self.ctx.draft_id = rec.save_draft(self.ctx.db, self.ctx.actor,
                                               self.draft_payload(), self.ctx.draft_id)
        except CounterError as exc:
            dialogs.warn(self, "Draf tidak tersimpan", exc.message)
            return
        dialogs.inform(self, "Draf tersimpan", "Perekaman disimpan sebagai draf dan dapat "
                       "dilanjutkan dari bagian Perekaman.")

    def resume(self, payload: dict[str, Any], draft_id: int) -> None:
        """Fill the pages from a draft."""
        self.ctx.draft_id = draft_id
        self.identify.nik.setText(str(payload.get("nik", "")))
        self.identify.kk.setText(str(payload.get("kk", "")))
        case = payload.get("case")
        if case:
            self.case_page.case_buttons[CaseType(case)].setChecked(True)
        for element in payload.get("elements", []):
            self.case_page.element_checks[DataElement(element)].setChecked(True)
        self.case_page.status.setCurrentText(str(payload.get("status_perkawinan", "")))
        self._draft = payload

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        draft = getattr(self, "_draft", None)
        if draft is None:
            return
        if page_id == self.DOCUMENTS:
            for code, ticked in draft.get("documents", {}).items():
                if code in self.documents_page.checks:
                    self.documents_page.checks[code].setChecked(bool(ticked))
            for code, values in draft.get("details", {}).items():
                for field_name, value in values.items():
                    widget = self.documents_page.details.get(code, {}).get(field_name)
                    if isinstance(widget, QLineEdit):
                        widget.setText(value)
                    elif isinstance(widget, QDateEdit) and value:
                        widget.setDate(_qdate(dt.date.fromisoformat(value)))
        elif page_id == self.DATA and draft.get("card"):
            try:
                self.data_page.set_card(CardData.from_dict(draft["card"]))
            except (KeyError, TypeError, ValueError):
                pass

    def cancel_recording(self) -> None:
        """Stop this recording with a reason (audited); the wizard closes."""
        reason = dialogs.ask_text(self, "Batalkan perekaman",
                                  "Alasan pembatalan (mis. pemohon pulang, dokumen tertinggal):")
        if reason is None:
            return
        try:
            rec.discard_draft(self.ctx.db, self.ctx.actor, self.ctx.draft_id, reason,
                              self.identify.nik.text().strip()
                              if self.identify.nik_value() else "")
        except CounterError as exc:
            dialogs.warn(self, "Tidak dapat dibatalkan", exc.message)
            return
        self.ctx.draft_id = None
        self.reject()
