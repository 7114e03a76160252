import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt

from counter_app import local_config
from counter_app.domain.queue import AnnouncementMode, TicketStatus
from counter_app.domain.roles import Role
from counter_app.printing.paper import Output, Paper, PrinterSettings, Transport
from counter_app.services import queue
from counter_app.services.settings import DisplaySettings, set_display_settings
from counter_app.services.users import authenticate
from counter_app.ui import dialogs, operations
from counter_app.ui.announcer import Announcer, build_announcement, wav_duration_ms
from counter_app.ui.counter_screen import CounterScreen
from counter_app.ui.kiosk import KioskWindow
from counter_app.ui.waiting_display import WaitingDisplay
from tests.helpers import PASSWORD, make_office, make_user


@pytest.fixture
def office(db):
    return make_office(db, counters=3)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def screen(qtbot, db, clerk):
    widget = CounterScreen(db, clerk)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def press(qtbot, widget, key):
    qtbot.keyClick(widget, key)
    operations.wait_all()  # printing runs in the printer's queue


def test_counter_screen_call_recall_no_show_restore_finish(qtbot, db, screen):
    for _ in range(2):
        queue.issue_ticket(db, "A")
    screen.refresh()
    assert screen.waiting.rowCount() == 2
    press(qtbot, screen, Qt.Key.Key_F2)
    assert screen.number.text() == "A-001"
    assert "Memanggil A-001 ke Loket 1" in screen.message.text()
    press(qtbot, screen, Qt.Key.Key_F3)
    assert "ke-2" in screen.message.text()
    press(qtbot, screen, Qt.Key.Key_F4)
    assert screen.number.text() == "" and screen.no_shows.rowCount() == 1
    screen.no_shows.selectRow(0)
    press(qtbot, screen, Qt.Key.Key_F10)
    assert "A-001 kembali ke antrean" in screen.message.text()
    assert screen.waiting.rowCount() == 2
    press(qtbot, screen, Qt.Key.Key_F2)
    press(qtbot, screen, Qt.Key.Key_F5)
    assert "Sedang dilayani" in screen.detail.text()
    press(qtbot, screen, Qt.Key.Key_F6)
    assert "A-001 selesai dilayani" in screen.message.text()
    assert "dilayani 1" in screen.counts.text()


def test_errors_are_shown_not_raised(qtbot, screen):
    press(qtbot, screen, Qt.Key.Key_F4)
    assert screen.message.text() == "Tidak ada tiket yang sedang dipanggil di loket ini."
    press(qtbot, screen, Qt.Key.Key_F2)
    assert screen.message.text() == "Tidak ada antrean yang menunggu."


def test_call_specific_number_and_transfer(qtbot, db, screen, monkeypatch):
    for _ in range(3):
        queue.issue_ticket(db, "B")
    monkeypatch.setattr(dialogs, "ask_text", lambda *a, **k: "b3")
    press(qtbot, screen, Qt.Key.Key_F8)
    assert screen.number.text() == "B-003"
    monkeypatch.setattr(dialogs, "choose", lambda parent, title, label, items: next(
        i for i in items if i == "Loket 2"))
    press(qtbot, screen, Qt.Key.Key_F7)
    assert "B-003 dialihkan ke Loket 2; nomornya tetap" in screen.message.text()
    row_numbers = [screen.waiting.item(r, 0).text() for r in range(screen.waiting.rowCount())]
    assert "B-003" not in row_numbers  # now only Loket 2 may call it


def test_new_ticket_at_the_counter_prints_and_reprints(qtbot, db, screen, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "choose", lambda *a: "C - Pengambilan KTP-el")
    screen.priority.setChecked(True)
    press(qtbot, screen, Qt.Key.Key_F9)
    assert "Tiket C-001 disimpan sebagai PDF (printer belum diatur)" in screen.message.text()
    assert (tmp_path / "cetakan" / "tiket-C-001.pdf").exists()
    assert not screen.priority.isChecked()
    press(qtbot, screen, Qt.Key.Key_F11)
    assert "disimpan ulang sebagai PDF" in screen.message.text()
    assert queue.get_ticket(db, screen.last_ticket_id).priority


def test_printer_failure_keeps_the_ticket_and_offers_reprint(qtbot, db, screen, monkeypatch,
                                                             tmp_path):
    local_config.save(local_config.LocalConfig(1, PrinterSettings(
        Output.ESCPOS, Paper.THERMAL_58, True, Transport.FILE,
        str(tmp_path / "tidak-ada" / "lp0"))))
    monkeypatch.setattr(dialogs, "choose", lambda *a: "A - Perekaman KTP-el")
    press(qtbot, screen, Qt.Key.Key_F9)
    assert "Tiket A-001 tersimpan, tetapi gagal dicetak" in screen.message.text()
    assert "F11" in screen.message.text()
    assert queue.queue_status(db).services[0].waiting == 1  # the ticket is in the queue
    (tmp_path / "tidak-ada").mkdir()
    press(qtbot, screen, Qt.Key.Key_F11)
    assert "Tiket A-001 dicetak (printer thermal" in screen.message.text()
    assert (tmp_path / "tidak-ada" / "lp0").read_bytes().count(b"A-001") == 1


def test_current_ticket_survives_restart(qtbot, db, clerk, screen):
    queue.issue_ticket(db, "A")
    press(qtbot, screen, Qt.Key.Key_F2)
    screen.close()
    again = CounterScreen(db, clerk)
    qtbot.addWidget(again)
    assert again.number.text() == "A-001"


