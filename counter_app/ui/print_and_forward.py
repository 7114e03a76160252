"""Cetak & Kirim: the local print queue, the blanko stock, and batches to Disdukcapil."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.clock import local, office_day, utc_now
from counter_app.domain.errors import CounterError
from counter_app.domain.roles import Permission, can
from counter_app.domain.words import lower_first
from counter_app.printing.output import deliver, printed_as
from counter_app.printing.paper import PrinterSettings
from counter_app.services import batches
from counter_app.services import card_printing as cp
from counter_app.services import suket as sk
from counter_app.services.actor import Actor
from counter_app.services.keys import load_signer
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table, selected_row

KIND_LABELS = {"received": "Diterima", "used": "Dipakai cetak", "spoiled": "Rusak/gagal",
               "correction": "Koreksi"}


class _Tab(QWidget):
    """Shared: the message line, and an action that refreshes the tab afterwards."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.message = MessageLine("tabMessage")

    def attempt(self, action: Callable[[], str]) -> bool:
        """Run ``action`` (its return is the success message), then reload the tab."""
        try:
            return self.message.attempt(action)
        finally:
            self.refresh()

    def print_letter(self, work: Callable[[PrinterSettings], str], busy: str) -> None:
        """Run ``work`` (a service call that prints) on the letter printer's queue."""
        settings = local_config.load().letter_printer

        def done(text: str) -> None:
            self.message.say(text)
            self.refresh()

        self.message.run(lambda: work(settings), done, busy=busy,
                         queue=operations.printer_queue(settings), always=self.refresh)

    def refresh(self) -> None:
        """Reload from the database."""


