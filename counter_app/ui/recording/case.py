"""Page 2, Jenis permohonan: why they came, which elements change, may they be recorded."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
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
    QWidget,
    QWizardPage,
)

from counter_app.domain.cases import (
    CASE_LABELS,
    ELEMENT_LABELS,
    RECORDING_CASES,
    TAKES_ELEMENTS,
    CaseType,
    DataElement,
    case_problem,
    first_card_problem,
)
from counter_app.domain.eligibility import EligibilityResult, check_eligibility
from counter_app.domain.reference import EVER_MARRIED, STATUS_PERKAWINAN
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
        for index, case in enumerate(RECORDING_CASES):
            # The digit before each case chooses it (1 Baru, 2 Hilang, ...).
            button = QRadioButton(f"{index + 1}  {CASE_LABELS[case]}",
                                  objectName=f"case_{case.value}")
            self.cases.addButton(button, index)
            self.case_buttons[case] = button
            case_layout.addWidget(button)
        self.elements_box = QGroupBox("Elemen data yang berubah (wajib untuk perubahan data; "
                                      "boleh menyertai hilang atau rusak)")
        grid = QGridLayout(self.elements_box)
        self.element_checks: dict[DataElement, QCheckBox] = {}
        for index, element in enumerate(DataElement):
            check = QCheckBox(ELEMENT_LABELS[element], objectName=f"element_{element.value}")
            self.element_checks[element] = check
            grid.addWidget(check, index // 3, index % 3)
        self.status = QComboBox(objectName="caseStatusPerkawinan")
        self.status.addItems(STATUS_PERKAWINAN)
        self.eligibility = QLabel(objectName="eligibility", wordWrap=True)
        # A NIK may carry a wrong birth date (PP 40/2019: it never changes); then the age
        # is judged on the data page from the birth date on the akta.
        self.nik_date_differs = QCheckBox(
            "Tanggal lahir pada NIK berbeda dengan akta kelahiran (usia diperiksa dari "
            "tanggal lahir yang diisi di halaman Data)", objectName="nikDateDiffers")
        self.nik_date_differs.setVisible(False)
        self.error = error_label("caseError")
        # Someone who already received a KTP-el is not BARU (shown before choosing).
        self.first_card = error_label("firstCardNote")
        layout = QVBoxLayout(self)
        layout.addWidget(self.first_card)
        layout.addWidget(case_box)
        layout.addWidget(self.elements_box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Status perkawinan"))
        row.addWidget(self.status)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.eligibility)
        layout.addWidget(self.nik_date_differs)
        layout.addWidget(self.error)
        self.cases.idToggled.connect(lambda *_: self.refresh())
        self.status.currentIndexChanged.connect(lambda *_: self.refresh())
        self.refresh()

    def initializePage(self) -> None:
        lookup = self.state.lookup
        if lookup and lookup.card is not None and self.cases.checkedId() < 0:
            self.status.setCurrentText(lookup.card.status_perkawinan)
        problem = first_card_problem(CaseType.BARU, lookup.card_handed_over if lookup
                                     else None)
        baru = self.case_buttons[CaseType.BARU]
        baru.setEnabled(problem is None)
        if problem is not None and baru.isChecked():
            self.cases.setExclusive(False)
            baru.setChecked(False)
            self.cases.setExclusive(True)
        self.first_card.setText(problem or "")
        self.first_card.setVisible(problem is not None)
        self.refresh()
        # After QWizard placed its own focus: on the chosen case, else the first one.
        QTimer.singleShot(0, self, self._focus_case)

    def _focus_case(self) -> None:
        chosen = self.cases.checkedButton()
        target = chosen or next((b for b in self.case_buttons.values() if b.isEnabled()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # 1..7 choose a case (a digit typed in a field never gets here).
        index = event.key() - Qt.Key.Key_1
        if 0 <= index < len(RECORDING_CASES) and not event.modifiers():
            button = self.case_buttons[RECORDING_CASES[index]]
            if button.isEnabled():
                button.setChecked(True)
                button.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        super().keyPressEvent(event)

    def problem(self) -> str | None:
        """Why the page may not go on yet (None when it may); nothing is shown."""
        case = self.case()
        if case is None:
            return "Pilih jenis permohonan."
        lookup = self.state.lookup
        issue = (case_problem(case, self.elements())
                 or first_card_problem(case, lookup.card_handed_over if lookup else None))
        if issue:
            return issue
        verdict, _basis = self.verdict()
        if verdict is None:
            return "Isi NIK dahulu."
        deferred = not self.nik_date_differs.isHidden() and self.nik_date_differs.isChecked()
        if not verdict.may_record and not deferred:
            return verdict.message
        return None

    def ready(self) -> bool:
        """A case chosen that may be recorded."""
        return self.problem() is None

    def missing_field(self) -> QWidget | None:
        """The case list, or the first element when perubahan data has none."""
        if self.case() is None:
            return next((b for b in self.case_buttons.values() if b.isEnabled()), None)
        if self.case() in TAKES_ELEMENTS and self.elements_box.isEnabled():
            return next(iter(self.element_checks.values()))
        return self.status

    def case(self) -> CaseType | None:
        """The chosen case."""
        checked = self.cases.checkedId()
        return RECORDING_CASES[checked] if checked >= 0 else None

    def elements(self) -> frozenset[DataElement]:
        """The chosen changed elements (perubahan data, or with a lost/damaged card)."""
        if self.case() not in TAKES_ELEMENTS:
            return frozenset()
        return frozenset(e for e, c in self.element_checks.items() if c.isChecked())

    def verdict(self) -> tuple[EligibilityResult | None, str]:
        """The eligibility as far as this page can tell, and what it is based on.

        A returning applicant's recorded birth date decides. Otherwise the NIK's: when
        its year fits two centuries both readings are named and the older one is
        judged (a 101-year-old is never called "1 tahun"); the birth date entered on
        the data page decides in the end. A marriage is judged as if its deed is shown:
        the documents page then asks for the deed.
        """
        lookup, nik = self.state.lookup, self.state.nik
        status = self.status.currentText()
        married = status in EVER_MARRIED
        if lookup is not None and lookup.card is not None:
            born: dt.date = lookup.card.tanggal_lahir
            basis = f"Data terakhir: lahir {born:%d-%m-%Y}."
        elif nik is not None:
            dates = nik.birth_dates or (nik.birth_date,)
            born = min(dates)
            basis = "Menurut NIK: " + nik.describe_birth(today()) + "."
            if nik.century_ambiguous:
                basis += " Tanggal lahir yang diisi di halaman Data menentukan."
        else:
            return None, ""
        return check_eligibility(born, status, today(), marriage_proof=married), basis

    def refresh(self) -> None:
        """Enable the elements where they apply and show the eligibility verdict."""
        self.elements_box.setEnabled(self.case() in TAKES_ELEMENTS)
        verdict, basis = self.verdict()
        if verdict is None:
            self.eligibility.clear()
            return
        text = f"{basis} {verdict.message}"
        if self.status.currentText() in EVER_MARRIED and "bukti perkawinan" in verdict.message:
            text += " Centang buku nikah/akta di halaman Dokumen."
        self.eligibility.setText(text)
        self.eligibility.setStyleSheet(OK_STYLE if verdict.may_record else ERROR_STYLE)
        from_nik = self.state.lookup is None or self.state.lookup.card is None
        self.nik_date_differs.setVisible(from_nik and not verdict.may_record)

    def validatePage(self) -> bool:
        case = self.case()
        problem = self.problem()
        if problem or case is None:
            self.error.setText(problem or "Pilih jenis permohonan.")
            return False
        self.error.clear()
        self.state.case = case
        self.state.elements = self.elements()
        self.state.status_perkawinan = self.status.currentText()
        return True
