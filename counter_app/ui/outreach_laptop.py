"""The laptop's Jemput bola screen: the day's event, what waits for the office, export.

Shown in place of the office's import screen on an installation that joined an office
as an outreach laptop. The recordings themselves are made under Perekaman with the same
wizard as at a counter; this screen chooses the event they belong to (once a day).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.errors import ValidationError
from counter_app.services import outreach_laptop as ol
from counter_app.services.actor import Actor
from counter_app.services.recording import OUTREACH_KINDS
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table


def _count(label: str, name: str) -> tuple[QLabel, QLabel]:
    value = QLabel("0", objectName=name)
    value.setStyleSheet("font-size: 22pt; font-weight: bold; color: #0b4f8a;")
    value.setAlignment(Qt.AlignmentFlag.AlignCenter)
    caption = QLabel(label, wordWrap=True)
    caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return value, caption


class LaptopEventScreen(QWidget):
    """Today's event, the counts, and the way home: export, confirmation, sync."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.title = QLabel(objectName="laptopTitle", wordWrap=True)

        self.today_events = QComboBox(objectName="todayEvents")
        self.current = QLabel(objectName="currentEvent", wordWrap=True)
        self.current.setStyleSheet("font-size: 12pt;")
        self.name = QLineEdit(objectName="eventName")
        self.name.setPlaceholderText("mis. SMA Negeri 6 Palembang")
        self.kind = QComboBox(objectName="eventKind")
        for key, label in OUTREACH_KINDS.items():
            self.kind.addItem(label, key)
        self.place = QLineEdit(objectName="eventPlace")
        self.place.setPlaceholderText("alamat atau ruangan")
        self.team = QLineEdit(objectName="eventTeam")
        self.team.setPlaceholderText("nama petugas, dipisah koma")
        start = QPushButton("Mulai kegiatan hari ini", objectName="startEvent")
        event_box = QGroupBox("Kegiatan hari ini (dipilih sekali sehari)")
        form = QFormLayout(event_box)
        form.addRow(self.current)
        form.addRow("Kegiatan hari ini yang sudah ada", self.today_events)
        form.addRow(QLabel("<b>atau mulai kegiatan baru</b>"))
        form.addRow("Nama kegiatan", self.name)
        form.addRow("Jenis", self.kind)
        form.addRow("Tempat", self.place)
        form.addRow("Tim", self.team)
        form.addRow("", start)

        counts = QGroupBox("Rekaman di laptop ini")
        grid = QGridLayout(counts)
        self.today_count, today_caption = _count("direkam hari ini", "countToday")
        self.waiting_count, waiting_caption = _count(
            "menunggu konfirmasi kantor", "countWaiting")
        self.confirmed_count, confirmed_caption = _count(
            "dikonfirmasi kantor, data pribadi dihapus", "countConfirmed")
        for col, (value, caption) in enumerate(((self.today_count, today_caption),
                                                (self.waiting_count, waiting_caption),
                                                (self.confirmed_count, confirmed_caption))):
            grid.addWidget(value, 0, col)
            grid.addWidget(caption, 1, col)

        home = QGroupBox("Membawa hasil ke kantor")
        export = QPushButton("Ekspor paket...  [Ctrl+E]", objectName="exportPacket")
        export.setShortcut("Ctrl+E")
        confirm = QPushButton("Terapkan konfirmasi kantor...", objectName="applyConfirmation")
        sync = QPushButton("Sinkron lewat jaringan kantor...", objectName="syncOffice")
        self.home_buttons = (export, confirm, sync)
        buttons = QVBoxLayout(home)
        for button in (export, confirm, sync):
            button.setMinimumHeight(36)
            buttons.addWidget(button)

        self.events = make_table(["Kegiatan", "Jenis", "Tempat", "Tanggal", "Tim", "Direkam",
                                  "Menunggu", "Dikonfirmasi"], "laptopEvents")
        self.message = MessageLine("laptopMessage")
        steps = QLabel(
            "Langkah: 1. pilih atau mulai kegiatan hari ini; 2. rekam di <b>Perekaman</b> "
            "(Ctrl+N), tanda terima dicetak di printer portabel; 3. di kantor, ekspor paket "
            "ke flashdisk (terenkripsi untuk kantor) dan serahkan ke supervisor; 4. terapkan "
            "berkas konfirmasi dari kantor: data pribadi baru dihapus dari laptop setelah "
            "itu.", wordWrap=True, objectName="laptopSteps")
        steps.setStyleSheet("color: #444;")

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(event_box)
        right = QVBoxLayout()
        right.addWidget(counts)
        right.addWidget(home)
        right.addWidget(steps)
        right.addStretch(1)
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(QLabel("<b>Kegiatan di laptop ini</b>"))
        layout.addWidget(self.events, 1)
        layout.addWidget(self.message)

        start.clicked.connect(self.start_event)
        self.today_events.activated.connect(self._choose)
        export.clicked.connect(self.export)
        confirm.clicked.connect(self.apply_confirmation)
        sync.clicked.connect(self.sync)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the pairing, the events and the counts."""
        status = ol.laptop_status(self._db)
        self.title.setText(f"<h2>Jemput bola</h2>Laptop <b>{status.laptop_code}</b> "
                           f"({status.laptop_name}) milik {status.office_title}. Paket "
                           f"terakhir #{status.last_sequence}.")
        day = ol.today()
        events = ol.list_events(self._db)
        todays = [e for e in events if e.day == day]
        chosen = local_config.load().outreach_event_id
        current = next((e for e in todays if e.id == chosen), None)
        self.today_events.blockSignals(True)
        self.today_events.clear()
        self.today_events.addItem("(pilih)", None)
        for e in todays:
            self.today_events.addItem(e.label, e.id)
        if current is not None:
            self.today_events.setCurrentIndex(self.today_events.findData(current.id))
        self.today_events.blockSignals(False)
        if current is None:
            self.current.setText("<span style='color:#b00020'><b>Belum ada kegiatan untuk "
                                 "hari ini.</b> Pilih atau mulai kegiatan sebelum merekam."
                                 "</span>")
        else:
            self.current.setText(f"Merekam untuk: <b>{current.label}</b><br>Tim: "
                                 f"{current.team}")
        self.today_count.setText(str(current.recorded if current else 0))
        self.waiting_count.setText(str(status.waiting))
        self.confirmed_count.setText(str(status.confirmed))
        fill_table(self.events, [(e.name, OUTREACH_KINDS.get(e.kind, e.kind), e.place,
                                  f"{e.day:%d-%m-%Y}", e.team, str(e.recorded),
                                  str(e.waiting), str(e.confirmed)) for e in events])

    def _choose(self) -> None:
        event_id = self.today_events.currentData()
        if event_id is not None:
            local_config.save(local_config.with_event(local_config.load(), event_id))
            self.refresh()

    def start_event(self) -> None:
        """Open today's event from the form; recordings of the day are tagged with it."""
        event = self.message.call(lambda: ol.start_event(
            self._db, self._actor, self.name.text(), self.kind.currentData(),
            self.place.text(), ol.today(), self.team.text()))
        if event is None:
            return
        local_config.save(local_config.with_event(local_config.load(), event.id))
        for edit in (self.name, self.place, self.team):
            edit.clear()
        self.refresh()
        self.message.say(f"Kegiatan dimulai: {event.label}. Rekam di Perekaman (Ctrl+N).")

    def _home_busy(self, busy: bool) -> None:
        """While a packet is made or sent, the other ways home wait."""
        for button in self.home_buttons:
            button.setEnabled(not busy)

    def export(self) -> None:
        """Write the sealed packet of everything not yet confirmed."""
        path = dialogs.save_file(self, "Ekspor paket jemput bola",
                                 f"paket-{ol.laptop_status(self._db).laptop_code}.ktpjb",
                                 "Paket jemput bola (*.ktpjb)")
        if not path:
            return

        def work() -> ol.ExportResult:
            made = ol.export_packet(self._db, self._actor)
            try:
                with open(path, "wb") as handle:
                    handle.write(made.data)
            except OSError as exc:
                raise ValidationError(
                    f"Paket tidak dapat disimpan di {path} ({exc.strerror}).") from None
            return made

        def exported(made: ol.ExportResult) -> None:
            self.refresh()
            self.message.say(f"Paket #{made.sequence}: {made.recordings} rekaman, "
                             f"{made.photos} foto -> {path}. Data tetap di laptop sampai "
                             "kantor mengirim konfirmasi.")

        self._home_busy(True)
        self.message.run(work, exported, always=lambda: self._home_busy(False),
                         busy="Menyusun dan mengenkripsi paket...")

    def apply_confirmation(self) -> None:
        """Apply the office's confirmation file; only then is personal data deleted."""
        path = dialogs.open_file(self, "Konfirmasi dari kantor",
                                 "Konfirmasi (*.json);;Semua berkas (*)")
        if not path:
            return

        def apply() -> str:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError as exc:
                raise ValidationError(
                    f"Berkas {path} tidak dapat dibaca ({exc.strerror}).") from None
            done = ol.apply_confirmation(self._db, self._actor, text)
            self.refresh()
            return (f"Konfirmasi paket #{done.sequence}: data pribadi {done.purged} rekaman "
                    f"dihapus dari laptop; {done.still_waiting} masih menunggu.")

        self.message.attempt(apply)

    def sync(self) -> None:
        """Send the packet straight to the office database and fetch confirmations."""
        url = dialogs.ask_text(self, "Sinkron ke kantor",
                               "Alamat basis data kantor (mis. postgresql+psycopg://loket@"
                               "server/loket):")
        if not url:
            return

        def synced(done: ol.SyncResult) -> None:
            self.refresh()
            sent = (f"paket #{done.sent_sequence} ({done.recordings_sent} rekaman) menunggu "
                    "tinjauan supervisor" if done.sent_sequence else "tidak ada paket baru")
            self.message.say(f"Sinkron: {sent}; {done.purged} rekaman dihapus setelah "
                             "konfirmasi.")

        self._home_busy(True)
        self.message.run(lambda: ol.sync_with_office(self._db, self._actor, url.strip()),
                         synced, always=lambda: self._home_busy(False),
                         busy="Menghubungi basis data kantor...")
