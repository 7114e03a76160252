"""Admin settings: users (add, reset a password), the office limits, outreach kinds."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.roles import Role
from counter_app.services.actor import Actor
from counter_app.services.settings import (
    BLANKO_THRESHOLD,
    DEFAULT_BLANKO_THRESHOLD,
    DEFAULT_IDLE_MINUTES,
    DEFAULT_OVERDUE_DAYS,
    IDLE_MINUTES,
    OVERDUE_DAYS,
    get_int_setting,
    get_outreach_kinds,
    set_blanko_threshold,
    set_idle_minutes,
    set_outreach_kinds,
    set_overdue_days,
)
from counter_app.services.users import create_user, list_users, reset_password
from counter_app.ui import dialogs
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table


class AdminSettings(QWidget):
    """Users and limits, each change through a service (role-checked and audited)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.users = make_table(["Nama pengguna", "Nama lengkap", "Peran", "Wajib ganti sandi"],
                                "usersTable")
        add = QPushButton("Tambah pengguna...", objectName="addUser")
        reset = QPushButton("Atur ulang kata sandi...", objectName="resetPassword")
        users_box = QGroupBox("Pengguna")
        users_layout = QVBoxLayout(users_box)
        users_layout.addWidget(self.users)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(reset)
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
        self.kinds = QPlainTextEdit(objectName="outreachKinds")
        self.kinds.setMaximumHeight(110)
        save_kinds = QPushButton("Simpan jenis kegiatan", objectName="saveOutreachKinds")
        kinds_box = QGroupBox("Jenis kegiatan jemput bola (satu per baris)")
        kinds_layout = QHBoxLayout(kinds_box)
        kinds_layout.addWidget(self.kinds, 1)
        kinds_layout.addWidget(save_kinds)
        self.message = MessageLine("adminMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(users_box)
        layout.addWidget(limits)
        layout.addWidget(kinds_box)
        layout.addWidget(self.message)
        add.clicked.connect(self.add_user)
        reset.clicked.connect(self.reset)
        save.clicked.connect(self.save_limits)
        save_kinds.clicked.connect(self.save_kinds)
        self.refresh()

    def refresh(self) -> None:
        """Reload users and limits."""
        self._users = list_users(self._db, self._actor)
        fill_table(self.users, [(u.username, u.full_name, u.role.label,
                                 "ya" if u.must_change_password else "")
                                for u in self._users])
        self.users.setMinimumHeight(min(320, 60 + 30 * len(self._users)))
        self.idle.setValue(get_int_setting(self._db, IDLE_MINUTES, DEFAULT_IDLE_MINUTES))
        self.threshold.setValue(get_int_setting(self._db, BLANKO_THRESHOLD,
                                                DEFAULT_BLANKO_THRESHOLD))
        self.overdue.setValue(get_int_setting(self._db, OVERDUE_DAYS, DEFAULT_OVERDUE_DAYS))
        self.kinds.setPlainText("\n".join(get_outreach_kinds(self._db).values()))

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
