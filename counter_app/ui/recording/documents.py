"""Page 3, Dokumen: the checklist of the case and each changed element."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from counter_app.domain.cases import (
    MARRIAGE_PROOF,
    CaseType,
    DataElement,
    Document,
    required_documents,
)
from counter_app.domain.eligibility import check_eligibility, needs_marriage_proof
from counter_app.domain.recording import missing_documents
from counter_app.services import recording as rec
from counter_app.ui import dialogs
from counter_app.ui.recording.fields import OK_STYLE, error_label, pydate, qdate, today
from counter_app.ui.recording.state import WizardState


class DocumentsPage(QWizardPage):
    """The checklist for the case and each changed element; a supervisor may override."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("3. Dokumen")
        self.setSubTitle("Centang dokumen yang diperiksa. Barang yang diserahkan disimpan "
                         "kantor.")
        self.checks: dict[str, QCheckBox] = {}
        self.details: dict[str, dict[str, QWidget]] = {}
        self.list_box = QVBoxLayout()
        self.override_button = QPushButton("Minta persetujuan supervisor...",
                                           objectName="overrideButton")
        # Never pressed by Enter (Enter is "Lanjut"), never the first focus.
        self.override_button.setAutoDefault(False)
        self.override_label = QLabel(objectName="overrideLabel", wordWrap=True)
        self.error = error_label("documentsError")
        layout = QVBoxLayout(self)
        layout.addLayout(self.list_box)
        layout.addStretch(1)
        layout.addWidget(self.override_button)
        layout.addWidget(self.override_label)
        layout.addWidget(self.error)
        self.override_button.clicked.connect(self.ask_override)
        self._built_for: tuple[CaseType, frozenset[DataElement], bool] | None = None
        self._draft_applied = False

    def _case(self) -> CaseType:
        return self.state.case or CaseType.BARU

    def married_minor(self) -> bool:
        """Under 17 and (ever) married: the marriage deed joins the checklist.

        The birth date known so far: the returning applicant's, else the NIK's (the
        younger reading when its year fits two centuries). The save checks it again
        with the birth date entered on the data page.
        """
        born = self._birth_date()
        if born is None:
            return False
        return needs_marriage_proof(born, self.state.status_perkawinan, today())

    def _birth_date(self) -> dt.date | None:
        lookup, nik = self.state.lookup, self.state.nik
        if lookup and lookup.card is not None:
            return lookup.card.tanggal_lahir
        return nik.birth_date if nik is not None else None

    def _documents(self) -> tuple[Document, ...]:
        return required_documents(self._case(), self.state.elements,
                                  married_minor=self.married_minor())

    def initializePage(self) -> None:
        key = (self._case(), self.state.elements, self.married_minor())
        if key != self._built_for:  # the same checklist keeps what was ticked
            self._build(key)
        if self.state.draft is not None and not self._draft_applied:
            self._draft_applied = True
            self._apply_draft()
        # After QWizard placed its own focus: the first document, not the override.
        QTimer.singleShot(0, self, self._focus_first)

    def _focus_first(self) -> None:
        target = self.missing_field() or next(iter(self.checks.values()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def ready(self) -> bool:
        """Every document there (or a supervisor's approval); nothing is shown."""
        if self.problems() and self.state.override is None:
            return False
        return self._deed_problem() is None

    def missing_field(self) -> QWidget | None:
        """The first document not ticked, or the first of its details left empty."""
        for code, check in self.checks.items():
            if not check.isChecked():
                return check
            for widget in self.details.get(code, {}).values():
                if isinstance(widget, QLineEdit) and not widget.text().strip():
                    return widget
        return None

    def _deed_problem(self) -> str | None:
        if self.married_minor() and not self.ticked().get(MARRIAGE_PROOF.code):
            # A supervisor cannot stand in for the deed: without it, age alone decides.
            born = self._birth_date()
            verdict = (check_eligibility(born, self.state.status_perkawinan, today())
                       if born is not None else None)
            if verdict is not None and not verdict.may_record:
                return verdict.message
        return None

    def _build(self, key: tuple[CaseType, frozenset[DataElement], bool]) -> None:
        self._built_for = key
        previous = {code: check.isChecked() for code, check in self.checks.items()}
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
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
                    date = QDateEdit(qdate(today()), objectName=f"doc_{doc.code}_tanggal")
                    date.setDisplayFormat("dd-MM-yyyy")
                    date.setCalendarPopup(True)
                    fields["tanggal"] = date
                    form.addRow("Tanggal surat", date)
                if "berlaku_sampai" in doc.details:
                    until = QDateEdit(qdate(today().replace(year=today().year + 1)),
                                      objectName=f"doc_{doc.code}_berlaku_sampai")
                    until.setDisplayFormat("dd-MM-yyyy")
                    until.setCalendarPopup(True)
                    fields["berlaku_sampai"] = until
                    form.addRow("Berlaku sampai (masa berlaku KTP-el WNA)", until)
                self.details[doc.code] = fields
                self.list_box.addWidget(row)
        self.state.override = None
        self.override_label.clear()

    def _apply_draft(self) -> None:
        draft = self.state.draft
        if draft is None:
            return
        for code, ticked in draft.documents.items():
            if code in self.checks:
                self.checks[code].setChecked(ticked)
        for code, values in draft.details.items():
            for field_name, value in values.items():
                widget = self.details.get(code, {}).get(field_name)
                if isinstance(widget, QLineEdit):
                    widget.setText(value)
                elif isinstance(widget, QDateEdit) and value:
                    widget.setDate(qdate(dt.date.fromisoformat(value)))

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
                    entry[name] = pydate(widget.date()).isoformat()
            values[code] = entry
        return values

    def problems(self) -> list[str]:
        """What is missing, by the domain's checklist rules."""
        return missing_documents(self._case(), self.state.elements, self.ticked(),
                                 self.detail_values(), today(),
                                 married_minor=self.married_minor())

    def ask_override(self) -> None:
        """A supervisor approves going on without every document (their password, a reason)."""
        answer = dialogs.ask_credentials(
            self, "Persetujuan supervisor",
            "Dokumen belum lengkap. Supervisor dapat menyetujui perekaman dengan alasan; "
            "persetujuan dicatat.")
        if answer is None:
            return
        username, password, reason = answer
        grants: list[rec.OverrideGrant] = []
        # The grant is for this clerk, NIK and case only, used once, for minutes.
        if not self.error.attempt(lambda: grants.append(rec.authorize_override(
                self.state.db, username, password, reason, clerk=self.state.actor,
                nik=self.state.nik_text, case_type=self._case()))):
            return
        grant = grants[0]
        self.state.override = grant
        self.error.clear()
        self.override_label.setText(
            f"Disetujui oleh {grant.username}: {grant.reason} (sekali pakai, berlaku "
            f"{rec.OVERRIDE_MINUTES} menit)")
        self.override_label.setStyleSheet(OK_STYLE)

    def validatePage(self) -> bool:
        problems = self.problems()
        if problems and self.state.override is None:
            self.error.setText("\n".join(problems))
            return False
        deed = self._deed_problem()
        if deed:
            self.error.setText(deed)
            return False
        self.error.clear()
        self.state.documents = self.ticked()
        self.state.document_labels = self.labels()
        self.state.document_details = self.detail_values()
        return True
