"""`counter-app day reopen` and `day superseded` (issue 18 / 13: reopening a closed day)."""

import datetime as dt
import json

from counter_app.cli import main
from counter_app.services.day_close import archived_report, is_closed
from counter_app.services.demo_data import fill_demo
from tests.helpers import as_user


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_supervisor_reopens_a_day_from_the_command_line(capsys, db, tmp_path, monkeypatch):
    fill_demo(db, dt.date(2019, 1, 10), days=2, seed=3, arrivals=(3, 5))
    day = dt.date(2019, 1, 9)
    pdf = archived_report(db, None, day)[0]

    def as_(user, *argv):
        return as_user(monkeypatch, user, *argv, "--db", db.url, password="demo1234")

    code, _, err = run(capsys, *as_("petugas1", "day", "reopen", "--date", "2019-01-09",
                                    "--reason", "salah catat blanko"))
    assert code == 1 and "tidak berwenang" in err
    code, _, err = run(capsys, *as_("kasi", "day", "reopen", "--date", "2019-01-09",
                                    "--reason", "ab 12"))
    assert code != 0 and "minimal 5 huruf" in err
    assert is_closed(db, day)
    code, out, _ = run(capsys, *as_("kasi", "day", "reopen", "--date", "2019-01-09",
                                    "--reason", "salah catat blanko", "--json"))
    assert code == 0 and json.loads(out)["reason"] == "salah catat blanko"
    assert not is_closed(db, day)
    code, out, _ = run(capsys, *as_("camat", "day", "superseded", "--date", "2019-01-09",
                                    "--out", str(tmp_path / "lama.pdf")))
    assert code == 0 and "dibuka kembali" in out and "salah catat blanko" in out
    assert (tmp_path / "lama.pdf").read_bytes() == pdf
    code, _, err = run(capsys, *as_("kasi", "day", "reopen", "--date", "2019-01-09",
                                    "--reason", "sekali lagi dibuka"))
    assert code == 1 and "belum ditutup" in err
