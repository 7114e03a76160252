"""Page 2, Jenis permohonan: why they came, which elements change, may they be recorded."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from counter_app.domain.cases import CASE_LABELS, ELEMENT_LABELS, CaseType, DataElement
from counter_app.domain.eligibility import check_eligibility
from counter_app.domain.reference import STATUS_PERKAWINAN
from counter_app.ui.recording.fields import ERROR_STYLE, OK_STYLE, error_label, today
from counter_app.ui.recording.state import WizardState


class CasePage(QWizardPage):
    """The case type, the changed elements (perubahan data) and the eligibility verdict."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
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
        self.error = error_label("caseError")
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
        lookup = self.state.lookup
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
        nik = self.state.nik
        if nik is None:
            self.eligibility.clear()
            return
        verdict = check_eligibility(nik.birth_date, self.status.currentText(), today())
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
        nik = self.state.nik
        if nik is None:  # the identify page let no invalid NIK through
            return False
        verdict = check_eligibility(nik.birth_date, self.status.currentText(), today())
        if not verdict.may_record:
            self.error.setText(verdict.message)
            return False
        self.error.clear()
        self.state.case = case
        self.state.elements = self.elements()
        self.state.status_perkawinan = self.status.currentText()
        return True
