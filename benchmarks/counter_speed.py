"""Counter speed: the clerk's key presses per flow, on the real windows (issue 13).

Logs in through the login window, then drives the main window with key events only
(QTest.keyClick, offscreen) for four flows and prints how many actions each took:

- BARU walk-in: F2 (call) to F6 (finish), the whole recording wizard in between;
- HILANG for a returning applicant (their data and KK are on file);
- pickup by a scanned slip (Pengambilan);
- print of a card already recorded (PRR, "Cetak sudah rekam", then "Tercetak").

An action is a key the clerk presses beyond typing the person's data: typing a field's
text counts 0 (a scanner's digits too); Tab, Enter, Space, arrows, F-keys and shortcuts
count 1 each. Two things are not keys and are counted as shown: choosing the photo file
counts 1 for the file dialog's Enter, and the signature is drawn by the applicant on
the pad (0 clerk actions). Biometrics are confirmed as done on the Dukcapil recording
station (a real office's default), with the station reference typed.

Goals: BARU <= 25, HILANG returning <= 20, pickup <= 4. The run fails only when a flow
breaks (a step did not happen), never on a figure.

    python benchmarks/counter_speed.py
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import datetime as dt  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

_TMP = tempfile.mkdtemp(prefix="counter-speed-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = os.path.join(_TMP, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_TMP, "config")
os.environ["COUNTER_APP_PC_CONFIG"] = os.path.join(_TMP, "pc.json")
os.environ["COUNTER_APP_KEY_FILE"] = os.path.join(_TMP, "kunci", "signing-key.pem")
os.environ.pop("COUNTER_APP_DB", None)

from PySide6.QtCore import QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from counter_app import local_config  # noqa: E402
from counter_app.db import Database, open_database  # noqa: E402
from counter_app.domain.cases import CaseType  # noqa: E402
from counter_app.domain.recording import STATION_DEVICE, CardData, Modality  # noqa: E402
from counter_app.domain.roles import Role  # noqa: E402
from counter_app.printing.paper import Output, PrinterSettings  # noqa: E402
from counter_app.services import card_printing as cp  # noqa: E402
from counter_app.services import pickup as pk  # noqa: E402
from counter_app.services import queue  # noqa: E402
from counter_app.services import recording as rec  # noqa: E402
from counter_app.services.keys import load_signer  # noqa: E402
from counter_app.services.office import initialize_office  # noqa: E402
from counter_app.services.slip_printing import slip_printout  # noqa: E402
from counter_app.services.users import add_user, authenticate  # noqa: E402
from counter_app.ui import dialogs, operations  # noqa: E402
from counter_app.ui.app import GuiSession, application  # noqa: E402

PASSWORD = "rahasia-123"
KK = "1671040901190005"
NIK_BARU = "1671045708990002"      # a woman born 17-08-1999, first KTP-el
NIK_HILANG = "1671040201900011"    # a man born 02-01-1990, card handed over before
NIK_PICKUP = "1671040201900012"
NIK_PRR = "1671040201900013"
GOALS = {"BARU": 25, "HILANG (pemohon lama)": 20, "Pengambilan": 4}

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


class FlowBroken(RuntimeError):
    """A step of a flow did not happen: the figure would mean nothing."""


def check(condition: object, what: str) -> None:
    """Stop the flow when ``condition`` is false."""
    if not condition:
        raise FlowBroken(what)


def settle(ms: int = 20) -> None:
    """Let the GUI handle what the last key started (background work included)."""
    operations.wait_all()
    QTest.qWait(ms)


class Keys:
    """The clerk's keyboard: every key press is counted, typing a field's text is not."""

    def __init__(self) -> None:
        self.count = 0
        self.log: list[str] = []

    def press(self, key: Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        """Press ``key`` ``times`` times where the focus is (1 action each)."""
        for _ in range(times):
            target = QApplication.focusWidget() or QApplication.activeWindow()
            check(target is not None, "no window has the focus")
            self.count += 1
            self.log.append(_key_name(key, modifier))
            QTest.keyClick(target, key, modifier)
            settle()

    def type(self, text: str) -> None:
        """Type the person's data into the focused field (0 actions)."""
        target = QApplication.focusWidget()
        check(target is not None, f"no field has the focus to type {text!r}")
        QTest.keyClicks(target, text)
        settle()

    def other(self, what: str) -> None:
        """An action that is not a key (the file dialog's Enter)."""
        self.count += 1
        self.log.append(what)


