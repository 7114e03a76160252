"""The report's figures against a day built by hand, and its three presentations."""

import datetime as dt
import hashlib
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from counter_app.domain.errors import Conflict, NotAllowed, ValidationError
from counter_app.domain.queue import TicketStatus
from counter_app.domain.roles import Role
from counter_app.printing.daily_report import report_pdf
from counter_app.printing.report_xlsx import report_xlsx
from counter_app.services import batches as b
from counter_app.services import card_printing as cp
from counter_app.services import pickup as pk
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.services.day_close import (
    archived_report,
    close_day,
    day_summary,
    letterhead,
    unlock_day,
)
from counter_app.services.reports import compute_report
from tests.helpers import card, make_office, make_user, recording

DAY = dt.date(2019, 1, 9)  # Wednesday


def at(hour, minute=0, day=DAY):
    """WIB clock time on ``day`` as UTC."""
    return dt.datetime(day.year, day.month, day.day, hour - 7, minute, tzinfo=dt.UTC)


def person(n, case="BARU", born=dt.date(1990, 1, 2), **changes):
    nik = f"167104{born.day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
    return recording(case, nik=nik, card=card(nama=f"Pemohon {'abcdefgh'[n]}",
                                              tanggal_lahir=born, jenis_kelamin="L"),
                     **changes)


@pytest.fixture
def day(db):
    """A small day whose every figure is known (comments give the expected values)."""
    office = make_office(db, counters=2)
    clerk = make_user(db, "petugas", Role.OPERATOR)   # "Petugas"
    kasi = make_user(db, "kasi", Role.SUPERVISOR)     # "Kasi"
    c1, c2 = (c.id for c in office.counters)
    # The day before: 5 blanko received, one card printed and left waiting for pickup.
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA/1", now=at(8, day=DAY - dt.timedelta(1)))
    old = rec.save_recording(db, clerk, person(7), now=at(9, day=DAY - dt.timedelta(1)))
    cp.record_printed(db, clerk, old.application_id, "BLK-T", now=at(10, day=DAY - dt.timedelta(1)))
    # Queue: A-001 08.10, A-002 08.20, B-001 09.05, A-003 (priority) 10.30, C-001 13.00.
    a1 = q.issue_ticket(db, "A", now=at(8, 10))
    q.issue_ticket(db, "A", now=at(8, 20))
    b1 = q.issue_ticket(db, "B", now=at(9, 5))
    q.issue_ticket(db, "A", priority=True, now=at(10, 30))
    q.issue_ticket(db, "C", now=at(13, 0))
    # called 08.20 (wait 600 s), served 08.21-08.31 (600 s) by Petugas, BARU.
    q.call_number(db, clerk, c1, "A-001", now=at(8, 20))
    q.start_service(db, clerk, c1, now=at(8, 21))
    first = rec.save_recording(db, clerk, person(1, ticket_id=a1.id), now=at(8, 25))
    q.finish(db, clerk, c1, now=at(8, 31))
    # called 08.50 (1800 s), no-show.
    q.call_number(db, clerk, c1, "A-002", now=at(8, 50))
    q.mark_no_show(db, clerk, c1, now=at(8, 55))
    # B-001: called by Kasi 09.25 (1200 s), served 09.25-09.45 (1200 s), HILANG.
    q.call_number(db, kasi, c2, "B-001", now=at(9, 25))
    q.start_service(db, kasi, c2, now=at(9, 25))
    rec.save_recording(db, kasi, person(2, "HILANG", ticket_id=b1.id), now=at(9, 35))
    q.finish(db, kasi, c2, now=at(9, 45))
    # A-003 and C-001 still wait at closing: 2 not served (A 1, C 1).
    # Outside the queue: a 16-year-old at an outreach event.
    event = rec.create_outreach_event(db, clerk, "SMA Negeri 1", "sekolah", DAY)
    young = rec.save_recording(db, clerk, person(3, born=dt.date(2002, 5, 3),
                                                 outreach_event_id=event.id), now=at(11))
    # Printing: first printed, one blank spoiled on it before; young gets a SUKET.
    cp.record_spoiled(db, clerk, first.application_id, "Rusak cetak", now=at(14))
    cp.record_printed(db, clerk, first.application_id, "BLK-T", now=at(14, 10))
    sk.issue_suket(db, clerk, young.application_id, "under_17", now=at(14, 20))
    # Forwarding: the HILANG one goes in a batch sent today.
    batch = b.create_batch(db, clerk, now=at(15))
    b.send_batch(db, clerk, batch.id, "Pak Joko", now=at(15, 5))
    # Pickup: yesterday's card handed over today.
    pk.hand_over(db, clerk, old.application_id, receiver="self", identity_checked=True,
                 now=at(13, 30))
    return {"db": db, "clerk": clerk, "kasi": kasi, "first": first}


