from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.services.office import get_office
from counter_app.services.users import authenticate
from counter_app.ui import dialogs, operations
from counter_app.ui.admin_settings import AdminSettings
from counter_app.ui.audit_screen import AuditScreen
from counter_app.ui.main_window import MainWindow
from tests.helpers import PASSWORD, make_office, make_user


def test_idle_screen_locks_and_the_same_user_unlocks_keeping_the_work(qtbot, db):
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    window = MainWindow(db, clerk, office)
    qtbot.addWidget(window)
    window.show()
    window.open_area("antrean")
    screen = window.stack.currentWidget()
    screen.message.setText("pekerjaan yang belum selesai")
    lock = window.idle_lock
    assert lock.timer.interval() == 10 * 60_000  # the default
    with qtbot.waitSignal(lock.locked):
        lock.timer.setInterval(50)
        lock.timer.start()
    assert lock.dialog is not None and lock.dialog.isVisible()
    lock.dialog.password.setText("salah-salah")
    lock.dialog.try_unlock()
    assert "salah" in lock.dialog.error.text() and lock.dialog.isVisible()
    lock.dialog.reject()  # Escape does not unlock
    assert lock.dialog.isVisible()
    lock.dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked):
        lock.dialog.try_unlock()
    assert lock.dialog is None
    assert screen.message.text() == "pekerjaan yang belum selesai"


def test_admin_adds_a_user_resets_a_password_and_sets_limits(qtbot, db, monkeypatch):
    make_office(db)
    admin = authenticate(db, "admin", PASSWORD)
    panel = AdminSettings(db, admin)
    qtbot.addWidget(panel)
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["petugas9", "Petugas Sembilan",
                                                         "operator", "sementara1"])
    panel.add_user()
    assert "petugas9 dibuat" in panel.message.text()
    assert authenticate(db, "petugas9", "sementara1").must_change_password
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["x", "X", "raja", "sementara1"])
    panel.add_user()
    assert "Peran harus" in panel.message.text()
    row = next(r for r in range(panel.users.rowCount())
               if panel.users.item(r, 0).text() == "admin")
    panel.users.selectRow(row)
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["sandi-baru-1"])
    panel.reset()
    assert authenticate(db, "admin", "sandi-baru-1").must_change_password
    panel.idle.setValue(3)
    panel.threshold.setValue(20)
    panel.overdue.setValue(7)
    panel.save_limits()
    assert panel.message.text() == "Batas disimpan."
    window = MainWindow(db, admin, get_office(db))  # a new window reads the new idle time
    qtbot.addWidget(window)
    assert window.idle_lock.timer.interval() == 3 * 60_000


def test_audit_screen_filters_and_checks_the_chain(qtbot, db):
    office = make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    queue.issue_ticket(db, "A")
    screen = AuditScreen(db, kasi)
    qtbot.addWidget(screen)
    kinds = {screen.table.item(r, 4).text() for r in range(screen.table.rowCount())}
    assert {"Tiket diambil", "Masuk", "Kantor disiapkan"} <= kinds
    assert not any("." in kind for kind in kinds)  # no internal codes on screen
    screen.kind.setCurrentIndex(screen.kind.findData("ticket"))
    screen.search()
    assert screen.table.rowCount() == 1 and screen.table.item(0, 5).text() == "A-001"
    screen.kind.setCurrentIndex(0)
    screen.user.setText("kasi")
    screen.search()
    assert all(screen.table.item(r, 2).text() == "kasi" for r in range(screen.table.rowCount()))
    screen.use_day.setChecked(True)
    screen.day.setDate(screen.day.date().addDays(-3))
    screen.user.clear()
    screen.search()
    assert screen.table.rowCount() == 0
    screen.verify()
    operations.wait_all()
    assert "Rantai audit utuh" in screen.message.text()
    from PySide6.QtWidgets import QPushButton
    from sqlalchemy import update

    from counter_app.models import Ticket

    with db.transaction() as s:
        s.execute(update(Ticket).values(status="done"))
    screen.findChild(QPushButton, "auditVerifyDeep").click()
    operations.wait_all()
    assert "Tiket A-001" in screen.message.text() and "selesai" in screen.message.text()
    clerk = make_user(db, "petugas", Role.OPERATOR)
    window = MainWindow(db, clerk, office)
    qtbot.addWidget(window)
    assert not window.open_area("audit")


def test_admin_sets_nip_and_position_and_the_office_days_off(qtbot, db, monkeypatch):
    """Issue 13: the admin's place for the closing officer's jabatan/NIP and days off."""
    import datetime as dt

    from counter_app.services import office_days

    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    admin = authenticate(db, "admin", PASSWORD)
    panel = AdminSettings(db, admin)
    qtbot.addWidget(panel)
    row = next(r for r in range(panel.users.rowCount())
               if panel.users.item(r, 0).text() == "kasi")
    panel.users.selectRow(row)
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["12345", "Kasi Pelayanan"])
    panel.edit_profile()
    assert "NIP terdiri dari 18 angka" in panel.message.text()
    monkeypatch.setattr(dialogs, "ask_form",
                        lambda *a: ["19800101 200501 1 002", "Kasi Pelayanan"])
    panel.edit_profile()
    assert panel.message.text() == "NIP dan jabatan kasi disimpan."
    row = next(r for r in range(panel.users.rowCount())
               if panel.users.item(r, 0).text() == "kasi")
    assert panel.users.item(row, 3).text() == "Kasi Pelayanan, NIP 198001012005011002"

    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["24-12-2099", "Rapat kerja"])
    panel.add_day_off()
    assert "Hari libur kantor dicatat: Kamis, 24 Desember 2099" in panel.message.text()
    assert "Tidak ada permohonan yang dijanjikan siap hari itu." in panel.message.text()
    assert panel.days_off.rowCount() == 1
    assert panel.days_off.item(0, 1).text() == "Rapat kerja"
    monkeypatch.setattr(dialogs, "ask_form", lambda *a: ["besok", "Rapat"])
    panel.add_day_off()
    assert "HH-BB-TTTT" in panel.message.text() and panel.days_off.rowCount() == 1
    panel.days_off.selectRow(0)
    panel.remove_day_off()
    assert panel.days_off.rowCount() == 0
    assert office_days.list_days_off(db, admin) == []
    assert dt.date(2099, 12, 24) not in office_days.office_days_off(
        db, dt.date(2099, 1, 1), dt.date(2099, 12, 31))
