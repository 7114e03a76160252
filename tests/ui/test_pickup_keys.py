"""Issue 13, Pengambilan by keyboard: scan, check, F6, and the next scan is not lost."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.roles import Role
from counter_app.services import card_printing as cp
from counter_app.services.keys import load_signer
from counter_app.services.slip_printing import slip_printout
from counter_app.ui import pickup_screen
from counter_app.ui.pickup_screen import PickupScreen
from tests.helpers import make_office, make_user
from tests.ui.test_fulfilment_screens import save


@pytest.fixture
def ready_cards(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    cp.receive_blanko(db, kasi, 3, "Disdukcapil", "BA")
    apps = [save(db, clerk, n) for n in (1, 2, 3)]
    for app in apps:
        cp.record_printed(db, clerk, app.application_id, "BLK-T")
    return clerk, apps


def test_hand_over_by_keys_then_the_focus_is_back_on_the_scan(qtbot, db, ready_cards,
                                                              monkeypatch):
    monkeypatch.setattr(pickup_screen, "CLEAR_MS", 50)
    clerk, apps = ready_cards
    screen = PickupScreen(db, clerk)
    qtbot.addWidget(screen)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    assert QApplication.focusWidget() is screen.scan
    token = slip_printout(db, apps[0].application_id, load_signer(db)).token
    qtbot.keyClicks(screen.scan, token)
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)           # 1: the scanner's Enter
    assert QApplication.focusWidget() is screen.identity      # the check is next
    qtbot.keyClick(screen.identity, Qt.Key.Key_Space)         # 2: identity checked
    qtbot.keyClick(screen.identity, Qt.Key.Key_F6)            # 3: hand over
    assert "diserahkan kepada Pemohon b" in screen.message.text()
    assert QApplication.focusWidget() is screen.scan          # the next scan lands here
    qtbot.waitUntil(lambda: screen.message.text() == "")      # the message clears
    assert QApplication.focusWidget() is screen.scan


def test_ready_list_search_sort_and_whole_phone_numbers(qtbot, db, ready_cards):
    clerk, apps = ready_cards
    screen = PickupScreen(db, clerk)
    qtbot.addWidget(screen)
    screen.resize(1366 - 200, 600)  # the area beside the list of areas at 1366 px
    screen.show()
    table = screen.ready
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert len(visible) == 3
    qtbot.keyClicks(screen.ready_search, "pemohon c")
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert [table.item(r, 1).text() for r in visible] == ["Pemohon c"]
    screen.ready_search.clear()
    table.sortItems(1, Qt.SortOrder.DescendingOrder)
    assert [table.item(r, 1).text() for r in range(3)] == ["Pemohon d", "Pemohon c",
                                                          "Pemohon b"]
    # Double-click opens the row's own application, whatever the order.
    screen._open_ready(0, 0)
    assert "Pemohon d" in screen.details.text()
    phone = table.item(0, 3)
    needed = table.fontMetrics().horizontalAdvance(phone.text())
    assert table.columnWidth(3) >= needed
