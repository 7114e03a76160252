"""The command line, run as a user would (in-process through main())."""

import datetime as dt
import json

import pytest

from counter_app.cli import main
from counter_app.domain.roles import Role
from counter_app.services import recording as rec
from counter_app.services.keys import load_signer
from counter_app.services.slip_printing import slip_printout
from tests.helpers import PASSWORD, make_office, make_user, recording


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("init", "nik", "kk", "wilayah", "ticket", "queue", "kiosk", "display",
                    "slip", "keys", "applications"):
        assert command in out


def test_nik_command(capsys):
    code, out, _ = run(capsys, "nik", "1671045708990001", "--json")
    data = json.loads(out)
    assert code == 0 and data["birth_date"] == "1999-08-17" and data["sex"] == "P"
    assert data["district_name"] == "Ilir Barat Satu"
    code, _, err = run(capsys, "nik", "1671045708990001", "--sex", "L")
    assert code == 1 and "Jenis kelamin tidak sesuai" in err
    code, out, _ = run(capsys, "nik", "12345", "--json")
    assert code == 1 and json.loads(out) == {"valid": False,
                                             "error": "NIK harus 16 digit, yang diisi 5 digit."}


def test_init_refuses_an_unknown_code_and_writes_nothing(capsys, tmp_path, monkeypatch):
    path = tmp_path / "baru.db"
    code, _, err = run(capsys, "init", "--kecamatan", "16.71.99", "--admin", "admin",
                       "--password-stdin", "--db", f"sqlite:///{path}")
    assert code == 1 and "'16.71.99' tidak dikenal" in err
    assert not path.exists()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("rahasia-123\n"))
    code, out, _ = run(capsys, "init", "--kecamatan", "16.71.07", "--admin", "Admin",
                       "--password-stdin", "--counters", "3", "--db", f"sqlite:///{path}")
    assert code == 0 and "Kecamatan Sukarami, Kota Palembang, 3 loket" in out


def test_ticket_issue_and_queue_status(capsys, db, tmp_path):
    make_office(db)
    code, out, _ = run(capsys, "ticket", "issue", "--service", "B", "--priority", "--json",
                       "--out", str(tmp_path / "t.pdf"), "--db", db.url)
    data = json.loads(out)
    assert code == 0 and data["number"] == "B-001" and data["waiting_ahead"] == 0
    assert {"id", "number", "service", "issued_at", "waiting_ahead"} <= set(data)
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = run(capsys, "queue", "status", "--json", "--db", db.url)
    services = {s["prefix"]: s for s in json.loads(out)["services"]}
    assert services["B"]["waiting"] == 1


def test_slip_verify_print_and_applications_list(capsys, db, tmp_path):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    now = dt.datetime(2019, 1, 9, 2, tzinfo=dt.UTC)
    result = rec.save_recording(db, clerk, recording("RUSAK"), now=now)
    token = slip_printout(db, result.application_id, load_signer(db)).token
    code, out, _ = run(capsys, "slip", "verify", token, "--json", "--db", db.url)
    data = json.loads(out)
    assert code == 0 and data["number"] == result.slip_number
    assert data["status"] == "forwarded" and data["nik"] == "167104******0002"
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    code, out, _ = run(capsys, "slip", "verify", forged, "--json", "--db", db.url)
    assert code == 1 and "palsu" in json.loads(out)["error"]
    keys = tmp_path / "kunci.json"
    assert run(capsys, "keys", "export", "--out", str(keys), "--db", db.url)[0] == 0
    code, out, _ = run(capsys, "slip", "verify", token, "--keys", str(keys))
    assert code == 0 and f"SAH: tanda terima {result.slip_number}" in out
    code, out, _ = run(capsys, "slip", "print", result.slip_number, "--out",
                       str(tmp_path / "s.pdf"), "--db", db.url)
    assert code == 0 and (tmp_path / "s.pdf").exists()
    code, out, _ = run(capsys, "applications", "list", "--date", "2019-01-09", "--json",
                       "--db", db.url)
    apps = json.loads(out)
    assert [(a["slip_number"], a["case"], a["route"], a["status"]) for a in apps] == [
        (result.slip_number, "RUSAK", "FORWARD", "forwarded")]
    code, _, err = run(capsys, "applications", "list", "--status", "entah", "--db", db.url)
    assert code == 1 and "tidak dikenal" in err