class PrintQueueTab(_Tab):
    """LOCAL applications to print now; print, spoil, or give a SUKET."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.stock = QLabel(objectName="stockBanner", wordWrap=True)
        self.table = make_table(["Tanda terima", "Nama", "NIK", "Status", "Direkam", "Gagal cetak"],
                            "printQueue")
        # Issue 13: Tab moves on from the table (to the serial) instead of cell by cell.
        self.table.setTabKeyNavigation(False)
        self.serial = QLineEdit(objectName="blankoSerial")
        self.serial.setPlaceholderText("nomor seri blanko (wajib saat mencatat tercetak)")
        self.printed = QPushButton("Tercetak  [F5]", objectName="printedButton")
        self.spoiled = QPushButton("Gagal cetak...", objectName="spoiledButton")
        self.suket = QPushButton("Terbitkan SUKET...", objectName="suketButton")
        self.suket_off = QLabel(objectName="suketOff", wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.serial, 1)
        for button in (self.printed, self.spoiled, self.suket):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stock)
        layout.addWidget(QLabel("Cetak KTP-el dengan perangkat resmi, lalu catat hasilnya di "
                                "sini. Pemohon 16 tahun muncul pada ulang tahun ke-17."))
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.suket_off)
        layout.addWidget(self.message)
        self.printed.clicked.connect(self.mark_printed)
        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.activated.connect(self.mark_printed)
        self.spoiled.clicked.connect(self.mark_spoiled)
        self.suket.clicked.connect(self.issue_suket)
        self.refresh()

    def refresh(self) -> None:
        """Reload the queue and the stock banner."""
        self.items = cp.print_queue(self._db)
        fill_table(self.table, [(i.slip_number, i.nama, i.nik_masked, i.status.label,
                            f"{i.recorded_on:%d-%m-%Y}", str(i.spoiled or ""))
                           for i in self.items])
        stock = cp.stock_status(self._db)
        # Issue 11: an office that switched SUKET issuing off offers none, and says why.
        suket = sk.get_suket_settings(self._db)
        self.suket.setEnabled(suket.issuing)
        self.suket.setToolTip("" if suket.issuing
                              else f"SUKET tidak diterbitkan: {suket.off_reason}")
        self.suket_off.setText(f"SUKET tidak diterbitkan: {suket.off_reason}")
        self.suket_off.setVisible(not suket.issuing)
        self.stock.setText(stock.warning or f"Stok blanko: <b>{stock.balance}</b>")
        self.stock.setStyleSheet("font-size: 12pt; padding: 6px; " + (
            "background: #fde7e9; color: #b00020;" if stock.low else "background: #e6f4ea;"))

    def _selected(self) -> cp.PrintQueueItem | None:
        return selected_row(self.table, self.items, self.message,
                            "Pilih permohonan di antrean cetak.")

    def mark_printed(self) -> None:
        """F5: the card came out right."""
        item = self._selected()
        if item is None:
            return
        serial = self.serial.text().strip()
        if not serial:
            # Issue 13: every printed card is traced to its blanko by the serial number.
            self.message.error("Isi nomor seri blanko KTP-el yang tercetak.")
            self.serial.setFocus()
            return

        def done() -> str:
            cp.record_printed(self._db, self._actor, item.application_id, serial)
            self.serial.clear()
            return f"{item.slip_number} tercetak; siap diambil."
        self.attempt(done)

    def mark_spoiled(self) -> None:
        """Record a spoiled blank with its reason; the card stays in the queue."""
        item = self._selected()
        if item is None:
            return
        reason = dialogs.choose(self, "Gagal cetak", "Alasan:", list(cp.SPOIL_REASONS))
        if not reason:
            return
        serial = self.serial.text()

        def done() -> str:
            cp.record_spoiled(self._db, self._actor, item.application_id, reason, serial)
            return f"Blanko rusak dicatat untuk {item.slip_number}; KTP-el dicetak ulang."
        self.attempt(done)

    def issue_suket(self) -> None:
        """Issue a SUKET (no blanko, or not 17 yet) and print the letter."""
        item = self._selected()
        if item is None:
            return
        choice = dialogs.choose(self, "SUKET", "Alasan:", list(sk.REASONS.values()))
        if not choice:
            return
        reason = next(k for k, v in sk.REASONS.items() if v == choice)

        db, actor = self._db, self._actor

        def issue_and_print(settings: PrinterSettings) -> str:
            from counter_app.ui.qt_printing import QtPdfPrinter

            info = sk.issue_suket(db, actor, item.application_id, reason)
            printout = sk.suket_printout(db, item.application_id, load_signer(db))
            try:
                where = deliver(sk.suket_document(printout), settings, QtPdfPrinter())
            except CounterError as exc:
                return f"SUKET {info.number} terbit, tetapi gagal dicetak: {exc.message}"
            return f"SUKET {info.number} terbit, berlaku s.d. {info.valid_until:%d-%m-%Y}; " \
                   f"{printed_as('dicetak', where)}."

        self.print_letter(issue_and_print, "Menerbitkan dan mencetak SUKET...")


class StockTab(_Tab):
    """The blanko ledger: today's movements, receipts and corrections, the spoiled list."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.balance = QLabel(objectName="stockBalance")
        self.balance.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.movements = make_table(
            ["Jam", "Jenis", "Jumlah", "Tanda terima", "Seri", "Asal/alasan"], "stockMovements")
        self.spoiled = make_table(["Tanggal", "Tanda terima", "Seri", "Alasan"], "spoiledList")
        self.receive = QPushButton("Terima blanko...", objectName="receiveBlanko")
        self.correct = QPushButton("Koreksi stok...", objectName="correctBlanko")
        allowed = can(actor.role, Permission.MANAGE_STOCK)
        for button in (self.receive, self.correct):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip("Hanya supervisor.")
        row = QHBoxLayout()
        row.addWidget(self.balance, 1)
        row.addWidget(self.receive)
        row.addWidget(self.correct)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Pergerakan hari ini</b>"))
        layout.addWidget(self.movements, 2)
        layout.addWidget(QLabel("<b>Blanko rusak bulan ini</b> (untuk berita acara "
                                "pemusnahan)"))
        layout.addWidget(self.spoiled, 1)
        layout.addWidget(self.message)
        self.receive.clicked.connect(self.receive_blanko)
        self.correct.clicked.connect(self.correct_stock)
        self.refresh()

    def refresh(self) -> None:
        """Reload the balance, today's movements and the month's spoiled list."""
        stock = cp.stock_status(self._db)
        self.balance.setText(f"Saldo blanko: {stock.balance}")
        fill_table(self.movements, [
            (f"{local(m.at):%H.%M}", KIND_LABELS.get(m.kind, m.kind), f"{m.quantity:+d}",
             m.slip_number, m.blanko_serial,
             m.source + (f" ({m.reference})" if m.reference else "") or m.reason)
            for m in stock.movements])
        today = office_day(utc_now())
        fill_table(self.spoiled, [(f"{local(m.at):%d-%m-%Y}", m.slip_number, m.blanko_serial,
                              m.reason) for m in cp.spoiled_list(self._db, today.year,
                                                                 today.month)])

    def receive_blanko(self) -> None:
        """Blank cards arrived."""
        answer = dialogs.ask_form(self, "Terima blanko", [
            ("Jumlah", ""), ("Dari", "Disdukcapil Kota Palembang"), ("Nomor berita acara", "")])
        if answer is None:
            return
        quantity, source, reference = answer
        if not quantity.strip().isdigit():
            self.message.say("Jumlah blanko harus angka.", error=True)
            return

        def done() -> str:
            balance = cp.receive_blanko(self._db, self._actor, int(quantity), source, reference)
            return f"{quantity} blanko diterima; saldo {balance}."
        self.attempt(done)

    def correct_stock(self) -> None:
        """A supervisor corrects the count after a stock-take."""
        answer = dialogs.ask_form(self, "Koreksi stok", [("Selisih (mis. -2 atau 3)", ""),
                                                         ("Alasan", "")])
        if answer is None:
            return
        delta, reason = answer
        try:
            value = int(delta.strip())
        except ValueError:
            self.message.say("Selisih harus bilangan bulat, misalnya -2.", error=True)
            return

        def done() -> str:
            balance = cp.correct_blanko(self._db, self._actor, value, reason)
            return f"Stok dikoreksi {value:+d}; saldo {balance}."
        self.attempt(done)


