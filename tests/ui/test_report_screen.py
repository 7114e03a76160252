import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate

from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.services.day_close import archived_report, closure_info
from counter_app.services.demo_data import fill_demo
from counter_app.services.users import authenticate
from counter_app.ui import dialogs, operations
from counter_app.ui.report_screen import ReportScreen
from tests.helpers import make_office, make_user

LAST = dt.date(2019, 1, 10)


@pytest.fixture
def demo(db):
    fill_demo(db, LAST, days=2, seed=5)  # both days in the past: both closed
    return db


@pytest.fixture
def open_demo(db):
    fill_demo(db, LAST, days=2, seed=5, today=LAST)  # LAST is "today": left open
    return db


def screen_for(qtbot, db, username):
    actor = authenticate(db, username, "demo1234")
    screen = ReportScreen(db, actor)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def show(qtbot, screen, start, end=None):
    screen.start.setDate(QDate(start.year, start.month, start.day))
    if end:
        screen.range_.setChecked(True)
        screen.end.setDate(QDate(end.year, end.month, end.day))
    else:
        screen.one_day.setChecked(True)
    screen.show_button.click()
    qtbot.waitUntil(lambda: not screen.computing, timeout=20000)


def test_closed_day_previews_the_archived_pdf(qtbot, demo):
    screen = screen_for(qtbot, demo, "camat")
    show(qtbot, screen, dt.date(2019, 1, 9))
    assert screen.pdf == archived_report(demo, None, dt.date(2019, 1, 9))[0]
    assert screen.document.pageCount() >= 2
    assert "Rabu, 9 Januari 2019" in screen.figures.toHtml() or \
        "9 Januari 2019" in screen.figures.toPlainText()
    assert "arsip" in screen.status.text()
    # The camat reads the archive's state in words, not its SHA-256 digest.
    assert "laporan arsip utuh (diperiksa)" in screen.status.text()
    assert "SHA-256" not in screen.status.text()
    assert not screen.close_day_button.isVisible()  # the camat only reads
    assert not screen.backup_button.isVisible()


def test_range_runs_off_the_gui_thread_and_exports(qtbot, demo, tmp_path, monkeypatch):
    screen = screen_for(qtbot, demo, "kasi")
    show(qtbot, screen, dt.date(2019, 1, 9), LAST)
    assert screen.report is not None and len(screen.report.days) == 2
    text = " ".join(PdfReader(io.BytesIO(screen.pdf)).pages[0].extract_text().split())
    assert "REKAPITULASI PELAYANAN KTP-el" in text
    for kind in ("pdf", "xlsx", "json"):
        target = tmp_path / f"laporan.{kind}"
        monkeypatch.setattr(dialogs, "save_file", lambda *a, t=target: str(t))
        getattr(screen, f"save_{kind}").click()
        screen.wait()
        assert target.exists() and target.stat().st_size > 100
    assert json.loads((tmp_path / "laporan.json").read_text())["from"] == "2019-01-09"
    screen.print_button.click()
    screen.wait()
    # This PC's letter printer is a PDF folder (conftest): no paper came out.
    assert "Laporan disimpan sebagai PDF (printer belum diatur)" in screen.status.text()
    assert "dicetak" not in screen.status.text()


def test_a_long_range_can_be_cancelled(qtbot, demo):
    screen = screen_for(qtbot, demo, "kasi")
    screen.start.setDate(QDate(2018, 2, 1))
    screen.range_.setChecked(True)
    screen.end.setDate(QDate(2019, 1, 31))
    screen.show_button.click()
    screen._cancel()
    qtbot.waitUntil(lambda: not screen.computing, timeout=20000)
    assert screen.status.text() == "Laporan dibatalkan."
    assert screen.show_button.isEnabled() and not screen.cancel.isVisible()
    show(qtbot, screen, dt.date(2019, 1, 9))  # and the next one works
    assert screen.report is not None


