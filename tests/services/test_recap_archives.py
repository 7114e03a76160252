"""Range recaps from the closed days' archived figures, and reopening a closed day.

The property: whatever the office did, whichever days are closed, reopened, closed
again or changed late, a recap built from the archives says exactly what the tables
say, field by field. Runs on SQLite and, with COUNTER_APP_TEST_DATABASE_URL, on
PostgreSQL.
"""

import contextlib
import datetime as dt
import hashlib
import io
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import create_engine, select, text

from counter_app.db import open_database
from counter_app.domain.errors import NotAllowed, NotFound, ValidationError
from counter_app.models import AuditLog, DayClosure
from counter_app.printing.daily_report import report_pdf
from counter_app.printing.report_xlsx import report_xlsx
from counter_app.services import queue as q
from counter_app.services.day_close import (
    archived_report,
    close_day,
    is_closed,
    letterhead,
    reopen_day,
    superseded_report_pdf,
    superseded_reports,
    unlock_day,
)
from counter_app.services.demo_data import fill_demo, working_days
from counter_app.services.reports import archived_tallies, compute_report
from counter_app.services.users import authenticate
from tests.conftest import PG_URL
from tests.services.test_reports import render_pages


@contextlib.contextmanager
def fresh_database(folder):
    """An empty database of its own (an SQLite file, or a PostgreSQL schema)."""
    if not PG_URL:
        db = open_database(f"sqlite:///{folder / f'{uuid.uuid4().hex}.db'}")
        try:
            yield db
        finally:
            db.dispose()
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    db = open_database(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def at(day, hour, minute=0):
    """WIB clock time on ``day`` as UTC."""
    return dt.datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=dt.UTC)


def both_ways(db, start, end):
    """The recap from archives and from the tables, as the JSON a user gets."""
    return (compute_report(db, None, start, end).as_json(),
            compute_report(db, None, start, end, from_archives=False).as_json())


@st.composite
def offices(draw):
    """A small demo office: its days (often across a month's end) and what happened later."""
    month = draw(st.integers(1, 12))
    last = dt.date(2019, month, 1) + dt.timedelta(days=draw(st.integers(0, 6)))
    return {
        "seed": draw(st.integers(0, 10_000)), "last": last, "days": draw(st.integers(2, 4)),
        # Per closed day: nothing, reopened (+ a ticket), reopened and closed again, or a
        # late change during the 30-minute unlock.
        "fate": draw(st.lists(st.sampled_from(["keep", "reopen", "reclose", "late"]),
                              min_size=3, max_size=3)),
        "ranges": draw(st.lists(st.tuples(st.integers(-3, 12), st.integers(0, 14)),
                                min_size=3, max_size=6)),
    }


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(office=offices())
def test_figures_from_archives_equal_figures_from_the_tables(tmp_path, office):
    with fresh_database(tmp_path) as db:
        made = fill_demo(db, office["last"], days=office["days"], seed=office["seed"],
                         arrivals=(2, 4),  # the last working day is "today": open
                         today=working_days(office["last"], 1)[0])
        kasi = authenticate(db, "kasi", "demo1234")
        closed = [d for d in made.days if is_closed(db, d)]
        kept = []
        for day, fate in zip(closed, office["fate"], strict=False):
            if fate == "keep":
                kept.append(day)
            elif fate == "late":
                unlock_day(db, kasi, day, "pemohon susulan", now=at(day, 16, 15))
                q.issue_ticket(db, "A", now=at(day, 16, 20))
            else:
                reopen_day(db, kasi, day, "salah hitung stok", now=at(day, 16, 10))
                q.issue_ticket(db, "B", now=at(day, 16, 20))
                if fate == "reclose":
                    close_day(db, kasi, day, now=at(day, 16, 40))
                    kept.append(day)
        first = made.days[0]
        with db.transaction() as session:
            archived = set(archived_tallies(session, first, made.days[-1]))
        assert archived == set(kept)  # late changes and reopens invalidated the others
        for offset, length in office["ranges"]:
            start = first + dt.timedelta(days=offset)
            from_archives, from_tables = both_ways(db, start, start + dt.timedelta(days=length))
            assert from_archives == from_tables
        whole, tables = both_ways(db, first - dt.timedelta(days=1), made.days[-1])
        assert whole == tables
        assert whole["queue"]["issued"] >= made.tickets  # the day's real activity is in it


@pytest.fixture
def demo(db):
    fill_demo(db, dt.date(2019, 2, 1), days=3, seed=7, arrivals=(3, 5),
              today=dt.date(2019, 2, 1))  # 1 February left open
    return db


def test_a_closed_day_is_read_from_its_archive_not_from_its_rows(demo):
    day = dt.date(2019, 1, 30)
    before = compute_report(demo, None, day, dt.date(2019, 2, 1))
    with demo.transaction() as s:
        closure = s.get(DayClosure, day)
        # The archive says 100 more tickets of one service than the rows do.
        data = json.loads(closure.figures_json)
        service = min(data["services"], key=int)
        data["services"][service]["issued"] += 100
        closure.figures_json = json.dumps(data)
    # Edited by hand, the archive no longer matches its digest: the day's rows are read.
    assert compute_report(demo, None, day, dt.date(2019, 2, 1)) == before
    with demo.transaction() as s:
        closure = s.get(DayClosure, day)
        closure.figures_sha256 = hashlib.sha256(closure.figures_json.encode()).hexdigest()
    # With a matching digest the archive is what the recap adds up, not the rows.
    after = compute_report(demo, None, day, dt.date(2019, 2, 1))
    assert after.queue.issued == before.queue.issued + 100
    assert compute_report(demo, None, day, dt.date(2019, 2, 1),
                          from_archives=False).queue.issued == before.queue.issued