class BatchTab(_Tab):
    """Batches of forwarded applications: build, send, and check cards back in."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self.pending = QLabel(objectName="pendingForward")
        self.create_button = QPushButton("Buat batch dari semua yang menunggu",
                                         objectName="createBatch")
        self.batches = make_table(["Nomor", "Tanggal", "Status", "Berkas", "Kembali", "Terlambat"],
                              "batchList")
        self.items_table = make_table(["Tanda terima", "Nama", "NIK", "Permohonan", "Keadaan"],
                                  "batchItems")
        self.send = QPushButton("Kirim (kurir)...", objectName="sendBatch")
        self.print_pdf = QPushButton("Cetak surat pengantar", objectName="printTransmittal")
        if not can(actor.role, Permission.EXPORT_FULL_NIK):
            self.print_pdf.setEnabled(False)
            self.print_pdf.setToolTip("Berisi NIK lengkap: hanya supervisor.")
        self.received = QPushButton("Diterima kembali", objectName="itemReceived")
        self.missing = QPushButton("Hilang", objectName="itemMissing")
        self.returned = QPushButton("Dikembalikan...", objectName="itemReturned")
        self.scan = QLineEdit(objectName="scanReturned")
        self.scan.setPlaceholderText("pindai QR tanda terima KTP-el yang kembali, lalu Enter")
        top = QHBoxLayout()
        top.addWidget(self.pending, 1)
        top.addWidget(self.create_button)
        batch_buttons = QHBoxLayout()
        batch_buttons.addWidget(self.send)
        batch_buttons.addWidget(self.print_pdf)
        batch_buttons.addStretch(1)
        item_buttons = QHBoxLayout()
        for button in (self.received, self.missing, self.returned):
            item_buttons.addWidget(button)
        item_buttons.addWidget(self.scan, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.batches, 1)
        layout.addLayout(batch_buttons)
        layout.addWidget(QLabel("<b>Isi batch</b>"))
        layout.addWidget(self.items_table, 2)
        layout.addLayout(item_buttons)
        layout.addWidget(self.message)
        self.create_button.clicked.connect(self.create_batch)
        self.send.clicked.connect(self.send_batch)
        self.print_pdf.clicked.connect(self.print_transmittal)
        self.received.clicked.connect(lambda: self.mark("received"))
        self.missing.clicked.connect(lambda: self.mark("missing"))
        self.returned.clicked.connect(lambda: self.mark("returned"))
        self.scan.returnPressed.connect(self.receive_scan)
        self.batches.itemSelectionChanged.connect(self._show_items)
        self.refresh()

    def refresh(self) -> None:
        """Reload the pending count, the batches and the chosen batch's items."""
        count = len(batches.pending_forward(self._db))
        self.pending.setText(f"Menunggu dikirim ke Disdukcapil: <b>{count}</b> permohonan")
        self.create_button.setEnabled(count > 0)
        self.all = batches.list_batches(self._db)
        fill_table(self.batches, [
            (x.number, f"{x.day:%d-%m-%Y}", "Terkirim" if x.status == "sent" else "Draf",
             str(len(x.items)), str(x.counts["received"]),
             str(sum(1 for i in x.items if i.overdue) or "")) for x in self.all])
        self._show_items()

    def current(self) -> batches.BatchInfo | None:
        """The chosen batch."""
        row = self.batches.currentRow()
        return self.all[row] if 0 <= row < len(self.all) else None

    def _show_items(self) -> None:
        batch = self.current()
        items = batch.items if batch else []
        fill_table(self.items_table, [(i.slip_number, i.nama, i.nik_masked, i.case_type.label,
                                  i.state_label + (f": {i.reason}" if i.reason else ""))
                                 for i in items])

    def create_batch(self) -> None:
        """Gather what waits into a draft batch."""
        def done() -> str:
            batch = batches.create_batch(self._db, self._actor)
            return f"Batch {batch.number} dibuat dengan {len(batch.items)} berkas."
        if self.attempt(done):
            self.batches.selectRow(0)

    def send_batch(self) -> None:
        """Send the chosen batch with a courier."""
        batch = self.current()
        if batch is None:
            self.message.say("Pilih batch.", error=True)
            return
        courier = dialogs.ask_text(self, "Kirim batch", "Nama kurir:")
        if courier is None:
            return
        def done() -> str:
            sent = batches.send_batch(self._db, self._actor, batch.id, courier)
            return f"Batch {sent.number} dikirim via {sent.courier}."
        self.attempt(done)

    def print_transmittal(self) -> None:
        """Print (or save) the surat pengantar of the chosen batch."""
        batch = self.current()
        if batch is None:
            self.message.say("Pilih batch.", error=True)
            return

        db, actor = self._db, self._actor

        def print_it(settings: PrinterSettings) -> str:
            from counter_app.ui.qt_printing import QtPdfPrinter

            doc = batches.transmittal_document(batches.transmittal_printout(
                db, actor, batch.id, load_signer(db)))
            where = deliver(doc, settings, QtPdfPrinter())
            return f"Surat pengantar {batch.number} {printed_as('dicetak', where)}."

        self.print_letter(print_it, "Mencetak surat pengantar...")

    def mark(self, state: str) -> None:
        """Record what became of the chosen item."""
        batch = self.current()
        row = self.items_table.currentRow()
        if batch is None or not 0 <= row < len(batch.items):
            self.message.say("Pilih berkas dalam batch.", error=True)
            return
        item = batch.items[row]
        reason = ""
        if state == "returned":
            answer = dialogs.ask_text(self, "Dikembalikan Disdukcapil", "Alasan:")
            if answer is None:
                return
            reason = answer
        def done() -> str:
            batches.mark_item(self._db, self._actor, batch.id, item.application_id, state, reason)
            return f"{item.slip_number}: {lower_first(batches.ITEM_STATES[state])}."
        self.attempt(done)

    def receive_scan(self) -> None:
        """A scanned slip QR checks a returned card in."""
        text = self.scan.text()
        self.scan.clear()
        self.attempt(lambda: f"{batches.receive_scanned(self._db, self._actor, text).slip_number} "
                             "diterima kembali; siap diambil.")


