"""The office's Jemput bola screen (supervisor): packets, conflicts, laptops.

A packet is opened and checked first and its contents shown (counts, events, conflicts);
nothing is written until the supervisor presses "Impor". A refused packet shows the
reason in red and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.clock import local
from counter_app.domain.errors import CounterError, ValidationError
from counter_app.domain.routing import Route, route_phrase
from counter_app.services import outreach_office as oo
from counter_app.services.actor import Actor
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table

CASE_LABELS = {"BARU": "Baru", "HILANG": "Hilang", "RUSAK": "Rusak",
               "PERUBAHAN_DATA": "Perubahan data"}
ROUTE_LABELS = {r.value: route_phrase(r) for r in Route}


class ImportReview(QWidget):
    """Open a packet (file or inbox), show what it holds, import it, save the confirmation."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self._data: bytes | None = None
        self._confirmation = ""
        self.open_button = open_file = QPushButton("Buka paket dari flashdisk...  [Ctrl+O]",
                                                   objectName="openPacket")
        open_file.setShortcut("Ctrl+O")
        self.inbox = make_table(["No", "Laptop", "Paket", "Diterima", "Ukuran"], "inboxTable")
        self.inbox.setMaximumHeight(130)
        self.inbox_button = review_inbox = QPushButton("Tinjau paket kotak masuk",
                                                       objectName="reviewInbox")

        self.summary = QLabel(objectName="packetSummary", wordWrap=True)
        self.summary.setStyleSheet("font-size: 11pt;")
        self.counts: dict[str, QLabel] = {}
        grid_box = QGroupBox("Isi paket")
        grid = QGridLayout(grid_box)
        cells = [("total", "rekaman"), ("new", "baru, akan diimpor"),
                 ("duplicates", "sudah ada di kantor (dilewati)"),
                 ("conflicts", "bentrok NIK (ditahan)"), ("photos", "foto wajah"),
                 ("signatures", "tanda tangan"), ("documents", "dokumen dicatat"),
                 ("audit", "baris audit laptop")]
        for index, (key, caption) in enumerate(cells):
            value = QLabel("-", objectName=f"count_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet("font-size: 20pt; font-weight: bold; color: #0b4f8a;")
            label = QLabel(caption, wordWrap=True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(value, (index // 4) * 2, index % 4)
            grid.addWidget(label, (index // 4) * 2 + 1, index % 4)
            self.counts[key] = value
        self.breakdown = QLabel(objectName="packetBreakdown", wordWrap=True)
        self.conflicts = make_table(["NIK", "Nama", "Tanda terima laptop",
                                     "Permohonan di kantor", "Status di kantor"],
                                    "previewConflicts")
        self.import_button = QPushButton("Impor", objectName="importPacket")
        self.import_button.setMinimumHeight(40)
        self.import_button.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.import_button.setEnabled(False)
        self.save_button = QPushButton("Simpan berkas konfirmasi untuk laptop...",
                                       objectName="saveConfirmation")
        self.save_button.setEnabled(False)
        self.message = MessageLine("importMessage", base_style="font-size: 11pt;")

        source = QHBoxLayout()
        source.addWidget(open_file)
        source.addStretch(1)
        self.inbox_label = QLabel(objectName="inboxLabel")
        source.addWidget(self.inbox_label)
        source.addWidget(review_inbox)
        actions = QHBoxLayout()
        actions.addWidget(self.import_button, 2)
        actions.addWidget(self.save_button, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addWidget(self.inbox)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(grid_box)
        layout.addWidget(self.breakdown)
        layout.addWidget(QLabel("<b>Bentrok: NIK yang sudah punya permohonan berjalan di "
                                "kantor</b> (ditahan untuk keputusan supervisor, tidak dibuang "
                                "dan tidak digandakan)"))
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(actions)
        open_file.clicked.connect(self.open_packet_file)
        review_inbox.clicked.connect(self.review_inbox)
        self.import_button.clicked.connect(self.run_import)
        self.save_button.clicked.connect(self.save_confirmation)
        self.refresh_inbox()

    def refresh_inbox(self) -> None:
        """Packets waiting in the inbox."""
        items = oo.list_inbox(self._db)
        self._inbox_ids = [i.id for i in items]
        fill_table(self.inbox, [(str(i.id), i.laptop_code, f"#{i.sequence}",
                                 f"{local(i.received_at):%d-%m-%Y %H.%M}",
                                 f"{i.size / 1e6:.1f} MB") for i in items])
        self.inbox.setVisible(bool(items))
        self.inbox_label.setText(f"Kotak masuk (dikirim laptop lewat jaringan): {len(items)} "
                                 "paket" if items else "Kotak masuk (sync laptop): kosong")

    def open_packet_file(self) -> None:
        """Choose a packet file and review it."""
        path = dialogs.open_file(self, "Buka paket jemput bola",
                                 "Paket jemput bola (*.ktpjb);;Semua berkas (*)")
        if path:
            def read() -> bytes:
                try:
                    return Path(path).read_bytes()
                except OSError as exc:
                    raise ValidationError(
                        f"Berkas {path} tidak dapat dibaca ({exc.strerror}).") from None

            self.review(read, Path(path).name)

    def review_inbox(self) -> None:
        """Review the selected (or the oldest) packet of the inbox."""
        if not self._inbox_ids:
            self.message.error("Kotak masuk kosong.")
            return
        packet_id = self._inbox_ids[max(self.inbox.currentRow(), 0)]
        self.review(lambda: oo.inbox_packet(self._db, packet_id),
                    f"kotak masuk no. {packet_id}")

    def _clear(self) -> None:
        for value in self.counts.values():
            value.setText("-")
            value.setStyleSheet("font-size: 20pt; font-weight: bold; color: #0b4f8a;")
        self.summary.clear()
        self.breakdown.clear()
        fill_table(self.conflicts, [])
        self.import_button.setEnabled(False)
        self.import_button.setText("Impor")
        self.save_button.setEnabled(False)
        self._data = None

    def _busy(self, busy: bool) -> None:
        """While a packet is opened or imported, nothing else starts."""
        for button in (self.open_button, self.inbox_button):
            button.setEnabled(not busy)

    def review(self, read: Callable[[], bytes], source: str) -> None:
        """Read, open and check the packet in the background; show what importing does."""
        self._clear()
        self._busy(True)

        def work() -> tuple[bytes, oo.PacketPreview]:
            data = read()
            return data, oo.preview_packet(self._db, self._actor, data)

        def refused(exc: CounterError) -> None:
            self.message.error(f"{source}: paket ditolak. {exc.message}")

        self.message.run(work, lambda result: self._show(source, *result), failure=refused,
                         always=lambda: self._busy(False),
                         busy=f"{source}: membuka dan memeriksa paket...")

    def _show(self, source: str, data: bytes, preview: oo.PacketPreview) -> None:
        self._data = data
        self.message.say(
            f"{source}: paket asli, tanda tangan laptop {preview.laptop_code} sah, "
            "terenkripsi untuk kantor ini, nomor urut diterima. Periksa isinya, lalu "
            "tekan Impor.")
        events = "<br>".join(f"&bull; {e}" for e in preview.events) or "-"
        made = local(dt.datetime.fromisoformat(preview.created_at))
        self.summary.setText(
            f"<b>Laptop {preview.laptop_code}</b> ({preview.laptop_name}), paket "
            f"<b>#{preview.sequence}</b>, dibuat {made:%d-%m-%Y %H.%M} WIB<br><b>Kegiatan:</b>"
            f"<br>{events}")
        for key, value in (("total", preview.total), ("new", preview.new),
                           ("duplicates", preview.duplicates),
                           ("conflicts", len(preview.conflicts)), ("photos", preview.photos),
                           ("signatures", preview.signatures),
                           ("documents", preview.documents), ("audit", preview.audit_rows)):
            self.counts[key].setText(str(value))
        self.counts["conflicts"].setStyleSheet(
            "font-size: 20pt; font-weight: bold; color: "
            + ("#b26a00;" if preview.conflicts else "#0b4f8a;"))
        cases = ", ".join(f"{CASE_LABELS.get(k, k)} {v}" for k, v in preview.by_case.items())
        routes = ", ".join(f"{v} {ROUTE_LABELS.get(k, k)}" for k, v in preview.by_route.items())
        closed = ""
        if preview.closed_days:
            days = ", ".join(f"{d:%d-%m-%Y}" for d in preview.closed_days)
            closed = (f"<br><span style='color:#b00020'><b>Layanan tanggal {days} sudah "
                      "ditutup:</b> buka dahulu di Laporan (dengan alasan), lalu impor."
                      "</span>")
        self.breakdown.setText(f"Jenis permohonan: {cases or '-'}. Alur: {routes or '-'}."
                               + closed)
        fill_table(self.conflicts, [(c.nik_masked, c.nama, c.laptop_slip, c.office_slip,
                                     c.office_status) for c in preview.conflicts])
        self.import_button.setEnabled(True)
        self.import_button.setText(f"Impor {preview.new} rekaman baru"
                                   + (f" dan tahan {len(preview.conflicts)} bentrok"
                                      if preview.conflicts else "") + "  [Ctrl+I]")
        self.import_button.setShortcut("Ctrl+I")

    def run_import(self) -> None:
        """Import the reviewed packet in the background (checked again, one transaction)."""
        data = self._data
        if data is None:
            return
        self.import_button.setEnabled(False)
        self._busy(True)

        def refused(exc: CounterError) -> None:
            self.message.error(f"Impor ditolak: {exc.message}")
            self.import_button.setEnabled(self._data is not None)

        self.message.run(lambda: oo.import_packet(self._db, self._actor, data), self._imported,
                         failure=refused, always=lambda: self._busy(False),
                         busy="Mengimpor paket...")

    def _imported(self, result: oo.ImportResult) -> None:
        self._confirmation = result.confirmation
        self.save_button.setEnabled(True)
        self.refresh_inbox()
        self.message.say(
            f"Diimpor dari laptop {result.laptop_code} paket #{result.sequence}: "
            f"{result.imported} baru (masuk antrean cetak atau batch berikutnya), "
            f"{result.duplicates} sudah ada, {result.conflicts} ditahan. Simpan berkas "
            "konfirmasi dan terapkan di laptop agar data pribadi di laptop dihapus.")

    def save_confirmation(self) -> None:
        """Write the signed confirmation the laptop needs to purge."""
        path = dialogs.save_file(self, "Simpan konfirmasi", "konfirmasi-jemput-bola.json",
                                 "Konfirmasi (*.json)")
        if not path:
            return
        try:
            Path(path).write_text(self._confirmation, encoding="utf-8")
        except OSError as exc:
            self.message.error(f"Konfirmasi tidak dapat disimpan di {path} ({exc.strerror}).")
            return
        self.message.say(f"Konfirmasi disimpan di {path}. Bawa ke laptop: Jemput bola > "
                         "Terapkan konfirmasi kantor.")


class ConflictsPanel(QWidget):
    """Held recordings: keep the office's application, or take the laptop's."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self._ids: list[int] = []
        self.table = make_table(["Laptop", "NIK", "Nama", "Tanda terima laptop",
                                 "Permohonan di kantor", "Status di kantor", "Ditahan"],
                                "conflictsTable")
        keep_office = QPushButton("Pakai permohonan kantor (rekaman laptop disisihkan)",
                                  objectName="keepOffice")
        keep_laptop = QPushButton("Pakai rekaman laptop (permohonan kantor dibatalkan)",
                                  objectName="keepLaptop")
        self.message = MessageLine("conflictMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(keep_office)
        buttons.addWidget(keep_laptop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        keep_office.clicked.connect(lambda: self.resolve("office"))
        keep_laptop.clicked.connect(lambda: self.resolve("laptop"))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the open conflicts."""
        rows = oo.list_conflicts(self._db, self._actor)
        self._ids = [c.id for c in rows]
        fill_table(self.table, [(c.laptop_code, c.nik_masked, c.nama, c.laptop_slip,
                                 c.office_slip, c.office_status.label,
                                 f"{local(c.held_at):%d-%m-%Y %H.%M}") for c in rows])

    def resolve(self, keep: str) -> None:
        """Settle the selected conflict with a reason."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._ids):
            self.message.error("Pilih rekaman yang akan diputuskan.")
            return
        reason = dialogs.ask_text(self, "Keputusan bentrok", "Alasan keputusan:")
        if reason is None:
            return

        def settle() -> str:
            done = oo.resolve_conflict(self._db, self._actor, self._ids[row], keep, reason)
            self.refresh()
            return f"{done.laptop_slip}: " + (
                "rekaman laptop dipakai, permohonan kantor dibatalkan." if keep == "laptop"
                else "permohonan kantor tetap; rekaman laptop disisihkan.")

        self.message.attempt(settle)


class LaptopsPanel(QWidget):
    """Pair a new laptop (writes the pairing file), revoke one."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.table = make_table(["Kode", "Nama", "Kunci", "Dipasangkan", "Paket terakhir",
                                 "Status"], "laptopsTable")
        pair = QPushButton("Pasangkan laptop baru...", objectName="pairLaptop")
        revoke = QPushButton("Cabut laptop terpilih...", objectName="revokeLaptop")
        self.message = MessageLine("laptopsMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(pair)
        buttons.addWidget(revoke)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        pair.clicked.connect(self.pair)
        revoke.clicked.connect(self.revoke)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the laptops."""
        self._rows = oo.list_laptops(self._db)
        fill_table(self.table, [(r.code, r.name, r.key_id, f"{local(r.paired_at):%d-%m-%Y}",
                                 f"#{r.last_sequence}",
                                 f"dicabut {local(r.revoked_at):%d-%m-%Y}" if r.revoked_at
                                 else "aktif") for r in self._rows])

    def pair(self) -> None:
        """Register a laptop and save its pairing file."""
        name = dialogs.ask_text(self, "Pasangkan laptop", "Nama laptop:",
                                f"Laptop Jemput Bola {len(self._rows) + 1}")
        if not name:
            return
        path = dialogs.save_file(self, "Simpan berkas pemasangan", "pemasangan-laptop.json",
                                 "Berkas pemasangan (*.json)")
        if not path:
            return

        def pair() -> str:
            made = oo.pair_laptop(self._db, self._actor, name)
            try:
                Path(path).write_text(made.text, encoding="utf-8")
                Path(path).chmod(0o600)
            except OSError as exc:
                raise ValidationError(
                    f"Berkas tidak dapat disimpan ({exc.strerror}).") from None
            finally:
                self.refresh()
            return (f"Laptop {made.laptop.code} dipasangkan. Di laptop: `counter-app "
                    f"outreach join {Path(path).name}`, lalu hapus berkasnya (berisi kunci "
                    "laptop).")

        self.message.attempt(pair)

    def revoke(self) -> None:
        """Revoke the selected laptop after a question."""
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            self.message.error("Pilih laptop yang akan dicabut.")
            return
        code = self._rows[row].code
        if not dialogs.ask(self, "Cabut laptop", f"Cabut laptop {code}? Paket berikutnya "
                           "darinya akan ditolak."):
            return

        def revoke() -> str:
            oo.unpair_laptop(self._db, self._actor, code)
            self.refresh()
            return f"Laptop {code} dicabut."

        self.message.attempt(revoke)


class OutreachOfficeScreen(QWidget):
    """Jemput bola at the office: import review, conflicts, laptops."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.review = ImportReview(db, actor)
        self.conflicts = ConflictsPanel(db, actor)
        self.laptops = LaptopsPanel(db, actor)
        self.tabs = QTabWidget(objectName="outreachTabs")
        self.tabs.addTab(self.review, "Impor paket")
        self.tabs.addTab(self.conflicts, "Bentrok NIK")
        self.tabs.addTab(self.laptops, "Laptop")
        self.tabs.currentChanged.connect(self._refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Jemput bola</h2>"))
        layout.addWidget(self.tabs, 1)

    def _refresh(self) -> None:
        self.conflicts.refresh()
        self.laptops.refresh()
