"""Issue 13, keys and focus: the counter's function keys work wherever focus is."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app import local_config
from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.ui.app import GuiSession
from tests.helpers import PASSWORD, make_office, make_user


def _login(qtbot, db, username="admin"):
    session = GuiSession(db.url)
    qtbot.addWidget(session.login)
    with qtbot.waitSignal(session.login.database_ready):
        session.start()
    qtbot.keyClicks(session.login.username, username)
    qtbot.keyClicks(session.login.password, PASSWORD)
    qtbot.keyClick(session.login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    window = session.window
    qtbot.addWidget(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return session, window


def test_f2_calls_right_after_login_and_after_a_click_in_the_area_list(qtbot, db):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "A")
    _session, window = _login(qtbot, db, "petugas")
    assert window.current_area() == "antrean"
    focus = QApplication.focusWidget()
    assert focus is not None and focus.objectName() != "changePassword"
    screen = window.stack.currentWidget()
    qtbot.keyClick(focus, Qt.Key.Key_F2)
    assert screen.number.text() == "A-001"
    # A click in the area list puts the focus there; F5 and F6 still reach the counter.
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F5)
    assert "Sedang dilayani" in screen.detail.text()
    qtbot.keyClick(window.nav, Qt.Key.Key_F6)
    assert "A-001 selesai dilayani" in screen.message.text()
    qtbot.keyClick(window.nav, Qt.Key.Key_F2)
    assert screen.number.text() == "A-002"


def test_area_keys_belong_to_the_area_on_screen(qtbot, db):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    queue.issue_ticket(db, "A")
    _session, window = _login(qtbot, db, "petugas")
    counter = window.stack.currentWidget()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    assert "Sedang dilayani" in counter.detail.text()
    # In Pengambilan F6 is "Serahkan", not the counter's "Selesai".
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "pengambilan"
    pickup = window.stack.currentWidget()
    assert QApplication.focusWidget() is pickup.scan
    qtbot.keyClick(pickup.scan, Qt.Key.Key_F6)
    counter.refresh()
    assert "Sedang dilayani" in counter.detail.text()


def test_first_counter_is_saved_when_the_pc_never_chose_one(qtbot, db):
    office = make_office(db)
    local_config.save(local_config.with_counter(local_config.load(), None))
    from counter_app.ui.counter_screen import CounterScreen, this_pc_counter

    clerk = make_user(db, "petugas", Role.OPERATOR)
    screen = CounterScreen(db, clerk)
    qtbot.addWidget(screen)
    assert screen.counter_id == office.counters[0].id
    assert local_config.load().counter_number == office.counters[0].number
    assert this_pc_counter(db) == screen.counter_id


def _first_start(qtbot, db, monkeypatch, answer):
    from counter_app.ui import dialogs

    local_config.save(local_config.LocalConfig(
        ticket_printer=local_config.load().ticket_printer))  # a PC never set up
    asked = []
    monkeypatch.setattr(dialogs, "choose",
                        lambda _p, _t, _l, items: asked.append(items) or answer)
    session = GuiSession(db.url)
    qtbot.addWidget(session.login)
    session.start()  # the question comes once the database is open
    qtbot.waitUntil(lambda: bool(asked))
    return session, asked[0]


def test_first_start_asks_which_loket_and_remembers_it(qtbot, db, monkeypatch):
    make_office(db)
    session, items = _first_start(qtbot, db, monkeypatch, "Loket 2")
    assert items[:2] == ["Loket 1", "Loket 2"]
    assert {"Kios tiket antrean", "Layar ruang tunggu",
            "Komputer kantor (tanpa loket)"} <= set(items)
    config = local_config.load()
    assert (config.pc_role, config.counter_number) == ("loket", 2)
    assert session.login.isVisible() and session.public_window is None
    assert session.pc_role() == "loket"  # not asked again


def test_a_display_pc_opens_the_waiting_room_screen(qtbot, db, monkeypatch):
    from counter_app.ui.waiting_display import WaitingDisplay

    make_office(db)
    session, _items = _first_start(qtbot, db, monkeypatch, "Layar ruang tunggu")
    qtbot.waitUntil(lambda: session.public_window is not None)
    qtbot.addWidget(session.public_window)
    assert isinstance(session.public_window, WaitingDisplay)
    assert not session.login.isVisible()
    assert local_config.load().pc_role == "display"
    from counter_app.ui.counter_screen import this_pc_counter

    assert this_pc_counter(db) is None  # a display serves at no counter
