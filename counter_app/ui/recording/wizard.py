"""The recording wizard (Perekaman): one walk-in from the NIK to the slip in their hand.

Six pages, one module each: identify, case, documents, data, biometrics, review. They
share one ``WizardState``. Every rule is a domain or service call; the pages show its
message next to the field. Going back keeps everything typed (QWizard keeps its pages),
a draft can be saved and resumed, and a recording can be cancelled with a reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.errors import PrinterError, ValidationError
from counter_app.domain.recording_draft import DraftContents
from counter_app.domain.wilayah import Wilayah
from counter_app.printing.output import printed_as
from counter_app.printing.paper import PrinterSettings
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.biometric_devices import (
    CaptureDevice,
    CaptureMode,
    CaptureSetup,
    capture_setup,
)
from counter_app.services.office import OfficeProfile
from counter_app.services.settings import is_demo_office
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine
from counter_app.ui.recording.biometrics import BiometricsPage
from counter_app.ui.recording.case import CasePage
from counter_app.ui.recording.data import DataPage
from counter_app.ui.recording.documents import DocumentsPage
from counter_app.ui.recording.fields import today
from counter_app.ui.recording.identify import IdentifyPage
from counter_app.ui.recording.review import ReviewPage
from counter_app.ui.recording.state import WizardState


def save_and_print(db: Database, actor: Actor, data: rec.RecordingInput,
                   settings: PrinterSettings) -> tuple[rec.RecordingResult, str]:
    """Save through the service (one transaction), then print the slip; off the GUI thread.

    A printer failure after the save loses nothing: the message says so and the slip
    can be reprinted from the Perekaman area.
    """
    from counter_app.services.slip_printing import print_slip
    from counter_app.ui.qt_printing import QtPdfPrinter

    result = rec.save_recording(db, actor, data)
    try:
        _slip, where = print_slip(db, result.application_id, settings, QtPdfPrinter(), actor)
        message = f"Tanda terima {result.slip_number} {printed_as('dicetak', where)}."
    except PrinterError as exc:
        message = (f"Permohonan {result.slip_number} tersimpan, tetapi tanda terima gagal "
                   f"dicetak: {exc.message} Cetak ulang dari daftar permohonan.")
    return result, message


# What "Tutup" or Esc on a wizard holding data may do.
CLOSE_SAVE, CLOSE_DISCARD, CLOSE_BACK = "simpan", "buang", "kembali"


def ask_close(parent: QWidget) -> str:
    """Simpan draf / Buang / Kembali, before a wizard with data is closed."""
    box = QMessageBox(QMessageBox.Icon.Question, "Tutup perekaman",
                      "Perekaman ini belum disimpan. Simpan sebagai draf untuk dilanjutkan "
                      "nanti, buang isinya, atau kembali ke perekaman?", parent=parent)
    save = box.addButton("&Simpan draf", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Buang", QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("&Kembali", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(back)
    box.exec()
    clicked = box.clickedButton()
    return CLOSE_SAVE if clicked is save else CLOSE_DISCARD if clicked is discard else CLOSE_BACK


class RecordingWizard(QWizard):
    """The six pages, draft and cancel buttons, and the save with the slip print.

    Keyboard first (issue 13): Enter is "Lanjut" when the page is complete, else it
    moves to the first field still to fill (no message before a field is touched);
    Esc or "Tutup" with data asks whether to keep a draft.
    """

    IDENTIFY, CASE, DOCUMENTS, DATA, BIOMETRICS, REVIEW = range(6)

    def __init__(self, db: Database, actor: Actor, office: OfficeProfile, wilayah: Wilayah,
                 *, ticket_id: int | None = None, ticket_number: str | None = None,
                 outreach_event_id: int | None = None,
                 device: CaptureDevice | None = None, capture: CaptureSetup | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Perekaman KTP-el" + (f" - tiket {ticket_number}"
                                                  if ticket_number else ""))
        # Fits 1366x768 with a taskbar (about 1366x728 for the window and its frame).
        self.setMinimumSize(900, 600)
        self.resize(1000, 680)
        if capture is None:
            # A device handed in (a test, a driver chosen by the caller) is used as is;
            # else this PC's setting: the simulator only in the demo office (issue 20).
            capture = (CaptureSetup(CaptureMode.DRIVER, device.name, device) if device
                       else capture_setup(is_demo_office(db), local_config.load().capture_driver))
        self.state = WizardState(db, actor, office, wilayah, capture,
                                 ticket_id, ticket_number, outreach_event_id)
        self.identify = IdentifyPage(self.state)
        self.case_page = CasePage(self.state)
        self.documents_page = DocumentsPage(self.state)
        self.data_page = DataPage(self.state)
        self.biometrics_page = BiometricsPage(self.state)
        self.review_page = ReviewPage(
            self.state, self.start_save,
            lambda: rec.assess_recording(self.state.db, self.recording_input(), today()))
        for page_id, page in enumerate((self.identify, self.case_page, self.documents_page,
                                        self.data_page, self.biometrics_page,
                                        self.review_page)):
            self.setPage(page_id, page)
        self.result_: rec.RecordingResult | None = None
        self.print_message = ""
        self.draft_saved = False
        self.setButtonText(QWizard.WizardButton.NextButton, "Lanjut >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Kembali")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Simpan && cetak tanda terima")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Tutup")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "Simpan draf")
        self.setButtonText(QWizard.WizardButton.CustomButton2, "Batalkan perekaman...")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.customButtonClicked.connect(self._custom)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reached when the focused field did not use the key (a line edit, check box,
        # combo box or date ignores Enter); a focused wizard button clicks itself.
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.enter()
            return
        super().keyPressEvent(event)

    def enter(self) -> None:
        """Enter: "Lanjut" ("Simpan" on the last page) when the page is complete.

        Else the focus moves to the first field still to fill.
        """
        page = self.currentPage()
        ready = getattr(page, "ready", None)
        if ready is None or ready():
            if self.currentId() == self.REVIEW:
                finish = self.button(QWizard.WizardButton.FinishButton)
                if finish.isEnabled():
                    finish.click()
            else:
                self.next()
            return
        missing = getattr(page, "missing_field", None)
        target = missing() if missing is not None else None
        if isinstance(target, QWidget):
            target.setFocus(Qt.FocusReason.TabFocusReason)
        elif isinstance(page, QWizardPage):
            page.focusNextChild()

    def page_message(self) -> MessageLine:
        """The message line of the page on screen (a failed draft or cancel shows there)."""
        page = self.currentPage()
        line = getattr(page, "error", None)
        return line if isinstance(line, MessageLine) else self.identify.nik_error

    def has_data(self) -> bool:
        """True when closing would lose something the clerk typed."""
        if self.result_ is not None:
            return False
        return bool(self.identify.nik.text().strip() or self.identify.kk.text().strip()
                    or self.currentId() > self.IDENTIFY)

    def reject(self) -> None:
        """Esc, "Tutup" or the window's X: with data, ask what to keep first."""
        if self.has_data():
            choice = ask_close(self)
            if choice == CLOSE_BACK:
                return
            if choice == CLOSE_SAVE and not self.save_draft(quiet=True):
                return
        super().reject()

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
            override=self.state.override, ticket_id=self.state.ticket_id,
            outreach_event_id=self.state.outreach_event_id, draft_id=self.state.draft_id,
            nik_notes=self.data_page.notes(),
            nik_approval=self.data_page.nik_approval
            if "jenis_kelamin" in self.data_page.notes() else None,
            disabilities=self.data_page.disabilities(),
            disability_consent=self.data_page.consent())

    def start_save(self) -> None:
        """Finish: save and print the slip in the background; close when it is saved.

        The save is one transaction (the resumed draft is deleted in it); a failure
        leaves the wizard open on the review page with the message, ready to retry.
        """
        from counter_app import local_config

        review = self.review_page
        inputs: list[rec.RecordingInput] = []
        if not review.error.attempt(lambda: inputs.append(self.recording_input())):
            review.saving = False
            return
        data = inputs[0]
        settings = local_config.load().slip_printer
        db, actor = self.state.db, self.state.actor
        buttons = [self.button(b) for b in (QWizard.WizardButton.FinishButton,
                                             QWizard.WizardButton.BackButton,
                                             QWizard.WizardButton.CustomButton1,
                                             QWizard.WizardButton.CustomButton2)]
        for button in buttons:
            button.setEnabled(False)

        def ended() -> None:
            review.saving = False
            for button in buttons:
                button.setEnabled(True)

        review.error.run(lambda: save_and_print(db, actor, data, settings), self._saved,
                         always=ended, busy="Menyimpan dan mencetak tanda terima...",
                         queue=operations.printer_queue(settings))

    def _saved(self, outcome: tuple[rec.RecordingResult, str]) -> None:
        self.result_, self.print_message = outcome
        self.state.draft_id = None  # deleted by the save, in its transaction
        self.review_page.saved = True
        self.accept()

    def save(self) -> rec.RecordingResult:
        """Save and print now, on this thread (tools that script the wizard)."""
        from counter_app import local_config

        self.result_, self.print_message = save_and_print(
            self.state.db, self.state.actor, self.recording_input(),
            local_config.load().slip_printer)
        self.state.draft_id = None
        return self.result_

    def draft_contents(self) -> DraftContents:
        """The pages' contents as a draft."""
        # The data page's widgets hold defaults until it is shown: keep them out.
        visited = self.hasVisitedPage(self.DATA) or self.currentId() == self.DATA
        return DraftContents(
            page=self.currentId(), nik=self.identify.nik.text().strip(),
            kk=self.identify.kk.text().strip(), case=self.case_page.case(),
            elements=self.case_page.elements(),
            status_perkawinan=self.case_page.status.currentText(),
            documents=self.documents_page.ticked(),
            details=self.documents_page.detail_values(),
            card=self.data_page.card() if visited else None)

    def save_draft(self, quiet: bool = False) -> bool:
        """Put the recording aside; it can be resumed from the Perekaman area.

        ``quiet``: no "Draf tersimpan" box (the wizard closes; the area says it).
        """
        def save() -> str:
            self.state.draft_id = rec.save_draft(self.state.db, self.state.actor,
                                                 self.draft_contents(), self.state.draft_id)
            return ""

        if not self.page_message().attempt(save):
            return False  # the reason is on the page, the wizard stays open
        self.draft_saved = True
        if not quiet:
            dialogs.inform(self, "Draf tersimpan", "Perekaman disimpan sebagai draf dan "
                           "dapat dilanjutkan dari bagian Perekaman.")
        return True

    def resume(self, draft: DraftContents, draft_id: int) -> None:
        """Fill the pages from a draft (the later pages fill themselves when first shown)."""
        self.state.draft_id = draft_id
        self.state.draft = draft
        self.identify.nik.setText(draft.nik)
        self.identify.kk.setText(draft.kk)
        if draft.case is not None:
            self.case_page.case_buttons[draft.case].setChecked(True)
        for element in draft.elements:
            self.case_page.element_checks[element].setChecked(True)
        self.case_page.status.setCurrentText(draft.status_perkawinan)

    def cancel_recording(self) -> None:
        """Stop this recording with a reason (audited); the wizard closes."""
        reason = dialogs.ask_text(self, "Batalkan perekaman",
                                  "Alasan pembatalan (mis. pemohon pulang, dokumen tertinggal):")
        if reason is None:
            return
        nik = self.identify.nik.text().strip() if self.identify.nik_value() else ""
        if not self.page_message().attempt(lambda: rec.discard_draft(
                self.state.db, self.state.actor, self.state.draft_id, reason, nik)):
            return
        self.state.draft_id = None
        super().reject()  # cancelled with a reason: nothing left to ask about