def test_counter_choice_is_remembered_for_this_pc(qtbot, db, clerk, screen):
    screen.counter.setCurrentIndex(2)
    assert local_config.load().counter_number == 3
    again = CounterScreen(db, clerk)
    qtbot.addWidget(again)
    assert again.counter.currentText() == "Loket 3"


def test_kiosk_issues_priority_and_normal_tickets(qtbot, db, office, tmp_path):
    kiosk = KioskWindow(db)
    qtbot.addWidget(kiosk)
    kiosk.show()
    qtbot.mouseClick(kiosk.buttons["A"], Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert "A-001" in kiosk.message.text()
    kiosk.priority.click()
    qtbot.mouseClick(kiosk.buttons["A"], Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert "A-002" in kiosk.message.text()
    assert "tidak ada antrean di depan Anda" in kiosk.message.text()  # priority goes first
    assert not kiosk.priority.isChecked()
    assert queue.get_ticket(db, kiosk.last_ticket.id).priority
    assert sorted(p.name for p in (tmp_path / "cetakan").iterdir()) == [
        "tiket-A-001.pdf", "tiket-A-002.pdf"]


def test_kiosk_printer_failure(qtbot, db, office, tmp_path):
    local_config.save(local_config.LocalConfig(1, PrinterSettings(
        Output.ESCPOS, Paper.THERMAL_80, True, Transport.NETWORK, "127.0.0.1:1")))
    kiosk = KioskWindow(db)
    qtbot.addWidget(kiosk)
    kiosk.show()
    qtbot.mouseClick(kiosk.buttons["B"], Qt.MouseButton.LeftButton)
    operations.wait_all()
    assert "B-001" in kiosk.message.text() and "sudah tercatat" in kiosk.message.text()
    assert kiosk.reprint.isVisible()
    assert queue.queue_status(db).services[1].waiting == 1


class RecordingSink:
    def __init__(self):
        self.played = []

    def play(self, path):
        self.played.append(path.read_bytes())


def test_announcer_queues_without_cutting_off(qtbot, monkeypatch):
    from counter_app.ui import announcer as announcer_module

    # Each announcement "lasts" 300 ms here; the order is what is checked.
    monkeypatch.setattr(announcer_module, "wav_duration_ms", lambda data: 300)
    sink = RecordingSink()
    announcer = Announcer(sink, AnnouncementMode.FULL)
    started = []
    announcer.started.connect(lambda number, counter: started.append((number, counter)))
    announcer.announce("A-012", "A", 12, 2)
    announcer.announce("B-003", "B", 3, 1)
    assert started == [("A-012", 2)] and announcer.pending == 1  # the second one waits
    first = build_announcement("A", 12, 2, AnnouncementMode.FULL)
    assert sink.played == [first]
    qtbot.wait(100)
    assert started == [("A-012", 2)]  # still speaking the first one
    with qtbot.waitSignal(announcer.idle, timeout=5000):
        pass
    assert started == [("A-012", 2), ("B-003", 1)]
    assert sink.played[1] == build_announcement("B", 3, 1, AnnouncementMode.FULL)


def test_announcement_modes():
    full = build_announcement("A", 12, 2, AnnouncementMode.FULL)
    chime = build_announcement("A", 12, 2, AnnouncementMode.CHIME)
    assert wav_duration_ms(full) > wav_duration_ms(chime) + 2000
    assert full.startswith(chime[:44][:4])  # both are WAV
    assert build_announcement("A", 12, 2, AnnouncementMode.SILENT) is None
    assert build_announcement("A", 12, 2, AnnouncementMode.FULL) != build_announcement(
        "A", 13, 2, AnnouncementMode.FULL)


def test_display_shows_calls_from_another_process_within_a_second(qtbot, db, office, clerk):
    admin = authenticate(db, "admin", PASSWORD)
    set_display_settings(db, admin, DisplaySettings("Selamat datang di Ilir Barat Satu",
                                                    AnnouncementMode.CHIME))
    queue.issue_ticket(db, "A")
    sink = RecordingSink()
    display = WaitingDisplay(db, sink)
    qtbot.addWidget(display)
    display.show()
    assert display.counter_numbers[2].text() == "-"
    assert "Selamat datang di Ilir Barat Satu" in display.marquee.text()
    code = (
        "import sys\n"
        "from counter_app.db import open_database\n"
        "from counter_app.services import queue\n"
        "from counter_app.services.users import authenticate\n"
        "db = open_database(sys.argv[1])\n"
        "actor = authenticate(db, 'petugas', sys.argv[2])\n"
        "counter = [c for c in queue.counters(db) if c[1] == 2][0][0]\n"
        "print(queue.call_next(db, actor, counter).number)\n"
    )
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", code, db.url, PASSWORD], env=env,
                            capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "A-001"
    called_at = time.monotonic()
    qtbot.waitUntil(lambda: display.counter_numbers[2].text() == "A-001", timeout=1000)
    assert time.monotonic() - called_at < 1.0
    assert "A-001" in display.recent_text() and display.flash.isVisible()
    assert len(sink.played) == 1  # the chime, once


def test_display_ignores_old_calls_at_start(qtbot, db, office, clerk):
    queue.issue_ticket(db, "A")
    counter = office.counters[0].id
    queue.call_next(db, clerk, counter)
    sink = RecordingSink()
    display = WaitingDisplay(db, sink)
    qtbot.addWidget(display)
    display.poll()
    operations.wait_all()
    assert display.counter_numbers[1].text() == "A-001"
    assert sink.played == []  # shown, not announced again
    queue.recall(db, clerk, counter)
    display.poll()
    operations.wait_all()
    assert len(sink.played) == 1
    assert queue.get_ticket(db, 1).status is TicketStatus.CALLED
