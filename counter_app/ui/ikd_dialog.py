"""Aktivasi IKD: the short form of one activation at the counter (no card printed)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.ikd import NOT_ACTIVATED_REASONS, IkdForm, check_ikd
from counter_app.services import ikd
from counter_app.services.actor import Actor
from counter_app.ui.messages import MessageLine
from counter_app.ui.recording.fields import with_error


class IkdDialog(QDialog):
    """NIK, e-mail or phone, the phone's model, activated or not (with the reason)."""

    def __init__(self, db: Database, actor: Actor, *, ticket_id: int | None = None,
                 ticket_number: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor, self._ticket_id = db, actor, ticket_id
        self.setWindowTitle("Aktivasi IKD" + (f" - tiket {ticket_number}" if ticket_number
                                              else ""))
        self.setMinimumWidth(560)
        self.result_: ikd.IkdRecord | None = None
        self.nik = QLineEdit(objectName="ikdNik", maxLength=24)
        self.nik.setPlaceholderText("16 digit, ketik atau pindai")
        self.email = QLineEdit(objectName="ikdEmail", maxLength=120)
        self.email.setPlaceholderText("nama@contoh.id")
        self.phone = QLineEdit(objectName="ikdPhone", maxLength=20)
        self.phone.setPlaceholderText("0812 3456 7890")
        self.model = QLineEdit(objectName="ikdPhoneModel", maxLength=80)
        self.model.setPlaceholderText("mis. Samsung Galaxy A14")
        self.yes = QRadioButton("Berhasil diaktifkan", objectName="ikdActivated")
        self.no = QRadioButton("Belum berhasil", objectName="ikdNotActivated")
        self.outcome = QButtonGroup(self)
        self.outcome.addButton(self.yes)
        self.outcome.addButton(self.no)
        self.yes.setChecked(True)
        self.reason = QComboBox(objectName="ikdReason", editable=True)
        self.reason.addItems(["", *NOT_ACTIVATED_REASONS])
        self.reason.setEnabled(False)
        self.no.toggled.connect(self.reason.setEnabled)
        self.error = MessageLine("ikdError")
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.addRow(QLabel("Identitas Kependudukan Digital: tidak ada kartu yang dicetak. "
                           "Isi e-mail atau nomor HP (salah satu).", wordWrap=True))
        for label, name, widget in (("NIK", "nik", self.nik), ("E-mail", "email", self.email),
                                    ("Nomor HP", "phone", self.phone),
                                    ("Tipe ponsel", "phone_model", self.model)):
            box, self.errors[name] = with_error(widget, f"ikd_{name}")
            form.addRow(label, box)
        row = QHBoxLayout()
        row.addWidget(self.yes)
        row.addWidget(self.no)
        row.addStretch(1)
        form.addRow("Hasil", row)
        box, self.errors["reason"] = with_error(self.reason, "ikd_reason")
        form.addRow("Alasan belum berhasil", box)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Simpan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.nik.returnPressed.connect(self.email.setFocus)

    def form(self) -> IkdForm:
        """What is typed (unchecked)."""
        return IkdForm(self.nik.text(), self.email.text(), self.phone.text(),
                       self.model.text(), self.yes.isChecked(), self.reason.currentText())

    def save(self) -> None:
        """Check the form (messages next to the fields), then save through the service."""
        _cleaned, problems = check_ikd(self.form())
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
        if problems:
            return
        self.result_ = self.error.call(lambda: ikd.record_activation(
            self._db, self._actor, self.form(), ticket_id=self._ticket_id))
        if self.result_ is not None:
            self.accept()
