"""Admin settings: users, the office limits, outreach kinds and the office's days off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.dates import format_date
from counter_app.domain.roles import Role
from counter_app.services import office_days
from counter_app.services.actor import Actor
from counter_app.services.settings import (
    ARCHIVE_DAYS,
    BLANKO_THRESHOLD,
    DEFAULT_ARCHIVE_DAYS,
    DEFAULT_BLANKO_THRESHOLD,
    DEFAULT_IDLE_MINUTES,
    DEFAULT_OVERDUE_DAYS,
    DEFAULT_UNCOLLECTED_DAYS,
    IDLE_MINUTES,
    OVERDUE_DAYS,
    UNCOLLECTED_DAYS,
    get_int_setting,
    get_outreach_kinds,
    set_blanko_threshold,
    set_idle_minutes,
    set_outreach_kinds,
    set_overdue_days,
    set_uncollected_limits,
)
from counter_app.services.suket import get_suket_settings, set_suket_settings
from counter_app.services.users import create_user, list_users, reset_password, set_profile
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table


class AdminSettings(QWidget):
    """Users and limits, each change through a service (role-checked and audited)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.users = make_table(["Nama pengguna", "Nama lengkap", "Peran", "NIP dan jabatan",
                                 "Wajib ganti sandi"], "usersTable")
        add = QPushButton("Tambah pengguna...", objectName="addUser")
        reset = QPushButton("Atur ulang kata sandi...", objectName="resetPassword")
        profile = QPushButton("NIP dan jabatan...", objectName="userProfile")
        profile.setToolTip("Dicetak di bawah tanda tangan, mis. pada laporan harian.")
        users_box = QGroupBox("Pengguna")
        users_layout = QVBoxLayout(users_box)
        users_layout.addWidget(self.users)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(reset)
        row.addWidget(profile)
        row.addStretch(1)
        users_layout.addLayout(row)
        self.idle = QSpinBox(objectName="idleMinutes", minimum=1, maximum=240)
        self.threshold = QSpinBox(objectName="blankoThreshold", minimum=0, maximum=100000)
        self.overdue = QSpinBox(objectName="overdueDays", minimum=1, maximum=365)
        save = QPushButton("Simpan batas", objectName="saveLimits")
        limits = QGroupBox("Batas kantor")
        form = QFormLayout(limits)
        form.addRow("Kunci layar setelah (menit tanpa kegiatan)", self.idle)
        form.addRow("Peringatan stok blanko di bawah", self.threshold)
        form.addRow("Berkas Disdukcapil terlambat setelah (hari)", self.overdue)
        form.addRow("", save)
        # Issue 11: cards nobody collects (on the list after N days, archivable after M).
        self.uncollected = QSpinBox(objectName="uncollectedDays", minimum=1, maximum=3650)
        self.archive = QSpinBox(objectName="archiveDays", minimum=1, maximum=3650)
        save_pickup = QPushButton("Simpan batas pengambilan", objectName="savePickupLimits")
        pickup_box = QGroupBox("KTP-el tidak diambil")
        pickup_form = QFormLayout(pickup_box)
        pickup_form.addRow("Masuk daftar tidak diambil setelah (hari)", self.uncollected)
        pickup_form.addRow("Dapat diarsipkan supervisor setelah (hari)", self.archive)
        pickup_form.addRow("", save_pickup)
        # Issue 11: the SUKET's signer, and whether the office issues SUKETs at all.
        self.suket_signer = QComboBox(objectName="suketSigner")
        self.suket_signer.addItem("Camat", False)
        self.suket_signer.addItem("Camat a.n. Kepala Dinas Kependudukan dan Pencatatan Sipil",
                                  True)
        self.suket_issuing = QCheckBox("Kantor ini menerbitkan SUKET", objectName="suketIssuing")
        self.suket_reason = QLineEdit(objectName="suketOffReason", placeholderText=(
            "alasan SUKET tidak diterbitkan, mis. sesuai surat Dirjen Dukcapil Maret 2020"))
        self.suket_state = QLabel(objectName="suketState", wordWrap=True)
        self.suket_issuing.toggled.connect(lambda on: self.suket_reason.setEnabled(not on))
        save_suket = QPushButton("Simpan pengaturan SUKET", objectName="saveSuket")
        suket_box = QGroupBox("SUKET (surat keterangan pengganti KTP-el)")
        suket_form = QFormLayout(suket_box)
        suket_form.addRow("Penanda tangan", self.suket_signer)
        suket_form.addRow("", self.suket_issuing)
        suket_form.addRow("Alasan bila tidak diterbitkan", self.suket_reason)
        suket_form.addRow("", self.suket_state)
        suket_form.addRow("", save_suket)
        self.kinds = QPlainTextEdit(objectName="outreachKinds")
        self.kinds.setMaximumHeight(110)
        save_kinds = QPushButton("Simpan jenis kegiatan", objectName="saveOutreachKinds")
        kinds_box = QGroupBox("Jenis kegiatan jemput bola (satu per baris)")
        kinds_layout = QHBoxLayout(kinds_box)
        kinds_layout.addWidget(self.kinds, 1)
        kinds_layout.addWidget(save_kinds)
        self.days_off = make_table(["Tanggal", "Keterangan", "Dicatat oleh"], "daysOffTable")
        self.days_off.setMinimumHeight(120)
        add_day = QPushButton("Tambah hari libur...", objectName="addDayOff")
        remove_day = QPushButton("Hapus hari libur", objectName="removeDayOff")
        days_box = QGroupBox("Hari libur kantor")
        days_layout = QVBoxLayout(days_box)
        days_layout.addWidget(QLabel(
            "Sabtu, Minggu, libur nasional dan cuti bersama sudah dihitung otomatis. Catat di "
            "sini hari lain kantor tutup; perkiraan siap di tanda terima melewatinya.",
            wordWrap=True))
        days_layout.addWidget(self.days_off)
        days_row = QHBoxLayout()
        days_row.addWidget(add_day)
        days_row.addWidget(remove_day)
        days_row.addStretch(1)
        days_layout.addLayout(days_row)
        self.message = MessageLine("adminMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(users_box)
        layout.addWidget(limits)
        layout.addWidget(pickup_box)
        layout.addWidget(suket_box)
        layout.addWidget(kinds_box)
        layout.addWidget(days_box)
        layout.addWidget(self.message)
        add.clicked.connect(self.add_user)
        reset.clicked.connect(self.reset)
        profile.clicked.connect(self.edit_profile)
        add_day.clicked.connect(self.add_day_off)
        remove_day.clicked.connect(self.remove_day_off)
        save.clicked.connect(self.save_limits)
        save_kinds.clicked.connect(self.save_kinds)
        save_pickup.clicked.connect(self.save_pickup_limits)
        save_suket.clicked.connect(self.save_suket)
        self.refresh()

    def refresh(self) -> None:
        """Reload users and limits."""
        self._users = list_users(self._db, self._actor)
        fill_table(self.users, [(u.username, u.full_name, u.role.label,
                                 ", ".join(p for p in (u.jabatan, u.nip and f"NIP {u.nip}")
                                           if p),
                                 "ya" if u.must_change_password else "")
                                for u in self._users])
        self.users.setMinimumHeight(min(320, 60 + 30 * len(self._users)))
        self.idle.setValue(get_int_setting(self._db, IDLE_MINUTES, DEFAULT_IDLE_MINUTES))
        self.threshold.setValue(get_int_setting(self._db, BLANKO_THRESHOLD,
                                                DEFAULT_BLANKO_THRESHOLD))
        self.overdue.setValue(get_int_setting(self._db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS))
        self.kinds.setPlainText("\n".join(get_outreach_kinds(self._db).values()))
        self.uncollected.setValue(get_int_setting(self._db, UNCOLLECTED_DAYS,
                                                  DEFAULT_UNCOLLECTED_DAYS))
        self.archive.setValue(get_int_setting(self._db, ARCHIVE_DAYS, DEFAULT_ARCHIVE_DAYS))
        suket = get_suket_settings(self._db)
        self.suket_signer.setCurrentIndex(1 if suket.on_behalf else 0)
        self.suket_issuing.setChecked(suket.issuing)
        self.suket_reason.setText(suket.off_reason)
        self.suket_reason.setEnabled(not suket.issuing)
        self.suket_state.setText(
            "SUKET diterbitkan." if suket.issuing
            else f"SUKET tidak diterbitkan: {suket.off_reason}")
        self._days = office_days.list_days_off(self._db, self._actor,
                                               office_day(utc_now()))
        fill_table(self.days_off, [(format_date(d.day), d.reason, d.added_by)
                                   for d in self._days])

    def add_user(self) -> None:
        """A new user with a temporary password (changed at first login)."""
        answer = dialogs.ask_form(self, "Tambah pengguna", [
            ("Nama pengguna", ""), ("Nama lengkap", ""),
            ("Peran (operator/supervisor/camat/admin)", "operator"),
            ("Kata sandi sementara", "")])
        if answer is None:
            return
        username, full_name, role, password = answer
        try:
            chosen = Role(role.strip().lower())
        except ValueError:
            self.message.error("Peran harus operator, supervisor, camat atau admin.")
            return

        def create() -> str:
            create_user(self._db, self._actor, username=username, full_name=full_name,
                        role=chosen, password=password)
            self.refresh()
            return f"Pengguna {username.strip().lower()} dibuat; wajib ganti sandi saat masuk."

        self.message.attempt(create)

    def reset(self) -> None:
        """A temporary password for the chosen user."""
        row = self.users.currentRow()
        if not 0 <= row < len(self._users):
            self.message.error("Pilih pengguna.")
            return
        user = self._users[row]
        answer = dialogs.ask_form(self, f"Atur ulang kata sandi {user.username}",
                                  [("Kata sandi sementara", "")])
        if answer is None:
            return
        def reset() -> str:
            reset_password(self._db, self._actor, user.username, answer[0])
            self.refresh()
            return f"Kata sandi {user.username} diatur ulang; wajib diganti saat masuk."

        self.message.attempt(reset)

    def edit_profile(self) -> None:
        """The chosen user's NIP and position (jabatan), printed under their signature."""
        row = self.users.currentRow()
        if not 0 <= row < len(self._users):
            self.message.error("Pilih pengguna.")
            return
        user = self._users[row]
        answer = dialogs.ask_form(self, f"NIP dan jabatan {user.username}",
                                  [("NIP (18 angka, kosong bila bukan ASN)", user.nip),
                                   ("Jabatan", user.jabatan)])
        if answer is None:
            return

        def save() -> str:
            set_profile(self._db, self._actor, user.username, nip=answer[0], jabatan=answer[1])
            self.refresh()
            return f"NIP dan jabatan {user.username} disimpan."

        self.message.attempt(save)

    def add_day_off(self) -> None:
        """A day the office is closed (the ready date on slips skips it)."""
        answer = dialogs.ask_form(self, "Tambah hari libur kantor",
                                  [("Tanggal (HH-BB-TTTT)", ""), ("Keterangan", "")])
        if answer is None:
            return

        def add() -> str:
            added = office_days.add_day_off(self._db, self._actor,
                                            office_days.parse_day(answer[0]), answer[1])
            self.refresh()
            return added.added_text()

        self.message.attempt(add)

    def remove_day_off(self) -> None:
        """Open the office again on the chosen day."""
        row = self.days_off.currentRow()
        if not 0 <= row < len(self._days):
            self.message.error("Pilih hari libur yang akan dihapus.")
            return
        day = self._days[row].day

        def remove() -> str:
            office_days.remove_day_off(self._db, self._actor, day)
            self.refresh()
            return f"{format_date(day)} bukan lagi hari libur kantor."

        self.message.attempt(remove)

    def save_limits(self) -> None:
        """Store the three limits."""
        def save() -> str:
            set_idle_minutes(self._db, self._actor, self.idle.value())
            set_blanko_threshold(self._db, self._actor, self.threshold.value())
            set_overdue_days(self._db, self._actor, self.overdue.value())
            return "Batas disimpan."

        self.message.attempt(save)

    def save_kinds(self) -> None:
        """Store the outreach kinds (a kind already used keeps its code)."""

        def save() -> str:
            set_outreach_kinds(self._db, self._actor, self.kinds.toPlainText().splitlines())
            self.refresh()
            return "Jenis kegiatan jemput bola disimpan."

        self.message.attempt(save)

    def save_pickup_limits(self) -> None:
        """Store after how many days a card is uncollected, and may be archived."""
        def save() -> str:
            set_uncollected_limits(self._db, self._actor, self.uncollected.value(),
                                   self.archive.value())
            return (f"Batas disimpan: masuk daftar tidak diambil setelah "
                    f"{self.uncollected.value()} hari, dapat diarsipkan setelah "
                    f"{self.archive.value()} hari.")

        self.message.attempt(save)

    def save_suket(self) -> None:
        """Store the SUKET signer and whether SUKETs are issued (with the reason when not)."""
        def save() -> str:
            done = set_suket_settings(self._db, self._actor,
                                      issuing=self.suket_issuing.isChecked(),
                                      off_reason=self.suket_reason.text(),
                                      on_behalf=bool(self.suket_signer.currentData()))
            self.refresh()
            return ("Pengaturan SUKET disimpan." if done.issuing
                    else f"SUKET tidak diterbitkan lagi: {done.off_reason}")

        self.message.attempt(save)
