"""``counter-app outreach ...``: pair, join, event, export, preview, import, confirm, sync."""

from __future__ import annotations

import io
import json
import os

import pytest

from counter_app.cli import main
from counter_app.domain.roles import Role
from counter_app.services import recording as rec
from tests.helpers import PASSWORD, make_office, make_user, recording
from tests.services.outreach_support import nik_for


def run(capsys, monkeypatch, *argv, password=PASSWORD):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_laptop_round_trip_on_the_command_line(db, tmp_path, capsys, monkeypatch):
    import dataclasses

    from counter_app.db import open_database
    from counter_app.domain.clock import utc_now
    from counter_app.services.users import authenticate
    from tests.helpers import card

    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    make_user(db, "petugas", Role.OPERATOR)
    office_key = tmp_path / "kantor" / "box.pem"
    monkeypatch.setenv("COUNTER_APP_OUTREACH_KEY_FILE", str(office_key))
    pairing = tmp_path / "pasang.json"
    code, out, err = run(capsys, monkeypatch, "outreach", "pair", "--db", db.url, "--name",
                         "Laptop Jemput Bola 1", "--team", "petugas", "--out", str(pairing),
                         "--user", "kasi", "--password-stdin")
    assert code == 0, err
    assert "Laptop L01" in out and oct(os.stat(pairing).st_mode & 0o777) == "0o600"
    # A clerk may not pair.
    code, _out, err = run(capsys, monkeypatch, "outreach", "pair", "--db", db.url, "--name",
                          "Laptop Dua", "--out", str(tmp_path / "x.json"), "--user",
                          "petugas", "--password-stdin")
    assert code == 1 and "tidak berwenang" in err

    laptop_url = f"sqlite:///{tmp_path / 'laptop.db'}"
    code, out, err = run(capsys, monkeypatch, "outreach", "join", str(pairing), "--db",
                         laptop_url)
    assert code == 0, err
    code, _out, err = run(capsys, monkeypatch, "outreach", "join", str(pairing), "--db",
                          laptop_url)
    assert code == 1 and "sudah dipasangkan" in err
    code, out, err = run(capsys, monkeypatch, "outreach", "event", "--db", laptop_url,
                         "--name", "SMA Negeri 6", "--kind", "sekolah", "--place",
                         "Jl. Sersan Sani", "--team", "Petugas", "--user", "petugas",
                         "--password-stdin")
    assert code == 0, err
    laptop = open_database(laptop_url)
    clerk = authenticate(laptop, "petugas", PASSWORD)
    event_id = json.loads((tmp_path / "pc.json").read_text())["outreach_event_id"]
    nik, born = nik_for(5)
    rec.save_recording(laptop, clerk, dataclasses.replace(
        recording("BARU"), nik=nik, outreach_event_id=event_id,
        card=card(nama="Pemohon Cli", tanggal_lahir=born, jenis_kelamin="L")), now=utc_now())
    laptop.dispose()

    packet = tmp_path / "paket.ktpjb"
    code, out, err = run(capsys, monkeypatch, "outreach", "export", "--db", laptop_url,
                         "--out", str(packet), "--json", "--user", "petugas",
                         "--password-stdin")
    assert code == 0, err
    assert json.loads(out)["recordings"] == 1
    code, out, err = run(capsys, monkeypatch, "outreach", "import", str(packet), "--preview",
                         "--json", "--db", db.url, "--user", "kasi", "--password-stdin")
    assert code == 0, err
    assert json.loads(out)["new"] == 1 and rec.list_applications(db) == []
    cut = tmp_path / "terpotong.ktpjb"
    cut.write_bytes(packet.read_bytes()[:-1])
    code, _out, err = run(capsys, monkeypatch, "outreach", "import", str(cut), "--db",
                          db.url, "--user", "kasi", "--password-stdin")
    assert code == 2 and "terpotong" in err and rec.list_applications(db) == []
    code, out, err = run(capsys, monkeypatch, "outreach", "import", str(packet), "--db",
                         db.url, "--user", "kasi", "--password-stdin")
    assert code == 0, err
    assert "1 baru" in out
    assert [a.slip_number[:11] for a in rec.list_applications(db)] == ["167104-L01-"]
    confirmation = tmp_path / "paket.ktpjb.konfirmasi.json"
    code, out, err = run(capsys, monkeypatch, "outreach", "confirm", str(confirmation),
                         "--db", laptop_url, "--json", "--user", "petugas",
                         "--password-stdin")
    assert code == 0, err
    assert json.loads(out)["purged"] == 1
    code, out, err = run(capsys, monkeypatch, "outreach", "status", "--db", laptop_url,
                         "--json")
    assert json.loads(out)["waiting"] == 0 and json.loads(out)["purged"] == 1
    code, out, err = run(capsys, monkeypatch, "outreach", "sync", "--db", db.url,
                         "--laptop-db", laptop_url, "--user", "petugas", "--password-stdin",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["sent_sequence"] is None
    code, out, err = run(capsys, monkeypatch, "outreach", "unpair", "L01", "--db", db.url,
                         "--user", "kasi", "--password-stdin")
    assert code == 0 and "dicabut" in out


@pytest.mark.parametrize("argv", [["outreach", "import", "--db", "sqlite:///x.db", "--user",
                                   "kasi", "--password-stdin"]])
def test_import_needs_a_file_or_the_inbox(db, capsys, monkeypatch, argv):
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    argv = [a if a != "sqlite:///x.db" else db.url for a in argv]
    code, _out, err = run(capsys, monkeypatch, *argv)
    assert code == 2 and "BERKAS paket atau --inbox" in err


def test_sync_asks_who_is_acting_on_the_laptop(db, capsys, monkeypatch):
    make_office(db)
    code, out, err = run(capsys, monkeypatch, "outreach", "sync", "--db", db.url)
    assert code == 2 and "memerlukan pengguna laptop" in err and out == ""
