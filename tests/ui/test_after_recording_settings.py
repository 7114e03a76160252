"""Issue 11 settings in Pengaturan: the uncollected-card limits and the SUKET."""

from counter_app.domain.roles import Role
from counter_app.services import suket as sk
from counter_app.services import uncollected as un
from counter_app.services.users import authenticate
from counter_app.ui.admin_settings import AdminSettings
from counter_app.ui.print_and_forward import PrintQueueTab
from tests.helpers import PASSWORD, make_office, make_user

REASON = "Sesuai surat Dirjen Dukcapil, SUKET tidak diterbitkan lagi sejak Maret 2020"


def test_uncollected_limits_are_checked_and_stored(qtbot, db):
    make_office(db)
    panel = AdminSettings(db, authenticate(db, "admin", PASSWORD))
    qtbot.addWidget(panel)
    assert (panel.uncollected.value(), panel.archive.value()) == (30, 90)
    panel.uncollected.setValue(100)
    panel.archive.setValue(90)
    panel.save_pickup_limits()
    assert panel.message.text() == ("Batas arsip harus lebih lama dari batas tidak diambil "
                                    "(paling lama 3650 hari).")
    assert un.limits(db) == (30, 90)  # nothing stored
    panel.uncollected.setValue(400)
    panel.archive.setValue(900)
    panel.save_pickup_limits()
    assert panel.message.text() == "Batas KTP-el tidak diambil 1 sampai 365 hari."
    assert un.limits(db) == (30, 90)
    panel.uncollected.setValue(45)
    panel.archive.setValue(120)
    panel.save_pickup_limits()
    assert panel.message.text() == ("Batas disimpan: masuk daftar tidak diambil setelah 45 "
                                    "hari, dapat diarsipkan setelah 120 hari.")
    assert un.limits(db) == (45, 120)
    again = AdminSettings(db, authenticate(db, "admin", PASSWORD))
    qtbot.addWidget(again)
    assert (again.uncollected.value(), again.archive.value()) == (45, 120)


def test_suket_signer_and_switching_issuing_off_with_the_reason_shown(qtbot, db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    panel = AdminSettings(db, authenticate(db, "admin", PASSWORD))
    qtbot.addWidget(panel)
    assert panel.suket_issuing.isChecked() and not panel.suket_reason.isEnabled()
    assert panel.suket_state.text() == "SUKET diterbitkan."
    panel.suket_signer.setCurrentIndex(1)
    panel.suket_issuing.setChecked(False)
    assert panel.suket_reason.isEnabled()
    panel.suket_reason.setText("tidak")
    panel.save_suket()
    assert panel.message.text().startswith("Tulis alasan SUKET tidak diterbitkan (10-300 huruf)")
    assert sk.get_suket_settings(db) == sk.SuketSettings("", False)  # nothing stored
    panel.suket_reason.setText(REASON)
    panel.save_suket()
    assert panel.message.text() == f"SUKET tidak diterbitkan lagi: {REASON}"
    assert sk.get_suket_settings(db) == sk.SuketSettings(REASON, True)
    assert panel.suket_state.text() == f"SUKET tidak diterbitkan: {REASON}"
    assert panel.suket_signer.currentIndex() == 1
    # The print queue offers no SUKET and says why.
    queue = PrintQueueTab(db, clerk)
    qtbot.addWidget(queue)
    queue.show()
    assert not queue.suket.isEnabled()
    assert queue.suket_off.isVisible()
    assert queue.suket_off.text() == f"SUKET tidak diterbitkan: {REASON}"
    panel.suket_issuing.setChecked(True)
    panel.suket_signer.setCurrentIndex(0)
    panel.save_suket()
    assert panel.message.text() == "Pengaturan SUKET disimpan."
    assert sk.get_suket_settings(db) == sk.SuketSettings("", False)
    queue.refresh()
    assert queue.suket.isEnabled() and not queue.suket_off.isVisible()
