"""The command line, run as a user would (in-process through main())."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.cli import main
from counter_app.cli.core import COMMANDS, Login, mask_url
from counter_app.domain.roles import Role
from counter_app.models import AuditLog
from counter_app.services import recording as rec
from counter_app.services.keys import load_signer
from counter_app.services.slip_printing import slip_printout
from tests.helpers import PASSWORD, as_user, make_office, make_user, recording


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    # argparse's own headings in Bahasa Indonesia too
    assert out.startswith("penggunaan: counter-app") and "argumen posisi" in out
    assert "usage:" not in out and "positional arguments" not in out
    for command in ("init", "nik", "kk", "wilayah", "ticket", "queue", "kiosk", "display",
                    "slip", "keys", "applications"):
        assert command in out


def test_only_the_public_commands_run_without_a_login():
    # Issue 12, finding 1: everything that changes data or shows personal data asks who
    # is acting. `init` makes the first user; the windows log in (or are public) themselves.
    public = {c.name for c in COMMANDS if c.login is Login.NONE}
    # `outreach join` sets an empty laptop up from the pairing file (its accounts come with
    # it, as `init` makes the first); `outreach status` shows counts only.
    assert public == {"nik", "kk", "wilayah cari", "queue status", "init", "gui", "kiosk",
                      "display", "outreach join", "outreach status"}
    # Optional: an offline slip check (no database) and a demo into an empty database;
    # `outreach sync` logs in on the laptop's database, not on --db (the office's).
    assert {c.name for c in COMMANDS if c.login is Login.OPTIONAL} == {"slip verify", "demo",
                                                                       "outreach sync"}


@pytest.mark.parametrize("argv", [
    ["report", "daily", "--date", "2019-01-09"],
    ["report", "range", "--from", "2019-01-01", "--to", "2019-01-09"],
    ["backup", "--out", "x.db"],
    ["restore", "x.db", "--yes"],
    ["keys", "export"],
    ["applications", "list"],
    ["stock"],
    ["audit", "verify"],
    ["ticket", "issue", "--service", "A"],
])
def test_commands_on_data_refuse_to_run_without_a_user(capsys, db, argv):
    make_office(db)
    code, out, err = run(capsys, *argv, "--db", db.url)
    assert code == 2 and "memerlukan pengguna" in err and out == ""


def test_restore_without_login_or_by_a_clerk_changes_nothing(capsys, monkeypatch, tmp_path):
    from counter_app.db import open_database
    from counter_app.services.queue import issue_ticket

    path = tmp_path / "kantor.db"
    db = open_database(f"sqlite:///{path}")
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    other = open_database(f"sqlite:///{tmp_path / 'lain.db'}")
    make_office(other)
    other.dispose()
    issue_ticket(db, "A")
    db.dispose()
    before = path.read_bytes()
    code, _, err = run(capsys, "restore", str(tmp_path / "lain.db"), "--yes", "--db", db.url)
    assert code == 2 and "memerlukan pengguna" in err
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "restore",
                                        str(tmp_path / "lain.db"), "--yes", "--db", db.url))
    assert code == 1 and "tidak berwenang memulihkan" in err
    db = open_database(f"sqlite:///{path}")
    from counter_app.services.queue import queue_status

    assert sum(s.issued for s in queue_status(db).services) == 1  # still the office's own
    db.dispose()
    assert before  # the file was there all along


def test_a_command_is_audited_under_the_user_who_ran_it(capsys, db, monkeypatch):
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    code, _, _ = run(capsys, *as_user(monkeypatch, "kasi", "report", "daily", "--date",
                                      "2019-01-09", "--json", "--db", db.url))
    assert code == 0
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "cli.command")).scalar_one()
    assert row.username == "kasi" and row.subject == "report daily"
    assert "2019-01-09" in row.after and PASSWORD not in row.after


def test_a_refused_command_is_audited_as_typed_but_never_floods_the_log(capsys, db,
                                                                      monkeypatch):
    """Garbage arguments are kept as a bounded, escaped record: no control or bidi
    characters reach the permanent log, and no 10,000-character row."""
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    garbage = ("x\x01\x1b[31mRED\u202e" * 1500)[:10_000]
    code, _, err = run(capsys, *as_user(monkeypatch, "kasi", "batch", "returned", "cancel",
                                        "167104-190109-0001", "--reason", garbage,
                                        "--db", db.url))
    assert code in (1, 2) and err
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "cli.command")).scalar_one()
    assert len(row.after) < 1500
    assert not any(ord(ch) < 32 or ch == "\u202e" for ch in row.after)
    assert "<U+001B>" in row.after and "(10000 karakter)" in row.after


def test_a_wrong_password_is_refused_and_nothing_runs(capsys, db, monkeypatch):
    make_office(db)
    code, _, err = run(capsys, *as_user(monkeypatch, "admin", "keys", "export", "--db",
                                        db.url, password="salah-sekali"))
    assert code == 1 and "kata sandi salah" in err.lower()


@pytest.mark.parametrize("argv, words", [
    (["report", "daily", "--date", "0001-01-01"], "di luar rentang"),
    (["report", "daily", "--date", "9999-12-31"], "di luar rentang"),
    (["report", "daily", "--date", ""], "tidak sah"),
    (["day", "close", "--date", "31-02-2019"], "tidak sah"),
    (["day", "close", "--date", "2019/12/31"], "tidak sah"),
    (["queue", "status", "--db", "foo://x"], "tidak didukung"),
    (["queue", "status", "--db", "mysql://u:rahasia@host/x"], "tidak didukung"),
    (["queue", "status", "--db", "::::"], "tidak dikenali"),
    (["nik", "12345"], "16 digit"),
    (["tidak-ada"], "pilihan tidak sah"),
    (["ticket", "issue"], "argumen wajib"),
])
def test_garbage_gives_one_line_in_indonesian_and_exit_2(capsys, argv, words):
    code = main(argv)
    out = capsys.readouterr()
    assert code == 2 and words in out.err and len(out.err.strip().splitlines()) == 1
    assert "Traceback" not in out.err and "rahasia" not in out.err


def test_a_file_that_is_not_a_database_is_refused(capsys, tmp_path):
    notes = tmp_path / "catatan.txt"
    notes.write_text("bukan basis data\n" * 10, "utf-8")
    code, _, err = run(capsys, "queue", "status", "--db", f"sqlite:///{notes}")
    assert code == 2 and "bukan basis data SQLite" in err
    assert notes.read_text("utf-8").startswith("bukan basis data")  # untouched


def test_database_urls_are_shown_with_the_password_masked():
    assert mask_url("postgresql+psycopg://loket:rahasia@10.0.0.5/loket") == \
        "postgresql+psycopg://loket:***@10.0.0.5/loket"


@pytest.mark.slow
def test_output_piped_into_a_closed_reader_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "wilayah", "cari", "a", "--db",
         f"sqlite:///{tmp_path / 'w.db'}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    proc.stdout.close()  # like `| head` that already went away
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 2
    assert err.strip() == "Kesalahan: keluaran terputus (program penerima sudah ditutup)."


def test_nik_command(capsys):
    code, out, _ = run(capsys, "nik", "1671045708990001", "--json")
    data = json.loads(out)
    assert code == 0 and data["birth_date"] == "1999-08-17" and data["sex"] == "P"
    assert data["district_name"] == "Ilir Barat Satu"
    code, _, err = run(capsys, "nik", "1671045708990001", "--sex", "L")
    assert code == 2 and "Jenis kelamin tidak sesuai" in err
    code, out, _ = run(capsys, "nik", "12345", "--json")
    assert code == 2 and json.loads(out) == {"valid": False,
                                             "error": "NIK harus 16 digit, yang diisi 5 digit."}


def test_init_refuses_an_unknown_code_and_writes_nothing(capsys, tmp_path, monkeypatch):
    path = tmp_path / "baru.db"
    code, _, err = run(capsys, "init", "--kecamatan", "16.71.99", "--admin", "admin",
                       "--password-stdin", "--db", f"sqlite:///{path}")
    assert code == 2 and "'16.71.99' tidak dikenal" in err
    assert not path.exists()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("rahasia-123\n"))
    code, out, _ = run(capsys, "init", "--kecamatan", "16.71.07", "--admin", "Admin",
                       "--password-stdin", "--counters", "3", "--db", f"sqlite:///{path}")
    assert code == 0 and "Kecamatan Sukarami, Kota Palembang, 3 loket" in out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("rahasia-123\n"))
    code, _, err = run(capsys, "init", "--kecamatan", "16.71.07", "--admin", "lain",
                       "--password-stdin", "--db", f"sqlite:///{path}")
    assert code != 0 and "sudah" in err  # a second init never replaces the office


def test_ticket_issue_and_queue_status(capsys, db, tmp_path, monkeypatch):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "ticket", "issue", "--service",
                                        "B", "--priority", "--json", "--out",
                                        str(tmp_path / "t.pdf"), "--db", db.url))
    data = json.loads(out)
    assert code == 0 and data["number"] == "B-001" and data["waiting_ahead"] == 0
    assert {"id", "number", "service", "issued_at", "waiting_ahead"} <= set(data)
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "queue", "status", "--json", "--db", db.url)
    services = {s["prefix"]: s for s in json.loads(out)["services"]}
    assert services["B"]["waiting"] == 1
    # The camat reads reports; issuing tickets is a clerk's work.
    make_user(db, "camat", Role.CAMAT)
    code, _, err = run(capsys, *as_user(monkeypatch, "camat", "ticket", "issue", "--service",
                                        "B", "--out", str(tmp_path / "t2.pdf"), "--db", db.url))
    assert code == 1 and "tidak berwenang" in err


def test_slip_verify_print_and_applications_list(capsys, db, tmp_path, monkeypatch):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    now = dt.datetime(2019, 1, 9, 2, tzinfo=dt.UTC)
    result = rec.save_recording(db, clerk, recording("RUSAK"), now=now)
    token = slip_printout(db, result.application_id, load_signer(db)).token
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "slip", "verify", token,
                                        "--json", "--db", db.url))
    data = json.loads(out)
    assert code == 0 and data["number"] == result.slip_number
    assert data["status"] == "forwarded" and data["nik"] == "167104******0002"
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "slip", "verify", forged,
                                        "--json", "--db", db.url))
    assert code in (1, 2) and "palsu" in json.loads(out)["error"]
    # Against the database without a login: the answer would name the applicant.
    code, _, err = run(capsys, "slip", "verify", token, "--db", db.url)
    assert code == 2 and "memerlukan pengguna" in err
    keys = tmp_path / "kunci.json"
    assert run(capsys, *as_user(monkeypatch, "admin", "keys", "export", "--out", str(keys),
                                "--db", db.url))[0] == 0
    code, out, _ = run(capsys, "slip", "verify", token, "--keys", str(keys))
    assert code == 0 and f"SAH: tanda terima {result.slip_number}" in out
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "slip", "print",
                                        result.slip_number, "--out", str(tmp_path / "s.pdf"),
                                        "--db", db.url))
    assert code == 0 and (tmp_path / "s.pdf").exists()
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "applications", "list",
                                        "--date", "2019-01-09", "--json", "--db", db.url))
    apps = json.loads(out)
    assert [(a["slip_number"], a["case"], a["route"], a["status"]) for a in apps] == [
        (result.slip_number, "RUSAK", "FORWARD", "forwarded")]
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "applications", "list",
                                        "--status", "entah", "--db", db.url))
    assert code == 2 and "tidak dikenal" in err


def test_wilayah_import_needs_an_admin(capsys, db, tmp_path, monkeypatch):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    csv = tmp_path / "oku.csv"
    csv.write_text("code,level,name,parent_code\n16.09,kabupaten,OKU Timur,16\n", "utf-8")
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "wilayah", "import", str(csv),
                                        "--db", db.url))
    assert code == 1 and "tidak berwenang" in err
    code, out, _ = run(capsys, *as_user(monkeypatch, "admin", "wilayah", "import", str(csv),
                                        "--db", db.url))
    assert code == 0 and "1 wilayah baru" in out


def test_stock_batch_and_pickup_commands(capsys, db, tmp_path, monkeypatch):
    from counter_app.services import batches as b
    from counter_app.services import card_printing as cp
    from tests.helpers import card

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    cp.receive_blanko(db, kasi, 3, "Disdukcapil Kota Palembang", "BA/9")
    local_app = rec.save_recording(db, clerk, recording("BARU"))
    cp.record_printed(db, clerk, local_app.application_id, "BLK-1")
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "stock", "--json",
                                        "--db", db.url))
    data = json.loads(out)
    assert code == 0 and data["balance"] == 2
    assert [m["kind"] for m in data["movements"]] == ["received", "used"]

    other = card(nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900003", card=other))
    batch = b.create_batch(db, clerk)
    b.send_batch(db, clerk, batch.id, "Pak Joko")
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "batch", "list", "--json",
                                        "--db", db.url))
    listed = json.loads(out)
    assert listed["batches"][0]["number"] == batch.number and listed["pending"] == 0
    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "batch", "show", batch.number,
                                        "--db", db.url))
    assert code == 0 and "Pak Joko" in out and "Belum kembali" in out
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "batch", "print", batch.number,
                                        "--out", str(tmp_path / "sp.pdf"), "--db", db.url))
    assert code == 1 and "NIK lengkap" in err
    code, out, _ = run(capsys, *as_user(monkeypatch, "kasi", "batch", "print", batch.number,
                                        "--out", str(tmp_path / "sp.pdf"), "--db", db.url))
    assert code == 0 and (tmp_path / "sp.pdf").read_bytes().startswith(b"%PDF")

    code, out, _ = run(capsys, *as_user(monkeypatch, "petugas", "pickup",
                                        local_app.slip_number, "--receiver", "self", "--json",
                                        "--db", db.url))
    assert code == 0 and json.loads(out)["receiver_name"] == "Siti Aminah"
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "pickup",
                                        local_app.slip_number, "--receiver", "self",
                                        "--db", db.url))
    assert code == 1 and "sudah diserahkan" in err


def test_demo_report_and_day_close_commands(capsys, db, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "demo", "--date", "2019-01-10", "--days", "2", "--seed", "3",
                       "--db", db.url)
    assert code == 0 and "Kantor contoh Kecamatan Ilir Barat Satu: 2 hari kerja" in out
    # Adding days to an existing office is a change like any other: it needs an admin.
    code, _, err = run(capsys, "demo", "--date", "2019-01-11", "--days", "1", "--db", db.url)
    assert code == 2 and "memerlukan pengguna" in err

    def as_kasi(*argv):
        return as_user(monkeypatch, "kasi", *argv, "--db", db.url, password="demo1234")

    code, out, _ = run(capsys, *as_kasi("report", "daily", "--date", "2019-01-09", "--json"))
    data = json.loads(out)
    assert data["date"] == "2019-01-09" and data["queue"]["issued"] > 0
    # 09-01 was closed by the demo: its PDF is the archived one, byte for byte.
    from counter_app.services.day_close import archived_report

    code, _, _ = run(capsys, *as_kasi("report", "daily", "--date", "2019-01-09", "--out",
                                      str(tmp_path / "r.pdf"), "--xlsx",
                                      str(tmp_path / "r.xlsx")))
    assert (tmp_path / "r.pdf").read_bytes() == archived_report(db, None,
                                                                dt.date(2019, 1, 9))[0]
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    code, out, _ = run(capsys, *as_kasi("report", "range", "--from", "2019-01-09", "--to",
                                        "2019-01-10", "--json"))
    assert json.loads(out)["from"] == "2019-01-09" and len(json.loads(out)["days"]) == 2
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas1", "report", "daily", "--date",
                                        "2019-01-09", "--db", db.url, password="demo1234"))
    assert code == 1 and "tidak berwenang membaca laporan" in err
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas1", "day", "close", "--date",
                                        "2019-01-10", "--yes", "--db", db.url,
                                        password="demo1234"))
    assert code == 1 and "tidak berwenang" in err
    # The demo closed every past day (issue 13 review); reopen the last to close it here.
    from counter_app.services.day_close import closure_info

    assert closure_info(db, dt.date(2019, 1, 10)) is not None
    code, _, err = run(capsys, *as_kasi("day", "reopen", "--date", "2019-01-10", "--reason",
                                        "uji tutup layanan dari baris perintah"))
    assert code == 0, err
    code, _, err = run(capsys, *as_kasi("day", "close", "--date", "2019-01-10"))
    assert code == 2 and "--yes" in err
    code, out, _ = run(capsys, *as_kasi("day", "close", "--date", "2019-01-10", "--yes"))
    assert code == 0 and "ditutup oleh Rina Marlina" in out and "SHA-256" in out


# --- applications record (issue 10) ---------------------------------------------------

EXAMPLES = sorted((Path(__file__).parent.parent / "docs/examples/applications").glob("*.json"))


def test_every_readme_example_document_records(capsys, monkeypatch, db):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    assert len(EXAMPLES) == 9
    routes = {}
    for path in EXAMPLES:
        argv = as_user(monkeypatch, "petugas", "applications", "record", str(path), "--json",
                       "--db", db.url)
        code, out, err = run(capsys, *argv)
        assert code == 0, (path.name, err, out)
        data = json.loads(out)
        assert set(data) >= {"slip_number", "route", "status", "warnings",
                             "documents_missing"}
        routes[path.stem] = (data["route"], data["route_reason"], data["warnings"])
    assert routes["baru"][0] == "LOCAL"
    assert routes["baru-luar-domisili"][:2] == ("FORWARD", "luar domisili")
    assert routes["pindah-datang"][:2] == ("FORWARD", "pindah datang")
    assert routes["hilang-perubahan-data"][:2] == (
        "FORWARD", "penggantian KTP-el (hilang) dan perubahan elemen data")
    assert any("NIK tidak sesuai data" in w
               for w in routes["perubahan-data-tanggal-lahir"][2])
    with db.transaction() as s:
        entries = s.execute(select(AuditLog).where(
            AuditLog.kind == "application.record")).scalars().all()
        assert len(entries) == 9 and {e.username for e in entries} == {"petugas"}


def test_record_from_stdin_after_the_password_line(capsys, monkeypatch, db):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    doc = (Path(__file__).parent.parent / "docs/examples/applications/wna.json").read_text()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n" + doc))
    code, out, err = run(capsys, "applications", "record", "-", "--user", "petugas",
                         "--password-stdin", "--db", db.url)
    assert code == 0, err
    assert "dicetak di Disdukcapil (WNA pemegang KITAP)" in out and "FORWARD" not in out


def test_a_bad_document_is_refused_whole_with_every_problem(capsys, monkeypatch, db, tmp_path):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    doc = json.loads((Path(__file__).parent.parent
                      / "docs/examples/applications/baru.json").read_text())
    doc["case"] = "PERPANJANGAN"
    doc["card"]["tanggal_lahir"] = "17-08-1999"
    doc["documents"] = ["KK", "FOTOKOPI"]
    doc["hobi"] = "catur"
    del doc["kk"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, out, err = run(capsys, *as_user(monkeypatch, "petugas", "applications", "record",
                                          str(bad), "--json", "--db", db.url))
    assert code == 2
    problems = json.loads(out)["problems"]
    assert len(problems) == 4
    assert any("'kk' wajib ada" in p for p in problems)
    assert any("hobi" in p for p in problems)
    assert any(p.startswith("case:") for p in problems)
    assert any("card.tanggal_lahir" in p and "TTTT-BB-HH" in p for p in problems)
    # Rules of the wizard, after the schema: all listed, nothing saved.
    doc = json.loads((Path(__file__).parent.parent
                      / "docs/examples/applications/baru.json").read_text())
    doc["card"]["tanggal_lahir"] = "1999-08-18"
    doc["card"]["rt"] = "0"
    doc["documents"] = []
    bad.write_text(json.dumps(doc))
    code, out, err = run(capsys, *as_user(monkeypatch, "petugas", "applications", "record",
                                          str(bad), "--db", db.url))
    assert code == 2 and "tidak ada yang disimpan" in err
    assert "RT diisi" in err and "17-08-99" in err and "Kartu Keluarga (KK) belum" in err
    assert rec.list_applications(db) == []


def test_supervisor_approval_only_from_a_supervisor_running_the_command(capsys, monkeypatch,
                                                                          db, tmp_path):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    make_user(db, "kasi", Role.SUPERVISOR)
    doc = json.loads((Path(__file__).parent.parent
                      / "docs/examples/applications/hilang.json").read_text())
    doc["documents"] = ["KK"]
    doc["supervisor_approval"] = {"reason": "Surat kehilangan menyusul besok"}
    path = tmp_path / "approval.json"
    path.write_text(json.dumps(doc))
    code, _out, err = run(capsys, *as_user(monkeypatch, "petugas", "applications", "record",
                                           str(path), "--db", db.url))
    assert code == 1 and "supervisor" in err
    code, out, err = run(capsys, *as_user(monkeypatch, "kasi", "applications", "record",
                                          str(path), "--json", "--db", db.url))
    assert code == 0, err
    data = json.loads(out)
    assert data["documents_missing"] == [
        "Surat keterangan kehilangan dari kepolisian belum dicentang."]


def test_nik_with_a_year_of_two_centuries_names_both(capsys):
    from counter_app.domain.clock import local, utc_now

    year = local(utc_now()).date().year - 1  # born 2 January last year, or a century before
    nik = f"1671040201{year % 100:02d}0001"
    code, out, _err = run(capsys, "nik", nik)
    assert code == 0
    assert f"02-01-{year} (" in out and f"02-01-{year - 100} (" in out and "atau" in out
    code, out, _err = run(capsys, "nik", nik, "--json")
    assert json.loads(out)["birth_dates"] == [f"{year}-01-02", f"{year - 100}-01-02"]
    code, out, _err = run(capsys, "nik", nik, "--birth-date", f"{year - 100}-01-02")
    assert str(year - 100) in out and "atau" not in out


def test_a_mistyped_database_path_is_refused_and_nothing_is_created(capsys, tmp_path):
    missing = tmp_path / "salah-ketik" / "kantor.db"
    code, out, err = run(capsys, "queue", "status", "--db", f"sqlite:///{missing}")
    assert code == 2 and "tidak ada" in err and out == ""
    assert not missing.parent.exists()
    long_name = tmp_path / ("a" * 300)
    code, _, err = run(capsys, "queue", "status", "--db", f"sqlite:///{long_name}")
    assert code == 2 and "nama terlalu panjang" in err
    notes = tmp_path / "catatan.txt"
    notes.write_text("x", "utf-8")
    code, _, err = run(capsys, "queue", "status", "--db", f"sqlite:///{notes}/kantor.db")
    assert code == 2 and "tidak ada" in err
    # The public region search answers from the built-in list, creating nothing.
    code, out, _ = run(capsys, "wilayah", "cari", "35 ilir", "--db", f"sqlite:///{missing}")
    assert code == 0 and "Tiga-puluh-lima Ilir" in out and not missing.parent.exists()


def test_the_gui_refuses_a_bad_database_url_before_any_window(capsys):
    code, _, err = run(capsys, "gui", "--db", "foo://x")
    assert code == 2 and "tidak didukung" in err


def test_a_json_document_nested_too_deep_is_one_line(capsys, db, monkeypatch, tmp_path):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    deep = tmp_path / "dalam.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "applications", "record",
                                        str(deep), "--db", db.url))
    assert code == 2 and "bersarang terlalu dalam" in err


def test_demo_never_runs_into_a_real_office_of_the_same_kecamatan(capsys, db, monkeypatch):
    make_office(db)  # a real Ilir Barat Satu office (16.71.04, like the demo)
    code, _, err = run(capsys, *as_user(monkeypatch, "admin", "demo", "--days", "1",
                                        "--db", db.url))
    assert code == 2 and "kantor sungguhan" in err


def test_closing_a_closed_day_is_refused_with_exit_1_and_a_clerk_hears_why(capsys, db,
                                                                         monkeypatch):
    code, _, _ = run(capsys, "demo", "--date", "2019-01-10", "--days", "2", "--seed", "3",
                     "--db", db.url)
    assert code == 0
    code, _, err = run(capsys, *as_user(monkeypatch, "kasi", "day", "close", "--date",
                                        "2019-01-09", "--yes", "--db", db.url,
                                        password="demo1234"))
    assert code == 1 and "sudah ditutup" in err
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas1", "day", "close", "--date",
                                        "2019-01-10", "--yes", "--db", db.url,
                                        password="demo1234"))
    assert code == 1 and "tidak berwenang menutup layanan harian" in err
