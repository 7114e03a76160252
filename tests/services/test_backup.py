"""Backups and restores (issue #17, findings 9-11 of #12), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.db import DatabaseError, exclusive_access, mask_url, open_database, sqlite_path
from counter_app.domain.errors import NotAllowed
from counter_app.domain.roles import Role
from counter_app.models import AuditLog
from counter_app.services import queue as q
from counter_app.services.audit_view import verify_audit
from counter_app.services.backup import (
    KEEP_DAILY,
    automatic_backups,
    backup_folder,
    backup_stem,
    make_backup,
    restore,
)
from counter_app.services.day_close import (
    archived_report,
    close_day,
    is_closed,
    retry_backup,
)
from tests.helpers import make_office, make_user

FROZEN = dt.datetime(2026, 11, 29, 9, 0, 0, tzinfo=dt.UTC)  # 16:00 WIB


def office(db):
    make_office(db)
    return make_user(db, "kasi", Role.SUPERVISOR), make_user(db, "admin2", Role.ADMIN)


def backups_of(db) -> list[Path]:
    """This database's automatic backups (on PostgreSQL the folder is this PC's)."""
    folder = backup_folder(db.url)
    return automatic_backups(folder, backup_stem(db), ".db" if db.is_sqlite else ".dump")


def audit_kinds(db) -> list[str]:
    with db.transaction() as session:
        return list(session.execute(select(AuditLog.kind).order_by(AuditLog.seq)).scalars())


# --- issue #17: automatic backups never collide, and never fail a close ------------------

def test_two_days_closed_in_the_same_frozen_second_give_two_backups(db):
    kasi, _ = office(db)
    first = close_day(db, kasi, dt.date(2026, 11, 27), now=FROZEN)
    second = close_day(db, kasi, dt.date(2026, 11, 28), now=FROZEN)
    assert not first.backup_error and not second.backup_error
    assert first.backup_name != second.backup_name
    assert sorted(p.name for p in backups_of(db)) == sorted(
        [first.backup_name, second.backup_name])
    assert "-20261129-160000-" in first.backup_name  # the close's moment, local time (WIB)


def test_twenty_closes_and_parallel_backups_in_one_frozen_second_never_collide(db):
    """The service-level equivalent of ``demo --days 20`` run again and again."""
    kasi, admin = office(db)
    days = [dt.date(2026, 10, 1) + dt.timedelta(days=n) for n in range(20)]
    results = [close_day(db, kasi, day, now=FROZEN) for day in days]
    assert all(not r.backup_error for r in results)
    errors: list[BaseException] = []

    def one() -> None:
        try:
            make_backup(db, admin, now=FROZEN)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    names = [p.name for p in backups_of(db)]
    assert len(names) == len(set(names)) == 24
    assert all(is_closed(db, day) for day in days)


def test_a_backup_failing_after_the_close_is_a_warning_and_can_be_retried(
        db, monkeypatch, tmp_path):
    kasi, _ = office(db)
    q.issue_ticket(db, "A", now=FROZEN - dt.timedelta(days=1))
    folder = backup_folder(db.url)
    day = dt.date(2026, 11, 28)
    with monkeypatch.context() as patch:
        if db.is_sqlite:
            folder.write_bytes(b"")  # a file where the backup folder should be
        else:
            patch.setenv("PATH", str(tmp_path))  # pg_dump not installed on this PC
        info = close_day(db, kasi, day, now=FROZEN)
    assert is_closed(db, day)  # the close stands
    assert archived_report(db, kasi, day)[1] == info.sha256
    assert info.backup_error and not info.backup_name
    assert info.message.startswith("Layanan ditutup; cadangan gagal: ")
    if not db.is_sqlite:
        assert "pg_dump tidak ditemukan" in info.message
    assert audit_kinds(db)[-2:] == ["day.close", "backup.failed"], info
    # The supervisor fixes the cause and retries the backup alone.
    if db.is_sqlite:
        folder.unlink()
    made = retry_backup(db, kasi)
    assert made.path.exists() and audit_kinds(db)[-1] == "backup.make"


def test_the_demo_is_built_even_when_its_backups_fail(db, monkeypatch, tmp_path):
    from counter_app.services.demo_data import fill_demo

    if db.is_sqlite:
        backup_folder(db.url).write_bytes(b"")
    else:
        monkeypatch.setenv("PATH", str(tmp_path))
    result = fill_demo(db, dt.date(2019, 1, 10), days=2, seed=7, today=dt.date(2019, 1, 10))
    assert is_closed(db, result.days[0]) and not is_closed(db, result.days[1])
    assert "backup.failed" in audit_kinds(db)


# --- finding 9: restores that cannot destroy --------------------------------------------

def sqlite_office(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'kantor.db'}")
    kasi, admin = office(db)
    return db, kasi, admin


def test_backups_are_single_files_pruned_as_whole_backups(tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    folder = backup_folder(db.url)
    folder.mkdir()
    for n in range(KEEP_DAILY + 3):  # older backups, each with its SHA-256 file
        old = folder / f"kantor-20190101-0000{n:02d}-001.db"
        old.write_bytes(b"x")
        (folder / (old.name + ".sha256")).write_text("00  x\n")
    made = make_backup(db, admin)
    # One self-contained file, checked: opening it leaves no -wal or -shm behind.
    assert sqlite3.connect(made.path).execute("PRAGMA journal_mode").fetchone() == ("delete",)
    kept = automatic_backups(folder, "kantor", ".db")
    assert len(kept) == KEEP_DAILY and kept[-1] == made.path
    leftovers = sorted(p.name for p in folder.iterdir())
    assert leftovers == sorted([p.name for p in kept] + [p.name + ".sha256" for p in kept])
    db.dispose()


def test_restore_refuses_what_is_not_this_apps_intact_database(tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    q.issue_ticket(db, "A")
    good = make_backup(db, admin, tmp_path / "cadangan.db")
    db.dispose()
    empty = tmp_path / "kosong.db"
    empty.write_bytes(b"")
    other = tmp_path / "program-lain.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes (body) VALUES ('catatan')")
    altered = tmp_path / "diubah.db"
    data = bytearray(good.path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = os.urandom(4096)
    altered.write_bytes(bytes(data))
    (tmp_path / "diubah.db.sha256").write_text(
        (tmp_path / "cadangan.db.sha256").read_text())
    cases = {empty: r"kosong \(0 bita\)", other: "bukan basis data Loket KTP-el",
             altered: "telah berubah sejak dibuat", tmp_path / "tiada.db": "tidak ada"}
    for path, message in cases.items():
        with pytest.raises(DatabaseError, match=message):
            restore(db.url, path, admin)
    # Copied without its SHA-256 file: refused, since an edit could not be seen ...
    (tmp_path / "diubah.db.sha256").unlink()
    # it is still refused by its content first ...
    with pytest.raises(DatabaseError, match="rusak|tidak utuh"):
        restore(db.url, altered, admin, unchecked=True)
    # ... and an intact copy without it is not restored blind.
    (tmp_path / "salinan.db").write_bytes(good.path.read_bytes())
    with pytest.raises(DatabaseError, match="Sidik SHA-256 .* tidak ada"):
        restore(db.url, tmp_path / "salinan.db", admin)
    again = open_database(db.url)
    assert q.queue_status(again).services[0].issued == 1  # nothing was replaced
    assert not list(tmp_path.glob("kantor.sebelum-pulih-*"))
    again.dispose()


def test_restore_refuses_a_backup_whose_audit_chain_was_edited(tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    made = make_backup(db, admin, tmp_path / "cadangan.db")
    db.dispose()
    edited = tmp_path / "diedit.db"
    edited.write_bytes(made.path.read_bytes())
    with sqlite3.connect(edited) as con:
        con.execute("UPDATE audit_log SET username = 'orang-lain' WHERE seq = 1")
    with pytest.raises(DatabaseError, match="Log audit .* tidak utuh"):
        restore(db.url, edited, admin, unchecked=True)


def test_restore_refuses_another_offices_backup_unless_told(tmp_path):
    db, _kasi, admin = sqlite_office(tmp_path)
    q.issue_ticket(db, "A")
    db.dispose()
    elsewhere = open_database(f"sqlite:///{tmp_path / 'lain' / 'kantor.db'}")
    from counter_app.services.office import initialize_office

    initialize_office(elsewhere, kecamatan_code="16.71.05", admin_username="admin",
                      admin_password="rahasia-123")
    other_admin = make_user(elsewhere, "admin2", Role.ADMIN)
    theirs = make_backup(elsewhere, other_admin, tmp_path / "kantor-lain.db")
    elsewhere.dispose()
    with pytest.raises(DatabaseError, match="milik kantor lain .*16.71.05"):
        restore(db.url, theirs.path, admin)
    again = open_database(db.url)
    assert q.queue_status(again).services[0].issued == 1  # still this office
    # The attempt is on record in this office's log: who, which file, why refused.
    with again.transaction() as s:
        refused = s.execute(select(AuditLog).where(
            AuditLog.kind == "backup.restore_refused")).scalar_one()
    assert refused.username == admin.username and refused.subject == "kantor-lain.db"
    assert "milik kantor lain" in json.loads(refused.after)["reason"]
    assert verify_audit(again, admin).ok  # written like any other row, signed head too
    again.dispose()
    assert restore(db.url, theirs.path, admin, other_office=True).kept is not None


def _holder(url: str, ready: Path) -> subprocess.Popen[bytes]:
    code = ("import sys, time; from pathlib import Path; "
            "from counter_app.db import open_database; "
            "from counter_app.services.queue import queue_status; "
            f"db = open_database({url!r}); queue_status(db); "
            f"Path({str(ready)!r}).write_text('siap'); time.sleep(120)")
    return subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[2])


@pytest.mark.slow
def test_restore_refuses_while_another_process_has_the_database_open(tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    made = make_backup(db, admin, tmp_path / "cadangan.db")
    db.dispose()
    ready = tmp_path / "siap"
    other = _holder(db.url, ready)
    try:
        for _ in range(600):
            if ready.exists() or other.poll() is not None:
                break
            threading.Event().wait(0.05)
        assert ready.exists()
        with pytest.raises(DatabaseError, match=f"PC-UJI \\(proses {other.pid}, sejak "):
            restore(db.url, made.path, admin)
    finally:
        other.kill()  # like a crash: its entry stays behind, unlocked
        other.wait()
    result = restore(db.url, made.path, admin)
    assert result.kept is not None and result.kept.exists()


def test_no_process_opens_the_database_while_a_restore_runs(tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    db.dispose()
    path = sqlite_path(db.url)
    assert path is not None
    with exclusive_access(path), pytest.raises(DatabaseError, match="sedang dipulihkan"):
        q.queue_status(open_database(db.url, upgrade=False))
    assert q.queue_status(db).services  # after the restore, opening works again
    db.dispose()


def test_two_restores_in_one_second_keep_two_safety_copies_and_restore_to_a_new_path(
        tmp_path):
    db, kasi, admin = sqlite_office(tmp_path)
    made = make_backup(db, admin, tmp_path / "cadangan.db")
    q.issue_ticket(db, "A")
    db.dispose()
    first = restore(db.url, made.path, admin)
    second = restore(db.url, made.path, admin)
    assert first.kept and second.kept and first.kept != second.kept
    with sqlite3.connect(first.kept) as con:  # the first copy still holds the later ticket
        assert con.execute("SELECT COUNT(*) FROM tickets").fetchone() == (1,)
    new = tmp_path / "salinan" / "pulih.db"
    result = restore(db.url, made.path, admin, to=f"sqlite:///{new}")
    assert result.kept is None and new.exists()
    with pytest.raises(DatabaseError, match="sudah ada"):
        restore(db.url, made.path, admin, to=f"sqlite:///{new}")
    restored = open_database(f"sqlite:///{new}")
    assert audit_kinds(restored)[-1] == "backup.restore"
    restored.dispose()
    with pytest.raises(NotAllowed):
        restore(db.url, made.path, kasi)  # a supervisor backs up; only an admin restores


# --- findings 9 and 10 on both databases: backup, restore, audit --------------------------

def test_backup_and_restore_bring_the_database_back_with_audit_rows(db, db_url):
    kasi, admin = office(db)
    q.issue_ticket(db, "A")
    made = make_backup(db, kasi)
    assert made.path.with_name(made.path.name + ".sha256").read_text().split()[0] == made.sha256
    assert audit_kinds(db)[-1] == "backup.make"
    q.issue_ticket(db, "A")  # made after the backup
    with pytest.raises(DatabaseError, match="masih dibuka oleh"):
        restore(db_url, made.path, admin)  # this test's own connections hold it open
    db.dispose()
    result = restore(db_url, made.path, admin)
    assert result.kept is not None and result.kept.exists()
    again = open_database(db_url)
    assert q.queue_status(again).services[0].issued == 1
    with again.transaction() as session:
        row = session.execute(select(AuditLog).order_by(AuditLog.seq.desc())).scalars().first()
    assert row is not None and row.kind == "backup.restore" and row.username == "admin2"
    assert str(made.path) in row.after and str(result.kept) in row.after
    again.dispose()


def test_missing_pg_tools_give_a_clear_message(monkeypatch, tmp_path):
    from counter_app.services.backup import _tool

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DatabaseError, match="Program pg_dump tidak ditemukan.*PATH"):
        _tool("pg_dump")


# --- finding 11: no passwords printed, owner-only files ---------------------------------

def test_database_urls_are_printed_with_the_password_masked():
    url = "postgresql+psycopg://loket:Rahasia-99@192.168.1.10:5432/loket"
    assert "Rahasia-99" not in mask_url(url) and "***" in mask_url(url)


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
def test_database_backups_config_keys_and_crash_reports_are_owner_only(tmp_path, monkeypatch):
    from counter_app import local_config
    from counter_app.services.keys import load_signer
    from counter_app.ui import errors

    db = open_database(f"sqlite:///{tmp_path / 'data' / 'kantor.db'}")
    _kasi, admin = office(db)
    made = make_backup(db, admin)

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    # This PC's settings, its signing key and a crash report, each in a folder of its own.
    monkeypatch.setenv("COUNTER_APP_PC_CONFIG", str(tmp_path / "config" / "pc.json"))
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "kunci" / "signing-key.pem"))
    monkeypatch.setattr(errors, "crash_log_dir", lambda: tmp_path / "logs")
    local_config.save(local_config.load())
    load_signer(db)
    try:
        raise RuntimeError("uji")
    except RuntimeError as exc:
        report = errors.write_crash_report(RuntimeError, exc, exc.__traceback__)
    assert report is not None
    for folder in ("data", "data/backups", "data/kantor.db.terbuka", "config", "kunci", "logs"):
        assert mode(tmp_path / folder) == 0o700, folder
    for path in (tmp_path / "data" / "kantor.db", tmp_path / "data" / "kantor.db-wal",
                 made.path, made.path.with_name(made.path.name + ".sha256"),
                 tmp_path / "config" / "pc.json", tmp_path / "kunci" / "signing-key.pem",
                 report):
        assert mode(path) == 0o600, path
    db.dispose()


# --- the commands ------------------------------------------------------------------------

def test_backup_and_restore_commands_log_in_and_restore_to_a_new_file(
        tmp_path, monkeypatch, capsys):
    import json

    from counter_app.cli import main
    from tests.helpers import as_user

    db, kasi, admin = sqlite_office(tmp_path)
    db.dispose()
    assert main(as_user(monkeypatch, "kasi", "backup", "--json", "--db", db.url)) == 0
    made = json.loads(capsys.readouterr().out)
    assert Path(made["file"]).parent == tmp_path / "backups" and len(made["sha256"]) == 64
    # A supervisor may back up, not restore.
    assert main(as_user(monkeypatch, "kasi", "restore", made["file"], "--yes",
                        "--db", db.url)) != 0
    assert "tidak berwenang" in capsys.readouterr().err
    new = tmp_path / "pc-baru" / "kantor.db"
    assert main(as_user(monkeypatch, "admin2", "restore", made["file"], "--to", str(new),
                        "--yes", "--db", db.url)) == 0
    out = capsys.readouterr().out
    assert f"Basis data {new} dipulihkan" in out and "Salinan" not in out
    assert main(as_user(monkeypatch, "admin2", "restore", made["file"], "--yes",
                        "--db", db.url)) == 0
    assert "Salinan basis data yang diganti: " in capsys.readouterr().out


def test_day_close_command_succeeds_and_warns_when_its_backup_fails(
        tmp_path, monkeypatch, capsys):
    from counter_app.cli import main
    from tests.helpers import as_user

    db, kasi, admin = sqlite_office(tmp_path)
    db.dispose()
    (tmp_path / "backups").write_bytes(b"")  # the backup cannot be written
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert main(as_user(monkeypatch, "kasi", "day", "close", "--date", yesterday, "--yes",
                        "--db", db.url)) == 0
    out = capsys.readouterr().out
    assert "Layanan ditutup; cadangan gagal: " in out and "counter-app backup" in out
    assert is_closed(db, dt.date.fromisoformat(yesterday))
    db.dispose()


def test_an_entry_left_by_a_crashed_process_is_cleared_and_never_blocks(tmp_path):
    from counter_app.db import open_holders, open_lock_dir

    db, kasi, admin = sqlite_office(tmp_path)
    path = sqlite_path(db.url)
    assert path is not None
    mine = [h.pid for h in open_holders(path)]
    assert mine == [os.getpid()]  # this process, while connected
    db.dispose()
    left = open_lock_dir(path) / "999999-dead.pid"  # a process killed without cleaning up
    left.write_text('{"workstation": "PC-LAMA", "pid": 999999, '
                    '"since": "2026-11-29T01:00:00+00:00"}')
    assert open_holders(path) == [] and not left.exists()


def test_init_prints_the_database_url_without_its_password(db_url, monkeypatch, capsys):
    import io

    from sqlalchemy.engine import make_url

    from counter_app.cli import main

    url = db_url
    if not url.startswith("sqlite"):  # PostgreSQL here trusts local users: any password
        url = make_url(url).set(password="Rahasia-99").render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("rahasia-123\n"))
    assert main(["init", "--kecamatan", "16.71.04", "--admin", "admin", "--password-stdin",
                 "--db", url]) == 0
    out = capsys.readouterr().out
    assert "Rahasia-99" not in out and f"Basis data: {mask_url(url)}" in out