def test_a_month_spanning_recap_has_a_month_table_a_chart_and_month_rows(qapp, demo):
    report = compute_report(demo, None, dt.date(2019, 1, 30), dt.date(2019, 2, 1))
    assert [(m.year, m.month, m.days) for m in report.months] == [(2019, 1, 2), (2019, 2, 1)]
    assert sum(m.issued for m in report.months) == report.queue.issued
    assert sum(m.recordings for m in report.months) == report.recordings.total
    assert sum(m.printed for m in report.months) == report.printing.printed
    january = report.months[0]
    pdf = report_pdf(report, letterhead(demo))
    render_pages(pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert "Per bulan" in text and "Grafik per bulan" in text and "Per hari" in text
    assert f"Jan 2019 2 {january.issued} {january.served} {january.no_show} " \
        f"{january.recordings} {january.printed}" in text
    assert f"Jumlah 3 {report.queue.issued} {report.queue.served}" in text
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    months = [[c.value for c in row] for row in book["Per bulan"].iter_rows(min_row=2)]
    assert [row[:4] for row in months] == [[2019, 1, 2, january.issued],
                                           [2019, 2, 1, report.months[1].issued]]
    assert book["Per hari"].max_row == 1 + 3  # a header and one row per day
    # Within one month: no month table.
    within = compute_report(demo, None, dt.date(2019, 1, 30), dt.date(2019, 1, 31))
    assert within.months == []
    assert "Per bulan" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(within, letterhead(demo)))).pages)


def test_supervisor_reopens_a_closed_day_and_the_next_close_archives_anew(qapp, demo):
    day = dt.date(2019, 1, 31)
    kasi = authenticate(demo, "kasi", "demo1234")
    clerk = authenticate(demo, "petugas1", "demo1234")
    camat = authenticate(demo, "camat", "demo1234")
    old_pdf, old_digest = archived_report(demo, None, day)
    with pytest.raises(NotAllowed):
        reopen_day(demo, clerk, day, "salah hitung stok")
    with pytest.raises(NotAllowed):
        reopen_day(demo, camat, day, "salah hitung stok")
    for reason in ("", "abcd", "12345 !!", "a b c d"):
        with pytest.raises(ValidationError, match="minimal 5 huruf"):
            reopen_day(demo, kasi, day, reason)
    with pytest.raises(NotFound, match="belum ditutup"):
        reopen_day(demo, kasi, dt.date(2019, 2, 1), "hari ini belum ditutup")
    assert is_closed(demo, day)  # every refusal changed nothing

    info = reopen_day(demo, kasi, day, "  blanko  rusak belum dicatat ", now=at(day, 17))
    assert info.reason == "blanko rusak belum dicatat" and info.superseded_sha256 == old_digest
    assert not is_closed(demo, day)
    with pytest.raises(NotFound):
        archived_report(demo, None, day)
    [old] = superseded_reports(demo, camat, day)
    assert (old.sha256, old.reopened_by, old.reason) == \
        (old_digest, "Rina Marlina", "blanko rusak belum dicatat")
    assert superseded_report_pdf(demo, camat, old.id) == old_pdf
    with demo.transaction() as s:
        entry = s.execute(select(AuditLog).where(AuditLog.kind == "day.reopen")).scalar_one()
        assert entry.reason == "blanko rusak belum dicatat" and old_digest in entry.before
    # Open again: a change needs no unlock, and the recap reads the day from the tables.
    issued = compute_report(demo, None, day).queue.issued
    q.issue_ticket(demo, "A", now=at(day, 17, 5))
    assert compute_report(demo, None, day, day + dt.timedelta(days=1)).queue.issued == \
        compute_report(demo, None, day + dt.timedelta(days=1)).queue.issued + issued + 1
    # Closed again: a new report (the new ticket in it) and new archived figures.
    close_day(demo, kasi, day, now=at(day, 17, 30))
    new_pdf, new_digest = archived_report(demo, None, day)
    assert new_digest != old_digest
    text = " ".join(PdfReader(io.BytesIO(new_pdf)).pages[0].extract_text().split())
    assert f"Jumlah {issued + 1} " in text
    with demo.transaction() as s:
        assert day in archived_tallies(s, day, day)
    assert both_ways(demo, day - dt.timedelta(days=1), day + dt.timedelta(days=1))[0] == \
        both_ways(demo, day - dt.timedelta(days=1), day + dt.timedelta(days=1))[1]


def test_a_late_change_invalidates_the_archived_figures_not_the_report(demo):
    day = dt.date(2019, 1, 30)
    kasi = authenticate(demo, "kasi", "demo1234")
    pdf = archived_report(demo, None, day)
    issued = compute_report(demo, None, day).queue.issued
    unlock_day(demo, kasi, day, "pemohon susulan", now=at(day, 16, 30))
    with demo.transaction() as s:
        assert day in archived_tallies(s, day, day)  # an unlock alone changes nothing
    q.issue_ticket(demo, "A", now=at(day, 16, 35))
    with demo.transaction() as s:
        assert day not in archived_tallies(s, day, day)
    assert compute_report(demo, None, day, day + dt.timedelta(days=2)).queue.issued == \
        compute_report(demo, None, day + dt.timedelta(days=1), day + dt.timedelta(days=2)
                       ).queue.issued + issued + 1
    assert archived_report(demo, None, day) == pdf  # the archived report stays as it was
