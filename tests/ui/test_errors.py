import logging
import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from counter_app import logs
from counter_app.domain.errors import ValidationError
from counter_app.ui import dialogs, operations
from counter_app.ui import errors as ui_errors
from counter_app.ui.messages import MessageLine

NIK = "1671045708990002"
KK = "1671040901190005"


@pytest.fixture
def folder(monkeypatch, tmp_path):
    monkeypatch.setattr(ui_errors, "crash_log_dir", lambda: tmp_path)
    return tmp_path


@pytest.fixture
def dialogs_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(ui_errors, "show_crash_dialog",
                        lambda parent, report, details: shown.append(details))
    return shown


def test_a_bug_opens_the_crash_dialog_and_saves_a_report(qapp, monkeypatch, folder):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    try:
        raise RuntimeError("bug di dalam slot")
    except RuntimeError:
        ui_errors._excepthook(*sys.exc_info())
    reports = list(folder.glob("crash-*.txt"))
    assert len(reports) == 1 and "bug di dalam slot" in reports[0].read_text()
    assert "data yang sudah tersimpan tetap utuh" in shown[0]
    assert "Traceback" not in shown[0]  # the trace is in the details, not the message


def test_the_crash_dialog_offers_to_open_the_log_folder(qapp, monkeypatch, folder):
    opened = []
    monkeypatch.setattr(ui_errors, "open_folder", opened.append)

    def click_open(box):
        box.findChildren(type(box.buttons()[0]))  # buttons exist
        button = next(b for b in box.buttons() if b.text() == "Buka folder log")
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_open)
    ui_errors._excepthook(RuntimeError, RuntimeError("x"), None)
    assert opened == [folder]


def test_a_known_error_is_a_plain_message(qapp, monkeypatch):
    warned = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
    ui_errors._excepthook(ValidationError, ValidationError("NIK harus 16 digit."), None)
    assert warned == ["NIK harus 16 digit."]


def test_install_routes_every_hook(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    monkeypatch.setattr(logs, "log_dir", lambda: tmp_path)
    monkeypatch.setattr(ui_errors, "log_dir", lambda: tmp_path)
    root = logging.getLogger()
    level = root.level
    try:
        ui_errors.install_excepthook()
        assert sys.excepthook is ui_errors._excepthook
        assert threading.excepthook is ui_errors._thread_excepthook
        assert (tmp_path / "counter-app.log").exists()
    finally:
        for handler in [h for h in root.handlers if getattr(h, "counter_app", False)]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def test_two_exceptions_while_the_dialog_is_open_give_one_dialog(qtbot, folder, monkeypatch):
    opened = []

    def modal(parent, report, details):
        opened.append(details)
        # While the dialog's own event loop runs, a timer slot fails twice more.
        ui_errors._excepthook(RuntimeError, RuntimeError("kedua"), None)
        ui_errors._excepthook(RuntimeError, RuntimeError("ketiga"), None)

    monkeypatch.setattr(ui_errors, "show_crash_dialog", modal)
    ui_errors._excepthook(RuntimeError, RuntimeError("pertama"), None)
    assert len(opened) == 1 and "pertama" in opened[0]
    assert len(list(folder.glob("crash-*.txt"))) == 3  # the others are still saved
    ui_errors._excepthook(RuntimeError, RuntimeError("sesudahnya"), None)
    assert len(opened) == 2  # closed: the next bug shows again


def test_an_exception_in_a_worker_thread_reaches_the_reporter(qtbot, folder, dialogs_shown,
                                                              monkeypatch):
    monkeypatch.setattr(ui_errors, "_thread_relay", ui_errors._ThreadRelay())
    monkeypatch.setattr(threading, "excepthook", ui_errors._thread_excepthook)

    def boom():
        raise RuntimeError("bug di thread lain")

    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(dialogs_shown) == 1)
    assert "bug di thread lain" in dialogs_shown[0]


def test_an_exception_inside_a_background_operation_reaches_the_crash_reporter(
        qtbot, folder, dialogs_shown):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    succeeded = []

    def work():
        raise KeyError("bug di dalam operasi")

    line.run(work, succeeded.append, busy="Menghitung...")
    assert line.text() == "Menghitung..."
    operations.wait_all()
    assert succeeded == [] and len(dialogs_shown) == 1
    assert "bug di dalam operasi" in dialogs_shown[0]
    assert line.text() == ""  # not stuck on "Menghitung..."


def test_a_counter_error_in_a_background_operation_goes_to_the_message_line(
        qtbot, dialogs_shown):
    line = MessageLine("msg")
    qtbot.addWidget(line)

    def work():
        raise ValidationError("Printer tidak siap.")

    line.run(work)
    operations.wait_all()
    assert line.text() == "Printer tidak siap." and line.is_error and dialogs_shown == []


