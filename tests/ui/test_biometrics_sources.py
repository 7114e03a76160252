"""Issue 20 in the wizard: the Dukcapil station in a real office, the simulator only in
the demo, a driver's weak read shown amber, and the admin's per-PC choice."""

import json

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from sqlalchemy import select

from counter_app.domain.recording import STATION_DEVICE, Modality
from counter_app.domain.roles import Role
from counter_app.models import Biometrics
from counter_app.services.biometric_devices import Capture
from counter_app.services.demo import create_demo_office
from counter_app.services.office import load_wilayah
from counter_app.services.users import authenticate
from counter_app.ui import dialogs
from counter_app.ui.capture_settings import STATION_CHOICE, CaptureDevicePanel
from counter_app.ui.recording.wizard import RecordingWizard
from tests.helpers import make_office, make_user
from tests.ui.test_recording_wizard import choose_case, fill_data, identify, tick_documents


@pytest.fixture
def photo(tmp_path):
    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    path = tmp_path / "wajah.png"
    image.save(str(path))
    return str(path)


def to_biometrics(qtbot, w):
    identify(qtbot, w)
    choose_case(w, "BARU")
    tick_documents(w)
    fill_data(w)
    assert w.currentId() == RecordingWizard.BIOMETRICS
    return w.biometrics_page


def test_station_mode_confirms_all_by_keyboard_with_an_exception(qtbot, db, monkeypatch,
                                                                  photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    monkeypatch.setattr(dialogs, "inform", lambda *a: None)
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(w)
    w.show()
    page = to_biometrics(qtbot, w)
    assert page.station and "stasiun perekaman Dukcapil" in page.subTitle()
    assert not page.notice.isVisible()  # nothing simulated here
    w.activateWindow()
    qtbot.waitUntil(page.capture_all.hasFocus)  # the one button most walk-ins need
    page.photo_file.click()
    status, exception, reason = page.rows[Modality.R5]
    exception.setChecked(True)
    reason.setCurrentText("Jari tidak ada (amputasi/bawaan lahir)")
    page.exception_photo_button.click()
    page.capture_all.setFocus()
    qtbot.keyClick(page.capture_all, Qt.Key.Key_Space)
    assert page.rows[Modality.R1][0].text() == "direkam di stasiun"
    qtbot.waitUntil(page.station_reference.hasFocus)  # the reference is asked for next
    qtbot.keyClicks(page.station_reference, "Stasiun 2, 10.05")
    page.signature.stroke([QPointF(20, 90), QPointF(80, 40)])
    w.next()
    assert w.currentId() == RecordingWizard.REVIEW
    w.save()
    with db.transaction() as s:
        row = s.execute(select(Biometrics)).scalar_one()
    stored = json.loads(row.modalities)
    assert row.device == STATION_DEVICE
    assert stored["R1"] == {"status": "station", "reference": "Stasiun 2, 10.05"}
    assert stored["R5"]["status"] == "exception"


def test_the_station_reference_is_required(qtbot, db, monkeypatch, photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(w)
    w.show()
    page = to_biometrics(qtbot, w)
    page.photo_file.click()
    page.capture_all.click()
    page.signature.stroke([QPointF(20, 90), QPointF(80, 40)])
    w.next()
    assert w.currentId() == RecordingWizard.BIOMETRICS
    assert "referensi perekaman di stasiun" in page.error.text()


def test_the_demo_office_shows_the_simulator_warning(qtbot, db):
    office = create_demo_office(db)
    clerk = authenticate(db, "petugas1", "demo1234")
    w = RecordingWizard(db, clerk, office, load_wilayah(db))
    qtbot.addWidget(w)
    page = w.biometrics_page
    assert not page.station
    assert page.notice.text() == "Perangkat simulasi — hanya untuk kantor contoh."


class WeakScanner:
    name = "Pemindai Uji"

    def capture(self, modality):
        return Capture(modality, 30 if modality is Modality.L5 else 80, b"x")


def test_a_read_below_the_threshold_is_amber_not_green(qtbot, db, monkeypatch, photo):
    monkeypatch.setattr(dialogs, "open_file", lambda *a: photo)
    office = make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    w = RecordingWizard(db, clerk, office, load_wilayah(db), device=WeakScanner())
    qtbot.addWidget(w)
    w.show()
    page = to_biometrics(qtbot, w)
    page.capture_all.click()
    weak, good = page.rows[Modality.L5][0], page.rows[Modality.R1][0]
    assert "di bawah 40" in weak.text() and "8a5a00" in weak.styleSheet()
    assert good.text() == "terekam (mutu 80)" and "8a5a00" not in good.styleSheet()


def test_pengaturan_never_offers_the_simulator_and_saves_per_pc(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_PC_CONFIG", str(tmp_path / "pc.json"))
    panel = CaptureDevicePanel(demo_office=False)
    qtbot.addWidget(panel)
    items = [panel.choice.itemText(i) for i in range(panel.choice.count())]
    assert items[0] == STATION_CHOICE
    assert not any("simulasi" in item.lower() for item in items)
    panel.save()
    assert json.loads((tmp_path / "pc.json").read_text("utf-8"))["capture_driver"] == ""
