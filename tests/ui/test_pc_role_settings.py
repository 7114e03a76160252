"""An admin changes what this PC is after its first start (issue 13)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from counter_app import local_config
from counter_app.ui.pc_role_settings import PcRolePanel
from tests.helpers import make_office


def test_the_pc_role_shows_this_counter_and_changes_to_the_display(qtbot, db):
    make_office(db)
    panel = PcRolePanel(db)
    qtbot.addWidget(panel)
    assert panel.choice.currentData() == "loket:1"  # this PC is Loket 1 already
    panel.choice.setCurrentIndex(panel.choice.findData("display"))
    qtbot.mouseClick(panel.findChild(QPushButton, "savePcRole"), Qt.MouseButton.LeftButton)
    assert local_config.load().pc_role == "display"
    assert "dibuka lagi" in panel.message.text()
    again = PcRolePanel(db)  # the next look shows what was saved
    qtbot.addWidget(again)
    assert again.choice.currentData() == "display"
    again.choice.setCurrentIndex(again.choice.findData("loket:2"))
    again.save()
    config = local_config.load()
    assert (config.pc_role, config.counter_number) == ("loket", 2)