def test_a_failed_report_reaches_the_crash_reporter_and_leaves_the_screen_usable(
        qtbot, demo, monkeypatch):
    from counter_app.ui import errors as ui_errors
    from counter_app.ui import report_screen

    crashes = []
    monkeypatch.setattr(ui_errors, "show_crash_dialog", lambda *a: crashes.append(a))

    def broken(*args):
        raise ZeroDivisionError("bug di laporan")

    monkeypatch.setattr(report_screen, "compute_report", broken)
    screen = screen_for(qtbot, demo, "kasi")
    show(qtbot, screen, dt.date(2019, 1, 9))
    assert len(crashes) == 1
    assert screen.status.text() != "Menghitung..."
    assert screen.show_button.isEnabled() and not screen.progress.isVisible()
    monkeypatch.undo()
    show(qtbot, screen, dt.date(2019, 1, 9))
    assert screen.report is not None


def test_a_report_refused_by_a_busy_database_is_a_message_and_the_screen_stays_usable(
        qtbot, demo, monkeypatch):
    from counter_app.db import BUSY_MESSAGE, DatabaseError
    from counter_app.ui import report_screen

    def busy(*args):
        raise DatabaseError(BUSY_MESSAGE)

    monkeypatch.setattr(report_screen, "compute_report", busy)
    screen = screen_for(qtbot, demo, "kasi")
    show(qtbot, screen, dt.date(2019, 1, 10))
    assert screen.status.is_error and screen.status.text() == BUSY_MESSAGE
    assert screen.show_button.isEnabled() and not screen.progress.isVisible()
    assert not screen.cancel.isVisible() and not screen.print_button.isEnabled()
    monkeypatch.undo()
    show(qtbot, screen, dt.date(2019, 1, 10))
    assert screen.report is not None and screen.print_button.isEnabled()


def test_supervisor_closes_the_day_from_the_screen(qtbot, open_demo, monkeypatch):
    screen = screen_for(qtbot, open_demo, "kasi")
    asked = []
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: asked.append(text) or True)
    told = []
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: told.append(text))
    screen.start.setDate(QDate(LAST.year, LAST.month, LAST.day))
    screen.close_day_button.click()
    qtbot.waitUntil(lambda: not screen.computing and screen.report is not None,
                    timeout=20000)
    assert "tiket masih menunggu" in asked[0]
    assert closure_info(open_demo, LAST) is not None
    assert "arsip" in screen.status.text()
    # The supervisor is shown the deep audit check run at closing.
    assert "isi basis data cocok dengan log audit" in told[0]


def test_day_close_shows_data_changed_without_the_log(qtbot, open_demo, monkeypatch):
    from sqlalchemy import update

    from counter_app.models import User

    with open_demo.transaction() as s:
        s.execute(update(User).where(User.username == "petugas1").values(role="supervisor"))
    screen = screen_for(qtbot, open_demo, "kasi")
    monkeypatch.setattr(dialogs, "ask", lambda *a: True)
    warned = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(title + text))
    screen.start.setDate(QDate(LAST.year, LAST.month, LAST.day))
    screen.report = None
    screen.close_day_button.click()
    qtbot.waitUntil(lambda: screen.report is not None, timeout=20000)
    operations.wait_all()
    assert warned and "Log audit tidak utuh" in warned[0]
    assert "Pengguna petugas1: menurut log audit berperan petugas loket, di basis data " \
           "berperan supervisor" in warned[0]