def _key_name(key: Key, modifier: Qt.KeyboardModifier) -> str:
    name = key.name.removeprefix("Key_").replace("Backtab", "Shift+Tab")
    return f"Ctrl+{name}" if modifier & CTRL else name


def focused() -> QWidget | None:
    """The widget with the keyboard focus."""
    return QApplication.focusWidget()


def setup() -> tuple[Database, Any]:
    """An office with two counters, a clerk and a supervisor, printers as PDF files."""
    out = str(Path(_TMP) / "cetakan")
    pdf = PrinterSettings(Output.PDF_FILE, target=out)
    local_config.save(local_config.LocalConfig(
        counter_number=1, pc_role="loket", ticket_printer=pdf, slip_printer=pdf,
        letter_printer=PrinterSettings(Output.PDF_FILE, target=out)))
    db = open_database(f"sqlite:///{Path(_TMP) / 'counter.db'}")
    office = initialize_office(
        db, kecamatan_code="16.71.04", admin_username="admin", admin_password=PASSWORD,
        admin_full_name="Admin", camat_name="Camat", camat_nip="197001011990031001",
        counters=2, opened_on=dt.date(2018, 1, 1))
    with db.transaction() as session:
        add_user(session, None, username="petugas", full_name="Petugas Loket",
                 role=Role.OPERATOR, password=PASSWORD)
        add_user(session, None, username="kasi", full_name="Kasi Pelayanan",
                 role=Role.SUPERVISOR, password=PASSWORD)
    return db, office


