"""Laporan: the day's (or a range's) figures, the exact PDF that prints, exports, day close.

Computing, printing, exports and the day close run as background operations
(``ui/operations``) with their own database sessions; a long range can be cancelled,
and a failure of any kind ends in a usable screen. A closed day shows its archived
PDF, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QObject, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.db import Database
from counter_app.domain.cases import CASE_KEY_LABELS
from counter_app.domain.clock import local, office_day, utc_now
from counter_app.domain.dates import format_date
from counter_app.domain.errors import ValidationError
from counter_app.domain.roles import Permission, Role, can
from counter_app.domain.routing import Route, route_phrase
from counter_app.domain.words import lower_first
from counter_app.printing.daily_report import called, duration_of, report_pdf
from counter_app.printing.output import Printable, deliver, printed_as
from counter_app.printing.report_xlsx import report_xlsx
from counter_app.services.actor import Actor
from counter_app.services.backup import make_backup
from counter_app.services.day_close import (
    ClosureInfo,
    DaySummary,
    archived_report,
    close_day,
    closure_info,
    day_summary,
    first_report_day,
    is_provisional,
    letterhead,
    reopen_day,
    superseded_reports,
)
from counter_app.services.reports import Report, compute_report
from counter_app.ui import dialogs, operations
from counter_app.ui.messages import MessageLine


class _Progress(QObject):
    """Lives in the GUI thread; the computation reports its days through it (queued)."""

    step = Signal(int, int)


def compute(db: Database, actor: Actor, start: dt.date, end: dt.date,
            step: Callable[[int, int], bool]) -> tuple[Report, bytes]:
    """The figures and the PDF (the archived one for a closed day); runs off the GUI thread."""
    report = compute_report(db, actor, start, end, step)
    closed = closure_info(db, start) if start == end else None
    if closed is not None:
        pdf, _digest = archived_report(db, actor, start)
    else:
        pdf = report_pdf(report, letterhead(db), provisional=is_provisional(db, start, end))
    return report, pdf


def _unbroken(text: str) -> str:
    """``text`` kept on one line in rich text (no break inside "2 mnt 00 dtk")."""
    return escape(text).replace(" ", "&nbsp;")


def figures_html(report: Report) -> str:
    """The key figures as the screen shows them (the same numbers as the PDF)."""
    q, r, p, b = report.queue, report.recordings, report.printing, report.blanko
    period = format_date(report.start) + ("" if report.single_day
                                          else f" s.d. {format_date(report.end)}")
    # The service's name has the widest column, so it wraps between words only; the
    # times never wrap ("2 mnt 00 dtk" on one line) and read "-" for an unused service.
    rows = "".join(
        f"<tr><td>{escape(s.prefix)} {escape(s.name)}</td><td align=right>{s.issued}</td>"
        f"<td align=right>{s.served}</td><td align=right>{s.no_show}</td>"
        f"<td align=right>{s.not_served}</td><td align=right>"
        f"{_unbroken(duration_of(s.avg_wait_s, called(s)))}</td></tr>"
        for s in q.by_service)
    return (
        f"<h3>{period}</h3>"
        "<table border=1 cellspacing=0 cellpadding=2><tr>"
        "<th>Layanan</th><th>Tiket</th><th>Dila&shy;yani</th><th>Tidak hadir</th>"
        "<th>Tidak terla&shy;yani</th><th>Rata-rata tunggu</th>"
        f"</tr>{rows}<tr><th>Jumlah</th><th>{q.issued}</th><th>{q.served}</th>"
        f"<th>{q.no_show}</th><th>{q.not_served}</th>"
        f"<th>{_unbroken(duration_of(q.avg_wait_s, called(q)))}</th></tr>"
        "</table>"
        f"<p><b>Perekaman:</b> {r.total} ("
        + ", ".join(f"{lower_first(CASE_KEY_LABELS[k])} {v}" for k, v in r.by_case.items() if v)
        + f"); {route_phrase(Route.LOCAL)} {r.by_route['LOCAL']}, "
        f"{route_phrase(Route.FORWARD)} {r.by_route['FORWARD']} "
        f"(luar domisili {r.outside_domicile}); usia 16 tahun "
        f"{r.age_16}; NIK tidak sesuai data {r.nik_mismatch}. <b>Aktivasi IKD:</b> "
        f"{report.ikd.activated} berhasil, {report.ikd.not_activated} belum berhasil.</p>"
        f"<p><b>Cetak:</b> {p.printed} KTP-el, {p.spoiled} blanko rusak, {p.suket} SUKET. "
        f"<b>Blanko:</b> awal {b.opening}, diterima {b.received}, dipakai {b.used}, rusak "
        f"{b.spoiled}, akhir {b.closing}.</p>"
        f"<p><b>Pengiriman:</b> {report.forwarding.batches} batch, "
        f"{report.forwarding.items_sent} berkas dikirim, {report.forwarding.items_received} "
        f"kembali, {report.forwarding.overdue} terlambat. <b>Pengambilan:</b> "
        f"{report.pickups.handed_over} diserahkan, {report.pickups.pending} menunggu.</p>")


class ReportScreen(QWidget):
    """Pick, see, preview, print, save, export, and close the day."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self._db = db
        self._actor = actor
        self.report: Report | None = None
        self.pdf: bytes = b""
        self._computing: operations.Operation[tuple[Report, bytes]] | None = None
        self._stop = threading.Event()
        today = office_day(utc_now())
        self.one_day = QRadioButton("Satu hari", objectName="modeDay")
        self.range_ = QRadioButton("Rentang", objectName="modeRange")
        self.one_day.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_day)
        group.addButton(self.range_)
        self.start = QDateEdit(QDate(today.year, today.month, today.day), objectName="from")
        self.end = QDateEdit(QDate(today.year, today.month, today.day), objectName="to")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setCalendarPopup(True)
        self.end.setEnabled(False)
        self.show_button = QPushButton("Tampilkan", objectName="showReport")
        self.progress = QProgressBar(objectName="reportProgress")
        self.progress.setVisible(False)
        self._progress = _Progress(self)
        self._progress.step.connect(lambda done, _total: self.progress.setValue(done))
        self.cancel = QPushButton("Batal", objectName="cancelReport")
        self.cancel.setVisible(False)
        self.status = MessageLine("reportStatus")
        self.figures = QTextBrowser(objectName="reportFigures")
        self.document = QPdfDocument(self)
        self.preview = QPdfView(objectName="reportPreview")
        self.preview.setDocument(self.document)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer: QBuffer | None = None
        self.print_button = QPushButton("Cetak", objectName="printReport")
        self.save_pdf = QPushButton("Simpan PDF...", objectName="savePdf")
        self.save_xlsx = QPushButton("Simpan spreadsheet...", objectName="saveXlsx")
        self.save_json = QPushButton("Simpan JSON...", objectName="saveJson")
        self.close_day_button = QPushButton("Tutup layanan hari ini...", objectName="closeDay")
        self.close_day_button.setVisible(can(actor.role, Permission.CLOSE_DAY))
        # Also the retry when the automatic backup of a day close failed.
        self.backup_button = QPushButton("Buat cadangan", objectName="makeBackup")
        self.backup_button.setToolTip("Cadangan basis data sekarang, diperiksa dan dicatat; "
                                      "30 cadangan otomatis terakhir disimpan.")
        self.backup_button.setVisible(can(actor.role, Permission.BACKUP))
        self._note = ""
        self._lead = ""  # the camat's first screen: which day is shown and why
        self.reopen_button = QPushButton("Buka kembali hari...", objectName="reopenDay")
        self.reopen_button.setToolTip("Membuka kembali hari yang sudah ditutup (supervisor, "
                                      "dengan alasan). Laporan arsipnya ditandai diganti.")
        self.reopen_button.setVisible(actor.role is Role.SUPERVISOR)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Laporan</h2>"))
        for widget in (self.one_day, self.range_, QLabel("Dari"), self.start, QLabel("s.d."),
                       self.end, self.show_button, self.progress, self.cancel):
            top.addWidget(widget)
        top.addStretch(1)
        actions = QHBoxLayout()
        for widget in (self.print_button, self.save_pdf, self.save_xlsx, self.save_json):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.backup_button)
        actions.addWidget(self.reopen_button)
        actions.addWidget(self.close_day_button)
        split = QSplitter()
        split.addWidget(self.figures)
        split.addWidget(self.preview)
        split.setSizes([420, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        self.range_.toggled.connect(self.end.setEnabled)
        self.show_button.clicked.connect(self.compute)
        self.cancel.clicked.connect(self._cancel)
        self.print_button.clicked.connect(self.print_report)
        self.save_pdf.clicked.connect(lambda: self._save("pdf"))
        self.save_xlsx.clicked.connect(lambda: self._save("xlsx"))
        self.save_json.clicked.connect(lambda: self._save("json"))
        self.close_day_button.clicked.connect(self.close_today)
        self.backup_button.clicked.connect(self.make_backup)
        self.reopen_button.clicked.connect(self.reopen)
        self._set_ready(False)
        if actor.role is Role.CAMAT:  # the camat comes to read: the report is there at once
            QTimer.singleShot(0, self.show_latest)

    def show_latest(self) -> None:
        """Today's report when today has service, else the latest day with service's."""
        first = first_report_day(self._db, office_day(utc_now()))
        day = first.day
        self._lead = first.note + " " if first.note else ""
        self.one_day.setChecked(True)
        self.start.setDate(QDate(day.year, day.month, day.day))
        self.end.setDate(QDate(day.year, day.month, day.day))
        self.compute()

    def period(self) -> tuple[dt.date, dt.date]:
        """The chosen day, or range."""
        def py(edit: QDateEdit) -> dt.date:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())
        start = py(self.start)
        return (start, py(self.end)) if self.range_.isChecked() else (start, start)

    def _set_ready(self, ready: bool) -> None:
        for button in (self.print_button, self.save_pdf, self.save_xlsx, self.save_json):
            button.setEnabled(ready)

    @property
    def computing(self) -> bool:
        """True while figures are being computed."""
        return self._computing is not None

    def compute(self) -> None:
        """Compute in the background; the screen stays responsive and can cancel."""
        if self._computing is not None:
            return
        start, end = self.period()
        self._set_ready(False)
        self.progress.setRange(0, max(1, (end - start).days + 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel.setVisible(True)
        self.show_button.setEnabled(False)
        stop = self._stop = threading.Event()
        step_signal = self._progress.step
        db, actor = self._db, self._actor

        def step(done: int, total: int) -> bool:
            step_signal.emit(done, total)
            return not stop.is_set()

        self._computing = self.status.run(lambda: compute(db, actor, start, end, step),
                                          self._done, busy="Menghitung...",
                                          always=self._ended)

    def _cancel(self) -> None:
        self._stop.set()

    def _ended(self) -> None:
        self._computing = None
        self.progress.setVisible(False)
        self.cancel.setVisible(False)
        self.show_button.setEnabled(True)

    def _done(self, result: tuple[Report, bytes]) -> None:
        report, pdf = result
        self.report, self.pdf = report, pdf
        self.figures.setHtml(figures_html(report))
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        text = self._lead + self._day_state(report) + self._note
        self.status.say(text, error="gagal" in self._note)
        self._note = self._lead = ""
        self._set_ready(True)

    def _day_state(self, report: Report) -> str:
        """Whether the shown day is closed (archived report), reopened, or open."""
        if not report.single_day:
            return ("Pratinjau ini adalah PDF yang sama yang akan dicetak. Hari yang sudah "
                    "ditutup diambil dari angka arsipnya.")
        closed = closure_info(self._db, report.start)
        # Whoever may not read reports sees the day's state without its reopenings.
        replaced = (superseded_reports(self._db, self._actor, report.start)
                    if can(self._actor.role, Permission.READ_REPORTS) else [])
        if closed is not None:
            # The archive was checked against its digest and the signed audit row when
            # it was loaded (day_close.archived_report); the digest itself is for those
            # who check archives (supervisor, admin), the camat reads it in words.
            proof = (f"laporan arsip (SHA-256 {closed.sha256[:16]}...)"
                     if self._actor.role in (Role.SUPERVISOR, Role.ADMIN)
                     else "laporan arsip utuh (diperiksa)")
            text = (f"Layanan ditutup {local(closed.closed_at):%d-%m-%Y %H.%M} WIB oleh "
                    f"{closed.closed_by}; {proof}.")
            if replaced:
                text += (f" Menggantikan {len(replaced)} laporan sebelumnya (dibuka kembali: "
                         f"{replaced[-1].reason}).")
            return text
        if replaced:
            last = replaced[-1]
            return (f"Layanan {report.start:%d-%m-%Y} dibuka kembali "
                    f"{local(last.reopened_at):%d-%m-%Y %H.%M} WIB "
                    f"oleh {last.reopened_by} (alasan: {last.reason}); laporan arsip "
                    "sebelumnya diganti. Laporan baru diarsipkan saat layanan ditutup lagi.")
        return "Pratinjau ini adalah PDF yang sama yang akan dicetak."

    def wait(self) -> None:
        """Block until running work ends and its result is shown (tests, benchmarks)."""
        operations.wait_all()

    def _name(self) -> str:
        assert self.report is not None
        start, end = self.report.start, self.report.end
        return f"laporan-{start:%Y%m%d}" + ("" if start == end else f"-{end:%Y%m%d}")

    def print_report(self) -> None:
        """Print the exact PDF on this PC's letter printer (its own print queue)."""
        from counter_app.ui.qt_printing import QtPdfPrinter

        pdf, name = self.pdf, self._name()
        settings = local_config.load().letter_printer
        self.status.run(
            lambda: deliver(Printable(name, pdf=lambda _paper: pdf), settings, QtPdfPrinter()),
            lambda where: self.status.say(f"Laporan {printed_as('dicetak', where)}."),
            busy="Mencetak laporan...", queue=operations.printer_queue(settings))

    def _save(self, kind: str) -> None:
        report = self.report
        if report is None:
            return
        filters = {"pdf": "PDF (*.pdf)", "xlsx": "Spreadsheet (*.xlsx)", "json": "JSON (*.json)"}
        path = dialogs.save_file(self, "Simpan laporan", f"{self._name()}.{kind}",
                                 filters[kind])
        if not path:
            return
        pdf = self.pdf

        def write() -> str:
            data = {"pdf": lambda: pdf, "xlsx": lambda: report_xlsx(report),
                    "json": lambda: report.json_text().encode()}[kind]()
            try:
                Path(path).write_bytes(data)
            except OSError as exc:
                raise ValidationError(f"Berkas tidak dapat disimpan ({exc.strerror}).") from None
            return path

        self.status.run(write, lambda saved: self.status.say(f"Disimpan: {saved}"),
                        busy="Menyimpan...")

    def close_today(self) -> None:
        """The supervisor closes the chosen day after reading its summary."""
        day = self.period()[0]
        db, actor = self._db, self._actor
        self.status.run(lambda: day_summary(db, actor, day),
                        lambda summary: self._confirm_close(day, summary),
                        busy="Menyiapkan ringkasan hari ini...")

    def _confirm_close(self, day: dt.date, summary: DaySummary) -> None:
        if summary.closed:
            self.status.error(f"Layanan {format_date(day)} sudah ditutup.")
            return
        q = summary.report.queue
        text = (f"Tutup layanan {format_date(day)}?\n\n{q.issued} tiket, {q.served} dilayani, "
                f"{q.no_show} tidak hadir; {summary.still_waiting} tiket masih menunggu dan "
                f"akan ditutup sebagai tidak terlayani.\n{summary.report.recordings.total} "
                f"perekaman, {summary.report.printing.printed} KTP-el dicetak.\n\nSetelah "
                "ditutup, perubahan pada hari ini perlu persetujuan supervisor.")
        if not dialogs.ask(self, "Tutup layanan", text):
            return
        db, actor = self._db, self._actor
        self.close_day_button.setEnabled(False)
        self.status.run(lambda: close_day(db, actor, day),
                        lambda info: self._closed(day, info),
                        busy="Menutup layanan: laporan, arsip, audit, cadangan...",
                        always=lambda: self.close_day_button.setEnabled(True))

    def _closed(self, day: dt.date, info: ClosureInfo) -> None:
        # The supervisor always sees the audit check run at closing, also when all is well.
        if info.audit_ok:
            dialogs.inform(self, "Layanan ditutup",
                           f"Layanan {format_date(day)} ditutup dan laporannya diarsipkan."
                           f"\n\nPemeriksaan log audit: {info.audit_message}")
        else:
            dialogs.warn(self, "Log audit tidak utuh", info.audit_message
                         + "\n\nLaporkan ke admin; jangan ubah basis data secara langsung.")
        if info.backup_error:
            # The day is closed all the same; only the copy is missing.
            dialogs.warn(self, "Cadangan gagal", info.message)
        self._note = (f" Cadangan gagal: {info.backup_error}" if info.backup_error
                      else f" Cadangan: {info.backup_name}." if info.backup_name else "")
        self.one_day.setChecked(True)
        self.compute()

    def make_backup(self) -> None:
        """Back up the database now (the retry after a failed day-close backup)."""
        db, actor = self._db, self._actor
        self.status.run(
            lambda: make_backup(db, actor),
            lambda made: self.status.say(f"Cadangan dibuat dan diperiksa: {made.path} "
                                         f"(SHA-256 {made.sha256[:16]}...)."),
            failure=lambda exc: self.status.error(f"Cadangan gagal: {exc.message}"),
            busy="Membuat cadangan...")

    def reopen(self) -> None:
        """The supervisor reopens the chosen closed day, with a reason."""
        day = self.period()[0]
        if closure_info(self._db, day) is None:
            self.status.error(f"Layanan {format_date(day)} belum ditutup; tidak ada yang "
                              "perlu dibuka kembali.")
            return
        reason = dialogs.ask_text(
            self, "Buka kembali hari",
            f"Alasan membuka kembali {format_date(day)} (minimal 5 huruf).\n"
            "Laporan arsipnya ditandai diganti; laporan baru diarsipkan saat layanan "
            "ditutup lagi.")
        if reason is None:
            return
        def reopen() -> None:
            reopen_day(self._db, self._actor, day, reason)

        if self.status.attempt(reopen):
            self.one_day.setChecked(True)
            self.compute()
