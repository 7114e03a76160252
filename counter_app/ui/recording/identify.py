"""Page 1, Identitas: NIK and nomor KK, typed or scanned (a scanner types digits and Enter)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListWidget, QWizardPage

from counter_app.domain.errors import ValidationError
from counter_app.domain.kk import parse_kk
from counter_app.domain.nik import NikInfo, parse_nik
from counter_app.domain.reference import JENIS_KELAMIN
from counter_app.domain.words import lower_first
from counter_app.services import recording as rec
from counter_app.ui import dialogs
from counter_app.ui.recording.fields import OK_STYLE, today, with_error
from counter_app.ui.recording.state import WizardState


class IdentifyPage(QWizardPage):
    """NIK and nomor KK; a returning applicant's data and applications are looked up."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("1. Identitas")
        self.setSubTitle("Ketik atau pindai NIK dan nomor KK pemohon.")
        self.nik = QLineEdit(objectName="nik", maxLength=24)
        self.nik.setPlaceholderText("16 digit")
        self.kk = QLineEdit(objectName="kk", maxLength=24)
        self.kk.setPlaceholderText("16 digit")
        for line in (self.nik, self.kk):
            line.setStyleSheet("font-size: 16pt; letter-spacing: 2px;")
            line.setMaximumWidth(420)
        nik_box, self.nik_error = with_error(self.nik, "nik")
        kk_box, self.kk_error = with_error(self.kk, "kk")
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
        # Enter is handled by the wizard: "Lanjut" when both numbers are valid, else
        # the next field to fill (RecordingWizard.enter).

    def ready(self) -> bool:
        """Both numbers valid (nothing is shown)."""
        return self.nik_value() is not None and self._kk_valid()

    def _kk_valid(self) -> bool:
        try:
            parse_kk(self.kk.text(), today=today())
        except ValidationError:
            return False
        return True

    def missing_field(self) -> QLineEdit:
        """The NIK while it is not valid, else the KK."""
        field: QLineEdit = self.nik if self.nik_value() is None else self.kk
        return field

    def nik_value(self) -> NikInfo | None:
        """The parsed NIK, or None while it is not valid."""
        try:
            return parse_nik(self.nik.text(), today=today())
        except ValidationError:
            return None

    def check_nik(self) -> None:
        """Live check: the message, what the NIK says, and a returning applicant's data."""
        self.nik_info.clear()
        self.history.clear()
        self.history.setVisible(False)
        self.history_label.setVisible(False)
        self.state.lookup = None
        self.state.nik = None
        try:
            info = parse_nik(self.nik.text(), today=today())
        except ValidationError as exc:
            self.nik_error.setText(exc.message if len(self.nik.text().strip()) >= 16 else "")
            return
        self.state.nik = info
        self.nik_error.clear()
        if self.nik.hasFocus():
            # A whole, valid NIK: the KK is next (typed, scanned or filled below).
            self.kk.setFocus()
            self.kk.selectAll()
        sex = JENIS_KELAMIN[info.sex].lower()
        born = (info.describe_birth(today()) if info.century_ambiguous
                else f"lahir {info.birth_date:%d-%m-%Y}")
        self.nik_info.setText(f"{sex}, {born}, NIK diterbitkan di "
                              f"{info.province_name} ({info.district_code}).")
        found: list[rec.ApplicantLookup] = []
        if not self.nik_error.attempt(
                lambda: found.append(rec.lookup_applicant(self.state.db, info.nik))):
            return
        lookup = found[0]
        self.state.lookup = lookup
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
            parse_kk(self.kk.text(), today=today())
            self.kk_error.clear()
        except ValidationError as exc:
            self.kk_error.setText(exc.message)

    def validatePage(self) -> bool:
        ok = True
        try:
            parse_nik(self.nik.text(), today=today())
        except ValidationError as exc:
            self.nik_error.setText(exc.message)
            ok = False
        try:
            parse_kk(self.kk.text(), today=today())
        except ValidationError as exc:
            self.kk_error.setText(exc.message)
            ok = False
        if not ok:
            return False
        if self.state.lookup is None:
            self.check_nik()
        open_app = self.state.lookup.open_application if self.state.lookup else None
        if open_app is not None and not dialogs.ask(
            self, "Permohonan masih berjalan",
            f"Pemohon ini masih punya permohonan {open_app.slip_number} "
            f"({open_app.case_type.label}, {lower_first(open_app.status.label)}).\n"
            "Tetap mulai permohonan baru?",
        ):
            return False
        self.state.nik_text = self.nik.text().strip()
        self.state.kk_text = self.kk.text()
        return True
