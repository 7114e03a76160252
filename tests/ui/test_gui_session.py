from PySide6.QtCore import Qt

from counter_app.services.office import get_office
from counter_app.ui import operations, setup_wizard
from counter_app.ui.app import GuiSession
from tests.helpers import PASSWORD, make_office


def test_start_login_main_window_and_logout(qtbot, db):
    make_office(db)
    session = GuiSession(db.url)
    qtbot.addWidget(session.login)
    # Typing and pressing Enter before the database is open still logs in.
    session.login.show()
    qtbot.keyClicks(session.login.username, "admin")
    qtbot.keyClicks(session.login.password, PASSWORD)
    qtbot.keyClick(session.login.password, Qt.Key.Key_Return)
    assert session.window is None
    with qtbot.waitSignal(session.login.database_ready):
        session.start()
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    assert "Ilir Barat Satu" in session.window.windowTitle()
    first_login = session.login
    session.window.findChild(object, "logoutButton").click()
    assert session.window is None
    assert session.login is not first_login and session.login.isVisible()
    qtbot.addWidget(session.login)


def test_first_start_runs_the_setup_wizard(qtbot, db_url, monkeypatch):
    def choose_demo(wizard):
        wizard.demo_days = 0  # the demo office alone; its activity is tested elsewhere
        wizard.welcome.demo.setChecked(True)
        wizard.start_demo()
        operations.wait_all()
        assert wizard.office is not None and wizard.demo_chosen
        return setup_wizard.SetupWizard.DialogCode.Accepted

    monkeypatch.setattr(setup_wizard.SetupWizard, "exec", choose_demo)
    session = GuiSession(db_url)
    qtbot.addWidget(session.login)
    with qtbot.waitSignal(session.login.database_ready):
        session.start()
    assert session.login.subtitle.text() == "Kecamatan Ilir Barat Satu, Kota Palembang"
    assert get_office(session.db).kecamatan_code == "16.71.04"
    session.db.dispose()