def photo_file() -> str:
    """A face photo on disk, as the clerk's file dialog would choose it."""
    image = QImage(300, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    path = str(Path(_TMP) / "foto.png")
    image.save(path)
    return path


def earlier_recording(db: Database, nik: str, name: str, *,
                      handed_over: bool) -> rec.RecordingResult:
    """Someone recorded before this run (through the services, not counted)."""
    clerk = authenticate(db, "petugas", PASSWORD)
    kasi = authenticate(db, "kasi", PASSWORD)
    card = CardData(
        nama=name, tempat_lahir="Palembang", tanggal_lahir=dt.date(1990, 1, 2),
        jenis_kelamin="L", golongan_darah="O", agama="Islam", status_perkawinan="Kawin",
        pekerjaan="WIRASWASTA", kewarganegaraan="WNI", alamat="Jl. Bukit Lama No. 5",
        rt="005", rw="002", kelurahan_code="16.71.04.1001", phone="081234567890")
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    image.save(str(Path(_TMP) / "p.png"))
    photo = (Path(_TMP) / "p.png").read_bytes()
    data = rec.RecordingInput(
        nik=nik, kk=KK, case_type=CaseType.BARU, card=card, documents={"KK": True},
        biometrics=rec.BiometricsInput(
            photo=photo, signature=b"\x89PNG ttd", device=STATION_DEVICE,
            modalities={m.value: {"status": "station", "reference": "Stasiun 1"}
                        for m in Modality}))
    saved = rec.save_recording(db, clerk, data)
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA/1")
    cp.record_printed(db, clerk, saved.application_id, "BLK-0001")
    if handed_over:
        pk.hand_over(db, clerk, saved.application_id, receiver="self", identity_checked=True)
    return saved


def in_wizard(keys: Keys, drive: Callable[[Any, Keys], None]) -> Callable[[], None]:
    """Run ``drive`` on the recording wizard once it is on screen (it is modal)."""
    failure: list[BaseException] = []

    def run() -> None:
        wizard = QApplication.activeModalWidget()
        if wizard is None:
            QTimer.singleShot(20, run)
            return
        try:
            drive(wizard, keys)
        except BaseException as exc:  # noqa: BLE001 - re-raised after the wizard closed
            failure.append(exc)
            wizard.done(0)

    def start() -> None:
        QTimer.singleShot(0, run)

    def raise_failure() -> None:
        if failure:
            raise failure[0]

    start.raise_failure = raise_failure  # type: ignore[attr-defined]
    return start


def biometrics_and_save(wizard: Any, keys: Keys) -> None:
    """Page 5 on the station, then page 6: the same for every recording."""
    check(wizard.currentId() == wizard.BIOMETRICS, "not on the biometrics page")
    page = wizard.biometrics_page
    settle()
    check(focused() is page.capture_all, "'Semua direkam di stasiun' is not the first focus")
    keys.press(Key.Key_R, CTRL)                 # confirm all on the station
    settle(200)                                 # a button's own key animates its click
    check(focused() is page.station_reference, "the station reference is not next")
    keys.type("Stasiun 1, 09.15")
    keys.press(Key.Key_Return)                  # not complete: to the photo button
    check(focused() is page.photo_file, "the photo button is not next")
    keys.press(Key.Key_Space)                   # "Foto dari berkas..."
    keys.other("Enter in the file dialog")
    check(page.photo is not None, "no photo")
    # The applicant signs on the pad (not the clerk's keys).
    page.signature.stroke([QPointF(20, 90), QPointF(80, 40), QPointF(160, 100)])
    keys.press(Key.Key_Return)                  # complete: Lanjut
    check(wizard.currentId() == wizard.REVIEW, "Enter did not go on to the review")
    keys.press(Key.Key_Return)                  # Simpan & cetak tanda terima
    for _ in range(100):
        if wizard.result_ is not None:
            break
        settle(20)
    check(wizard.result_ is not None, "not saved: " + wizard.review_page.error.text())


def drive_baru(wizard: Any, keys: Keys) -> None:
    """A first-time applicant: every field typed."""
    page = wizard.identify
    settle()
    check(focused() is page.nik, "the NIK is not the first focus")
    keys.type(NIK_BARU)                          # a whole NIK moves on to the KK
    keys.type(KK)
    keys.press(Key.Key_Return)
    check(wizard.currentId() == wizard.CASE, "Enter after the KK did not go on")
    keys.press(Key.Key_1)                        # 1 = Baru
    keys.press(Key.Key_Return)
    check(wizard.currentId() == wizard.DOCUMENTS, "the case page did not go on")
    keys.press(Key.Key_Space)                    # KK asli diperiksa
    keys.press(Key.Key_Return)
    check(wizard.currentId() == wizard.DATA, "the documents page did not go on")
    data = wizard.data_page
    for name, text in (("nama", "Siti Aminah"), ("tempat_lahir", "Palembang"),
                       ("golongan_darah", "O"), ("pekerjaan", "pelajar/mahasiswa"),
                       ("alamat", "Jl. Bukit Lama No. 5"), ("rt", "5"), ("rw", "2")):
        check(focused() in (data.widgets[name], getattr(data.widgets[name], "lineEdit",
                                                          lambda: None)()),
              f"Enter did not lead to {name} (focus on {focused()})")
        keys.type(text)
        keys.press(Key.Key_Return)               # the next field still to fill
        if name == "pekerjaan" and focused() in (data.widgets[name],
                                                  data.widgets[name].lineEdit()):
            keys.press(Key.Key_Return)           # the first Enter closed the completer
    check(focused() is data.kelurahan_search, "the kelurahan search is not next")
    keys.type("bukit lama")
    keys.press(Key.Key_Return)                   # complete: Lanjut
    check(wizard.currentId() == wizard.BIOMETRICS,
          "the data page did not go on: " + "; ".join(
              f"{k}: {v}" for k, v in data.problems().items()))
    biometrics_and_save(wizard, keys)


def drive_hilang(wizard: Any, keys: Keys) -> None:
    """A returning applicant who lost the card: their data is on file."""
    page = wizard.identify
    settle()
    keys.type(NIK_HILANG)                        # the KK comes from their last recording
    check(page.kk.text() == KK, "the KK was not filled from the last recording")
    keys.press(Key.Key_Return)
    check(wizard.currentId() == wizard.CASE, "Enter after the NIK did not go on")
    keys.press(Key.Key_2)                        # 2 = Hilang
    keys.press(Key.Key_Return)
    check(wizard.currentId() == wizard.DOCUMENTS, "the case page did not go on")
    keys.press(Key.Key_Space)                    # KK
    keys.press(Key.Key_Return)                   # to the police report
    keys.press(Key.Key_Space)                    # surat kehilangan
    keys.press(Key.Key_Return)                   # to its number
    keys.type("LP/123/XI/2026")
    keys.press(Key.Key_Return)                   # complete (dated today): Lanjut
    check(wizard.currentId() == wizard.DATA, "the documents page did not go on: "
          + wizard.documents_page.error.text())
    keys.press(Key.Key_Return)                   # the data on file, checked with them
    check(wizard.currentId() == wizard.BIOMETRICS, "the data page did not go on")
    biometrics_and_save(wizard, keys)


def counter_flow(window: Any, keys: Keys, drive: Callable[[Any, Keys], None]) -> int:
    """F2, Ctrl+N (serving starts, the wizard opens), the wizard, F6."""
    queue.issue_ticket(window._db, "A")  # at the kiosk, not by the clerk
    check(window.current_area() == "antrean", "not at the counter")
    counter = window.stack.currentWidget()
    start = keys.count
    keys.press(Key.Key_F2)
    check(counter.view.current is not None, "F2 called nobody")
    wizard_started = in_wizard(keys, drive)
    wizard_started()
    keys.press(Key.Key_N, CTRL)                  # modal: returns when the wizard closed
    wizard_started.raise_failure()  # type: ignore[attr-defined]
    check(window.current_area() == "antrean", "not back at the counter")
    check("Tersimpan" in counter.message.text(), "no 'Tersimpan': " + counter.message.text())
    keys.press(Key.Key_F6)
    check("selesai dilayani" in counter.message.text(), "F6 did not finish")
    return keys.count - start


def pickup_flow(window: Any, keys: Keys, db: Database, application_id: int) -> int:
    """Ctrl+4, the scanned slip (its Enter), the identity check, F6."""
    token = slip_printout(db, application_id, load_signer(db)).token
    start = keys.count
    keys.press(Key.Key_4, CTRL)
    screen = window.stack.currentWidget()
    check(focused() is screen.scan, "the scan field has no focus")
    keys.type(token)                             # the scanner's characters...
    keys.press(Key.Key_Return)                   # ...and its Enter
    check(focused() is screen.identity, "the identity check is not next")
    keys.press(Key.Key_Space)
    keys.press(Key.Key_F6)
    check("diserahkan" in screen.message.text(), "not handed over: " + screen.message.text())
    check(focused() is screen.scan, "the focus is not back on the scan field")
    return keys.count - start


def prr_flow(window: Any, keys: Keys) -> int:
    """Cetak & Kirim: "Cetak sudah rekam" for a NIK, then "Tercetak" in the print queue."""
    start = keys.count
    keys.press(Key.Key_3, CTRL)
    area = window.stack.currentWidget()
    keys.press(Key.Key_Tab, Qt.KeyboardModifier.ControlModifier, times=3)
    check(area.currentWidget() is area.prr, "not on 'Cetak sudah rekam'")
    tab = area.prr
    while focused() is not tab.nik:
        keys.press(Key.Key_Tab)
        check(keys.count - start < 40, "the NIK field is not reachable by Tab")
    keys.type(NIK_PRR)
    keys.press(Key.Key_Return)                   # Periksa
    check("Pemohon" in tab.summary.text(), "lookup failed: " + tab.message.text())
    for box in (tab.kk_checked, tab.identity):
        while focused() is not box:
            keys.press(Key.Key_Tab)
            check(keys.count - start < 40, "a check box is not reachable by Tab")
        keys.press(Key.Key_Space)
    while focused() is not tab.queue_button:
        keys.press(Key.Key_Tab)
        check(keys.count - start < 40, "the queue button is not reachable by Tab")
    keys.press(Key.Key_Space)
    check("masuk antrean cetak" in tab.message.text(), "not queued: " + tab.message.text())
    for _ in range(3):  # back to "Antrean cetak"
        keys.press(Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
        if area.currentWidget() is area.queue:
            break
    check(area.currentWidget() is area.queue, "Ctrl+Shift+Tab does not reach 'Antrean cetak'")
    printing = area.queue
    while focused() is not printing.table:
        keys.press(Key.Key_Tab)
        check(keys.count - start < 40, "the print queue is not reachable by Tab")
    rows = [r for r in range(printing.table.rowCount())
            if printing.table.item(r, 2).text().endswith(NIK_PRR[-4:])]
    check(rows, "the PRR card is not in the print queue")
    while printing.table.currentRow() != rows[0]:  # arrows to the PRR row
        keys.press(Key.Key_Down if printing.table.currentRow() < rows[0] else Key.Key_Up)
        check(keys.count - start < 60, "the PRR row is not reachable by arrows")
    keys.press(Key.Key_F5)
    check("tercetak" in printing.message.text(), "not printed: " + printing.message.text())
    return keys.count - start


def main() -> int:
    """Run the four flows and print their actions."""
    app = application()
    db, _office = setup()
    path = photo_file()
    dialogs.open_file = lambda *_a: path  # type: ignore[assignment]
    earlier_recording(db, NIK_HILANG, "Pemohon Hilang", handed_over=True)
    ready = earlier_recording(db, NIK_PICKUP, "Pemohon Ambil", handed_over=False)
    earlier_recording(db, NIK_PRR, "Pemohon Cetak", handed_over=True)
    cp.receive_blanko(db, authenticate(db, "kasi", PASSWORD), 10, "Disdukcapil", "BA/2")

    session = GuiSession(db.url)
    session.start()  # typed before the database is open, the login still goes through
    QTest.keyClicks(session.login.username, "petugas")
    QTest.keyClicks(session.login.password, PASSWORD)
    QTest.keyClick(session.login.password, Key.Key_Return)
    for _ in range(200):
        if session.window is not None and session.window.isVisible():
            break
        settle()
    window = session.window
    check(window is not None, "no main window after the login")
    window.activateWindow()
    settle(100)

    keys = Keys()
    figures: dict[str, int] = {}
    logs: dict[str, list[str]] = {}
    for name, run in (
            ("BARU", lambda: counter_flow(window, keys, drive_baru)),
            ("HILANG (pemohon lama)", lambda: counter_flow(window, keys, drive_hilang)),
            ("Pengambilan", lambda: pickup_flow(window, keys, db, ready.application_id)),
            ("Cetak sudah rekam (PRR)", lambda: prr_flow(window, keys))):
        before = len(keys.log)
        figures[name] = run()
        logs[name] = keys.log[before:]
    print("Tindakan petugas per alur (tombol selain mengetik data pemohon):")
    for name, count in figures.items():
        goal = GOALS.get(name)
        verdict = "" if goal is None else (f"  (target <= {goal}: "
                                           + ("tercapai)" if count <= goal else "BELUM)"))
        print(f"  {name:<26} {count:>3}{verdict}")
        print(f"      {' '.join(logs[name])}")
    window.close()
    app.processEvents()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