def test_every_table_of_a_known_day(day):
    db = day["db"]
    close_day(db, day["kasi"], DAY, now=at(16, 30))
    r = compute_report(db, day["kasi"], DAY)
    qf = r.queue
    assert (qf.issued, qf.served, qf.no_show, qf.not_served) == (5, 2, 1, 2)
    assert qf.avg_wait_s == (600 + 1800 + 1200) // 3 and qf.max_wait_s == 1800
    assert qf.avg_service_s == (600 + 1200) // 2
    a = next(s for s in qf.by_service if s.prefix == "A")
    assert (a.issued, a.served, a.no_show, a.not_served, a.avg_wait_s, a.max_wait_s,
            a.avg_service_s) == (3, 1, 1, 1, 1200, 1800, 600)
    c = next(s for s in qf.by_service if s.prefix == "C")
    assert (c.issued, c.not_served, c.avg_wait_s) == (1, 1, 0)
    rf = r.recordings
    assert rf.total == 3 and rf.by_case == {
        "BARU": 2, "HILANG": 1, "RUSAK": 0, "PERUBAHAN_DATA": 0, "HILANG+PERUBAHAN_DATA": 0,
        "RUSAK+PERUBAHAN_DATA": 0, "PINDAH_DATANG": 0, "WNA": 0,
        "PRR": 0}
    assert rf.by_route == {"LOCAL": 2, "FORWARD": 1}
    assert (rf.age_16, rf.biometric_exceptions, rf.outreach) == (1, 0, {"SMA Negeri 1": 1})
    assert (r.printing.printed, r.printing.spoiled, r.printing.suket) == (1, 1, 1)
    bl = r.blanko
    assert (bl.opening, bl.received, bl.used, bl.spoiled, bl.corrected, bl.closing) == \
        (4, 0, 1, 1, 0, 2)
    f = r.forwarding
    assert (f.batches, f.items_sent, f.items_received, f.overdue) == (1, 1, 0, 0)
    # first is ready since today and waiting; yesterday's card was handed over.
    assert (r.pickups.handed_over, r.pickups.pending, r.pickups.pending_by_age) == \
        (1, 1, {"0-7": 1, "8-30": 0, ">30": 0})
    clerks = {cl.name: (cl.tickets_served, cl.recordings, cl.avg_service_s) for cl in r.clerks}
    assert clerks == {"Petugas": (1, 2, 600), "Kasi": (1, 1, 1200)}
    hours = {h.hour: (h.arrivals, h.calls) for h in r.hourly}
    assert hours[8] == (2, 2) and hours[9] == (1, 1) and hours[10] == (1, 0)
    assert hours[13] == (1, 0) and sum(a for a, _ in hours.values()) == 5


