"""Page 4, Data KTP-el: every field on the card, checked against the NIK as it is typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
    QWizardPage,
)

from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.recording import ELEMENT_FIELDS, CardData, check_card
from counter_app.domain.reference import (
    AGAMA,
    GOLONGAN_DARAH,
    JENIS_KELAMIN,
    KEWARGANEGARAAN,
    STATUS_PERKAWINAN,
    pekerjaan,
)
from counter_app.domain.wilayah import Region
from counter_app.ui.recording.fields import pydate, qdate, today, with_error
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


class DataPage(QWizardPage):
    """Every KTP-el field; for PERUBAHAN_DATA old values beside the new, only chosen ones open."""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state
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
        self._kelurahan: list[Region] = state.wilayah.children(state.office.kecamatan_code)
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
            box, self.errors[name] = with_error(widget, name)
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
        self._draft_applied = False

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
        found = self.state.wilayah.search(text, parent_code=self.state.office.kecamatan_code,
                                        level=None)
        self._fill_kelurahan(found)
        combo = self.widgets["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        if found:
            combo.setCurrentIndex(0)
        self.check()

    def initializePage(self) -> None:
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
        self._apply_case(self.state.case, self.state.elements)
        draft = self.state.draft
        if draft is not None and draft.card is not None and not self._draft_applied:
            self._draft_applied = True
            self.set_card(draft.card)

    def _apply_case(self, case: CaseType | None, elements: frozenset[DataElement]) -> None:
        lookup = self.state.lookup
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
            tanggal_lahir=pydate(birth.date()), jenis_kelamin=text("jenis_kelamin"),
            golongan_darah=text("golongan_darah"), agama=text("agama"),
            status_perkawinan=text("status_perkawinan"), pekerjaan=text("pekerjaan"),
            kewarganegaraan=text("kewarganegaraan"), alamat=text("alamat"), rt=text("rt"),
            rw=text("rw"), kelurahan_code=text("kelurahan_code"), phone=text("phone"))

    def check(self) -> bool:
        """Show every field's problem next to it; True when there is none."""
        nik = self.state.nik
        if nik is None:
            return False
        codes = [r.code for r in self._kelurahan]
        _cleaned, problems = check_card(self.card(), nik.nik, codes, today())
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
        if "nik" in problems:
            self.errors["tanggal_lahir"].setText(problems["nik"])
        return not problems

    def validatePage(self) -> bool:
        if not self.check():
            return False
        self.state.card = self.card()
        return True

