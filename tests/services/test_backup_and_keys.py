import datetime as dt
import sqlite3

import pytest

from counter_app.cli import main
from counter_app.db import DatabaseError, open_database
from counter_app.domain.errors import NotAllowed
from counter_app.domain.roles import Role
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services.backup import (
    KEEP_DAILY,
    backup_folder,
    integrity,
    make_backup,
    restore,
)
from counter_app.services.day_close import close_day
from counter_app.services.keys import load_signer, rotate_key
from counter_app.services.slip_printing import slip_printout
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, as_user, make_office, make_user, recording


def sqlite_db(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'kantor.db'}")
    make_office(db)
    return db


def test_backup_while_in_use_and_restore_keeping_a_copy(tmp_path):
    db = sqlite_db(tmp_path)
    admin = authenticate(db, "admin", PASSWORD)
    q.issue_ticket(db, "A")
    # A second connection holds a read transaction open: the app is running.
    busy = sqlite3.connect(tmp_path / "kantor.db")
    busy.execute("BEGIN")
    busy.execute("SELECT COUNT(*) FROM tickets").fetchone()
    copy = make_backup(db, admin, tmp_path / "cadangan.db").path
    busy.rollback()
    busy.close()
    assert integrity(copy) == "ok"
    q.issue_ticket(db, "A")  # a ticket made after the backup
    db.dispose()
    kept = restore(f"sqlite:///{tmp_path / 'kantor.db'}", copy, admin).kept
    again = open_database(f"sqlite:///{tmp_path / 'kantor.db'}")
    assert q.queue_status(again).services[0].issued == 1  # back to the backup
    assert kept is not None and kept.exists() and "sebelum-pulih" in kept.name
    with sqlite3.connect(kept) as con:
        assert con.execute("SELECT COUNT(*) FROM tickets").fetchone() == (2,)
    again.dispose()


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(tmp_path):
    db = sqlite_db(tmp_path)
    bad = tmp_path / "rusak.db"
    bad.write_bytes(b"bukan basis data" * 100)
    with pytest.raises(DatabaseError, match="bukan basis data SQLite"):
        restore(db.url, bad, authenticate(db, "admin", PASSWORD))
    assert q.queue_status(db).services  # still the same, working database


def test_day_close_keeps_the_last_30_daily_backups(tmp_path):
    db = sqlite_db(tmp_path)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    folder = backup_folder(db.url)
    folder.mkdir()
    for n in range(KEEP_DAILY + 3):
        (folder / f"kantor-20190101-0000{n:02d}.db").write_bytes(b"x")
    info = close_day(db, kasi, dt.date.today() - dt.timedelta(days=1))
    assert "Cadangan: kantor-" in info.audit_message
    assert len(list(folder.glob("kantor-*.db"))) == KEEP_DAILY


def test_backup_and_restore_commands(capsys, tmp_path, monkeypatch):
    db = sqlite_db(tmp_path)
    db.dispose()
    assert main(as_user(monkeypatch, "admin", "backup", "--out", str(tmp_path / "b.db"),
                        "--db", db.url)) == 0
    assert "integrity_check ok" in capsys.readouterr().out
    assert main(as_user(monkeypatch, "admin", "restore", str(tmp_path / "b.db"),
                        "--db", db.url)) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(as_user(monkeypatch, "admin", "restore", str(tmp_path / "b.db"), "--yes",
                        "--db", db.url)) == 0


def test_rotated_keys_still_verify_old_slips(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    app = rec.save_recording(db, clerk, recording())
    old_token = slip_printout(db, app.application_id, load_signer(db)).token
    with pytest.raises(NotAllowed):
        rotate_key(db, clerk)
    new = rotate_key(db, authenticate(db, "admin", PASSWORD))
    assert load_signer(db).key_id == new.key_id != old_token.split(".")[-2]
    assert rec.verify_slip(db, old_token).number == app.slip_number
    new_token = slip_printout(db, app.application_id, load_signer(db)).token
    assert rec.verify_slip(db, new_token).number == app.slip_number