def test_pdf_spreadsheet_and_json_say_the_same(day):
    db = day["db"]
    r = compute_report(db, day["kasi"], DAY)
    data = json.loads(r.json_text())
    assert data["date"] == "2019-01-09"
    for key in ("issued", "served", "no_show", "not_served", "avg_wait_s", "avg_service_s",
                "by_service"):
        assert key in data["queue"]
    assert data["recordings"]["by_case"]["BARU"] == 2
    assert data["recordings"]["by_route"] == {"LOCAL": 2, "FORWARD": 1}
    assert set(data["printing"]) == {"printed", "spoiled", "suket"}
    assert {"opening", "received", "used", "spoiled", "closing"} <= set(data["blanko"])
    assert set(data["forwarding"]) == {"batches", "items_sent", "items_received", "overdue",
                                       "items_rejected", "items_returned"}
    assert {"handed_over", "pending"} <= set(data["pickups"])
    book = load_workbook(io.BytesIO(report_xlsx(r)))
    antrean = book["Antrean"]
    total = [c.value for c in antrean[antrean.max_row]]
    assert total[:6] == ["Jumlah", None, 5, 2, 1, 2] or total[:6] == ["Jumlah", "", 5, 2, 1, 2]
    assert isinstance(antrean["C2"].value, int)
    blanko = {row[0].value: row[1].value for row in book["Blanko"].iter_rows(min_row=2)}
    assert blanko == {"saldo awal": 4, "diterima": 0, "dipakai": 1, "rusak": 1, "koreksi": 0,
                      "saldo akhir": 2}
    assert [c.value for c in book["Per jam"][3]] == [8, 2, 2]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(r, letterhead(db)))).pages).split())
    for expected in ("LAPORAN HARIAN PELAYANAN KTP-el", "Rabu, 9 Januari 2019",
                     "A Perekaman KTP-el 3 1 1 1 20 mnt 00 dtk 30 mnt 00 dtk 10 mnt 00 dtk",
                     "Jumlah 5 2 1 2", "Baru (pemula) 2", "Usia 16 tahun (cetak saat 17) 1",
                     "SMA Negeri 1 1", "KTP-el dicetak 1", "Saldo awal 4", "Saldo akhir 2",
                     "Batch dikirim 1", "Menunggu 0-7 hari 1", "Petugas 1 2 10 mnt 00 dtk",
                     "Mengetahui", "Camat Uji", "NIP. 197001011990031001"):
        assert expected in text, expected


def test_an_empty_day_is_a_valid_report_of_zeros(qapp, db):
    make_office(db)
    r = compute_report(db, None, dt.date(2019, 3, 4))
    assert r.queue.issued == r.recordings.total == r.blanko.closing == r.pickups.pending == 0
    assert all(h.arrivals == 0 for h in r.hourly)
    pdf = report_pdf(r, letterhead(db))
    assert "Jumlah 0 0 0 0" in " ".join(PdfReader(io.BytesIO(pdf)).pages[0]
                                        .extract_text().split())
    render_pages(pdf)
    load_workbook(io.BytesIO(report_xlsx(r)))


def test_a_report_of_days_still_to_come_is_refused(db):
    """A page of zeros for tomorrow must not be something a camat can sign."""
    from counter_app.domain.clock import office_day, utc_now

    make_office(db)
    today = office_day(utc_now())
    assert compute_report(db, None, today).end == today  # today: the running figures
    with pytest.raises(ValidationError, match="belum tiba"):
        compute_report(db, None, today + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="belum tiba"):
        compute_report(db, None, today - dt.timedelta(days=3), today + dt.timedelta(days=2))


def render_pages(pdf):
    """Render every page with QtPdf; each must be a non-blank image."""
    from PySide6.QtCore import QSize

    from counter_app.ui.qt_printing import load_pdf

    document, _buffer = load_pdf(pdf)
    assert document.pageCount() >= 1
    for page in range(document.pageCount()):
        image = document.render(page, QSize(595, 842))
        assert not image.isNull()
        dark = sum(1 for x in range(0, 595, 7) for y in range(0, 842, 7)
                   if image.pixelColor(x, y).lightness() < 128)
        assert dark > 20  # text and rules were drawn


