from counter_app.domain.queue import AnnouncementMode, PriorityMode
from counter_app.domain.roles import Role
from counter_app.services import queue
from counter_app.services.settings import get_display_settings, get_priority_policy
from counter_app.services.users import authenticate
from counter_app.ui.main_window import MainWindow
from counter_app.ui.queue_settings import QueueSettings
from tests.helpers import PASSWORD, make_office, make_user


def test_admin_configures_services_policy_and_display(qtbot, db):
    make_office(db, counters=3)
    admin = authenticate(db, "admin", PASSWORD)
    panel = QueueSettings(db, admin)
    qtbot.addWidget(panel)
    panel.service.setCurrentIndex(panel.service.findData("C"))
    assert panel.name.text() == "Pengambilan KTP-el" and not panel.prefix.isEnabled()
    for number, check in panel.counter_checks.items():
        check.setChecked(number == 3)
    panel.save_service()
    assert "disimpan" in panel.message.text()
    assert next(s for s in queue.list_services(db) if s.prefix == "C").counter_numbers == (3,)
    panel.service.setCurrentIndex(panel.service.findData(None))
    panel.prefix.setText("E")
    panel.name.setText("Konsultasi Kartu Identitas Anak")
    panel.counter_checks[2].setChecked(True)
    panel.save_service()
    assert any(s.prefix == "E" for s in queue.list_services(db))
    panel.service.setCurrentIndex(panel.service.findData(None))
    panel.prefix.setText("9")
    panel.name.setText("Salah")
    panel.save_service()
    assert "Kode layanan 1-3 huruf" in panel.message.text()
    panel.mode.setCurrentIndex(panel.mode.findData("interleave"))
    panel.every.setValue(5)
    panel.save_policy()
    assert get_priority_policy(db).every == 5
    assert get_priority_policy(db).mode is PriorityMode.INTERLEAVE
    panel.running_text.setText("Jam istirahat 12.00-13.00")
    panel.announcement.setCurrentIndex(panel.announcement.findData("chime"))
    panel.save_display()
    display = get_display_settings(db)
    assert display.running_text == "Jam istirahat 12.00-13.00"
    assert display.announcement is AnnouncementMode.CHIME


def test_only_admins_see_the_queue_settings(qtbot, db):
    office = make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    window = MainWindow(db, kasi, office)
    qtbot.addWidget(window)
    window.open_area("pengaturan")
    assert window.stack.currentWidget().findChild(QueueSettings) is None
    admin = authenticate(db, "admin", PASSWORD)
    window = MainWindow(db, admin, office)
    qtbot.addWidget(window)
    window.open_area("pengaturan")
    assert window.stack.currentWidget().findChild(QueueSettings) is not None


def test_admin_sets_this_pcs_printers(qtbot, tmp_path):
    from counter_app import local_config
    from counter_app.printing.paper import Output, Paper, Transport
    from counter_app.ui.printer_settings import PrinterSettingsPanel

    panel = PrinterSettingsPanel()
    qtbot.addWidget(panel)
    ticket = panel.forms["ticket_printer"]
    ticket.output.setCurrentIndex(ticket.output.findData("escpos"))
    ticket.paper.setCurrentIndex(ticket.paper.findData("58mm"))
    ticket.cutter.setChecked(False)
    ticket.transport.setCurrentIndex(ticket.transport.findData("network"))
    ticket.target.setText("")
    panel.save()
    assert "alamat" in panel.message.text()  # ESC/POS needs a target: nothing saved
    assert local_config.load().ticket_printer.output is Output.PDF_FILE
    ticket.target.setText("127.0.0.1:9100")
    panel.save()
    saved = local_config.load().ticket_printer
    assert (saved.output, saved.paper, saved.cutter, saved.transport, saved.target) == (
        Output.ESCPOS, Paper.THERMAL_58, False, Transport.NETWORK, "127.0.0.1:9100")
    letter = panel.forms["letter_printer"]
    assert letter.output.findData("escpos") == -1  # A4 letters never go to a thermal roll
