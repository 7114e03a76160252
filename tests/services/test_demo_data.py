import datetime as dt

from counter_app.db import open_database
from counter_app.services.birthdays import birthday_list, this_week
from counter_app.services.day_close import closure_info
from counter_app.services.demo import DEMO_PASSWORD
from counter_app.services.demo_data import fill_demo, working_days
from counter_app.services.rejections import rejected_applications
from counter_app.services.reports import compute_report
from counter_app.services.uncollected import uncollected_cards
from counter_app.services.users import authenticate


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
    # Issue 11: PRR walk-ins, one misprint, one rejection, uncollected cards and 17th
    # birthdays this week, each counted where the office reads it.
    assert r.by_case["PRR"] >= 2                        # a PRR walk-in each day
    assert report.printing.spoiled >= 1
    assert any("salah cetak" in line["reason"] for line in report.spoiled_list)
    kasi = authenticate(db, "kasi", DEMO_PASSWORD)
    rejected = rejected_applications(db)
    assert len(rejected) == 1 and "Dokumen kurang" in rejected[0].status_text
    assert rejected[0].day < dt.date(2018, 12, 1)       # recorded weeks before the demo
    recap = compute_report(db, None, dt.date(2018, 9, 1), last)
    assert recap.forwarding.items_rejected == 1
    daily = compute_report(db, None, last, last)
    assert daily.pickups.pending_by_age[">30"] >= 3     # the uncollected cards
    cards = uncollected_cards(db, kasi, last)
    assert len(cards) == 3 and all(c.days_waiting > 30 for c in cards)
    assert [c.archivable for c in cards].count(True) == 1  # one waiting over 90 days
    assert cards[0].archivable and "tidak diangkat" in cards[0].last_contact
    week = birthday_list(db, kasi, *this_week(last), today=last)
    assert len(week) == 2 and week[0].birthday == last and week[0].printable
    assert not week[1].printable and week[1].phone
    assert week[0].contacted and not week[1].contacted
    # Same seed, same figures, in a second database.
    other = open_database(f"sqlite:///{tmp_path / 'lagi.db'}")
    fill_demo(other, last, days=2, seed=11)
    again = compute_report(other, None, dt.date(2019, 1, 9), last)
    strip = lambda rep: {k: v for k, v in rep.as_json().items()}  # noqa: E731
    assert strip(again) == strip(report)
    other.dispose()