def test_a_failed_backup_after_the_close_is_a_warning_and_the_button_retries(
        qtbot, open_demo, monkeypatch, tmp_path):
    from counter_app.services.backup import backup_folder

    screen = screen_for(qtbot, open_demo, "kasi")
    assert screen.backup_button.isVisible()
    monkeypatch.setattr(dialogs, "ask", lambda parent, title, text: True)
    warned, informed = [], []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: informed.append(text))
    folder = backup_folder(open_demo.url)
    screen.start.setDate(QDate(LAST.year, LAST.month, LAST.day))
    with monkeypatch.context() as patch:
        if open_demo.is_sqlite:
            folder.rename(tmp_path / "backups-lama")
            folder.write_bytes(b"")  # the backup cannot be written there
        else:
            patch.setenv("PATH", str(tmp_path))  # no pg_dump on this PC
        screen.report = None
        screen.close_day_button.click()
        qtbot.waitUntil(lambda: screen.report is not None, timeout=20000)
        operations.wait_all()
    assert closure_info(open_demo, LAST) is not None  # the day is closed all the same
    assert warned and warned[0].startswith("Layanan ditutup; cadangan gagal: ")
    assert "Cadangan gagal" in screen.status.text()
    if open_demo.is_sqlite:
        folder.unlink()
    screen.backup_button.click()
    operations.wait_all()
    qtbot.waitUntil(lambda: screen.status.text().startswith("Cadangan dibuat dan diperiksa: "),
                    timeout=20000)


def test_an_operator_does_not_open_reports(qtbot, db):
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    from counter_app.ui.main_window import MainWindow

    window = MainWindow(db, clerk, office)
    qtbot.addWidget(window)
    assert not window.open_area("laporan")
    assert queue.queue_status(db).services  # the database is fine


def test_supervisor_reopens_a_closed_day_from_the_screen(qtbot, demo, monkeypatch, tmp_path):
    day = dt.date(2019, 1, 9)
    archived = archived_report(demo, None, day)[0]
    screen = screen_for(qtbot, demo, "kasi")
    screen.resize(1366, 768)
    show(qtbot, screen, day)
    assert screen.reopen_button.isVisible()
    answers = iter([None, "abc d", "blanko rusak belum dicatat"])
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: next(answers))
    screen.reopen_button.click()  # cancelled: nothing changes
    assert closure_info(demo, day) is not None
    screen.reopen_button.click()  # too short a reason: refused, nothing changes
    assert "minimal 5 huruf" in screen.status.text()
    assert closure_info(demo, day) is not None
    screen.reopen_button.click()
    operations.wait_all()
    qtbot.waitUntil(lambda: "dibuka kembali" in screen.status.text(), timeout=20000)
    assert closure_info(demo, day) is None
    assert "blanko rusak belum dicatat" in screen.status.text()
    assert screen.pdf != archived  # a fresh report of the open day, not the archive
    screen.grab().save(str(tmp_path / "laporan-dibuka-kembali.png"))


def test_only_a_supervisor_sees_the_reopen_button(qtbot, demo):
    for username in ("camat", "admin"):
        screen = screen_for(qtbot, demo, username)
        assert not screen.reopen_button.isVisible()


def test_the_camat_lands_on_the_last_closed_days_report(qtbot, demo):
    """Issue 13: after login the camat sees a report, not an empty area."""
    from counter_app.services.office import get_office
    from counter_app.ui.main_window import MainWindow

    closed = [d for d in (LAST, LAST - dt.timedelta(days=1)) if closure_info(demo, d)]
    assert closed  # the demo closed its past days; today (the real clock) is empty
    shown = closed[0]
    camat = authenticate(demo, "camat", "demo1234")
    window = MainWindow(demo, camat, get_office(demo))
    qtbot.addWidget(window)
    window.show()
    assert window.current_area() == "laporan"
    screen = window.stack.currentWidget()
    qtbot.waitUntil(lambda: screen.report is not None and not screen.computing, timeout=20000)
    assert screen.period() == (shown, shown)
    assert screen.pdf == archived_report(demo, camat, shown)[0]  # the signed archive itself
    figures = screen.figures.toPlainText()
    assert "dicetak di kecamatan" in figures and "dicetak di Disdukcapil" in figures
    assert "LOCAL" not in figures and "FORWARD" not in figures
    assert screen.status.text().startswith(
        "Hari ini belum ada layanan; ditampilkan laporan Kamis, 10 Januari 2019 "
        "(sudah ditutup).")


