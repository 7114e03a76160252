"""`counter-app coverage import|status|targets`, run as a user would."""

import datetime as dt
import json

from openpyxl import load_workbook

from counter_app.cli import main
from counter_app.domain.roles import Role
from counter_app.services import recording as rec
from tests.helpers import as_user, make_office, make_user, recording
from tests.services.test_coverage import BAYU, CICI, DEDI, RUDI, SITI, csv_bytes


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_status_and_targets(capsys, monkeypatch, db, tmp_path):
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    # Everybody's age is taken on the real today, so the list is built around it.
    today = dt.date.today()
    rows = csv_bytes(SITI, RUDI, BAYU, CICI, DEDI)
    path = tmp_path / "penduduk.csv"
    path.write_bytes(rows)
    code, out, err = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "import",
                                          str(path), "--db", db.url))
    assert code == 0, err
    assert "Diimpor 5 penduduk." in out and "Wajib KTP-el 5, sudah rekam 0" in out

    rec.save_recording(db, clerk, recording("BARU"))  # Siti, today
    code, out, _ = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "status", "--json",
                                        "--db", db.url))
    data = json.loads(out)
    assert code == 0 and (data["total"], data["recorded"], data["percent_recorded"]) == \
        (5, 1, 20.0)
    assert {r["code"]: r["recorded"] for r in data["by_kelurahan"]}["16.71.04.1001"] == 1

    code, out, _ = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "targets", "--kind",
                                        "belum-rekam", "--json", "--db", db.url))
    names = [t["nama"] for t in json.loads(out)]
    assert code == 0 and "Siti Aminah" not in names and "Rudi Hartono" in names
    assert all("******" in t["nik"] for t in json.loads(out))

    sheet = tmp_path / "sasaran.xlsx"
    code, out, _ = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "targets", "--kind",
                                        "belum-rekam", "--before", (today + dt.timedelta(
                                            days=1)).isoformat(), "--xlsx", str(sheet),
                                        "--db", db.url))
    assert code == 0 and f"Ditulis: {sheet}" in out
    assert load_workbook(sheet)["Sasaran"]["B3"].value in names


def test_a_bad_file_names_every_bad_line_and_a_clerk_may_not_import(capsys, monkeypatch, db,
                                                                    tmp_path):
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    make_user(db, "petugas", Role.OPERATOR)
    path = tmp_path / "penduduk.csv"
    bad = [RUDI.replace("Bukit Lama", f"Desa {n}") for n in range(250)]
    path.write_bytes(csv_bytes(SITI, *bad))
    code, out, err = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "import",
                                          str(path), "--db", db.url))
    assert code == 2 and out == ""
    # Every bad line, beyond the 200 a screen message shows.
    assert "baris 252: kelurahan 'Desa 249'" in err and "251 baris salah" not in err
    assert err.count("bukan kelurahan kecamatan ini") == 250
    code, _, err = run(capsys, *as_user(monkeypatch, "petugas", "coverage", "import",
                                        str(path), "--db", db.url))
    assert code == 1 and "tidak berwenang" in err


def test_a_kelurahan_filter_is_trimmed_and_never_empty(capsys, monkeypatch, db, tmp_path):
    make_office(db)
    make_user(db, "kasi", Role.SUPERVISOR)
    path = tmp_path / "penduduk.csv"
    path.write_bytes(csv_bytes(SITI, RUDI))
    assert run(capsys, *as_user(monkeypatch, "kasi", "coverage", "import", str(path),
                                "--db", db.url))[0] == 0
    code, out, err = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "targets",
                                          "--kind", "belum-rekam", "--kelurahan",
                                          " 16.71.04.1001 ", "--json", "--db", db.url))
    assert code == 0, err
    names = [t["nama"] for t in json.loads(out)]
    assert "Rudi Hartono" in names  # he lives in Bukit Lama (16.71.04.1001)
    code, _, err = run(capsys, *as_user(monkeypatch, "kasi", "coverage", "targets", "--kind",
                                        "belum-rekam", "--kelurahan", "  ", "--db", db.url))
    assert code == 2 and "perlu kode kelurahan" in err
