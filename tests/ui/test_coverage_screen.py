"""The Cakupan area: figures for the camat, lists and the import for the supervisor."""

import datetime as dt
import threading

from counter_app.db import BUSY_MESSAGE, DatabaseError
from counter_app.domain.roles import Role
from counter_app.services import coverage as cov
from counter_app.services import recording as rec
from counter_app.ui import dialogs, operations
from counter_app.ui.coverage_screen import CoverageScreen
from tests.helpers import make_office, make_user, recording

HEADER = "nik,kk,nama,tanggal_lahir,jenis_kelamin,kelurahan,rt,rw,sekolah"


def people(today):
    young = today.replace(year=today.year - 17) - dt.timedelta(days=10)
    return "\n".join([
        HEADER,
        "1671045708990002,1671040901190005,Siti Aminah,1999-08-17,P,Bukitlama,5,2,",
        "1671040403800003,1671040901190005,Rudi Hartono,1980-03-04,L,Bukitlama,3,2,",
        "1671040506700004,1671040901190005,Joko Susilo,1970-06-05,L,Lorok Pakjo,1,1,",
        f"167104{young:%d%m%y}0005,1671040901190005,Bayu Pratama,{young.isoformat()},L,"
        "Lorokpakjo,1,1,SMA Negeri 6 Palembang",
    ]) + "\n"


def test_supervisor_imports_and_reads_the_lists(qtbot, db, tmp_path, monkeypatch):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    path = tmp_path / "penduduk.csv"
    path.write_text(people(dt.date.today()), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))
    screen = CoverageScreen(db, kasi)
    qtbot.addWidget(screen)
    assert "belum diimpor" in screen.list_info.text()
    screen.import_button.click()
    screen.wait()
    assert "Diimpor 4 penduduk." in screen.message.text()
    assert "penduduk.csv, 4 orang" in screen.list_info.text()
    rec.save_recording(db, clerk, recording("BARU"))  # Siti, Bukitlama
    screen.refresh()
    table = screen.kelurahan_table
    # Lorokpakjo misses two (Joko, Bayu), Bukitlama one (Rudi): most missing first.
    assert [table.item(r, 0).text() for r in range(2)] == ["Lorokpakjo", "Bukitlama"]
    assert table.item(1, 2).text() == "1" and table.cellWidget(1, 3).text() == "50,0%"
    assert "Sudah rekam" in screen.summary.text() and "25,0%" in screen.summary.text()
    screen.tabs.setCurrentIndex(1)
    screen.kind.setCurrentIndex(screen.kind.findData("belum-rekam"))
    screen.load_targets()
    names = [screen.target_table.item(r, 1).text() for r in range(
        screen.target_table.rowCount())]
    assert sorted(names) == ["Bayu Pratama", "Joko Susilo", "Rudi Hartono"]
    assert all("******" in screen.target_table.item(r, 0).text() for r in range(3))
    saved = tmp_path / "sasaran.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a: str(saved))
    screen.export()
    screen.wait()
    assert saved.exists() and "NIK disamarkan" in screen.message.text()
    assert screen.export_button.isEnabled()


def test_a_refused_file_is_shown_and_changes_nothing(qtbot, db, tmp_path, monkeypatch):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    path = tmp_path / "penduduk.csv"
    path.write_text(HEADER + "\n123,1671040901190005,X,1999-08-17,P,Bukitlama,5,2,\n",
                    encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))
    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda _p, title, text: shown.append(text))
    screen = CoverageScreen(db, kasi)
    qtbot.addWidget(screen)
    screen.import_button.click()
    screen.wait()
    assert "ditolak seluruhnya" in screen.message.text()
    assert "baris 2: NIK harus 16 angka" in shown[0]
    assert not cov.has_resident_list(db)


def test_the_import_runs_off_the_gui_thread_with_a_busy_line(qtbot, db, tmp_path,
                                                              monkeypatch):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    path = tmp_path / "penduduk.csv"
    path.write_text(people(dt.date.today()), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))
    release, threads = threading.Event(), []
    real_import = cov.import_residents

    def slow_import(*args, **kwargs):
        threads.append(threading.current_thread())
        assert release.wait(10)
        return real_import(*args, **kwargs)

    monkeypatch.setattr(cov, "import_residents", slow_import)
    screen = CoverageScreen(db, kasi)
    qtbot.addWidget(screen)
    screen.import_button.click()
    # The GUI thread is free while the list is checked: the screen says so and answers.
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert "Mengimpor" in screen.message.text() and not screen.import_button.isEnabled()
    screen.import_button.click()  # a second click while importing starts nothing
    screen.refresh()
    assert "belum diimpor" in screen.list_info.text()
    release.set()
    operations.wait_all()
    assert len(threads) == 1
    assert "Diimpor 4 penduduk." in screen.message.text()
    assert screen.import_button.isEnabled()


def test_a_failed_import_shows_its_message_and_leaves_the_screen_usable(qtbot, db, tmp_path,
                                                                         monkeypatch):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    path = tmp_path / "penduduk.csv"
    path.write_text(people(dt.date.today()), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *a: str(path))
    real_import = cov.import_residents

    def busy(*args, **kwargs):
        raise DatabaseError(BUSY_MESSAGE)

    monkeypatch.setattr(cov, "import_residents", busy)
    screen = CoverageScreen(db, kasi)
    qtbot.addWidget(screen)
    screen.import_button.click()
    operations.wait_all()
    assert screen.message.is_error and "sedang sibuk" in screen.message.text()
    assert screen.import_button.isEnabled() and not cov.has_resident_list(db)
    # Usable: the same button imports once the database answers again.
    monkeypatch.setattr(cov, "import_residents", real_import)
    screen.import_button.click()
    operations.wait_all()
    assert "Diimpor 4 penduduk." in screen.message.text() and cov.has_resident_list(db)


def test_an_unwritable_export_is_a_message(qtbot, db, tmp_path, monkeypatch):
    make_office(db)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    screen = CoverageScreen(db, kasi)
    qtbot.addWidget(screen)
    monkeypatch.setattr(dialogs, "save_file",
                        lambda *a: str(tmp_path / "tidak-ada" / "sasaran.xlsx"))
    screen.export()
    operations.wait_all()
    assert screen.message.is_error and "tidak dapat disimpan" in screen.message.text()
    assert screen.export_button.isEnabled()


def test_camat_reads_the_figures_only(qtbot, db):
    make_office(db)
    camat = make_user(db, "camat", Role.CAMAT)
    screen = CoverageScreen(db, camat)
    qtbot.addWidget(screen)
    assert screen.tabs.count() == 1 and not screen.import_button.isVisibleTo(screen)
    assert screen.kelurahan_table.rowCount() == 6
