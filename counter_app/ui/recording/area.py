"""The Perekaman area: start a recording, resume a draft, tag an event, reprint a slip.

A recording starts from the ticket this PC's counter is serving, or without one (at
an outreach event, for instance).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.clock import local, utc_now
from counter_app.printing.output import printed_as
from counter_app.services import queue
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.office import OfficeProfile, load_wilayah
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine
from counter_app.ui.recording.wizard import RecordingWizard


class RecordingArea(QWidget):
    """What the clerk sees under "Perekaman"."""

    def __init__(self, db: Database, actor: Actor, office: OfficeProfile) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self._office = office
        self.wizard: RecordingWizard | None = None
        self.outreach = QComboBox(objectName="outreachEvent")
        new_event = QPushButton("Kegiatan jemput bola baru...", objectName="newEvent")
        self.start = QPushButton("Rekam pemohon  [Ctrl+N]", objectName="startRecording")
        self.start.setMinimumHeight(44)
        self.start.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.ikd = QPushButton("Aktivasi IKD  [Ctrl+I]", objectName="startIkd")
        self.ticket_label = QLabel(objectName="ticketLabel")
        self.drafts = QListWidget(objectName="drafts")
        resume = QPushButton("Lanjutkan draf", objectName="resumeDraft")
        self.today = QTableWidget(0, 5, objectName="todayApplications")
        self.today.setHorizontalHeaderLabels(["Tanda terima", "Nama", "NIK", "Permohonan",
                                              "Status"])
        self.today.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.today.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.today.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        reprint = QPushButton("Cetak ulang tanda terima", objectName="reprintSlip")
        self.message = MessageLine("recordingMessage")
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Perekaman</h2>"))
        top.addStretch(1)
        top.addWidget(QLabel("Lokasi perekaman:"))
        top.addWidget(self.outreach)
        top.addWidget(new_event)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        starts = QHBoxLayout()
        starts.addWidget(self.start, 3)
        starts.addWidget(self.ikd, 1)
        layout.addLayout(starts)
        layout.addWidget(self.ticket_label)
        layout.addWidget(QLabel("<b>Draf saya</b>"))
        layout.addWidget(self.drafts)
        layout.addWidget(resume)
        layout.addWidget(QLabel("<b>Permohonan hari ini</b>"))
        layout.addWidget(self.today, 1)
        layout.addWidget(reprint)
        layout.addWidget(self.message)
        self.start.clicked.connect(self.start_recording)
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.activated.connect(self.start_recording)
        self.ikd.clicked.connect(self.start_ikd)
        QShortcut(QKeySequence("Ctrl+I"), self).activated.connect(self.start_ikd)
        resume.clicked.connect(self.resume_draft)
        reprint.clicked.connect(self.reprint_slip)
        new_event.clicked.connect(self.new_event)
        self.outreach.currentIndexChanged.connect(self._event_changed)
        self.refresh()

    def first_focus(self) -> QWidget:
        """"Rekam pemohon": Enter or Space opens the wizard."""
        start: QWidget = self.start
        return start

    def _fill_events(self) -> None:
        chosen = local_config.load().outreach_event_id
        self.outreach.blockSignals(True)
        self.outreach.clear()
        self.outreach.addItem("Di kantor kecamatan", None)
        for event in rec.list_outreach_events(self._db):
            self.outreach.addItem(event.label, event.id)
        index = self.outreach.findData(chosen)
        self.outreach.setCurrentIndex(index if index >= 0 else 0)
        self.outreach.blockSignals(False)

    def _event_changed(self) -> None:
        # Kept for this PC until changed: an outreach team records all day at one place.
        config = local_config.load()
        local_config.save(local_config.with_event(config, self.outreach.currentData()))

    def new_event(self) -> None:
        """Start a jemput bola event (a kind from the admin's list)."""
        name = dialogs.ask_text(self, "Kegiatan jemput bola", "Nama tempat/kegiatan:")
        if not name:
            return
        from counter_app.services.settings import get_outreach_kinds

        kinds = list(get_outreach_kinds(self._db).items())
        choice = dialogs.choose(self, "Kegiatan jemput bola", "Jenis:",
                                [label for _k, label in kinds])
        if not choice:
            return
        kind = next(k for k, label in kinds if label == choice)
        def create() -> None:
            event = rec.create_outreach_event(self._db, self._actor, name, kind,
                                              local(utc_now()).date())
            local_config.save(local_config.with_event(local_config.load(), event.id))

        if self.message.attempt(create):
            self.refresh()

    def current_ticket(self) -> queue.TicketInfo | None:
        """The ticket this PC's counter is serving, to link the recording to it."""
        from counter_app.ui.counter_screen import this_pc_counter

        counter = this_pc_counter(self._db)
        if counter is None:
            return None
        return queue.counter_view(self._db, counter).current

    def _wizard(self) -> RecordingWizard:
        ticket = self.current_ticket()
        return RecordingWizard(
            self._db, self._actor, self._office, load_wilayah(self._db),
            ticket_id=ticket.id if ticket else None,
            ticket_number=ticket.number if ticket else None,
            outreach_event_id=self.outreach.currentData(), parent=self)

    def start_recording(self) -> None:
        """Open the wizard for a new walk-in (on a closed day: the warning first)."""
        if self.day_open():
            self.run(self._wizard())

    def day_open(self) -> bool:
        """True when today takes recordings; a closed day says so at once (issue 13).

        A supervisor is offered to reopen the day (a reason, audited; the archived
        report is marked superseded); anyone else is told who can.
        """
        from counter_app.domain.roles import Role
        from counter_app.services.day_close import closed_for_changes, reopen_day

        day = local(utc_now()).date()
        if not closed_for_changes(self._db, day):
            return True
        closed = f"Layanan hari ini ({day:%d-%m-%Y}) sudah ditutup: perekaman tidak dapat " \
                 "disimpan."
        if self._actor.role is not Role.SUPERVISOR:
            self.message.error(f"{closed} Minta supervisor membuka kembali hari ini "
                               "(Laporan > Buka kembali hari).")
            return False
        reason = dialogs.ask_text(
            self, "Layanan hari ini sudah ditutup",
            f"{closed}\nBuka kembali hari ini? Tulis alasannya (minimal 5 huruf); laporan "
            "arsipnya ditandai diganti dan laporan baru diarsipkan saat ditutup lagi.")
        if reason is None:
            self.message.error(closed)
            return False
        return self.message.attempt(
            lambda: f"Layanan {reopen_day(self._db, self._actor, day, reason).day:%d-%m-%Y} "
                    "dibuka kembali. Perekaman dapat dimulai.")

    def ikd_dialog(self) -> QDialog:
        """The IKD activation form, linked to the ticket being served."""
        from counter_app.ui.ikd_dialog import IkdDialog

        ticket = self.current_ticket()
        return IkdDialog(self._db, self._actor, ticket_id=ticket.id if ticket else None,
                         ticket_number=ticket.number if ticket else None, parent=self)

    def start_ikd(self) -> None:
        """Record one IKD activation (no card, counted in the daily report)."""
        from counter_app.services.ikd import ikd_service_open

        if not ikd_service_open(self._db):
            self.message.error("Layanan Aktivasi IKD sedang ditutup (Pengaturan > Layanan "
                               "antrean).")
            return
        dialog = self.ikd_dialog()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            done = getattr(dialog, "result_", None)
            if done is not None:
                self.message.say(f"Aktivasi IKD {done.nik_masked}: "
                         + ("berhasil." if done.activated else f"belum berhasil ({done.reason})."))

    def resume_draft(self) -> None:
        """Open the wizard on the chosen draft."""
        row = self.drafts.currentRow()
        drafts = rec.list_drafts(self._db, self._actor)
        if not 0 <= row < len(drafts):
            self.message.error("Pilih draf yang akan dilanjutkan.")
            return
        draft_id = drafts[row].id

        def resume() -> None:
            draft = rec.load_draft(self._db, self._actor, draft_id)
            wizard = self._wizard()
            wizard.resume(draft, draft_id)
            self.run(wizard)

        self.message.attempt(resume)

    def run(self, wizard: RecordingWizard) -> None:
        """Show the wizard modally, then report what happened."""
        self.wizard = wizard
        if wizard.exec() == QDialog.DialogCode.Accepted and wizard.result_ is not None:
            failed = "gagal" in wizard.print_message
            self.message.say(f"Tersimpan: {wizard.result_.slip_number}. {wizard.print_message}",
                     error=failed)
        self.wizard = None
        self.refresh()

    def reprint_slip(self) -> None:
        """Print the chosen application's slip again (recorded as a reprint)."""
        from counter_app.services.slip_printing import print_slip
        from counter_app.ui.qt_printing import QtPdfPrinter

        row = self.today.currentRow()
        if row < 0 or row >= len(self._apps):
            self.message.error("Pilih permohonan yang tanda terimanya akan dicetak ulang.")
            return
        app = self._apps[row]
        settings = local_config.load().slip_printer
        db, actor = self._db, self._actor
        self.message.run(
            lambda: print_slip(db, app.id, settings, QtPdfPrinter(), actor)[1],
            lambda where: self.message.say(f"Tanda terima {app.slip_number} "
                                           f"{printed_as('dicetak ulang', where)}."),
            failure=lambda exc: self.message.error(
                f"Tanda terima {app.slip_number} gagal dicetak: {exc.message}"),
            busy=f"Mencetak tanda terima {app.slip_number}...",
            queue=operations.printer_queue(settings))

    def refresh(self) -> None:
        """Reload events, drafts, today's applications and the current ticket."""
        self._fill_events()
        self.drafts.clear()
        for draft in rec.list_drafts(self._db, self._actor):
            when = local(draft.updated_at)
            self.drafts.addItem(f"{draft.label or '(tanpa nama)'}  NIK {draft.nik or '-'}  "
                                f"{when:%d-%m %H.%M}")
        self._apps = rec.list_applications(self._db, local(utc_now()).date())
        self.today.setRowCount(len(self._apps))
        for r, app in enumerate(self._apps):
            for c, value in enumerate((app.slip_number, app.nama, app.nik_masked,
                                       app.case_type.label, app.status_text)):
                self.today.setItem(r, c, QTableWidgetItem(value))
        ticket = self.current_ticket()
        self.ticket_label.setText(
            f"Tiket yang sedang dilayani: {ticket.number} (dikaitkan ke perekaman)." if ticket
            else "Tidak ada tiket dipanggil di loket ini: perekaman tanpa tiket.")