def test_the_camat_sees_the_latest_day_even_when_it_is_not_closed(qtbot, db):
    """Issue 13 review: an unclosed last day is shown (SEMENTARA), and the screen says so."""
    fill_demo(db, LAST, days=2, seed=5, arrivals=(3, 5), today=LAST)  # LAST left open
    screen = screen_for(qtbot, db, "camat")
    qtbot.waitUntil(lambda: screen.report is not None and not screen.computing, timeout=20000)
    assert screen.period() == (LAST, LAST)
    assert screen.status.text().startswith(
        "Hari ini belum ada layanan; ditampilkan laporan Kamis, 10 Januari 2019 "
        "(belum ditutup).")
    text = " ".join(PdfReader(io.BytesIO(screen.pdf)).pages[0].extract_text().split())
    assert "SEMENTARA" in text


def test_the_camat_sees_today_when_today_has_service(qtbot, demo):
    from counter_app.domain.clock import office_day, utc_now

    queue.issue_ticket(demo, "A")  # today (the real clock): a day with service
    screen = screen_for(qtbot, demo, "camat")
    qtbot.waitUntil(lambda: screen.report is not None and not screen.computing, timeout=20000)
    today = office_day(utc_now())
    assert screen.period() == (today, today)
    text = " ".join(PdfReader(io.BytesIO(screen.pdf)).pages[0].extract_text().split())
    assert "SEMENTARA" in text  # not closed yet


def test_the_supervisor_sees_the_archives_digest(qtbot, demo):
    screen = screen_for(qtbot, demo, "kasi")
    show(qtbot, screen, dt.date(2019, 1, 9))
    digest = archived_report(demo, None, dt.date(2019, 1, 9))[1]
    assert f"SHA-256 {digest[:16]}..." in screen.status.text()


def test_the_figures_at_1366x768_wrap_names_between_words_and_unused_services_read_dash(
        qtbot, demo):
    """Issue 13 review: "Perekama n KTP-el" and "0 mnt 00 dtk" for a service nobody used."""
    from openpyxl import load_workbook

    from counter_app.printing.report_xlsx import report_xlsx

    screen = screen_for(qtbot, demo, "camat")
    screen.resize(1366, 768)
    show(qtbot, screen, LAST)
    report = screen.report
    unused = [s for s in report.queue.by_service if s.issued == 0]
    used = [s for s in report.queue.by_service if s.served]
    assert unused and used  # the demo has both
    document = screen.figures.document()
    document.setTextWidth(screen.figures.viewport().width())
    block = document.begin()
    names = {f"{s.prefix} {s.name}" for s in report.queue.by_service}
    checked = 0
    while block.isValid():
        text, layout = block.text(), block.layout()
        if text in names:
            checked += 1
            for n in range(layout.lineCount() - 1):  # every line break is between words
                line = layout.lineAt(n)
                end = line.textStart() + line.textLength()
                assert text[end - 1] == " " or text[end] == " ", (text, end)
        if "mnt" in text:  # a waiting time stays on one line
            assert layout.lineCount() == 1, text
        block = block.next()
    assert checked == len(names)
    plain = screen.figures.toPlainText()
    assert "0 mnt 00 dtk" not in plain
    pdf = " ".join(PdfReader(io.BytesIO(screen.pdf)).pages[0].extract_text().split())
    assert "0 mnt 00 dtk" not in pdf
    assert f"{unused[0].name} 0 0 0 0 - - -" in pdf.replace(f"{unused[0].prefix} ", "")
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    rows = {row[1]: row for row in book["Antrean"].iter_rows(min_row=2, values_only=True)}
    assert rows[unused[0].name][6:9] == (None, None, None)
    assert rows[used[0].name][6] is not None
