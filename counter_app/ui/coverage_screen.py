"""Cakupan: who in the kecamatan must hold a KTP-el, who has one, and who to reach next.

The camat and the supervisor read the figures (per kelurahan, most missing first); the
supervisor also imports the resident list, reads the target lists (personal data, every
reading audited), logs contacts, exports a list for the team, plans outreach events and
home visits, and sees which targets an event reached.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.db import Database
from counter_app.domain.clock import local, office_day, utc_now
from counter_app.domain.coverage import (
    CHANNEL_LABELS,
    ContactChannel,
    ImportRefused,
    TargetKind,
)
from counter_app.domain.dates import parse_typed_date
from counter_app.domain.errors import CounterError, ValidationError
from counter_app.domain.roles import Permission, can
from counter_app.services import contacts as ct
from counter_app.services import coverage as cov
from counter_app.services import home_visits as hv
from counter_app.services import outreach_plans as op
from counter_app.services.actor import Actor
from counter_app.services.recording import OUTREACH_KINDS
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine
from counter_app.ui.tables import fill_table, make_table

SHOWN_TARGETS = 1000  # the screen shows this many; the spreadsheet holds them all


def number(value: int) -> str:
    """``12.345`` as an Indonesian reader writes it."""
    return f"{value:,}".replace(",", ".")


def pct(value: float) -> str:
    """``40,5%``."""
    return f"{value:.1f}%".replace(".", ",")


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class CoverageScreen(QWidget):
    """The figures, the target lists, and the outreach plans and home visits."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.manages = can(actor.role, Permission.MANAGE_COVERAGE)
        self.targets: list[cov.Target] = []
        self.plans: list[op.PlanInfo] = []
        self.visits: list[hv.HomeVisitInfo] = []
        self._importing: operations.Operation[cov.ImportSummary] | None = None

        title = QLabel("<h2>Cakupan KTP-el</h2>")
        self.summary = QLabel(objectName="coverageSummary", textFormat=Qt.TextFormat.RichText)
        self.list_info = QLabel(objectName="listInfo", wordWrap=True)
        self.list_info.setStyleSheet("color: #555;")
        self.import_button = QPushButton("Impor daftar penduduk...", objectName="importButton")
        self.import_button.clicked.connect(self.import_file)
        self.import_button.setVisible(self.manages)
        self.refresh_button = QPushButton("Muat ulang (F5)", objectName="refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self.message = MessageLine("coverageMessage")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.refresh_button)

        self.tabs = QTabWidget(objectName="coverageTabs")
        self.tabs.addTab(self._kelurahan_tab(), "Per kelurahan")
        if self.manages:
            self.tabs.addTab(self._targets_tab(), "Daftar sasaran")
            self.tabs.addTab(self._plans_tab(), "Jemput bola dan kunjungan rumah")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.list_info)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # --- layout ------------------------------------------------------------------------

    def _kelurahan_tab(self) -> QWidget:
        self.kelurahan_table = make_table(
            ["Kelurahan", "Wajib KTP-el", "Sudah rekam", "Persen rekam", "Belum rekam",
             "Dicetak", "Diserahkan", "Usia 16 (rekam)"], "kelurahanTable")
        header = self.kelurahan_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        note = QLabel("Urut dari yang paling banyak belum rekam. Wajib KTP-el: umur 17 tahun "
                      "ke atas atau sudah/pernah kawin (UU 24/2013 ps. 63); usia 16 tahun "
                      "dihitung terpisah (boleh direkam, dicetak saat 17). Dicetak dan "
                      "diserahkan: menurut catatan kantor ini.", wordWrap=True)
        note.setStyleSheet("color: #555;")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.kelurahan_table, 1)
        layout.addWidget(note)
        return tab

    def _targets_tab(self) -> QWidget:
        self.kind = QComboBox(objectName="targetKind")
        for kind in TargetKind:
            self.kind.addItem(kind.label, kind.value)
        self.before = QDateEdit(objectName="targetBefore")
        self.before.setDisplayFormat("dd-MM-yyyy")
        self.before.setCalendarPopup(True)
        today = office_day(utc_now())
        self.before.setMinimumDate(QDate(today.year, today.month, today.day))
        self.before.setDate(QDate(today.year, today.month, today.day))
        self.kelurahan = QComboBox(objectName="targetKelurahan")
        self.show_targets = QPushButton("Tampilkan", objectName="showTargets")
        self.show_targets.clicked.connect(self.load_targets)
        self.export_button = QPushButton("Ekspor XLSX...", objectName="exportTargets")
        self.export_button.clicked.connect(self.export)
        controls = QHBoxLayout()
        for label, widget in (("Daftar", self.kind), ("Batas tanggal", self.before),
                              ("Kelurahan", self.kelurahan)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.show_targets)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        self.target_table = make_table(
            ["NIK", "Nama", "Umur", "Genap 17", "Kelurahan", "RT/RW", "Sekolah", "Disabilitas",
             "Telepon", "Kontak terakhir"], "targetTable")
        self.target_table.setSelectionMode(QTableWidget.SelectionMode.ExtendedSelection)
        header = self.target_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(9, QHeaderView.ResizeMode.Stretch)
        self.target_info = QLabel(objectName="targetInfo")
        self.contact_button = QPushButton("Catat kontak...", objectName="contactButton")
        self.contact_button.clicked.connect(self.log_contact)
        self.elsewhere_button = QPushButton("Sudah rekam di tempat lain...",
                                            objectName="elsewhereButton")
        self.elsewhere_button.clicked.connect(self.mark_elsewhere)
        self.plan_button = QPushButton("Rencanakan jemput bola...", objectName="planButton")
        self.plan_button.clicked.connect(self.plan_event)
        actions = QHBoxLayout()
        actions.addWidget(self.target_info, 1)
        for button in (self.contact_button, self.elsewhere_button, self.plan_button):
            actions.addWidget(button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(controls)
        layout.addWidget(self.target_table, 1)
        layout.addLayout(actions)
        return tab

    def _plans_tab(self) -> QWidget:
        self.plan_table = make_table(["Kegiatan", "Jenis", "Tanggal", "Tempat", "Sasaran",
                                      "Tercapai", "Lewat jalur lain", "Belum"], "planTable")
        self.plan_table.itemSelectionChanged.connect(self.show_plan)
        self.result_table = make_table(["NIK", "Nama", "Kelurahan", "RT/RW", "Hasil"],
                                       "planResultTable")
        self.visit_table = make_table(["No.", "Nama", "NIK", "Alamat", "Kebutuhan", "Peminta",
                                       "Rencana", "Tim", "Status"], "visitTable")
        new_visit = QPushButton("Permintaan kunjungan rumah...", objectName="newVisit")
        new_visit.clicked.connect(self.new_visit)
        plan_visit = QPushButton("Jadwalkan kunjungan...", objectName="planVisit")
        plan_visit.clicked.connect(self.plan_visit)
        plans = QWidget()
        left = QVBoxLayout(plans)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel("<b>Rencana jemput bola</b> (pilih satu untuk melihat hasilnya)"))
        left.addWidget(self.plan_table, 2)
        left.addWidget(self.result_table, 3)
        visits = QWidget()
        right = QVBoxLayout(visits)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("<b>Perekaman di rumah</b> (yang tidak dapat datang)"))
        right.addWidget(self.visit_table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(new_visit)
        buttons.addWidget(plan_visit)
        buttons.addStretch(1)
        right.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(plans)
        splitter.addWidget(visits)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(splitter)
        return tab

    # --- figures -----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the figures (and the plans and visits for the supervisor)."""
        read = self.message.call(lambda: (cov.coverage_status(self._db, self._actor),
                                          cov.import_history(self._db, self._actor)))
        if read is None:
            return
        status, history = read
        self.status = status
        self.summary.setText(
            "<table cellpadding='6'><tr>"
            + "".join(f"<td style='background:{bg}; padding:6px'><span style='font-size:9pt'>"
                      f"{label}</span><br><span style='font-size:16pt'><b>{value}</b></span>"
                      f"</td>"
                      for label, value, bg in (
                          ("Wajib KTP-el", number(status.total), "#e8eef5"),
                          ("Sudah rekam", f"{number(status.recorded)} "
                           f"({pct(status.percent_recorded)})", "#e3f1e6"),
                          ("Belum rekam", number(status.missing), "#fbe9e7"),
                          ("KTP-el dicetak", number(status.printed), "#e8eef5"),
                          ("Diserahkan", number(status.handed_over), "#e8eef5"),
                          ("Usia 16 (rekam)", f"{number(status.sixteen)} "
                           f"({number(status.sixteen_recorded)})", "#fff4e0")))
            + "</tr></table>")
        if history:
            last = history[0]
            self.list_info.setText(
                f"Daftar penduduk: {last.file_name}, {number(last.rows)} orang, diimpor "
                f"{local(last.imported_at):%d-%m-%Y %H.%M} WIB oleh {last.imported_by}"
                + (f"; {len(history) - 1} daftar sebelumnya (angkanya disimpan)."
                   if len(history) > 1 else "."))
        else:
            self.list_info.setText("Daftar penduduk belum diimpor: angka cakupan masih nol."
                                   + (" Impor daftar dari Disdukcapil (CSV atau XLSX)."
                                      if self.manages else ""))
        self._fill_kelurahan(status)
        if self.manages:
            current = self.kelurahan.currentData()
            self.kelurahan.blockSignals(True)
            self.kelurahan.clear()
            self.kelurahan.addItem("Semua kelurahan", "")
            for k in sorted(status.by_kelurahan, key=lambda k: k.name):
                self.kelurahan.addItem(k.name, k.code)
            self.kelurahan.setCurrentIndex(max(0, self.kelurahan.findData(current)))
            self.kelurahan.blockSignals(False)
            self.load_plans()

    def _fill_kelurahan(self, status: cov.CoverageStatus) -> None:
        table = self.kelurahan_table
        table.setRowCount(len(status.by_kelurahan))
        for row, k in enumerate(status.by_kelurahan):
            values = [k.name, number(k.total), number(k.recorded), "", number(k.missing),
                      number(k.printed), number(k.handed_over),
                      f"{number(k.sixteen)} ({number(k.sixteen_recorded)})"]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if col == 4 and k.missing:
                    item.setForeground(QColor("#b00020"))
                table.setItem(row, col, item)
            bar = QProgressBar(objectName=f"bar_{k.code}")
            bar.setRange(0, 1000)
            bar.setValue(round(k.percent_recorded * 10))
            bar.setFormat(pct(k.percent_recorded))
            color = ("#2e7d32" if k.percent_recorded >= 95 else "#f9a825"
                     if k.percent_recorded >= 80 else "#c62828")
            bar.setStyleSheet(f"QProgressBar {{ text-align: center; }} "
                              f"QProgressBar::chunk {{ background: {color}; }}")
            table.setCellWidget(row, 3, bar)

    # --- import ------------------------------------------------------------------------

    def import_file(self) -> None:
        """Choose a CSV or XLSX list and import it in the background."""
        if self._importing is not None:
            return
        path = dialogs.open_file(self, "Impor daftar penduduk",
                                 "Daftar penduduk (*.csv *.xlsx)")
        if not path:
            return
        if self.status.total and not dialogs.ask(
                self, "Ganti daftar penduduk",
                "Daftar baru menggantikan daftar lama (angka daftar lama tetap disimpan). "
                "Lanjutkan?"):
            return
        def work() -> cov.ImportSummary:
            try:
                content = Path(path).read_bytes()
            except OSError as exc:
                raise ValidationError(
                    f"Berkas tidak dapat dibaca ({exc.strerror}).") from None
            return cov.import_residents(self._db, self._actor, Path(path).name, content)

        self.import_button.setEnabled(False)
        self._importing = self.message.run(
            work, self._imported, failure=self._import_failed, always=self._import_ended,
            busy="Mengimpor dan memeriksa setiap baris...")

    def _import_ended(self) -> None:
        self._importing = None
        self.import_button.setEnabled(True)

    def _imported(self, summary: cov.ImportSummary) -> None:
        self.refresh()
        self.message.say(f"Diimpor {number(summary.rows)} penduduk"
                         + (f", menggantikan {number(summary.replaced_rows)}."
                            if summary.replaced_rows else "."))

    def _import_failed(self, exc: CounterError) -> None:
        self.message.error(exc.message.split("\n")[0])
        if isinstance(exc, ImportRefused):
            dialogs.warn(self, "Daftar penduduk ditolak", exc.message)

    def wait(self) -> None:
        """Block until running work ends and its result is shown (tests)."""
        operations.wait_all()

    # --- targets -----------------------------------------------------------------------

    def _choice(self) -> tuple[TargetKind, dt.date, str | None]:
        return (TargetKind(self.kind.currentData()), _pydate(self.before.date()),
                self.kelurahan.currentData() or None)

    def load_targets(self) -> None:
        """Show the chosen target list (the first 1,000; the export holds all)."""
        kind, before, kelurahan = self._choice()
        rows = self.message.call(lambda: cov.list_targets(
            self._db, self._actor, kind, before, kelurahan, limit=SHOWN_TARGETS + 1))
        if rows is None:
            return
        more = len(rows) > SHOWN_TARGETS
        self.targets = rows[:SHOWN_TARGETS]
        fill_table(self.target_table, [
            [t.nik_masked, t.nama, str(t.age), f"{t.turns_17:%d-%m-%Y}", t.kelurahan,
             f"{t.rt}/{t.rw}", t.school, t.disabilities.replace(",", ", "), t.phone,
             _last_contact(t)] for t in self.targets])
        self.target_info.setText(
            f"{kind.label}: " + (f"lebih dari {number(SHOWN_TARGETS)} orang; layar "
                                 f"menampilkan {number(SHOWN_TARGETS)} pertama, ekspor "
                                 "memuat semuanya" if more else f"{number(len(rows))} orang"))
        self.message.clear()

    def _selected(self) -> list[cov.Target]:
        rows = sorted({i.row() for i in self.target_table.selectedIndexes()})
        return [self.targets[r] for r in rows if r < len(self.targets)]

    def export(self) -> None:
        """Save the whole target list as a spreadsheet for the outreach team."""
        kind, before, kelurahan = self._choice()
        path = dialogs.save_file(self, "Ekspor daftar sasaran",
                                 f"sasaran-{kind.value}-{before:%Y%m%d}.xlsx",
                                 "Spreadsheet (*.xlsx)")
        if not path:
            return

        def work() -> None:
            content = cov.export_targets(self._db, self._actor, kind, before, kelurahan)
            try:
                Path(path).write_bytes(content)
            except OSError as exc:
                raise ValidationError(
                    f"Berkas tidak dapat disimpan ({exc.strerror}).") from None

        self.export_button.setEnabled(False)
        self.message.run(work, lambda _: self.message.say(f"Disimpan: {path} (NIK disamarkan)."),
                         always=lambda: self.export_button.setEnabled(True),
                         busy="Menyusun spreadsheet daftar sasaran...")

    def log_contact(self) -> None:
        """Log a call, message, letter or visit to the selected target."""
        chosen = self._selected()
        if len(chosen) != 1:
            self.message.error("Pilih satu orang di daftar sasaran.")
            return
        target = chosen[0]
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Catat kontak: {target.nama}")
        form = QFormLayout(dialog)
        channel = QComboBox(objectName="contactChannel")
        for c in ContactChannel:
            channel.addItem(c.label, c.value)
        result = QLineEdit(objectName="contactResult")
        result.setPlaceholderText("mis. akan datang Sabtu; nomor tidak aktif")
        form.addRow("Saluran", channel)
        form.addRow("Hasil", result)
        history = QLabel("<br>".join(
            f"{c.day:%d-%m-%Y} {c.channel}: {c.result} ({c.by})" for c in target.contacts)
            or "Belum pernah dihubungi.")
        form.addRow("Sebelumnya", history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return

        def add() -> str:
            ct.add_contact(self._db, self._actor, target.nik, channel.currentData(),
                           result.text())
            self.load_targets()
            return f"Kontak dengan {target.nama} dicatat."

        self.message.attempt(add)

    def mark_elsewhere(self) -> None:
        """Note that the selected person was recorded outside this office."""
        chosen = self._selected()
        if len(chosen) != 1:
            self.message.error("Pilih satu orang di daftar sasaran.")
            return
        answer = dialogs.ask_form(self, f"Sudah rekam di tempat lain: {chosen[0].nama}",
                                  [("Tempat perekaman", "Disdukcapil Kota Palembang"),
                                   ("Tanggal (HH-BB-TTTT)",
                                    f"{office_day(utc_now()):%d-%m-%Y}")])
        if answer is None:
            return

        def mark() -> str:
            cov.mark_recorded_elsewhere(self._db, self._actor, chosen[0].nik,
                                        _parse_day(answer[1]), answer[0])
            self.refresh()
            self.load_targets()
            return f"{chosen[0].nama} dicatat sudah rekam di {answer[0]}."

        self.message.attempt(mark)

    def plan_event(self) -> None:
        """Plan an outreach event for the selected targets (or every target shown)."""
        chosen = self._selected() or self.targets
        if not chosen:
            self.message.error("Tampilkan daftar sasaran dulu, lalu pilih sasaran kegiatan.")
            return
        kinds = [f"{label} ({key})" for key, label in OUTREACH_KINDS.items()]
        kind_text = dialogs.choose(self, "Rencana jemput bola", "Jenis kegiatan", kinds)
        if kind_text is None:
            return
        kind = kind_text.rsplit("(", 1)[1].rstrip(")")
        answer = dialogs.ask_form(self, f"Rencana jemput bola ({len(chosen)} sasaran)",
                                  [("Nama kegiatan", ""), ("Tempat", ""),
                                   ("Tanggal (HH-BB-TTTT)", "")])
        if answer is None:
            return

        def plan_it() -> str:
            plan = op.plan_outreach(self._db, self._actor, name=answer[0], kind=kind,
                                    place=answer[1], day=_parse_day(answer[2]),
                                    target_kind=TargetKind(self.kind.currentData()),
                                    niks=[t.nik for t in chosen])
            self.load_plans()
            return (f"Kegiatan {plan.name} ({plan.day:%d-%m-%Y}) direncanakan untuk "
                    f"{plan.targets} sasaran. Pilih kegiatan ini di Perekaman saat merekam.")

        self.message.attempt(plan_it)

    # --- plans and home visits -----------------------------------------------------------

    def load_plans(self) -> None:
        """The plans with their counts, and the home-visit requests."""
        read = self.message.call(lambda: (op.list_plans(self._db, self._actor),
                                          hv.list_home_visits(self._db, self._actor)))
        if read is None:
            return
        self.plans, self.visits = read
        fill_table(self.plan_table, [
            [p.name, OUTREACH_KINDS.get(p.kind, p.kind), f"{p.day:%d-%m-%Y}", p.place,
             str(p.targets), str(p.reached_at_event), str(p.recorded_otherwise),
             str(p.missing)] for p in self.plans])
        fill_table(self.visit_table, [
            [str(v.id), v.nama, v.nik_masked, v.address, v.needs, v.requested_by,
             f"{v.planned_date:%d-%m-%Y}" if v.planned_date else "-", v.team or "-",
             v.status_label] for v in self.visits])

    def show_plan(self) -> None:
        """The selected plan's targets: who was reached and who is still missing."""
        row = self.plan_table.currentRow()
        if not 0 <= row < len(self.plans):
            return
        plan = self.message.call(
            lambda: op.plan_results(self._db, self._actor, self.plans[row].id))
        if plan is None:
            return
        names = {k.code: k.name for k in self.status.by_kelurahan}
        fill_table(self.result_table, [
            [r.nik_masked, r.nama, names.get(r.kelurahan_code, r.kelurahan_code),
             f"{r.rt}/{r.rw}", r.state_label] for r in plan.results])

    def new_visit(self) -> None:
        """Take a request to record someone at home."""
        answer = dialogs.ask_form(self, "Permintaan perekaman di rumah", [
            ("NIK", ""), ("Nama", ""), ("Peminta (nama, hubungan)", ""),
            ("Telepon peminta", ""), ("Alamat", ""), ("Kebutuhan", "")])
        if answer is None:
            return
        codes = {k.name: k.code for k in self.status.by_kelurahan}
        kel = dialogs.choose(self, "Permintaan perekaman di rumah", "Kelurahan",
                             sorted(codes))
        if kel is None:
            return

        def request() -> str:
            hv.request_home_visit(self._db, self._actor, nik=answer[0], nama=answer[1],
                                  requested_by=answer[2], requester_phone=answer[3],
                                  address=answer[4], needs=answer[5],
                                  kelurahan_code=codes[kel])
            self.load_plans()
            return "Permintaan kunjungan rumah dicatat."

        self.message.attempt(request)

    def plan_visit(self) -> None:
        """Set the date and the team of the selected request."""
        row = self.visit_table.currentRow()
        if not 0 <= row < len(self.visits):
            self.message.error("Pilih satu permintaan kunjungan rumah.")
            return
        answer = dialogs.ask_form(self, f"Jadwal kunjungan: {self.visits[row].nama}",
                                  [("Tanggal (HH-BB-TTTT)", ""), ("Tim", "")])
        if answer is None:
            return

        def schedule() -> str:
            hv.plan_home_visit(self._db, self._actor, self.visits[row].id,
                               _parse_day(answer[0]), answer[1])
            self.load_plans()
            return ("Kunjungan dijadwalkan. Di Perekaman pilih kegiatan \"Kunjungan rumah\" "
                    "tanggal itu; perekamannya menyelesaikan permintaan ini.")

        self.message.attempt(schedule)


def _last_contact(target: cov.Target) -> str:
    if not target.contacts:
        return ""
    last = target.contacts[-1]
    return f"{last.day:%d-%m-%Y} {CHANNEL_LABELS[ContactChannel(last.channel)]}: {last.result}"


def _parse_day(text: str) -> dt.date:
    return parse_typed_date(text, field="day")
