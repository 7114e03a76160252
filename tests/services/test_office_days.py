"""Office days off and national holidays decide the ready date on a slip (issue 13)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from counter_app.domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from counter_app.domain.roles import Role
from counter_app.services import office_days
from counter_app.services import recording as rec
from counter_app.services.slip_printing import slip_pdf_bytes
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, make_office, make_user, recording


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def at(day: dt.date) -> dt.datetime:
    """09.00 WIB on ``day``."""
    return dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin(db):
    make_office(db)
    return authenticate(db, "admin", PASSWORD)


@pytest.fixture
def clerk(db, admin):
    return make_user(db, "petugas", Role.OPERATOR)


def test_an_office_day_off_moves_the_ready_date_and_the_slip_says_so(db, admin, clerk):
    office_days.add_day_off(db, admin, dt.date(2019, 1, 23), "Rapat kerja kecamatan",
                            today=dt.date(2019, 1, 9))
    result = rec.save_recording(db, clerk, recording("HILANG"), now=at(dt.date(2019, 1, 9)))
    assert result.expected_ready == dt.date(2019, 1, 24)  # not the day off (a Wednesday)
    text = pdf_text(slip_pdf_bytes(db, result.application_id))
    assert "Perkiraan siap Kamis, 24 Januari 2019" in text
    # "Dicetak di" once, followed by the place (not "Dicetak di: Dicetak di ...").
    assert text.count("Dicetak di") == 1 and "Dicetak di Disdukcapil kota" in text
    assert "FORWARD" not in text and "tidak memuat data pribadi selain nama" not in text


def test_a_national_holiday_and_cuti_bersama_are_skipped(db, admin, clerk):
    pytest.importorskip("holidays")
    # Recorded Thursday 16 May 2019: +14 days is Ascension Day (30 May); 31 May is an
    # office day off; then the weekend, cuti bersama 3-4 June, Idul Fitri 5-6 June and
    # cuti bersama 7 June: the card is promised for Monday 10 June.
    office_days.add_day_off(db, admin, dt.date(2019, 5, 31), "Hari jadi kecamatan",
                            today=dt.date(2019, 5, 16))
    result = rec.save_recording(db, clerk, recording("RUSAK"), now=at(dt.date(2019, 5, 16)))
    assert result.expected_ready == dt.date(2019, 6, 10)


def test_days_off_are_listed_removed_and_checked(db, admin, clerk):
    today = dt.date(2019, 1, 2)
    with pytest.raises(ValidationError, match="Keterangan"):
        office_days.add_day_off(db, admin, dt.date(2019, 1, 23), "   ", today=today)
    with pytest.raises(NotAllowed):
        office_days.add_day_off(db, clerk, dt.date(2019, 1, 23), "Rapat", today=today)
    office_days.add_day_off(db, admin, dt.date(2019, 1, 23), "Rapat", today=today)
    with pytest.raises(Conflict, match="sudah tercatat"):
        office_days.add_day_off(db, admin, dt.date(2019, 1, 23), "Lagi", today=today)
    listed = office_days.list_days_off(db, admin)
    assert [(d.day, d.reason, d.added_by) for d in listed] == [
        (dt.date(2019, 1, 23), "Rapat", "Admin Uji")]
    office_days.remove_day_off(db, admin, dt.date(2019, 1, 23))
    assert office_days.list_days_off(db, admin) == []
    with pytest.raises(NotFound):
        office_days.remove_day_off(db, admin, dt.date(2019, 1, 23))


def test_cli_office_holidays_add_list_remove(capsys, monkeypatch, db, admin):
    from tests.test_cli import run

    def as_admin(*argv):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        return run(capsys, "office", "holidays", *argv, "--user", "admin", "--password-stdin",
                   "--db", db.url)

    code, out, err = as_admin("add", "24-12-2099", "--reason", "Cuti kantor")
    assert code == 0, err
    assert "Hari libur kantor dicatat: Kamis, 24 Desember 2099 (Cuti kantor)." in out
    code, out, _err = as_admin("list")
    assert "24 Desember 2099  Cuti kantor  (dicatat Admin Uji)" in out
    # A date given to "list" is a mistake (perhaps "add" was meant), not silently dropped.
    code, out, err = as_admin("list", "25-12-2099")
    assert code == 2 and "tidak memakai tanggal" in err and "24 Desember" not in out
    code, out, err = as_admin("add", "31-02-2099", "--reason", "x")
    assert code != 0 and "HH-BB-TTTT" in err + out
    code, out, err = as_admin("remove", "2099-12-24")
    assert code == 0, err
    code, out, _err = as_admin("list", "--all")
    assert "Tidak ada hari libur kantor" in out


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1899, 12, 31),
                                 dt.date(2101, 1, 3), dt.date(9999, 12, 31)])
def test_a_day_off_outside_1900_to_2100_is_refused(db, admin, day):
    with pytest.raises(ValidationError, match="di luar rentang 1900 sampai 2100"):
        office_days.add_day_off(db, admin, day, "Rapat", today=dt.date(1900, 1, 1))
    assert office_days.list_days_off(db, admin) == []


def test_a_past_day_a_weekend_or_a_national_holiday_cannot_become_a_day_off(db, admin):
    today = dt.date(2027, 8, 2)  # a Monday
    with pytest.raises(ValidationError, match="sudah lewat"):
        office_days.add_day_off(db, admin, dt.date(2027, 7, 30), "Rapat", today=today)
    with pytest.raises(ValidationError, match=r"sudah hari libur \(akhir pekan\)"):
        office_days.add_day_off(db, admin, dt.date(2027, 8, 7), "Rapat", today=today)
    with pytest.raises(ValidationError,
                       match=r"sudah hari libur \(Hari Kemerdekaan Republik Indonesia\)"):
        office_days.add_day_off(db, admin, dt.date(2027, 8, 17), "Rapat", today=today)
    assert office_days.list_days_off(db, admin) == []
    # Today itself may still be declared closed (nothing served yet, say a flood)...
    office_days.add_day_off(db, admin, today, "Banjir", today=today)
    assert [d.day for d in office_days.list_days_off(db, admin)] == [today]


def test_a_day_with_tickets_already_taken_cannot_become_a_day_off(db, admin):
    from counter_app.services import queue

    today = dt.date(2027, 8, 2)
    queue.issue_ticket(db, "A", now=at(today))
    with pytest.raises(Conflict, match="sudah ada layanan"):
        office_days.add_day_off(db, admin, today, "Banjir", today=today)
    assert office_days.list_days_off(db, admin) == []


def test_open_applications_promised_for_the_new_day_off_move_to_the_next_working_day(
        db, admin, clerk):
    from sqlalchemy import select

    from counter_app.models import Application, AuditLog

    first = rec.save_recording(db, clerk, recording("HILANG"), now=at(dt.date(2019, 1, 9)))
    assert first.expected_ready == dt.date(2019, 1, 23)
    added = office_days.add_day_off(db, admin, dt.date(2019, 1, 23), "Rapat kerja",
                                    today=dt.date(2019, 1, 10))
    assert (added.moved, added.moved_to) == (1, dt.date(2019, 1, 24))
    assert "1 permohonan yang dijanjikan siap hari itu dipindah ke Kamis, 24 Januari 2019" \
        in added.added_text()
    with db.read_session() as session:
        app = session.get(Application, first.application_id)
        assert app is not None and app.expected_ready == dt.date(2019, 1, 24)
        event = session.scalars(select(AuditLog).where(
            AuditLog.kind == "office.day_off.add")).one()
        assert '"moved": 1' in event.after and "2019-01-24" in event.after
    text = pdf_text(slip_pdf_bytes(db, first.application_id))
    assert "Perkiraan siap Kamis, 24 Januari 2019" in text


def test_cli_refuses_bad_days_off_and_says_how_many_were_moved(capsys, monkeypatch, db, admin):
    from tests.test_cli import run

    def as_admin(*argv):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        return run(capsys, "office", "holidays", *argv, "--user", "admin", "--password-stdin",
                   "--db", db.url)

    for day in ("0001-01-01", "1899-12-31", "2101-01-03", "9999-12-31"):
        code, out, err = as_admin("add", day, "--reason", "Rapat")
        assert code != 0 and "di luar rentang 1900 sampai 2100" in err + out, day
    code, out, err = as_admin("add", "02-01-2020", "--reason", "Rapat")
    assert code != 0 and "sudah lewat" in err + out
    code, out, err = as_admin("add", "26-12-2099", "--reason", "Rapat")
    assert code != 0 and "sudah hari libur (akhir pekan)" in err + out
    code, out, err = as_admin("add", "25-12-2099", "--reason", "Rapat")
    assert code != 0 and "sudah hari libur (Hari Raya Natal)" in err + out
    code, out, _err = as_admin("list", "--all")
    assert "Tidak ada hari libur kantor" in out
    code, out, err = as_admin("add", "24-12-2099", "--reason", "Cuti kantor")
    assert code == 0, err
    assert "Tidak ada permohonan yang dijanjikan siap hari itu." in out
