"""Issue 13: the recording belongs to the ticket being served; a closed day warns first."""

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from counter_app import local_config
from counter_app.domain.clock import local, utc_now
from counter_app.domain.roles import Role
from counter_app.models import Application, DayClosure
from counter_app.services import queue
from counter_app.ui import dialogs
from counter_app.ui.recording.area import RecordingArea
from counter_app.ui.recording.wizard import RecordingWizard
from tests.helpers import make_office, make_user
from tests.ui.test_recording_wizard import (
    capture,
    choose_case,
    fill_data,
    finish,
    identify,
    tick_documents,
)


@pytest.fixture
def photo(tmp_path):
    from PySide6.QtGui import QColor, QImage

    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    path = tmp_path / "foto.png"
    image.save(str(path))
    return str(path)


def walk_baru(qtbot, monkeypatch, photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    opened = []

    def walk(wizard):
        opened.append(wizard)
        wizard.show()
        identify(qtbot, wizard)
        choose_case(wizard, "BARU")
        tick_documents(wizard)
        fill_data(wizard)
        capture(wizard)
        finish(wizard)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecordingWizard, "exec", walk)
    return opened


def test_link_holds_when_the_pc_never_changed_its_counter(qtbot, db, monkeypatch, photo):
    """The counter screen showed Loket 1 without it being saved: the link still holds."""
    from counter_app.ui.main_window import MainWindow

    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    local_config.save(local_config.with_counter(local_config.load(), None))
    ticket = queue.issue_ticket(db, "A")
    window = MainWindow(db, clerk, office)
    qtbot.addWidget(window)
    window.show()
    counter = window.stack.currentWidget()
    counter.call_next()
    opened = walk_baru(qtbot, monkeypatch, photo)
    counter.record.click()  # Ctrl+N's button: serving starts, the recording opens
    assert opened and opened[0].state.ticket_number == "A-001"
    assert "Sedang dilayani" in counter.detail.text()
    assert window.current_area() == "antrean"  # back at the counter for F6
    assert "Tersimpan: 167104-" in counter.message.text()
    with db.read_session() as s:
        assert s.execute(select(Application.ticket_id)).scalar_one() == ticket.id


def _close_today(db):
    from counter_app.models import User

    with db.transaction() as s:
        admin = s.execute(select(User).where(User.username == "admin")).scalar_one()
        s.add(DayClosure(day=local(utc_now()).date(), closed_at=utc_now(),
                         closed_by=admin.id, report_pdf=b"%PDF", report_sha256="0" * 64,
                         report_json="{}"))


def test_a_closed_day_warns_before_the_first_page(qtbot, db, monkeypatch):
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    _close_today(db)
    monkeypatch.setattr(RecordingWizard, "exec", lambda w: pytest.fail("wizard opened"))
    area = RecordingArea(db, clerk, office)
    qtbot.addWidget(area)
    area.start.click()
    text = area.message.text()
    assert "sudah ditutup" in text and "supervisor" in text


def test_a_supervisor_may_reopen_the_day_from_the_warning(qtbot, db, monkeypatch, photo):
    office = make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    _close_today(db)
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "Warga datang terlambat")
    opened = walk_baru(qtbot, monkeypatch, photo)
    area = RecordingArea(db, kasi, office)
    qtbot.addWidget(area)
    area.start.click()
    assert opened, area.message.text()
    with db.read_session() as s:
        assert s.get(DayClosure, local(utc_now()).date()) is None
        assert s.execute(select(Application.id)).scalar_one()
