"""The waiting-room display and the kiosk on the office's real screens (issue 13).

Each is rendered at 1366x768 (the common office monitor), 1920x1080 and 3840x2160 (a 4K
TV); no label or button may stick out of the window or have text wider than itself.
"""

import pytest
from PySide6.QtCore import QSize

from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.services.users import authenticate
from counter_app.ui import announcer as announcer_module
from counter_app.ui import operations
from counter_app.ui.kiosk import KioskWindow
from counter_app.ui.waiting_display import WaitingDisplay
from tests.helpers import PASSWORD, make_office, make_user
from tests.ui.screen_fit import clipped

SIZES = [QSize(1366, 768), QSize(1920, 1080), QSize(3840, 2160)]
LONG = " untuk pemohon yang datang langsung ke kantor kecamatan hari ini juga"


@pytest.fixture
def office(db):
    return make_office(db, counters=3)


def _long_names(db, length=80):
    admin = authenticate(db, "admin", PASSWORD)
    for service in queue.list_services(db):
        queue.save_service(db, admin, prefix=service.prefix, name=(service.name + LONG)[:length],
                           counter_numbers=service.counter_numbers)


def _shown(qtbot, widget, size):
    qtbot.addWidget(widget)
    widget.resize(size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_display_fits_with_long_service_names(qtbot, db, office, size):
    _long_names(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    for _ in range(3):
        queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "B")
    queue.call_next(db, clerk, office.counters[1].id)
    display = _shown(qtbot, WaitingDisplay(db, announcer_module_sink()), size)
    display.flash.set_full_text("A-001  \u2192  Loket 2")  # the banner of a fresh call
    display.flash.setVisible(True)
    assert display.size() == size  # the window did not grow past the screen
    assert clipped(display) == []
    assert display.counter_numbers[2].text() == "A-001"
    # The long names are elided on screen, whole in the tooltip.
    name = display.waiting_cells["A"][1]
    assert name.full_text() == ("Perekaman KTP-el" + LONG)[:80]
    assert name.text() != name.full_text() and name.toolTip() == name.full_text()
    # The number is read across the room: capitals at least 4 % of the screen's height.
    assert display.counter_numbers[2].fontMetrics().capHeight() >= 0.04 * size.height()


def test_display_follows_the_window_down_again(qtbot, db, office):
    display = _shown(qtbot, WaitingDisplay(db, announcer_module_sink()), QSize(3840, 2160))
    display.resize(QSize(1280, 720))
    qtbot.waitUntil(lambda: display.size() == QSize(1280, 720))
    assert clipped(display) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_kiosk_fits_five_services_and_the_number(qtbot, db, office, size):
    admin = authenticate(db, "admin", PASSWORD)
    services = queue.list_services(db)
    for service in services[5:]:  # five services, as in the issue
        queue.save_service(db, admin, prefix=service.prefix, name=service.name, active=False,
                           counter_numbers=service.counter_numbers)
    _long_names(db, length=45)
    kiosk = _shown(qtbot, KioskWindow(db), size)
    assert len(kiosk.buttons) == 5
    assert kiosk.size() == size
    assert clipped(kiosk) == []
    kiosk.take("A")
    operations.wait_all()
    qtbot.waitUntil(lambda: "A-001" in kiosk.message.text())
    assert clipped(kiosk) == []  # the number stays on the screen, not below it
    message = kiosk.message.mapTo(kiosk, kiosk.message.rect().bottomLeft())
    assert message.y() <= size.height()


def announcer_module_sink():
    class Silent:
        def play(self, path):
            pass

    return Silent()


class _Broken:
    def play(self, path):
        raise RuntimeError("ALSA: no such device")


def test_display_runs_silently_without_audio(qtbot, db, office, monkeypatch, caplog):
    """No QtMultimedia (or no sound card): calls show, one notice, nothing raised."""

    def no_multimedia(*_args, **_kwargs):
        raise announcer_module.AudioUnavailable("QtMultimedia tidak tersedia (uji)")

    monkeypatch.setattr(announcer_module, "QtSoundSink", no_multimedia)
    monkeypatch.setattr(announcer_module, "wav_duration_ms", lambda data: 50)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    display = _shown(qtbot, WaitingDisplay(db), QSize(1366, 768))  # the real sink path
    notices = []
    display.announcer.audio_unavailable.connect(notices.append)
    for counter in office.counters[:2]:
        queue.issue_ticket(db, "A")
        queue.call_next(db, clerk, counter.id)
        display.poll()
        operations.wait_all()
        qtbot.waitUntil(lambda c=counter: display.counter_numbers[c.number].text() != "-")
    qtbot.waitUntil(lambda: not display.announcer.playing and display.announcer.pending == 0)
    assert display.counter_numbers[1].text() == "A-001"
    assert display.counter_numbers[2].text() == "A-002"
    assert len(notices) == 1  # one notice, not one per call
    assert display.sound_notice.isVisible() and display.sound_notice.text() == "Tanpa suara"
    assert sum("tanpa suara" in r.getMessage() for r in caplog.records) == 1
    assert clipped(display) == []


def test_a_failing_sound_device_does_not_stop_the_queue(qtbot, monkeypatch):
    monkeypatch.setattr(announcer_module, "wav_duration_ms", lambda data: 50)
    announcer = announcer_module.Announcer(_Broken())
    started, notices = [], []
    announcer.started.connect(lambda number, _c: started.append(number))
    announcer.audio_unavailable.connect(notices.append)
    announcer.announce("A-001", "A", 1, 1)
    announcer.announce("A-002", "A", 2, 1)
    with qtbot.waitSignal(announcer.idle, timeout=3000):
        pass
    assert started == ["A-001", "A-002"]
    assert notices == ["ALSA: no such device"]


def test_a_missing_sound_clip_goes_silent_once(qtbot, monkeypatch):
    def broken(*_args):
        raise FileNotFoundError("chime.wav")

    monkeypatch.setattr(announcer_module, "build_announcement", broken)
    announcer = announcer_module.Announcer(announcer_module_sink())
    started, notices = [], []
    announcer.started.connect(lambda number, _c: started.append(number))
    announcer.audio_unavailable.connect(notices.append)
    announcer.announce("B-001", "B", 1, 2)
    announcer.announce("B-002", "B", 2, 2)
    with qtbot.waitSignal(announcer.idle, timeout=3000):
        pass
    assert started == ["B-001", "B-002"] and len(notices) == 1