class PrintAndForwardArea(QTabWidget):
    """The three tabs of Cetak & Kirim."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.queue = PrintQueueTab(db, actor)
        self.stock = StockTab(db, actor)
        self.batches = BatchTab(db, actor)
        self.addTab(self.queue, "Antrean cetak")
        self.addTab(self.stock, "Stok blanko")
        self.addTab(self.batches, "Kirim ke Disdukcapil")
        # Issue 11: after recording.
        from counter_app.ui.after_recording import (
            BirthdayTab,
            MisprintTab,
            PrrTab,
            ReturnedTab,
            ReturnsTab,
            UncollectedTab,
        )
        self.prr = PrrTab(db, actor)
        self.birthdays = BirthdayTab(db, actor)
        self.returns = ReturnsTab(db, actor)
        self.uncollected = UncollectedTab(db, actor)
        self.returned = ReturnedTab(db, actor)
        self.misprints = MisprintTab(db, actor)
        self.addTab(self.prr, "Cetak sudah rekam")
        self.addTab(self.birthdays, "Ulang tahun ke-17")
        self.addTab(self.returns, "Ditolak / SUKET")
        self.addTab(self.uncollected, "Tidak diambil")
        self.addTab(self.returned, "Dikembalikan")
        self.addTab(self.misprints, "Salah cetak")
        self.currentChanged.connect(lambda _i: self.currentWidget().refresh())  # type: ignore[attr-defined]