def test_success_comes_back_on_the_gui_thread(qtbot):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    threads = []
    line.run(lambda: threading.current_thread(), threads.append)
    operations.wait_all()
    assert threads[0] is not threading.main_thread()
    seen = []
    line.run(lambda: 1, lambda _r: seen.append(threading.current_thread()))
    operations.wait_all()
    assert seen == [threading.main_thread()]


def test_a_closed_screen_gets_no_callback(qtbot):
    line = MessageLine("msg")
    called = []
    gate = threading.Event()
    line.run(lambda: gate.wait(5), called.append)
    line.deleteLater()
    QTimer.singleShot(0, gate.set)
    qtbot.wait(20)
    operations.wait_all()
    assert called == []


def test_no_full_nik_in_the_crash_report_or_the_log(qtbot, folder, dialogs_shown, tmp_path,
                                                      db):
    from sqlalchemy import text

    path = logs.configure_logging(tmp_path / "log")
    try:
        with pytest.raises(Exception) as caught, db.transaction() as s:
            # NOT NULL columns left out: an IntegrityError that carries the parameters.
            s.execute(text("INSERT INTO applicants (nik, kk) VALUES (:nik, :kk)"),
                      {"nik": NIK, "kk": KK})
        exc = caught.value
        logging.getLogger("counter_app.test").error("gagal untuk NIK %s", NIK,
                                                    exc_info=(type(exc), exc, None))
        ui_errors._excepthook(type(exc), exc, exc.__traceback__)
        try:
            raise RuntimeError(f"NIK {NIK} dan KK {KK} di pesan")
        except RuntimeError as bug:
            ui_errors._excepthook(RuntimeError, bug, bug.__traceback__)
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "counter_app", False)]:
            root.removeHandler(handler)
            handler.close()
    texts = [p.read_text() for p in folder.glob("crash-*.txt")] + [path.read_text()]
    texts += dialogs_shown
    assert len(texts) == 5
    for text_ in texts:
        assert NIK not in text_ and KK not in text_, text_
    assert "167104******0002" in path.read_text()
    assert "IntegrityError" in path.read_text() and "INSERT INTO applicants" in path.read_text()


def test_message_line_attempt(qtbot):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    assert line.attempt(lambda: "Tersimpan.") and line.text() == "Tersimpan."

    def fail():
        raise ValidationError("Alasan minimal 5 huruf.")

    assert not line.attempt(fail) and line.is_error
    assert isinstance(line, QLabel)


def test_message_line_call_returns_the_value_or_shows_the_error(qtbot):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    assert line.call(lambda: 42) == 42 and line.text() == ""

    def fail():
        raise ValidationError("NIK harus 16 angka.")

    assert line.call(fail) is None
    assert line.is_error and line.text() == "NIK harus 16 angka."
    with pytest.raises(RuntimeError):  # a bug is not a message: it reaches the reporter
        line.call(lambda: (_ for _ in ()).throw(RuntimeError("bug")))


def test_attempt_or_warn_shows_a_known_error_in_a_dialog(qapp, monkeypatch):
    warned = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append((title, text)))
    assert ui_errors.attempt_or_warn(None, "Judul", lambda: "ok") == "ok" and not warned

    def fail():
        raise ValidationError("Berkas basis data rusak.")

    assert ui_errors.attempt_or_warn(None, "Basis data", fail) is None
    assert warned == [("Basis data", "Berkas basis data rusak.")]


def test_timers_failing_inside_the_open_crash_dialog_give_no_second_dialog(
        qtbot, folder, monkeypatch):
    """The real case: the modal dialog runs its own event loop, and a periodic refresh
    keeps failing in it. Each failure is saved; only the first opens a dialog."""
    from PySide6.QtCore import QEventLoop

    opened = []
    fired = []

    def refresh():
        fired.append(1)
        raise RuntimeError(f"refresh gagal {len(fired)}")

    def modal(parent, report, details):
        opened.append(details)
        loop = QEventLoop()  # stands in for QMessageBox.exec()
        QTimer.singleShot(0, refresh)
        QTimer.singleShot(5, refresh)
        QTimer.singleShot(200, loop.quit)
        loop.exec()

    monkeypatch.setattr(ui_errors, "show_crash_dialog", modal)
    monkeypatch.setattr(sys, "excepthook", ui_errors._excepthook)
    QTimer.singleShot(0, refresh)
    qtbot.waitUntil(lambda: len(fired) == 3, timeout=5000)
    qtbot.wait(50)
    assert len(opened) == 1 and "refresh gagal 1" in opened[0]
    assert len(list(folder.glob("crash-*.txt"))) == 3
    assert not ui_errors.reporter().dialog_open