def test_day_close_archives_the_exact_pdf_and_locks_the_day(qapp, day):
    db, kasi, clerk = day["db"], day["kasi"], day["clerk"]
    with pytest.raises(NotAllowed):
        close_day(db, clerk, DAY, now=at(16))
    summary = day_summary(db, kasi, DAY)
    assert summary.still_waiting == 2 and not summary.closed
    info = close_day(db, kasi, DAY, now=at(16, 30))
    pdf, digest = archived_report(db, kasi, DAY)
    assert hashlib.sha256(pdf).hexdigest() == digest == info.sha256
    render_pages(pdf)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text().split())
    assert "Kasi" in text  # who closed the day signs it
    assert q.queue_status(db, now=at(16, 40)).services[0].waiting == 0
    statuses = {t.status for t in [q.get_ticket(db, i) for i in range(1, 6)]}
    assert TicketStatus.NOT_SERVED in statuses
    with pytest.raises(Conflict, match="sudah ditutup"):
        close_day(db, kasi, DAY, now=at(16, 45))
    # Locked: a late change is refused until a supervisor unlocks with a reason.
    with pytest.raises(NotAllowed, match="sudah ditutup"):
        q.issue_ticket(db, "A", now=at(16, 50))
    with pytest.raises(NotAllowed, match="sudah ditutup"):
        rec.save_recording(db, clerk, person(5), now=at(16, 50))
    with pytest.raises(NotAllowed):
        unlock_day(db, clerk, DAY, "salah catat", now=at(16, 55))
    with pytest.raises(ValidationError, match="alasan"):
        unlock_day(db, kasi, DAY, "", now=at(16, 55))
    unlock_day(db, kasi, DAY, "pemohon susulan disetujui kasi", now=at(16, 55))
    assert q.issue_ticket(db, "A", now=at(17)).number == "A-004"
    with pytest.raises(NotAllowed):
        q.issue_ticket(db, "A", now=at(17, 30))  # the 30 minutes are over
    # The archive stays exactly as it was.
    assert archived_report(db, kasi, DAY) == (pdf, digest)


def test_tampered_archive_is_detected(day):
    from counter_app.models import DayClosure

    db, kasi = day["db"], day["kasi"]
    close_day(db, kasi, DAY, now=at(16, 30))
    with db.transaction() as s:
        closure = s.get(DayClosure, DAY)
        closure.report_pdf = closure.report_pdf.replace(b"Rabu", b"Kamis", 1)
    with pytest.raises(Conflict, match="SHA-256"):
        archived_report(db, kasi, DAY)


def test_range_recap_sums_days_and_lists_spoiled_blanks(qapp, day):
    db = day["db"]
    r = compute_report(db, day["kasi"], DAY - dt.timedelta(1), DAY)
    assert [(d.date, d.issued, d.recordings, d.printed) for d in r.days] == [
        (DAY - dt.timedelta(1), 0, 1, 1), (DAY, 5, 3, 1)]
    assert r.recordings.total == 4 and r.printing.printed == 2
    assert [s["reason"] for s in r.spoiled_list] == ["Rusak cetak"]
    data = r.as_json()
    assert data["from"] == "2019-01-08" and data["to"] == "2019-01-09"
    pdf = report_pdf(r, letterhead(db))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())
    assert "REKAPITULASI PELAYANAN KTP-el" in text and "Per hari" in text
    assert "Daftar blanko rusak" in text
    render_pages(pdf)
    # A clerk's long reason wraps in its column and is printed as text, never as markup.
    reason = "salah cetak (blanko sudah tercatat dipakai): nama <b>salah</b> eja & foto tertukar"
    r.spoiled_list.append({"date": "09-01-2019", "slip_number": "167104-190109-0009",
                           "blanko_serial": "BLK-9", "reason": reason})
    raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(r, letterhead(db)))).pages)
    assert reason in " ".join(raw.split())
    assert not any(reason in line for line in raw.splitlines())  # wrapped, not overflowing
    with pytest.raises(ValidationError, match="sebelum"):
        compute_report(db, None, DAY, DAY - dt.timedelta(1))


def test_reports_need_a_reading_role(day):
    db = day["db"]
    admin_like = make_user(db, "operator2", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        compute_report(db, admin_like, DAY)
    camat = make_user(db, "camat", Role.CAMAT)
    assert compute_report(db, camat, DAY).queue.issued == 5
