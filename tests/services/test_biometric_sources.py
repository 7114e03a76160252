"""Issue 20: where fingers and irises come from in a real office, the demo, and a driver."""

import dataclasses
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, update

from counter_app import local_config
from counter_app.cli import main
from counter_app.domain.errors import ValidationError
from counter_app.domain.recording import SIMULATED_DEVICE, STATION_DEVICE, Modality
from counter_app.domain.roles import Role
from counter_app.models import Biometrics
from counter_app.printing.pickup_slip import slip_pdf
from counter_app.services import recording as rec
from counter_app.services.biometric_devices import (
    ENTRY_POINT_GROUP,
    CaptureMode,
    capture_setup,
    installed_drivers,
)
from counter_app.services.demo import create_demo_office
from counter_app.services.keys import load_signer
from counter_app.services.settings import is_demo_office
from counter_app.services.slip_printing import slip_printout
from counter_app.services.users import authenticate
from tests.helpers import as_user, card, make_office, make_user, recording

FIXTURE = Path(__file__).parent.parent / "fixtures" / "capture_driver"


def station_biometrics(reference="Stasiun 2, 09.41", **exceptions):
    modalities = {m.value: {"status": "station", "reference": reference} for m in Modality}
    for code, reason in exceptions.items():
        modalities[code] = {"status": "exception", "reason": reason}
    return rec.BiometricsInput(photo=b"\x89PNG foto", signature=b"\x89PNG ttd",
                               modalities=modalities, device=STATION_DEVICE,
                               exception_photo=b"\x89PNG luka" if exceptions else None)


def simulated_biometrics():
    return rec.BiometricsInput(
        photo=b"\x89PNG foto", signature=b"\x89PNG ttd", device=SIMULATED_DEVICE,
        modalities={m.value: {"status": "captured", "quality": 59} for m in Modality})


def test_a_real_office_defaults_to_the_station_and_never_to_the_simulator(db):
    make_office(db)
    assert not is_demo_office(db)
    setup = capture_setup(is_demo_office(db), local_config.load().capture_driver)
    assert setup.mode is CaptureMode.STATION and setup.device is None
    assert setup.device_name == STATION_DEVICE
    # A driver that is not installed falls back to the station, with a notice.
    missing = capture_setup(False, "tidak-ada")
    assert missing.mode is CaptureMode.STATION and "tidak terpasang" in missing.notice


def test_the_demo_office_uses_the_simulator_and_says_so(db):
    create_demo_office(db)
    setup = capture_setup(is_demo_office(db), "")
    assert setup.mode is CaptureMode.SIMULATED
    assert "hanya untuk kantor contoh" in setup.notice
    clerk = authenticate(db, "petugas1", "demo1234")
    saved = rec.save_recording(db, clerk, recording(biometrics=simulated_biometrics()))
    assert saved.slip_number


@pytest.mark.parametrize("device", [SIMULATED_DEVICE, "Perangkat simulasi ",
                                    "perangkat  SIMULASI", "Perangkat\u00a0simulasi", ""])
def test_simulated_captures_are_refused_in_a_real_office(db, device):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    forged = dataclasses.replace(simulated_biometrics(), device=device)
    with pytest.raises(ValidationError, match="Perangkat simulasi hanya untuk kantor contoh"):
        rec.save_recording(db, clerk, recording(biometrics=forged))
    assert rec.list_applications(db) == []


def test_station_mode_saves_references_and_exceptions_and_the_slip_says_so(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    bio = station_biometrics(L2="Jari terluka atau diperban")
    saved = rec.save_recording(db, clerk, recording(biometrics=bio))
    with db.transaction() as s:
        row = s.execute(select(Biometrics).where(
            Biometrics.application_id == saved.application_id)).scalar_one()
    assert row.device == STATION_DEVICE
    assert '"reference": "Stasiun 2, 09.41"' in row.modalities
    assert '"quality"' not in row.modalities  # no quality figures invented
    assert '"L2": {"status": "exception"' in row.modalities
    slip = slip_printout(db, saved.application_id, load_signer(db))
    assert slip.biometrics == "Direkam di stasiun Dukcapil"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(slip_pdf(slip))).pages[0].extract_text()
    assert "Direkam di stasiun Dukcapil" in text


