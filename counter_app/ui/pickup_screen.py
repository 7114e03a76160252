"""Pengambilan: scan the slip, check the person, hand the card over once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.errors import CounterError
from counter_app.domain.lifecycle import TERMINAL, Status
from counter_app.printing.output import printed_as
from counter_app.services import pickup as pk
from counter_app.services.actor import Actor
from counter_app.services.keys import KeyRevoked
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import make_table

# How long "KTP-el ... diserahkan" stays before the screen is ready for the next scan.
CLEAR_MS = 6000
READY_HEADERS = ["Tanda terima", "Nama", "NIK", "Telepon", "Siap sejak", "Hari"]


class _NumberItem(QTableWidgetItem):
    """A cell that sorts by its number (days waiting), not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        try:
            return int(self.text()) < int(other.text())
        except ValueError:
            return super().__lt__(other)


class _DateItem(QTableWidgetItem):
    """A dd-mm-yyyy cell that sorts by the date."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        def key(text: str) -> str:
            return text[6:] + text[3:5] + text[:2]

        return key(self.text()) < key(other.text())


class PickupScreen(QWidget):
    """Find (QR, slip number, or NIK when the slip is lost), check, hand over."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.candidate: pk.PickupCandidate | None = None
        self.slip_lost = False
        # The scanned slip was signed with a revoked key: it must be re-issued first.
        self.revoked = ""
        self.scan = QLineEdit(objectName="pickupScan")
        self.scan.setPlaceholderText("pindai QR tanda terima atau ketik nomornya, lalu Enter")
        self.scan.setStyleSheet("font-size: 14pt;")
        self.nik = QLineEdit(objectName="pickupNik", maxLength=24)
        self.nik.setPlaceholderText("tanda terima hilang? ketik NIK, lalu Enter")
        self.photo = QLabel("foto", objectName="pickupPhoto")
        self.photo.setFixedSize(120, 160)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #9aa5b1; background: #f4f6f8;")
        self.details = QLabel(objectName="pickupDetails", wordWrap=True)
        self.details.setStyleSheet("font-size: 12pt;")
        self.where = QLabel(objectName="pickupWhere", wordWrap=True)
        self.identity = QCheckBox("Identitas penerima sudah diperiksa (wajah cocok dengan foto, "
                                  "dokumen asli)", objectName="identityChecked")
        self.self_ = QRadioButton("Pemohon sendiri", objectName="receiverSelf")
        self.family = QRadioButton("Anggota keluarga satu KK", objectName="receiverFamily")
        self.self_.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.self_)
        group.addButton(self.family)
        self.family_name = QLineEdit(objectName="familyName")
        self.family_nik = QLineEdit(objectName="familyNik", maxLength=24)
        self.note = QLineEdit(objectName="identityNote")
        self.note.setPlaceholderText("dokumen yang diperiksa (wajib bila tanda terima hilang)")
        self.surrender_box = QGroupBox("Diserahkan pemohon")
        self.surrender_layout = QVBoxLayout(self.surrender_box)
        self.surrender: dict[str, QCheckBox] = {}
        self.hand = QPushButton("Serahkan KTP-el  [F6]", objectName="handOver")
        self.hand.setMinimumHeight(42)
        self.hand.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.reissue = QPushButton("Terbitkan ulang tanda terima...", objectName="reissueSlip")
        self.reissue.setToolTip("Setelah identitas diperiksa: tanda terima baru dengan kode QR "
                                "yang ditandatangani kunci PC ini")
        self.reissue.setMinimumHeight(42)
        self.message = MessageLine("pickupMessage", base_style="font-weight: bold; ")
        # Room for a refusal with its reason (two or three lines) without clipping.
        self.message.setMinimumHeight(3 * self.message.fontMetrics().lineSpacing() + 6)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.ready = make_table(READY_HEADERS, "readyList")
        self.ready.setToolTip("Klik judul kolom untuk mengurutkan; klik dua kali untuk membuka")
        header = self.ready.horizontalHeader()
        # Every column as wide as its text (phone numbers whole); the name takes the rest.
        for column in range(len(READY_HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.ready.setSortingEnabled(True)
        self.ready_search = QLineEdit(objectName="readySearch")
        self.ready_search.setPlaceholderText("cari nama, NIK, telepon atau tanda terima")
        self.ready_search.setClearButtonEnabled(True)
        self.ready_search.textChanged.connect(self._filter_ready)
        self._clear = QTimer(self, singleShot=True, interval=CLEAR_MS)
        self._clear.timeout.connect(self._ready_for_next)
        export = QPushButton("Ekspor spreadsheet...", objectName="exportReady")

        find = QHBoxLayout()
        find.addWidget(self.scan, 2)
        find.addWidget(self.nik, 1)
        person = QHBoxLayout()
        person.addWidget(self.photo)
        info = QVBoxLayout()
        info.addWidget(self.details)
        info.addWidget(self.where)
        person.addLayout(info, 1)
        form = QFormLayout()
        receiver = QHBoxLayout()
        receiver.addWidget(self.self_)
        receiver.addWidget(self.family)
        receiver.addStretch(1)
        form.addRow("Penerima", receiver)
        form.addRow("Nama keluarga", self.family_name)
        form.addRow("NIK keluarga", self.family_nik)
        form.addRow("Catatan pemeriksaan", self.note)
        left = QVBoxLayout()
        left.addLayout(person)
        left.addWidget(self.identity)
        left.addLayout(form)
        left.addWidget(self.surrender_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hand, 2)
        buttons.addWidget(self.reissue, 1)
        left.addLayout(buttons)
        left.addWidget(self.message)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>KTP-el siap diambil</b> (hubungi pemohon)"))
        right.addWidget(self.ready_search)
        right.addWidget(self.ready, 1)
        right.addWidget(export)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Pengambilan</h2>"))
        layout.addLayout(find)
        layout.addLayout(body, 1)
        self.scan.returnPressed.connect(self.find_scanned)
        self.nik.returnPressed.connect(self.find_nik)
        self.family.toggled.connect(self._receiver_changed)
        self.hand.clicked.connect(self.hand_over)
        self.reissue.clicked.connect(self.reissue_slip)
        shortcut = QShortcut(QKeySequence("F6"), self)
        shortcut.activated.connect(self.hand_over)
        export.clicked.connect(self.export_csv)
        self.ready.cellDoubleClicked.connect(self._open_ready)
        self._receiver_changed()
        self.show_candidate(None)
        self.refresh()

    def _receiver_changed(self) -> None:
        family = self.family.isChecked()
        self.family_name.setEnabled(family)
        self.family_nik.setEnabled(family)

    def find_scanned(self) -> None:
        """The scanner typed a QR (or the clerk a slip number) and Enter."""
        text = self.scan.text()
        self.scan.clear()
        def find() -> None:
            self.show_candidate(None)
            try:
                candidate = pk.find_for_pickup(self._db, text)
            except KeyRevoked as revoked:  # shown with its reason and the re-issue path
                self._show_revoked(revoked)
                return
            self.slip_lost = False
            self.revoked = ""
            self.show_candidate(candidate)
            if self.hand.isEnabled():  # the identity check is next, then F6
                self.identity.setFocus()

        self._clear.stop()
        self.message.attempt(find)

    def _found_by_nik(self) -> list[pk.PickupCandidate] | None:
        found: list[pk.PickupCandidate] = []
        if self.message.attempt(lambda: found.extend(pk.find_by_nik(self._db, self.nik.text()))):
            return found
        return None

    def _show_revoked(self, revoked: KeyRevoked) -> None:
        """The slip is refused; show its application so it can be re-issued after a check."""
        try:
            candidate = pk.find_for_pickup(self._db, revoked.number)
        except CounterError:
            self.show_candidate(None)
            self.message.error(revoked.message)
            return
        self.slip_lost = False
        self.revoked = revoked.message
        self.show_candidate(candidate)
        self.message.error(revoked.message)
        self.note.setFocus()

    def find_nik(self) -> None:
        """Slip lost: find the applicant's newest application by NIK (stricter check)."""
        found = self._found_by_nik()
        if found is None:
            return
        ready = [c for c in found if c.status is Status.READY_FOR_PICKUP]
        self.slip_lost = True
        self.revoked = ""
        self.show_candidate(ready[0] if ready else found[0])
        self.note.setFocus()

    def show_candidate(self, candidate: pk.PickupCandidate | None) -> None:
        """Show who is collecting what, and what must be handed in."""
        self.candidate = candidate
        self.identity.setChecked(False)
        self.note.clear()
        for check in self.surrender.values():
            check.deleteLater()
        self.surrender.clear()
        if candidate is None:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("foto")
            self.details.setText("Pindai tanda terima untuk memulai.")
            self.where.clear()
            self.hand.setEnabled(False)
            self.reissue.setVisible(False)
            self.surrender_box.setVisible(False)
            return
        pixmap = QPixmap()
        if candidate.photo and pixmap.loadFromData(candidate.photo):
            self.photo.setPixmap(pixmap.scaled(self.photo.size(),
                                               Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("tanpa foto")
        lost = "<br><b style='color:#b00020'>TANDA TERIMA HILANG: periksa identitas lebih " \
               "teliti dan catat dokumennya.</b>" if self.slip_lost else ""
        if self.revoked:
            lost = ("<br><b style='color:#b00020'>TANDA TERIMA TIDAK BERLAKU (kunci dicabut): "
                    "periksa identitas, catat dokumennya, lalu terbitkan ulang.</b>")
        self.details.setText(f"<b>{candidate.nama}</b><br>NIK {candidate.nik_masked} &nbsp; "
                             f"KK {candidate.kk_masked}<br>{candidate.case_type.label}, "
                             f"tanda terima {candidate.slip_number}{lost}")
        ready = candidate.status is Status.READY_FOR_PICKUP
        self.where.setText(candidate.where)
        self.where.setStyleSheet("color: #1b5e20; font-weight: bold;" if ready
                                 else "color: #b00020; font-weight: bold;")
        self.hand.setEnabled(ready and not self.revoked)
        self.reissue.setVisible((self.slip_lost or bool(self.revoked))
                                and candidate.status not in TERMINAL)
        for code in candidate.must_surrender:
            check = QCheckBox(pk.SURRENDER_LABELS[code], objectName=f"surrender_{code}")
            self.surrender[code] = check
            self.surrender_layout.addWidget(check)
        self.surrender_box.setVisible(bool(candidate.must_surrender))

    def hand_over(self) -> None:
        """F6: hand the card over (once), as the form says."""
        if self.candidate is None or not self.hand.isEnabled():
            return
        candidate = self.candidate
        def hand_over() -> str:
            done = pk.hand_over(
                self._db, self._actor, candidate.application_id,
                receiver="family" if self.family.isChecked() else "self",
                identity_checked=self.identity.isChecked(),
                receiver_name=self.family_name.text(), receiver_nik=self.family_nik.text(),
                slip_lost=self.slip_lost, identity_note=self.note.text(),
                surrendered=tuple(c for c, box in self.surrender.items() if box.isChecked()))
            self.show_candidate(None)
            return f"KTP-el {done.slip_number} diserahkan kepada {done.receiver_name}."

        if self.message.attempt(hand_over):
            # The next person's slip goes into the scan field, not into this form; the
            # message stays a moment, then the screen is ready for the next scan.
            self.scan.setFocus()
            self._clear.start()
        self.family_name.clear()
        self.family_nik.clear()
        self.self_.setChecked(True)
        self.refresh()

    def _ready_for_next(self) -> None:
        if self.candidate is None:
            self.message.say("")
            self.scan.setFocus()

    def reissue_slip(self) -> None:
        """A new slip for the candidate, once the identity check is ticked and written."""
        if self.candidate is None or not self.reissue.isVisible():
            return
        from counter_app import local_config
        from counter_app.services.slip_printing import reissue_slip
        from counter_app.ui.qt_printing import QtPdfPrinter

        candidate = self.candidate
        done = self.message.call(lambda: reissue_slip(
            self._db, self._actor, candidate.application_id,
            identity_checked=self.identity.isChecked(), identity_note=self.note.text(),
            settings=local_config.load().slip_printer, pdf_printer=QtPdfPrinter()))
        if done is None:
            return
        slip, where = done
        self.revoked = ""
        self.slip_lost = False
        self.show_candidate(pk.find_for_pickup(self._db, slip.slip_number))
        self.message.say(f"Tanda terima {slip.slip_number} diterbitkan ulang; "
                         f"{printed_as('dicetak', where)}.")

    def refresh(self) -> None:
        """Reload the ready list (its sort order and search stay)."""
        self.items = pk.ready_list(self._db)
        self.ready.setSortingEnabled(False)  # rows are filled in place, then sorted
        self.ready.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            cells = [QTableWidgetItem(item.slip_number), QTableWidgetItem(item.nama),
                     QTableWidgetItem(item.nik_masked), QTableWidgetItem(item.phone or "-"),
                     _DateItem(f"{item.ready_since:%d-%m-%Y}"),
                     _NumberItem(str(item.days_waiting))]
            for c, cell in enumerate(cells):
                self.ready.setItem(r, c, cell)
        self.ready.setSortingEnabled(True)
        self._filter_ready(self.ready_search.text())

    def _filter_ready(self, text: str) -> None:
        """Show only the rows whose slip, name, NIK or phone contains ``text``."""
        needle = text.strip().casefold()
        for row in range(self.ready.rowCount()):
            cells = (self.ready.item(row, c) for c in range(4))
            found = not needle or any(cell is not None and needle in cell.text().casefold()
                                      for cell in cells)
            self.ready.setRowHidden(row, not found)

    def _open_ready(self, row: int, _column: int) -> None:
        cell = self.ready.item(row, 0)  # sorted: the row's own slip, not items[row]
        if cell is not None:
            self.scan.setText(cell.text())
            self.find_scanned()

    def export_csv(self) -> None:
        """Save the ready list (with phone numbers, NIK masked) for calling applicants.

        A spreadsheet (.xlsx) like the other call lists, or CSV when that is chosen.
        """
        from counter_app.printing.call_list_xlsx import ready_list_xlsx

        path = dialogs.save_file(self, "Ekspor daftar siap diambil", "siap-diambil.xlsx",
                                 "Spreadsheet (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_name(target.name + ".xlsx")
        try:
            if target.suffix.lower() == ".csv":
                target.write_text(pk.ready_list_csv(self.items), "utf-8")
            else:
                target.write_bytes(ready_list_xlsx(self.items))
        except OSError as exc:
            self.message.error(f"Berkas tidak dapat disimpan ({exc.strerror}).")
            return
        self.message.say(f"{len(self.items)} baris diekspor ke {target}.")

    def first_focus(self) -> QWidget:
        """The scan field: a scanner types into it."""
        scan: QWidget = self.scan
        return scan

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.scan.setFocus()
