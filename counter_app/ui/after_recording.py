"""After recording (issue 11): PRR, 17th birthdays, rejections, uncollected cards.

Also Disdukcapil's returns and SUKET renewal.

Tabs added to Cetak & Kirim; every action is one service call (services/prr,
birthdays, batches, rejections, uncollected, suket).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.coverage import ContactChannel
from counter_app.domain.lifecycle import Status
from counter_app.domain.recording import CardData
from counter_app.domain.rejection import RejectReason
from counter_app.domain.roles import Permission, can
from counter_app.domain.wilayah import Region, is_village_code
from counter_app.domain.words import lower_first
from counter_app.printing.call_list_xlsx import UNCOLLECTED_HEADERS, call_list_xlsx
from counter_app.services import batches as b
from counter_app.services import birthdays as bd
from counter_app.services import card_printing as cp
from counter_app.services import misprints as mp
from counter_app.services import prr
from counter_app.services import rejections as rj
from counter_app.services import suket as sk
from counter_app.services import uncollected as un
from counter_app.services.actor import Actor
from counter_app.services.recording import ApplicationSummary
from counter_app.ui import dialogs
from counter_app.ui.print_and_forward import _Tab
from counter_app.ui.recording.fields import OccupationCombo, card_from_fields
from counter_app.ui.tables import fill_table, make_table, selected_row

# Chosen by the clerk, never a silent first item (issue 13), as on the recording
# wizard's data page (ui/recording/data.NO_DEFAULT).
NO_DEFAULT = ("golongan_darah", "agama", "status_perkawinan", "pekerjaan")


class PrrTab(_Tab):
    """Cetak bagi yang sudah rekam: NIK, what is held, KK and identity, to the queue.

    Someone recorded elsewhere (another office, an event, at 16 elsewhere): the clerk
    checks the central record (SIAK), types the card data and KK number as shown there,
    and notes the reference seen (issue 11).
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.nik = QLineEdit(objectName="prrNik", placeholderText="NIK (ketik atau pindai)")
        self.nik.returnPressed.connect(self.look_up)
        find = QPushButton("Periksa", objectName="prrFind")
        find.clicked.connect(self.look_up)
        self.summary = QLabel(wordWrap=True, objectName="prrSummary")
        self.photo = QLabel(objectName="prrPhoto")
        self.photo.setFixedSize(120, 160)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #999;")
        self.kk_checked = QCheckBox("KK asli sudah diperiksa", objectName="prrKk")
        self.identity = QCheckBox("Wajah cocok dengan foto rekaman", objectName="prrIdentity")
        self.queue_button = QPushButton("Masukkan ke antrean cetak", objectName="prrQueue")
        self.queue_button.clicked.connect(self.to_queue)
        self.elsewhere = self._elsewhere_box()
        self.elsewhere.setVisible(False)
        self.held: bool | None = None  # None: not looked up yet
        self.nik.textEdited.connect(self._forget)
        top = QHBoxLayout()
        top.addWidget(self.nik, 1)
        top.addWidget(find)
        form = QFormLayout()
        form.addRow("", self.kk_checked)
        form.addRow("", self.identity)
        body = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(self.summary)
        side.addWidget(self.elsewhere)
        side.addLayout(form)
        side.addWidget(self.queue_button)
        side.addStretch(1)
        body.addLayout(side, 1)
        body.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Cetak bagi yang sudah rekam</b> - tanpa rekam ulang "
                                "biometrik."))
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)

    def _elsewhere_box(self) -> QGroupBox:
        """The form for someone recorded elsewhere: the central record as the clerk saw it."""
        from counter_app.domain.reference import (
            AGAMA,
            GOLONGAN_DARAH,
            JENIS_KELAMIN,
            KEWARGANEGARAAN,
            STATUS_PERKAWINAN,
            pekerjaan,
        )
        from counter_app.services.office import get_office, load_wilayah

        box: QGroupBox = QGroupBox("Direkam di tempat lain: data sesuai database pusat (SIAK)",
                                   objectName="prrElsewhere")
        self.central_checked = QCheckBox("Data rekam biometrik sudah diperiksa di database "
                                         "pusat", objectName="prrCentralChecked")
        self.reference = QLineEdit(objectName="prrReference", maxLength=120, placeholderText=(
            "rujukan yang dilihat, mis. tampilan SIAK 09-01-2019 / nomor registrasi"))
        self.kk = QLineEdit(objectName="prrKkNumber", maxLength=16,
                            placeholderText="16 angka nomor KK")
        self.fields: dict[str, QWidget] = {}
        self.fields["nama"] = QLineEdit(objectName="prrNama", maxLength=100)
        self.fields["tempat_lahir"] = QLineEdit(objectName="prrTempatLahir", maxLength=60)
        birth = QDateEdit(objectName="prrTanggalLahir", calendarPopup=True)
        birth.setDisplayFormat("dd-MM-yyyy")
        birth.setMinimumDate(QDate(1900, 1, 1))
        birth.setDate(QDate(2000, 1, 1))
        self.fields["tanggal_lahir"] = birth
        for name, items in (("jenis_kelamin", [f"{k} - {v}" for k, v in JENIS_KELAMIN.items()]),
                            ("golongan_darah", list(GOLONGAN_DARAH)), ("agama", list(AGAMA)),
                            ("status_perkawinan", list(STATUS_PERKAWINAN)),
                            ("kewarganegaraan", list(KEWARGANEGARAAN))):
            combo = QComboBox(objectName=f"prr_{name}")
            combo.addItems(items)
            if name in NO_DEFAULT:
                combo.setPlaceholderText("- pilih -")
                combo.setCurrentIndex(-1)
            self.fields[name] = combo
        # Typed like on the recording wizard's data page ("pelajar"), not scrolled for.
        self.fields["pekerjaan"] = OccupationCombo(list(pekerjaan()), "prr_pekerjaan")
        self.fields["alamat"] = QLineEdit(objectName="prrAlamat", maxLength=200)
        self.fields["rt"] = QLineEdit(objectName="prrRt", maxLength=3)
        self.fields["rw"] = QLineEdit(objectName="prrRw", maxLength=3)
        kelurahan = QComboBox(objectName="prrKelurahan")
        office = get_office(self._db)
        self._wilayah = load_wilayah(self._db)
        self._kecamatan = office.kecamatan_code if office is not None else ""
        self._kelurahan = self._wilayah.children(self._kecamatan) if office is not None else []
        self.fields["kelurahan_code"] = kelurahan
        # Someone from elsewhere may be printed here (Perpres 96/2018 art. 22); the same
        # search as the recording wizard's data page (ui/recording/data.py).
        self.kelurahan_search = QLineEdit(objectName="prrKelurahanSearch",
                                          placeholderText="ketik nama kelurahan")
        self.outside = QCheckBox("Luar kecamatan ini (cari semua wilayah atau ketik kodenya)",
                                 objectName="prrOutside")
        self.kelurahan_search.textEdited.connect(self.search_kelurahan)
        self.outside.toggled.connect(lambda *_: self.search_kelurahan(
            self.kelurahan_search.text()))
        self._fill_kelurahan(self._kelurahan)
        self.fields["phone"] = QLineEdit(objectName="prrPhone", maxLength=20)
        labels = {"nama": "Nama lengkap", "tempat_lahir": "Tempat lahir",
                  "tanggal_lahir": "Tanggal lahir", "jenis_kelamin": "Jenis kelamin",
                  "golongan_darah": "Golongan darah", "agama": "Agama",
                  "status_perkawinan": "Status perkawinan", "pekerjaan": "Pekerjaan",
                  "kewarganegaraan": "Kewarganegaraan", "alamat": "Alamat", "rt": "RT",
                  "rw": "RW", "kelurahan_code": "Kelurahan", "phone": "Telepon"}
        grid = QGridLayout(box)
        grid.addWidget(self.central_checked, 0, 0, 1, 4)
        grid.addWidget(QLabel("Rujukan"), 1, 0)
        grid.addWidget(self.reference, 1, 1)
        grid.addWidget(QLabel("Nomor KK"), 1, 2)
        grid.addWidget(self.kk, 1, 3)
        for index, name in enumerate(labels):
            row, col = 2 + index // 2, (index % 2) * 2
            grid.addWidget(QLabel(labels[name]), row, col)
            grid.addWidget(self.fields[name], row, col + 1)
        row = 2 + (len(labels) + 1) // 2
        grid.addWidget(QLabel("Cari kelurahan"), row, 0)
        grid.addWidget(self.kelurahan_search, row, 1)
        grid.addWidget(self.outside, row, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _fill_kelurahan(self, regions: list[Region]) -> None:
        combo = self.fields["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.clear()
        for region in regions:
            where = ""
            if region.parent_code != self._kecamatan:
                parent = self._wilayah.get(region.parent_code or "")
                where = f", Kec. {parent.name}" if parent else ""
            combo.addItem(f"{region.display_name}{where}", region.code)
        combo.setPlaceholderText("- pilih kelurahan -")
        combo.setCurrentIndex(combo.findData(current))  # -1 until the clerk chooses

    def search_kelurahan(self, text: str) -> None:
        """Narrow the kelurahan list to what was typed.

        "Luar kecamatan ini" searches every kelurahan and desa known here, and offers a
        typed code such as 32.73.01.1001 when its province exists.
        """
        combo = self.fields["kelurahan_code"]
        assert isinstance(combo, QComboBox)
        if not self.outside.isChecked():
            found = (self._wilayah.search(text, parent_code=self._kecamatan)
                     if text.strip() else self._kelurahan)
        else:
            found = [r for r in self._wilayah.search(text) if r.level in ("kelurahan", "desa")
                     ][:60] if text.strip() else []
        self._fill_kelurahan(found)
        code = text.strip()
        if (self.outside.isChecked() and is_village_code(code)
                and self._wilayah.get(code) is None and self._wilayah.accepts_address(code)):
            combo.addItem(f"Kode {code} (diketik)", code)
        if text.strip() and combo.count():
            combo.setCurrentIndex(0)  # the best match of what the clerk typed

    def _prefill_from_nik(self) -> None:
        """Birth date and sex as the NIK says them (the clerk corrects them if need be)."""
        from counter_app.domain.nik import parse_nik

        info = parse_nik(self.nik.text())
        birth = self.fields["tanggal_lahir"]
        sex = self.fields["jenis_kelamin"]
        assert isinstance(birth, QDateEdit) and isinstance(sex, QComboBox)
        birth.setDate(QDate(info.birth_date.year, info.birth_date.month, info.birth_date.day))
        sex.setCurrentIndex(next((i for i in range(sex.count())
                                  if sex.itemText(i).startswith(info.sex)), 0))

    def _forget(self) -> None:
        """Another NIK typed: what was looked up no longer applies."""
        self.held = None
        self.elsewhere.setVisible(False)

    def card(self) -> CardData:
        """The card data as typed from the central record (checked by the service)."""
        birth = self.fields["tanggal_lahir"]
        assert isinstance(birth, QDateEdit)
        value = birth.date()
        return card_from_fields(self.fields, dt.date(value.year(), value.month(), value.day()))

    def look_up(self) -> None:
        """Show what the office holds about the NIK (or the form for the central record)."""
        def run() -> str:
            found = prr.lookup_prr(self._db, self._actor, self.nik.text())
            pixmap = QPixmap()
            if found.photo:
                pixmap.loadFromData(found.photo)
            if pixmap.isNull():
                self.photo.setText("tanpa foto")  # (setText clears any pixmap)
            else:
                self.photo.setPixmap(pixmap.scaled(120, 160,
                                                   Qt.AspectRatioMode.KeepAspectRatio))
            self.summary.setText(f"{found.nik_masked}: {found.summary}")
            self.held = found.held
            self.elsewhere.setVisible(not found.held)
            if not found.held:
                self.identity.setText("Wajah cocok dengan foto di database pusat")
                self._prefill_from_nik()
                return ("Periksa database pusat, isi data dan rujukannya, periksa KK dan "
                        "cocokkan wajah.")
            self.identity.setText("Wajah cocok dengan foto rekaman")
            return "Periksa KK dan cocokkan wajah dengan foto."
        self.attempt(run)

    def to_queue(self) -> None:
        """Put the person in the local print queue."""
        if self.held is None:
            self.message.error("Periksa NIK dahulu.")
            return
        elsewhere = not self.held
        if elsewhere and not self.central_checked.isChecked():
            self.message.error("Centang bahwa data rekam sudah diperiksa di database pusat.")
            return

        def run() -> str:
            done = prr.request_prr_print(
                self._db, self._actor, self.nik.text(), kk_checked=self.kk_checked.isChecked(),
                identity_confirmed=self.identity.isChecked(),
                central_reference=self.reference.text() if elsewhere else "",
                card=self.card() if elsewhere else None,
                kk=self.kk.text() if elsewhere else "")
            self.kk_checked.setChecked(False)
            self.identity.setChecked(False)
            self.central_checked.setChecked(False)
            self.held = None
            self.elsewhere.setVisible(False)
            return (f"{done.slip_number} masuk antrean cetak (dapat dicetak mulai "
                    f"{done.printable_from:%d-%m-%Y}).")
        self.attempt(run)


class BirthdayTab(_Tab):
    """Who turns 17 this week or month; printed from the list in one step."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.period = QComboBox(objectName="birthdayPeriod")
        self.period.addItems(["Minggu ini", "Bulan ini"])
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = make_table(["Ulang tahun ke-17", "Tanda terima", "Nama", "NIK", "Telepon",
                                 "Kontak"], "birthdayTable")
        self.print_button = QPushButton("Cetak sekarang (datang)  [Ctrl+P]",
                                        objectName="birthdayPrint")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_selected)
        self.contact_button = QPushButton("Catat kontak", objectName="birthdayContact")
        self.contact_button.clicked.connect(self.add_contact)
        self.export_button = QPushButton("Ekspor spreadsheet", objectName="birthdayExport")
        self.export_button.clicked.connect(self.export)
        self.rows: list[bd.BirthdayRow] = []
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Periode:"))
        buttons.addWidget(self.period)
        buttons.addStretch(1)
        for w in (self.print_button, self.contact_button, self.export_button):
            buttons.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Ulang tahun ke-17</b> - direkam saat 16 tahun, dicetak "
                                "pada atau setelah ulang tahunnya."))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.refresh()

    def today(self) -> dt.date:
        """The office day (tests replace it)."""
        return office_day(utc_now())

    def refresh(self) -> None:
        """Reload the list of the chosen period."""
        today = self.today()
        span = bd.this_week(today) if self.period.currentIndex() == 0 else bd.this_month(today)
        self.rows = bd.birthday_list(self._db, self._actor, *span, today=today)
        fill_table(self.table, [
            (f"{r.birthday:%d-%m-%Y}" + ("" if r.printable else " (belum)"), r.slip_number,
             r.nama, r.nik_masked, r.phone, r.contact_state) for r in self.rows])

    def _selected(self) -> bd.BirthdayRow | None:
        return selected_row(self.table, self.rows, self.message, "Pilih satu baris.")

    def print_selected(self) -> None:
        """The person came: print the card in one step."""
        item = self._selected()
        if item is None:
            return
        serial = dialogs.ask_text(self, "Cetak KTP-el", "Nomor seri blanko:")
        if serial is None:
            return
        if not serial.strip():
            self.message.error("Isi nomor seri blanko KTP-el yang tercetak.")
            return
        def run() -> str:
            status = cp.record_printed(self._db, self._actor, item.application_id, serial)
            return f"{item.slip_number} dicetak; {lower_first(status.label)}."
        self.attempt(run)

    def add_contact(self) -> None:
        """Log a call to the selected person."""
        item = self._selected()
        if item is None:
            return
        log_contact(self, item.application_id, item.nama, bd.CONTACT_PURPOSE)

    def export(self) -> None:
        """Save the call list as a spreadsheet."""
        path = dialogs.save_file(self, "Simpan daftar telepon", "ulang-tahun-17.xlsx",
                                 "Spreadsheet (*.xlsx)")
        if not path:
            return
        data = call_list_xlsx("Ulang tahun ke-17", bd.BIRTHDAY_HEADERS,
                              bd.birthday_sheet_rows(self.rows))
        _save_bytes(self, path, data)


def _save_bytes(tab: _Tab, path: str, data: bytes) -> None:
    """Write a call-list spreadsheet; a clear message when the file cannot be written."""
    def run() -> str:
        from pathlib import Path

        from counter_app.domain.errors import PrinterError
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            raise PrinterError(f"Spreadsheet tidak dapat disimpan ({exc.strerror}).") \
                from None
        return f"Daftar telepon disimpan ke {path}."
    tab.attempt(run)


class ReturnsTab(_Tab):
    """Rejections and returns from Disdukcapil; SUKET renewal; uncollected cards."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.slip = QLineEdit(objectName="returnSlip", placeholderText="nomor tanda terima")
        self.reason = QComboBox(objectName="rejectReason")
        for reason in RejectReason:
            self.reason.addItem(reason.label, reason.value)
        self.reason.setPlaceholderText("- pilih alasan -")
        self.reason.setCurrentIndex(-1)  # chosen, never a silent "Data ganda" (issue 13)
        self.note = QLineEdit(objectName="rejectNote", placeholderText="keterangan")
        reject = QPushButton("Catat ditolak", objectName="rejectButton")
        reject.clicked.connect(self.reject)
        renew = QPushButton("Perpanjang SUKET", objectName="renewSuket")
        renew.clicked.connect(self.renew)
        self.table = make_table(["Tanda terima", "Nama", "NIK", "Status"], "rejectedTable")
        reopen = QPushButton("Buka permohonan baru dari yang ditolak", objectName="reopen")
        reopen.clicked.connect(self.reopen)
        self.rows: list[ApplicationSummary] = []
        form = QFormLayout()
        form.addRow("Tanda terima", self.slip)
        form.addRow("Alasan ditolak", self.reason)
        form.addRow("Keterangan", self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(reject)
        buttons.addWidget(renew)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Berkas kembali dari Disdukcapil</b>"))
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Ditolak, belum dibuka permohonan baru:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(reopen)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        """Reload the rejected list."""
        self.rows = rj.rejected_applications(self._db)
        fill_table(self.table, [(a.slip_number, a.nama, a.nik_masked, a.status_text)
                                for a in self.rows])

    def reject(self) -> None:
        """Record Disdukcapil's rejection of the slip's application."""
        if self.reason.currentIndex() < 0:
            self.message.error("Pilih alasan penolakan dari Disdukcapil.")
            self.reason.setFocus()
            return
        self.attempt(lambda: b.reject_item(self._db, self._actor, self.slip.text(),
                                           str(self.reason.currentData()),
                                           self.note.text()).text + ".")

    def renew(self) -> None:
        """Renew the SUKET of the slip's application."""
        def run() -> str:
            from counter_app.services.recording import find_application_id

            info = sk.renew_suket(self._db, self._actor,
                                  find_application_id(self._db, self.slip.text()))
            return (f"SUKET baru {info.number} berlaku s.d. {info.valid_until:%d-%m-%Y}; "
                    f"SUKET {info.renews} tidak berlaku lagi.")
        self.attempt(run)

    def reopen(self) -> None:
        """Open a new application from the selected rejected one."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            self.message.error("Pilih satu permohonan yang ditolak.")
            return
        chosen = self.rows[row]

        def run() -> str:
            done = rj.reopen_rejected(self._db, self._actor, chosen.id)
            return f"Permohonan baru {done.slip_number} dibuka dari {done.previous_slip_number}."
        self.attempt(run)


class UncollectedTab(_Tab):
    """Cards waiting past the office's limit, with their contact log; archive them."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.table = make_table(["Tanda terima", "Nama", "NIK", "Telepon", "Hari", "Status",
                                 "Kontak terakhir"], "uncollectedTable")
        self.cards: list[un.UncollectedCard] = []
        contact = QPushButton("Catat kontak", objectName="uncollectedContact")
        contact.clicked.connect(self.add_contact)
        self.archive_button = QPushButton("Arsipkan (supervisor)",
                                          objectName="uncollectedArchive")
        self.archive_button.clicked.connect(self.archive)
        if not can(actor.role, Permission.OVERRIDE):  # archive_card: supervisor only
            self.archive_button.setEnabled(False)
            self.archive_button.setToolTip("Mengarsipkan KTP-el: hanya supervisor.")
        self.export_button = QPushButton("Ekspor spreadsheet", objectName="uncollectedExport")
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(contact)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.archive_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>KTP-el tidak diambil</b>"))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.refresh()

    def today(self) -> dt.date:
        """The office day (tests replace it)."""
        return office_day(utc_now())

    def refresh(self) -> None:
        """Reload the list."""
        self.cards = un.uncollected_cards(self._db, self._actor, self.today())
        fill_table(self.table, [(c.slip_number, c.nama, c.nik_masked, c.phone,
                                 str(c.days_waiting),
                                 c.status.label + (" - dapat diarsipkan" if c.archivable
                                                   else ""), c.last_contact)
                                for c in self.cards])

    def _selected(self) -> un.UncollectedCard | None:
        return selected_row(self.table, self.cards, self.message, "Pilih satu baris.")

    def add_contact(self) -> None:
        """Log a call to the owner of the selected card."""
        card = self._selected()
        if card is None:
            return
        log_contact(self, card.application_id, card.nama, un.CONTACT_PURPOSE)

    def archive(self) -> None:
        """A supervisor archives the selected card with its storage place."""
        card = self._selected()
        if card is None:
            return
        place = dialogs.ask_text(self, "Arsipkan KTP-el", "Tempat penyimpanan:")
        if place is None:
            return
        def run() -> str:
            done = un.archive_card(self._db, self._actor, card.slip_number, place)
            return f"{done.slip_number} diarsipkan sebagai tidak diambil ({done.archive_place})."
        self.attempt(run)

    def export(self) -> None:
        """Save the call list of uncollected cards as a spreadsheet."""
        path = dialogs.save_file(self, "Simpan daftar telepon", "ktp-tidak-diambil.xlsx",
                                 "Spreadsheet (*.xlsx)")
        if not path:
            return
        data = call_list_xlsx("KTP-el tidak diambil", UNCOLLECTED_HEADERS,
                              un.uncollected_sheet_rows(self.cards))
        _save_bytes(self, path, data)


class ReturnedTab(_Tab):
    """Items Disdukcapil returned unprinted: they wait until a supervisor decides.

    Issue 11: a returned item is never silently re-queued into the next batch.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.table = make_table(["Tanda terima", "Nama", "NIK", "Batch", "Dikembalikan",
                                 "Alasan"], "returnedTable")
        self.rows: list[b.ReturnedItem] = []
        self.resend = QPushButton("Kirim ulang dengan batch berikutnya",
                                  objectName="returnedResend")
        self.cancel = QPushButton("Batalkan permohonan...", objectName="returnedCancel")
        allowed = can(actor.role, Permission.DECIDE_RETURNED)
        for button in (self.resend, self.cancel):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip("Keputusan kirim ulang atau batal: hanya supervisor.")
        self.resend.clicked.connect(self.do_resend)
        self.cancel.clicked.connect(self.do_cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resend)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Dikembalikan Disdukcapil tanpa dicetak</b> - menunggu "
                                "keputusan kantor; tidak ikut batch berikutnya sebelum "
                                "diputuskan kirim ulang."))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        """Reload the returned items."""
        index = self.table.currentRow()
        chosen = self.rows[index].slip_number \
            if 0 <= index < len(self.rows) and self.table.selectedItems() else None
        self.rows = b.returned_items(self._db, self._actor)
        fill_table(self.table, [(r.slip_number, r.nama, r.nik_masked, r.batch_number,
                                 f"{r.returned_on:%d-%m-%Y}", r.reason) for r in self.rows])
        for index, row in enumerate(self.rows):  # a long reason, cut in its column
            item = self.table.item(index, 5)
            if item is not None:
                item.setToolTip(row.reason)
        # The row chosen stays chosen; once decided (gone from the list) no other row is
        # taken for the next decision without the clerk choosing it.
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        for index, row in enumerate(self.rows):
            if row.slip_number == chosen:
                self.table.selectRow(index)

    def _selected(self) -> b.ReturnedItem | None:
        return selected_row(self.table, self.rows, self.message,
                            "Pilih satu berkas yang dikembalikan.")

    def do_resend(self) -> None:
        """Send the selected item again with the next batch."""
        item = self._selected()
        if item is None:
            return
        if not dialogs.ask(self, "Kirim ulang", f"Kirim ulang berkas {item.nama} "
                           f"({item.slip_number}) dengan batch berikutnya?\n\nAlasan "
                           f"dikembalikan: {item.reason}"):
            return
        def run() -> str:
            b.decide_returned(self._db, self._actor, item.slip_number, resend=True)
            return f"{item.slip_number} ({item.nama}) dikirim lagi dengan batch berikutnya."
        self.attempt(run)

    def do_cancel(self) -> None:
        """Cancel the selected item's application, with a reason."""
        item = self._selected()
        if item is None:
            return
        reason, problem = "", ""
        while True:  # a refused reason is asked again with what was typed, and why
            label = f"Alasan pembatalan {item.slip_number} ({item.nama}):"
            answer = dialogs.ask_text(self, "Batalkan permohonan",
                                      f"{problem}\n\n{label}" if problem else label, reason)
            if answer is None:
                return
            reason = answer
            def run(reason: str = reason) -> str:
                b.decide_returned(self._db, self._actor, item.slip_number, resend=False,
                                  reason=reason)
                return f"{item.slip_number} ({item.nama}) dibatalkan."
            if self.attempt(run):
                return
            problem = self.message.text()


class MisprintTab(_Tab):
    """A card found misprinted, before or after handover (issue 11).

    Before handover: a local card is spoiled (the blanko counted) and printed again; a
    card printed by Disdukcapil goes back in the next batch as "salah cetak". After
    handover: a correction application linked to the original, the card surrendered,
    no police report.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.slip = QLineEdit(objectName="misprintSlip",
                              placeholderText="nomor tanda terima (ketik atau pindai)")
        self.what = QLineEdit(objectName="misprintWhat",
                              placeholderText="apa yang salah cetak, mis. nama salah eja")
        self.serial = QLineEdit(objectName="misprintSerial",
                                placeholderText="nomor seri blanko yang salah cetak "
                                                "(wajib untuk cetak lokal)")
        self.before = QPushButton("Salah cetak sebelum diserahkan",
                                  objectName="misprintBefore")
        self.surrendered = QCheckBox("KTP-el salah cetak sudah diterima kembali dari pemohon",
                                     objectName="misprintSurrendered")
        self.after = QPushButton("Salah cetak setelah diserahkan: buka permohonan koreksi",
                                 objectName="misprintAfter")
        self.before.clicked.connect(self.record_before)
        self.after.clicked.connect(self.record_after)
        # Whose card the slip names, before anything is spoiled or opened.
        self.who = QLabel(objectName="misprintWho", wordWrap=True)
        self.slip.returnPressed.connect(self.look_up)
        self.what.returnPressed.connect(self.serial.setFocus)
        form = QFormLayout()
        form.addRow("Tanda terima", self.slip)
        form.addRow("", self.who)
        form.addRow("Salah cetak", self.what)
        before_box = QGroupBox("Belum diserahkan")
        before_form = QFormLayout(before_box)
        before_form.addRow("Seri blanko", self.serial)
        before_form.addRow(QLabel("Cetak lokal: seri blanko disalin dari KTP-el (harus sama "
                                  "dengan seri saat dicetak); blanko masuk daftar pemusnahan "
                                  "dan KTP-el dicetak ulang. Cetak Disdukcapil: seri "
                                  "dikosongkan; dikirim kembali dengan batch berikutnya "
                                  "(alasan \"salah cetak\").", wordWrap=True))
        before_form.addRow(self.before)
        after_box = QGroupBox("Sudah diserahkan")
        after_form = QFormLayout(after_box)
        after_form.addRow(QLabel("Permohonan koreksi terhubung ke permohonan asal, tanpa "
                                 "surat kehilangan; dicetak di tempat KTP-el asal dicetak.",
                                 wordWrap=True))
        after_form.addRow(self.surrendered)
        after_form.addRow(self.after)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>KTP-el salah cetak</b>"))
        layout.addLayout(form)
        layout.addWidget(self.message)  # under the fields, where the clerk looks
        boxes = QHBoxLayout()
        boxes.addWidget(before_box, 1)
        boxes.addWidget(after_box, 1)
        layout.addLayout(boxes)
        layout.addStretch(1)

    def look_up(self) -> None:
        """Enter on the slip (typed or a scanned QR): show whose card it is, go on."""
        def run() -> str:
            self._application_id()
            self.what.setFocus()
            return ""
        self.message.clear()
        if not self.message.attempt(run):
            self.who.clear()
            self.slip.setFocus()
            self.slip.selectAll()

    def _application_id(self) -> int:
        """The slip's application (a typed number or a scanned slip QR), shown in ``who``."""
        from counter_app.domain.errors import ValidationError
        from counter_app.services.pickup import find_for_pickup

        if not self.slip.text().strip():
            raise ValidationError("Isi nomor tanda terima KTP-el yang salah cetak.",
                                  field="slip")
        found = find_for_pickup(self._db, self.slip.text())
        self.who.setText(f"<b>{found.nama}</b>, NIK {found.nik_masked}: {found.where}")
        return found.application_id

    def _act(self, action: Callable[[], str]) -> None:
        """Run ``action``; after it, the cursor goes where the clerk types next."""
        from counter_app.domain.errors import CounterError, ValidationError

        focus = {"slip": self.slip, "what": self.what, "blanko_serial": self.serial}
        def run() -> str:
            try:
                return action()
            except CounterError as exc:
                field = exc.field if isinstance(exc, ValidationError) else None
                focus.get(field or "", self.slip).setFocus()
                raise
        if self.attempt(run):
            self.slip.setFocus()

    def record_before(self) -> None:
        """Spoil and reprint (local) or send back to Disdukcapil (forwarded)."""
        def run() -> str:
            # The service knows whether this card was printed on a numbered blank here.
            status = mp.misprint_before_handover(self._db, self._actor, self._application_id(),
                                                 self.what.text(), self.serial.text())
            slip = self.slip.text().strip()
            self._clear()
            if status is Status.FORWARDED:
                return (f"{slip} dikirim kembali ke Disdukcapil dengan batch berikutnya "
                        "(salah cetak).")
            return (f"{slip}: blanko masuk daftar pemusnahan (sudah tercatat dipakai saat "
                    "dicetak); KTP-el masuk antrean cetak lagi.")
        self._act(run)

    def record_after(self) -> None:
        """Open the correction application (the misprinted card handed in)."""
        if not self.surrendered.isChecked():
            self.message.error("Centang bahwa KTP-el salah cetak sudah diterima kembali "
                               "dari pemohon.")
            self.surrendered.setFocus()
            return
        def run() -> str:
            done = rj.misprint_after_handover(self._db, self._actor, self._application_id(),
                                              self.what.text())
            self._clear()
            return (f"Permohonan koreksi {done.slip_number} dibuka dari "
                    f"{done.previous_slip_number} ({lower_first(done.status.label)}).")
        self._act(run)

    def _clear(self) -> None:
        for field in (self.slip, self.what, self.serial):
            field.clear()
        self.who.clear()
        self.surrendered.setChecked(False)


class ContactDialog(QDialog):
    """How the applicant was reached (a channel, chosen) and with what result."""

    def __init__(self, parent: QWidget | None, nama: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Catat kontak: {nama}")
        form = QFormLayout(self)
        self.channel = QComboBox(objectName="contactChannel")
        for channel in ContactChannel:
            self.channel.addItem(channel.label, channel.value)
        self.channel.setPlaceholderText("- pilih saluran -")
        self.channel.setCurrentIndex(-1)  # chosen by the clerk (issue 13)
        self.result_edit = QLineEdit(objectName="contactResult",
                                placeholderText="mis. akan datang Sabtu; nomor tidak aktif")
        form.addRow("Saluran", self.channel)
        form.addRow("Hasil", self.result_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str]:
        """(channel code, "" when none chosen; the result as typed)."""
        return str(self.channel.currentData() or ""), self.result_edit.text()


def ask_contact(parent: QWidget, nama: str) -> tuple[str, str] | None:
    """The channel and result of a contact; None when cancelled (tests replace it)."""
    dialog = ContactDialog(parent, nama)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.values()


def log_contact(tab: _Tab, application_id: int, nama: str, purpose: str) -> None:
    """Ask how the applicant was reached and with what result; log it (call lists)."""
    values = ask_contact(tab, nama)
    if values is None:
        return
    channel, result = values
    if not channel:
        tab.message.error("Pilih saluran kontak (telepon, SMS, WhatsApp, surat, atau datang "
                          "langsung).")
        return
    from counter_app.services import contacts as ct
    from counter_app.services.rejections import nik_of

    def run() -> str:
        ct.add_contact(tab._db, tab._actor, nik_of(tab._db, application_id),
                       channel, result, purpose=purpose)
        return f"Kontak dengan {nama} dicatat."

    tab.attempt(run)
