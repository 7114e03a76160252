"""Page 4, Data KTP-el: every field on the card, checked against the NIK as it is typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from counter_app.domain.cases import MARRIAGE_PROOF, TAKES_ELEMENTS, CaseType, DataElement
from counter_app.domain.coverage import DisabilityKind, require_disability_consent
from counter_app.domain.eligibility import check_eligibility
from counter_app.domain.errors import ValidationError
from counter_app.domain.nik import NikMismatch, nik_mismatches
from counter_app.domain.recording import (
    ELEMENT_FIELDS,
    MISMATCH_REASON_LABELS,
    CardData,
    MismatchNote,
    MismatchReason,
    check_card,
    mismatch_problems,
)
from counter_app.domain.reference import (
    AGAMA,
    GOLONGAN_DARAH,
    JENIS_KELAMIN,
    KEWARGANEGARAAN,
    STATUS_PERKAWINAN,
    pekerjaan,
)
from counter_app.domain.wilayah import Region, is_village_code
from counter_app.services import recording as rec
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.recording.fields import (
    OccupationCombo,
    card_from_fields,
    pydate,
    qdate,
    today,
    with_error,
)
from counter_app.ui.recording.state import WizardState

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
WARNING_STYLE = "color: #8a5a00;"
# Fields that start empty and must be chosen: no silent default (issue 13). Golongan
# darah has SIAK's own "Tidak Tahu" for someone who does not know it.
NO_DEFAULT = ("golongan_darah", "pekerjaan", "kelurahan_code")


class MismatchPanel(QWidget):
    """Under a field that disagrees with the NIK: both values and the clerk's reason."""

    def __init__(self, element: str) -> None:
        super().__init__(objectName=f"mismatch_{element}")
        self.element = element
        self.message = QLabel(wordWrap=True, objectName=f"mismatchMessage_{element}")
        self.message.setStyleSheet(WARNING_STYLE)
        self.reason = QComboBox(objectName=f"mismatchReason_{element}")
        self.reason.addItem("- pilih alasan -", "")
        for reason, label in MISMATCH_REASON_LABELS.items():
            self.reason.addItem(label, reason.value)
        self.text = QLineEdit(objectName=f"mismatchText_{element}", maxLength=200)
        self.text.setPlaceholderText("alasan lainnya")
        self.text.setVisible(False)
        self.approval: QPushButton | None = None
        self.approval_label = MessageLine(f"mismatchApproval_{element}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(QLabel("Alasan:"))
        row.addWidget(self.reason, 2)
        row.addWidget(self.text, 2)
        if element == "jenis_kelamin":
            self.approval = QPushButton("Persetujuan supervisor...",
                                        objectName="sexApproval")
            row.addWidget(self.approval)
        layout.addLayout(row)
        layout.addWidget(self.approval_label)
        self.reason.currentIndexChanged.connect(
            lambda *_: self.text.setVisible(self.reason.currentData() == "OTHER"))
        self.setVisible(False)

    def note(self) -> MismatchNote | None:
        """The reason chosen, or None."""
        value = self.reason.currentData()
        return MismatchNote(MismatchReason(value), self.text.text()) if value else None

    def choose(self, reason: MismatchReason) -> None:
        """Pick a reason (e.g. "a data change" when that element is being changed)."""
        self.reason.setCurrentIndex(max(0, self.reason.findData(reason.value)))


class DataPage(QWizardPage):
    """Every KTP-el field; for PERUBAHAN_DATA old values beside the new, only chosen ones open."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("4. Data KTP-el")
        self.setSubTitle("Tanggal lahir dan jenis kelamin dicocokkan dengan NIK.")
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.mismatch_panels: dict[str, MismatchPanel] = {}
        # A NIK year that fits two centuries: both readings, the akta decides.
        self.birth_hint = QLabel(objectName="nikBirthHint", wordWrap=True)
        self.birth_hint.setStyleSheet(WARNING_STYLE)
        self.nik_approval: rec.OverrideGrant | None = None
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
                            ("kewarganegaraan", list(KEWARGANEGARAAN))):
            combo = QComboBox(objectName=name)
            combo.addItems(items)
            if name in NO_DEFAULT:
                # Chosen by the clerk, never a silent first item (issue 13).
                combo.setPlaceholderText("- pilih -")
                combo.setCurrentIndex(-1)
            self.widgets[name] = combo
        self.occupation = OccupationCombo(list(pekerjaan()), "pekerjaan")
        self.widgets["pekerjaan"] = self.occupation
        self.widgets["alamat"] = QLineEdit(objectName="alamat", maxLength=200)
        self.widgets["rt"] = QLineEdit(objectName="rt", maxLength=3)
        self.widgets["rw"] = QLineEdit(objectName="rw", maxLength=3)
        self.kelurahan_search = QLineEdit(objectName="kelurahanSearch")
        self.kelurahan_search.setPlaceholderText("ketik nama kelurahan, mis. 26 ilir")
        # Perpres 96/2018 art. 22: someone from elsewhere may be recorded here.
        self.outside = QCheckBox("Luar kecamatan ini (cari semua wilayah atau ketik kodenya)",
                                 objectName="outsideDomicile")
        kelurahan = QComboBox(objectName="kelurahan_code")
        self.widgets["kelurahan_code"] = kelurahan
        self.widgets["phone"] = QLineEdit(objectName="phone", maxLength=20)
        self._kelurahan: list[Region] = state.wilayah.children(state.office.kecamatan_code)
        self._fill_kelurahan(self._kelurahan)
        # Scrolls on a small screen, so a warning under a field never squeezes the rows.
        inner = QWidget(objectName="dataFields")
        grid = QGridLayout(inner)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
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
                line.addWidget(self.outside)
                widget = holder
            box, self.errors[name] = with_error(widget, name)
            if name == "tanggal_lahir":
                box_layout = box.layout()
                assert box_layout is not None
                box_layout.addWidget(self.birth_hint)
            if name in ("tanggal_lahir", "jenis_kelamin"):
                panel = MismatchPanel(name)
                self.mismatch_panels[name] = panel
                box_layout = box.layout()
                assert box_layout is not None
                box_layout.addWidget(panel)
            grid.addWidget(box, row, 2)
        grid.addWidget(QLabel("Disabilitas (opsional)"), len(FIELDS) + 1, 0)
        grid.addWidget(self._disability_box(), len(FIELDS) + 1, 2)
        grid.setColumnStretch(2, 1)
        self.kelurahan_search.textEdited.connect(self.search_kelurahan)
        self.outside.toggled.connect(lambda *_: self.search_kelurahan(
            self.kelurahan_search.text()))
        # Messages only for fields the clerk has touched, all of them after "Lanjut".
        self._touched: set[str] = set()
        self._show_all = False
        self._filling = False
        for name, panel in self.mismatch_panels.items():
            panel.reason.currentIndexChanged.connect(lambda *_, n=name: self.touch(n))
            panel.text.editingFinished.connect(self.check)
        sex_button = self.mismatch_panels["jenis_kelamin"].approval
        assert sex_button is not None
        sex_button.setAutoDefault(False)
        sex_button.clicked.connect(self.ask_sex_approval)
        for name, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                widget.editingFinished.connect(lambda n=name: self.touch(n))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda *_, n=name: self.touch(n))
            elif isinstance(widget, QDateEdit):
                widget.dateChanged.connect(lambda *_, n=name: self.touch(n))
        # Leaving the occupation (Tab, Enter, a click) settles what was typed.
        self.occupation.settled.connect(lambda: self.touch("pekerjaan"))
        self._filled_for: str | None = None
        self._draft_applied = False

    def _disability_box(self) -> QWidget:
        # Jenis disabilitas as SIAK records it (UU 8/2016 art. 4), several allowed, and
        # only with the person's consent: nothing is kept unless "setuju" is ticked.
        holder = QWidget()
        line = QHBoxLayout(holder)
        line.setContentsMargins(0, 0, 0, 0)
        self.disability_checks: dict[DisabilityKind, QCheckBox] = {}
        for kind in DisabilityKind:
            box = QCheckBox(kind.value.capitalize(), objectName=f"disability_{kind.value}")
            box.toggled.connect(lambda *_: self.touch("disability"))
            self.disability_checks[kind] = box
            line.addWidget(box)
        self.disability_consent = QCheckBox("Pemohon setuju dicatat",
                                            objectName="disability_consent")
        self.disability_consent.toggled.connect(lambda *_: self.touch("disability"))
        line.addSpacing(12)
        line.addWidget(self.disability_consent)
        line.addStretch(1)
        box, self.errors["disability"] = with_error(holder, "disability")
        return box

    def disabilities(self) -> frozenset[DisabilityKind]:
        """The kinds ticked (empty when none)."""
        return frozenset(k for k, box in self.disability_checks.items() if box.isChecked())

    def consent(self) -> bool:
        """True when the person agreed that the disability is recorded."""
        return bool(self.disability_consent.isChecked())

    def _fill_kelurahan(self, regions: list[Region]) -> None:
        combo = self.widgets["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for region in regions:
            other = f" ({', '.join(region.other_names)})" if region.other_names else ""
            where = ""
            if region.parent_code != self.state.office.kecamatan_code:
                parent = self.state.wilayah.get(region.parent_code or "")
                where = f", Kec. {parent.name}" if parent else ""
            combo.addItem(f"{region.name}{other}{where}", region.code)
        combo.setPlaceholderText("- pilih kelurahan -")
        index = combo.findData(current)
        combo.setCurrentIndex(index)  # -1 (nothing chosen) until the clerk chooses
        combo.blockSignals(False)

    def search_kelurahan(self, text: str) -> None:
        """Typing "35 ilir" or "tiga puluh lima" narrows the list to the matches, best first.

        "Luar kecamatan ini" searches every kelurahan and desa known here, and a typed
        code such as 32.73.01.1001 is offered when its province exists.
        """
        combo = self.widgets["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        wilayah = self.state.wilayah
        if not self.outside.isChecked():
            found = (wilayah.search(text, parent_code=self.state.office.kecamatan_code)
                     if text.strip() else self._kelurahan)
        else:
            found = [r for r in wilayah.search(text) if r.level in ("kelurahan", "desa")
                     ][:60] if text.strip() else []
        self._fill_kelurahan(found)
        code = text.strip()
        if (self.outside.isChecked() and is_village_code(code) and wilayah.get(code) is None
                and wilayah.accepts_address(code)):
            combo.addItem(f"Kode {code} (diketik)", code)
        if combo.count():
            combo.setCurrentIndex(0)  # the best match of what the clerk typed
        self.touch("kelurahan_code")

    def initializePage(self) -> None:
        self._filling = True
        try:
            self._initialize()
        finally:
            self._filling = False
        # After QWizard placed its own focus: the first field still to fill.
        QTimer.singleShot(0, self, self._focus_first)

    def _focus_first(self) -> None:
        target = self.missing_field()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _initialize(self) -> None:
        nik = self.state.nik
        if nik is None:  # the identify page let no invalid NIK through
            return
        if self._filled_for != nik.nik:
            # A new person: start from their last data, else from what the NIK says.
            self._filled_for = nik.nik
            lookup = self.state.lookup
            if lookup and lookup.card is not None:
                self.set_card(lookup.card)
            else:
                self.set_value("tanggal_lahir", nik.birth_date)
                self.set_value("jenis_kelamin", nik.sex)
            self.set_value("status_perkawinan", self.state.status_perkawinan)
            if self.state.case is CaseType.WNA:
                self.set_value("kewarganegaraan", "WNA")
            self.birth_hint.setText(
                "NIK: " + nik.describe_birth(today()) + ". Isi tanggal lahir dari akta."
                if nik.century_ambiguous and not (lookup and lookup.card is not None)
                else "")
        self._apply_case(self.state.case, self.state.elements)
        draft = self.state.draft
        if draft is not None and draft.card is not None and not self._draft_applied:
            self._draft_applied = True
            self.set_card(draft.card)

    def _apply_case(self, case: CaseType | None, elements: frozenset[DataElement]) -> None:
        lookup = self.state.lookup
        old = lookup.card if lookup else None
        show_old = case in TAKES_ELEMENTS and bool(elements) and old is not None
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
            region = self.state.wilayah.get(value)
            return region.name if region else str(value)
        return str(value)

    def set_value(self, name: str, value: object) -> None:
        """Put a value into a field's widget."""
        widget = self.widgets[name]
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QDateEdit) and isinstance(value, dt.date):
            widget.setDate(qdate(value))
        elif isinstance(widget, QComboBox):
            if name == "kelurahan_code":
                self.kelurahan_search.clear()
                local = any(r.code == value for r in self._kelurahan)
                self.outside.blockSignals(True)
                self.outside.setChecked(not local and bool(value))
                self.outside.blockSignals(False)
                self._fill_kelurahan(self._kelurahan)
                if not local and value:
                    region = self.state.wilayah.get(str(value))
                    widget.addItem(region.name if region else f"Kode {value}", value)
                widget.setCurrentIndex(widget.findData(value))
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
        birth = self.widgets["tanggal_lahir"]
        assert isinstance(birth, QDateEdit)
        return card_from_fields(self.widgets, pydate(birth.date()))

    def mismatches(self) -> tuple[NikMismatch, ...]:
        """Where the birth date or sex as typed disagrees with the NIK."""
        nik = self.state.nik
        if nik is None:
            return ()
        card = self.card()
        return nik_mismatches(nik.nik, card.tanggal_lahir, card.jenis_kelamin, today=today())

    def notes(self) -> dict[str, MismatchNote]:
        """The reason chosen for each disagreement shown."""
        return {name: note for name, panel in self.mismatch_panels.items()
                if not panel.isHidden() and (note := panel.note()) is not None}

    def problems(self) -> dict[str, str]:
        """Every field's problem by name (empty when the page may go on).

        A disagreement with the NIK is a warning with both values (its panel is shown
        here); the clerk goes on after choosing its reason (and, for sex, a
        supervisor's approval).
        """
        nik = self.state.nik
        if nik is None:
            return {"nama": "Isi NIK dahulu."}
        codes = [r.code for r in self._kelurahan]
        card = self.card()
        _cleaned, problems = check_card(card, nik.nik, codes, today(),
                                        self.state.wilayah.accepts_address)
        found = {m.element: m for m in self.mismatches()}
        for name, panel in self.mismatch_panels.items():
            mismatch = found.get(name)
            panel.setVisible(mismatch is not None)
            if mismatch is not None:
                panel.message.setText(mismatch.message)
                element = {"tanggal_lahir": DataElement.TEMPAT_TANGGAL_LAHIR,
                           "jenis_kelamin": DataElement.JENIS_KELAMIN}[name]
                if panel.note() is None and element in self.state.elements:
                    panel.choose(MismatchReason.DATA_CHANGE)
        pending = mismatch_problems(found.values(), self.notes(), self.state.elements)
        for name, message in pending.items():
            if name not in problems and message != found[name].message:
                problems[name] = message
            elif name not in problems:
                problems[name] = ""  # the panel says it; still not ready
        if "jenis_kelamin" in found and self.nik_approval is None:
            problems.setdefault("jenis_kelamin", "perlu persetujuan supervisor")
        if not problems:
            proof = bool(self.state.documents.get(MARRIAGE_PROOF.code))
            verdict = check_eligibility(card.tanggal_lahir, card.status_perkawinan, today(),
                                        marriage_proof=proof)
            if not verdict.may_record:
                problems["tanggal_lahir"] = verdict.message
        try:
            require_disability_consent(self.disabilities(), self.consent())
        except ValidationError as exc:
            problems["disability"] = exc.message
        return problems

    def check(self) -> bool:
        """Show the problems of the fields the clerk has left (all after "Lanjut").

        No field is marked wrong before it was touched (issue 13). True when the page
        has no problem at all.
        """
        problems = self.problems()
        for name, label in self.errors.items():
            shown = self._show_all or name in self._touched
            label.setText(problems.get(name, "") if shown else "")
        return not problems

    def touch(self, name: str) -> None:
        """The clerk changed or left ``name``: its message may show from now on."""
        if not self._filling:
            self._touched.add(name)
        self.check()

    def ready(self) -> bool:
        """No problem on the page (nothing new is shown)."""
        return not self.problems()

    def missing_field(self) -> QWidget | None:
        """The first field (in screen order) with a problem, to type next."""
        problems = self.problems()
        for name in FIELDS:
            if name in problems and self.widgets[name].isEnabled():
                target: QWidget = self.widgets[name]
                if name == "kelurahan_code":
                    target = self.kelurahan_search
                panel = self.mismatch_panels.get(name)
                if panel is not None and not panel.isHidden() and panel.note() is None:
                    target = panel.reason
                return target
        consent: QWidget = self.disability_consent
        return consent if "disability" in problems else None

    def ask_sex_approval(self) -> None:
        """A supervisor approves a sex that disagrees with the NIK (their own password)."""
        answer = dialogs.ask_credentials(
            self, "Persetujuan supervisor",
            "Jenis kelamin berbeda dengan NIK. Supervisor menyetujui dengan kata sandinya "
            "dan alasan; persetujuan dicatat.")
        if answer is None:
            return
        username, password, reason = answer
        panel = self.mismatch_panels["jenis_kelamin"]

        def approve() -> str:
            nik, case = self.state.nik, self.state.case
            if nik is None or case is None:
                raise ValidationError("Isi NIK dan jenis permohonan dahulu.")
            grant = rec.authorize_override(
                self.state.db, username, password, reason, clerk=self.state.actor,
                nik=nik.nik, case_type=case)
            self.nik_approval = grant
            return f"Disetujui oleh {grant.username}: {grant.reason}"

        if panel.approval_label.attempt(approve):
            self.check()

    def validatePage(self) -> bool:
        self._show_all = True
        if not self.check():
            return False
        self.state.card = self.card()
        self.state.nik_notes = self.notes()
        self.state.nik_approval = self.nik_approval if "jenis_kelamin" in self.notes() else None
        self.state.disabilities = self.disabilities()
        return True

