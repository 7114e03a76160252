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
    result = fill_demo(db, last, days=2, seed=11, today=last)
    assert result.days == [dt.date(2019, 1, 9), last]
    # The first day is closed; the last one is today, left open as a working day.
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
    fill_demo(other, last, days=2, seed=11, today=last)
    again = compute_report(other, None, dt.date(2019, 1, 9), last)
    strip = lambda rep: {k: v for k, v in rep.as_json().items()}  # noqa: E731
    assert strip(again) == strip(report)
    other.dispose()


def test_a_demo_made_on_a_weekend_closes_every_past_day(db):
    friday, sunday = dt.date(2019, 1, 11), dt.date(2019, 1, 13)
    result = fill_demo(db, sunday, days=2, seed=3, arrivals=(3, 5), today=sunday)
    assert result.days == [dt.date(2019, 1, 10), friday]
    assert all(closure_info(db, day) is not None for day in result.days)


def test_the_demo_calendar_skips_public_holidays():
    # Christmas 2026 is a Friday and 24 December is cuti bersama: the three working
    # days up to Monday 28 December are 22, 23 and 28 December.
    assert working_days(dt.date(2026, 12, 28), 3) == [
        dt.date(2026, 12, 22), dt.date(2026, 12, 23), dt.date(2026, 12, 28)]
    # Idul Fitri 2019 (5-6 June) and its cuti bersama (3-4 and 7 June).
    assert working_days(dt.date(2019, 6, 10), 2) == [dt.date(2019, 5, 31),
                                                      dt.date(2019, 6, 10)]


def test_the_demo_kasi_and_camat_sign_with_nip_and_jabatan(db):
    import io

    from pypdf import PdfReader

    from counter_app.services.day_close import archived_report
    from counter_app.services.users import list_users

    fill_demo(db, dt.date(2019, 1, 10), days=1, seed=1, arrivals=(3, 5))
    admin = authenticate(db, "admin", DEMO_PASSWORD)
    people = {u.username: u for u in list_users(db, admin)}
    assert (people["kasi"].nip, people["kasi"].jabatan) == (
        "198205142008012003", "Kepala Seksi Pelayanan")
    assert (people["camat"].nip, people["camat"].jabatan) == (
        "197001011990031001", "Camat Ilir Barat Satu")
    kasi = authenticate(db, "kasi", DEMO_PASSWORD)
    pdf, _digest = archived_report(db, kasi, dt.date(2019, 1, 10))  # closed by the kasi
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert "NIP. -" not in text and "NIP. 198205142008012003" in text
    assert "Kepala Seksi Pelayanan" in text and "NIP. 197001011990031001" in text


def test_the_camat_first_sees_the_latest_day_with_service_closed_or_not(db):
    """Issue 13 review: Friday left open, viewed on Sunday: Friday, not Thursday."""
    from counter_app.services.day_close import first_report_day

    thursday, friday, sunday = dt.date(2019, 1, 10), dt.date(2019, 1, 11), dt.date(2019, 1, 13)
    fill_demo(db, friday, days=2, seed=3, arrivals=(3, 5), today=friday)  # Friday not closed
    assert closure_info(db, thursday) is not None and closure_info(db, friday) is None
    first = first_report_day(db, sunday)
    assert (first.day, first.closed) == (friday, False)
    assert first.note == ("Hari ini belum ada layanan; ditampilkan laporan Jumat, 11 Januari "
                          "2019 (belum ditutup).")
    # On the day itself there is nothing to explain; before the demo, today is shown.
    assert first_report_day(db, friday).note == ""
    assert first_report_day(db, dt.date(2018, 1, 1)).day == dt.date(2018, 1, 1)
