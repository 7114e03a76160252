import datetime as dt

from counter_app.db import open_database
from counter_app.services.day_close import closure_info
from counter_app.services.demo_data import fill_demo, working_days
from counter_app.services.reports import compute_report


def test_working_days_skip_weekends():
    assert working_days(dt.date(2019, 1, 14), 3) == [dt.date(2019, 1, 10),
                                                     dt.date(2019, 1, 11),
                                                     dt.date(2019, 1, 14)]


def test_demo_is_realistic_and_the_same_seed_gives_the_same_data(tmp_path, db):
    last = dt.date(2019, 1, 10)
    result = fill_demo(db, last, days=2, seed=11)
    assert result.days == [dt.date(2019, 1, 9), last]
    # The first day is closed, the last one left open for a working day on screen.
    assert closure_info(db, dt.date(2019, 1, 9)) is not None
    assert closure_info(db, last) is None
    report = compute_report(db, None, dt.date(2019, 1, 9), last)
    q, r = report.queue, report.recordings
    assert q.issued >= 80 and q.served > q.issued // 2 and q.no_show >= 1
    assert r.by_case["BARU"] > r.total // 2            # mostly first-time applicants
    assert r.by_case["HILANG"] + r.by_case["RUSAK"] >= 1
    # The cases a real counter meets (issue 10) show up as they do in a real week.
    assert r.by_case["HILANG+PERUBAHAN_DATA"] + r.by_case["RUSAK+PERUBAHAN_DATA"] >= 1
    assert r.outside_domicile >= 1 and r.nik_mismatch >= 1 and report.ikd.total >= 1
    assert r.outside_domicile < r.total // 4 and report.ikd.total < q.issued // 5
    assert report.printing.printed >= 1 and report.pickups.handed_over >= 0
    morning = sum(h.arrivals for h in report.hourly if h.hour < 11)
    assert morning > q.issued / 2                      # the morning peak
    assert report.forwarding.batches >= 1
    # Same seed, same figures, in a second database.
    other = open_database(f"sqlite:///{tmp_path / 'lagi.db'}")
    fill_demo(other, last, days=2, seed=11)
    again = compute_report(other, None, dt.date(2019, 1, 9), last)
    strip = lambda rep: {k: v for k, v in rep.as_json().items()}  # noqa: E731
    assert strip(again) == strip(report)
    other.dispose()
