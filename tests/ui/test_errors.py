import sys

from PySide6.QtWidgets import QMessageBox

from counter_app.domain.errors import ValidationError
from counter_app.ui import dialogs
from counter_app.ui import errors as ui_errors


def test_a_bug_opens_the_crash_dialog_and_saves_a_report(qapp, monkeypatch, tmp_path):
    monkeypatch.setattr(ui_errors, "crash_log_dir", lambda: tmp_path)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    try:
        raise RuntimeError("bug di dalam slot")
    except RuntimeError:
        ui_errors._excepthook(*sys.exc_info())
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1 and "bug di dalam slot" in reports[0].read_text()
    assert "data yang sudah tersimpan tetap utuh" in shown[0]
    assert "Traceback" not in shown[0]  # the trace is in the details, not the message


def test_a_known_error_is_a_plain_message(qapp, monkeypatch):
    warned = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
    ui_errors._excepthook(ValidationError, ValidationError("NIK harus 16 digit."), None)
    assert warned == ["NIK harus 16 digit."]


def test_install_replaces_the_hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    ui_errors.install_excepthook()
    assert sys.excepthook is ui_errors._excepthook
