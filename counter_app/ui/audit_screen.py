"""Audit (supervisors and admins): who did what, when, from which PC; the chain check."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.audit_words import details_text, event_label, subject_text
from counter_app.domain.clock import local, office_day, utc_now
from counter_app.services.actor import Actor
from counter_app.services.audit import AuditRow
from counter_app.services.audit_view import search_audit, verify_audit
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table

KINDS = [("", "Semua jenis"), ("login", "Masuk"), ("ticket", "Tiket"),
         ("application", "Permohonan"), ("blanko", "Blanko"), ("batch", "Batch"),
         ("day", "Layanan harian"), ("setting", "Pengaturan"), ("user", "Pengguna"),
         ("export", "Ekspor NIK lengkap"), ("slip", "Tanda terima"), ("key", "Kunci"),
         ("office", "Kalender kantor")]


class AuditScreen(QWidget):
    """Filter by day, user, applicant (slip number or masked NIK) and kind."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        today = office_day(utc_now())
        self.use_day = QCheckBox("Tanggal", objectName="auditUseDay")
        self.use_day.setChecked(True)
        self.day = QDateEdit(QDate(today.year, today.month, today.day), objectName="auditDay")
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setCalendarPopup(True)
        self.user = QLineEdit(objectName="auditUser")
        self.user.setPlaceholderText("nama pengguna")
        self.subject = QLineEdit(objectName="auditSubject")
        self.subject.setPlaceholderText("tanda terima / NIK tersamar / nomor tiket")
        self.kind = QComboBox(objectName="auditKind")
        for value, label in KINDS:
            self.kind.addItem(label, value)
        search = QPushButton("Cari", objectName="auditSearch")
        verify = QPushButton("Periksa rantai audit", objectName="auditVerify")
        deep = QPushButton("Periksa mendalam", objectName="auditVerifyDeep")
        deep.setToolTip("Juga mencocokkan log dengan status permohonan, saldo blanko, peran "
                        "pengguna dan tiket")
        self.table = make_table(["No", "Waktu", "Pengguna", "PC", "Kejadian", "Subjek",
                                 "Sebelum", "Sesudah", "Alasan"], "auditTable")
        self.message = MessageLine("auditMessage")
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Audit</h2>"))
        for widget in (self.use_day, self.day, self.user, self.subject, self.kind, search):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(verify)
        top.addWidget(deep)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        search.clicked.connect(self.search)
        self.subject.returnPressed.connect(self.search)
        self.user.returnPressed.connect(self.search)
        verify.clicked.connect(self.verify)
        deep.clicked.connect(lambda: self.verify(deep=True))
        self.search()

    def search(self) -> None:
        """Show the matching rows, newest first (at most 500)."""
        day = None
        if self.use_day.isChecked():
            d = self.day.date()
            day = dt.date(d.year(), d.month(), d.day())
        rows: list[AuditRow] = []
        if not self.message.attempt(lambda: rows.extend(search_audit(
                self._db, self._actor, day=day, username=self.user.text(),
                subject=self.subject.text(), kind=self.kind.currentData()))):
            return
        # Events and their details in words; the stored code stays in the tooltip.
        fill_table(self.table, [(str(r.seq), f"{local(r.at):%d-%m-%Y %H.%M.%S}", r.username,
                                 r.workstation, event_label(r.kind),
                                 subject_text(r.kind, r.subject),
                                 details_text(r.before, r.kind), details_text(r.after, r.kind),
                                 r.reason)
                                for r in rows])
        for index, row in enumerate(rows):
            item = self.table.item(index, 4)
            if item is not None:
                item.setToolTip(row.kind)
        self.table.resizeRowsToContents()
        self.message.say(f"{len(rows)} baris.")

    def verify(self, deep: bool = False) -> None:
        """Check the log now (chain, signed heads); ``deep`` also replays it on the data."""
        db, actor = self._db, self._actor
        self.message.run(lambda: verify_audit(db, actor, deep=deep),
                         lambda result: self.message.say(result.summary(limit=20),
                                                         error=not result.ok),
                         busy="Memeriksa log audit...")