def test_wilayah_import_needs_an_admin(capsys, db, tmp_path, monkeypatch):
    import io

    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    csv = tmp_path / "oku.csv"
    csv.write_text("code,level,name,parent_code\n16.09,kabupaten,OKU Timur,16\n", "utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = run(capsys, "wilayah", "import", str(csv), "--user", "petugas",
                       "--password-stdin", "--db", db.url)
    assert code == 1 and "tidak berwenang" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, _ = run(capsys, "wilayah", "import", str(csv), "--user", "admin",
                       "--password-stdin", "--db", db.url)
    assert code == 0 and "1 wilayah baru" in out


def test_stock_batch_and_pickup_commands(capsys, db, tmp_path, monkeypatch):
    import io

    from counter_app.services import batches as b
    from counter_app.services import card_printing as cp

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    cp.receive_blanko(db, kasi, 3, "Disdukcapil Kota Palembang", "BA/9")
    local_app = rec.save_recording(db, clerk, recording("BARU"))
    cp.record_printed(db, clerk, local_app.application_id, "BLK-1")
    code, out, _ = run(capsys, "stock", "--json", "--db", db.url)
    data = json.loads(out)
    assert code == 0 and data["balance"] == 2
    assert [m["kind"] for m in data["movements"]] == ["received", "used"]

    from tests.helpers import card

    other = card(nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900003", card=other))
    batch = b.create_batch(db, clerk)
    b.send_batch(db, clerk, batch.id, "Pak Joko")
    code, out, _ = run(capsys, "batch", "list", "--json", "--db", db.url)
    listed = json.loads(out)
    assert listed["batches"][0]["number"] == batch.number and listed["pending"] == 0
    code, out, _ = run(capsys, "batch", "show", batch.number, "--db", db.url)
    assert code == 0 and "Pak Joko" in out and "Belum kembali" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = run(capsys, "batch", "print", batch.number, "--out",
                       str(tmp_path / "sp.pdf"), "--user", "petugas", "--password-stdin",
                       "--db", db.url)
    assert code == 1 and "NIK lengkap" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, _ = run(capsys, "batch", "print", batch.number, "--out",
                       str(tmp_path / "sp.pdf"), "--user", "kasi", "--password-stdin",
                       "--db", db.url)
    assert code == 0 and (tmp_path / "sp.pdf").read_bytes().startswith(b"%PDF")

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, out, _ = run(capsys, "pickup", local_app.slip_number, "--receiver", "self",
                       "--user", "petugas", "--password-stdin", "--json", "--db", db.url)
    assert code == 0 and json.loads(out)["receiver_name"] == "Siti Aminah"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code, _, err = run(capsys, "pickup", local_app.slip_number, "--receiver", "self",
                       "--user", "petugas", "--password-stdin", "--db", db.url)
    assert code == 1 and "sudah diserahkan" in err


def test_demo_report_and_day_close_commands(capsys, db, tmp_path, monkeypatch):
    import io

    code, out, _ = run(capsys, "demo", "--date", "2019-01-10", "--days", "2", "--seed", "3",
                       "--db", db.url)
    assert code == 0 and "Kantor contoh Kecamatan Ilir Barat Satu: 2 hari kerja" in out
    code, out, _ = run(capsys, "report", "daily", "--date", "2019-01-09", "--json",
                       "--db", db.url)
    data = json.loads(out)
    assert data["date"] == "2019-01-09" and data["queue"]["issued"] > 0
    # 09-01 was closed by the demo: its PDF is the archived one, byte for byte.
    from counter_app.services.day_close import archived_report

    code, _, _ = run(capsys, "report", "daily", "--date", "2019-01-09", "--out",
                     str(tmp_path / "r.pdf"), "--xlsx", str(tmp_path / "r.xlsx"),
                     "--db", db.url)
    assert (tmp_path / "r.pdf").read_bytes() == archived_report(db, None,
                                                                dt.date(2019, 1, 9))[0]
    assert (tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"
    code, out, _ = run(capsys, "report", "range", "--from", "2019-01-09", "--to",
                       "2019-01-10", "--json", "--db", db.url)
    assert json.loads(out)["from"] == "2019-01-09" and len(json.loads(out)["days"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code, _, err = run(capsys, "day", "close", "--date", "2019-01-10", "--user", "petugas1",
                       "--password-stdin", "--yes", "--db", db.url)
    assert code == 1 and "tidak berwenang" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code, _, err = run(capsys, "day", "close", "--date", "2019-01-10", "--user", "kasi",
                       "--password-stdin", "--db", db.url)
    assert code == 1 and "--yes" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("demo1234\n"))
    code, out, _ = run(capsys, "day", "close", "--date", "2019-01-10", "--user", "kasi",
                       "--password-stdin", "--yes", "--db", db.url)
    assert code == 0 and "ditutup oleh Rina Marlina" in out and "SHA-256" in out