def test_a_station_confirmation_needs_its_reference(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    with pytest.raises(ValidationError, match="referensi perekaman di stasiun"):
        rec.save_recording(db, clerk, recording(biometrics=station_biometrics(reference=" ")))
    # A forged mix: "captured" qualities under the station's name are refused too.
    forged = dataclasses.replace(station_biometrics(), modalities={
        m.value: {"status": "captured", "quality": 90} for m in Modality})
    with pytest.raises(ValidationError, match="Mode stasiun"):
        rec.save_recording(db, clerk, recording(biometrics=forged))


def test_applications_list_simulated_finds_what_must_be_recorded_again(db, capsys,
                                                                        monkeypatch):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    genuine = rec.save_recording(db, clerk, recording(biometrics=station_biometrics()))
    other = rec.save_recording(db, clerk, recording(
        "HILANG", biometrics=station_biometrics()))
    # What an office that used the simulator by mistake (before this change) holds:
    with db.transaction() as s:
        s.execute(update(Biometrics).where(Biometrics.application_id == other.application_id)
                  .values(device="perangkat simulasi "))
    code = main(as_user(monkeypatch, "petugas", "applications", "list", "--simulated",
                        "--json", "--db", db.url))
    listed = __import__("json").loads(capsys.readouterr().out)
    assert code == 0
    assert [a["slip_number"] for a in listed] == [other.slip_number] != [genuine.slip_number]


def build_driver_wheel(folder: Path) -> Path:
    """A wheel of the fixture driver package, as a vendor would publish it."""
    wheel = folder / "loket_pemindai_contoh-1.0-py3-none-any.whl"
    dist = "loket_pemindai_contoh-1.0.dist-info"
    source = (FIXTURE / "loket_pemindai_contoh.py").read_text("utf-8")
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("loket_pemindai_contoh.py", source)
        zf.writestr(f"{dist}/METADATA", "Metadata-Version: 2.1\nName: loket-pemindai-contoh\n"
                                         "Version: 1.0\n")
        zf.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\n"
                                      "Root-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{dist}/entry_points.txt",
                    f"[{ENTRY_POINT_GROUP}]\ncontoh = loket_pemindai_contoh:PemindaiContoh\n")
        zf.writestr(f"{dist}/RECORD", "")
    return wheel


@pytest.fixture
def installed_driver(tmp_path, monkeypatch):
    """The fixture driver installed by pip into a folder on sys.path."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(target), str(build_driver_wheel(tmp_path))],
                   check=True, timeout=120)
    monkeypatch.syspath_prepend(str(target))
    yield target
    sys.modules.pop("loket_pemindai_contoh", None)


@pytest.mark.slow
def test_a_driver_installed_as_a_package_is_found_and_used(db, installed_driver,
                                                           monkeypatch, tmp_path):
    assert installed_drivers()["contoh"].package == "loket-pemindai-contoh"
    monkeypatch.setenv("COUNTER_APP_PC_CONFIG", str(tmp_path / "pc.json"))
    local_config.save(local_config.with_capture_driver(local_config.load(), "contoh"))
    make_office(db)
    setup = capture_setup(is_demo_office(db), local_config.load().capture_driver)
    assert setup.mode is CaptureMode.DRIVER and setup.device_name == "Pemindai Contoh PC-100"
    assert setup.device is not None
    assert setup.device.capture(Modality.R1).quality == 77
    clerk = make_user(db, "petugas", Role.OPERATOR)
    modalities = {m.value: {"status": "captured",
                            "quality": setup.device.capture(m).quality}
                  for m in Modality if m is not Modality.IRIS_L}
    modalities["IRIS_L"] = {"status": "exception", "reason": "Mata tidak ada atau tertutup"}
    bio = rec.BiometricsInput(b"\x89PNG foto", b"\x89PNG ttd", modalities, b"\x89PNG x",
                              device=setup.device_name)
    saved = rec.save_recording(db, clerk, recording(biometrics=bio))
    with db.transaction() as s:
        device = s.execute(select(Biometrics.device).where(
            Biometrics.application_id == saved.application_id)).scalar_one()
    assert device == "Pemindai Contoh PC-100"


def test_the_daily_report_counts_recordings_made_on_the_station(db):
    from pypdf import PdfReader

    from counter_app.printing.daily_report import report_pdf
    from counter_app.services.day_close import letterhead
    from counter_app.services.reports import compute_report

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    saved = rec.save_recording(db, clerk, recording(biometrics=station_biometrics()))
    rudi = card(nama="Rudi", jenis_kelamin="L", tanggal_lahir=dt.date(1990, 1, 2))
    rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900003", card=rudi))
    day = rec.get_application(db, saved.application_id).day
    report = compute_report(db, kasi, day)
    assert (report.recordings.total, report.recordings.station) == (2, 1)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(report, letterhead(db)))).pages)
    assert "Biometrik direkam di stasiun Dukcapil" in text
