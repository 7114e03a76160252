"""Attacks an insider with the code in hand would try: forged actors and grants, text
that hides or floods, dates out of range, the day lock, another clerk's draft.

Each test makes the attack itself and checks it is refused and changes nothing.
"""

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select, update

from counter_app.domain.cases import CaseType
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import NotAllowed, NotFound, ValidationError
from counter_app.domain.recording_draft import DraftContents
from counter_app.domain.roles import Role
from counter_app.models import (
    Application,
    AuditLog,
    BlankoEntry,
    DayClosure,
    OverrideGrant,
    RecordingDraft,
    User,
)
from counter_app.services import card_printing as cp
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.day_close import close_day, unlock_day
from counter_app.services.users import authenticate, log_out
from tests.helpers import NIK, PASSWORD, make_office, make_user, recording

NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # Wednesday 9 January 2019, 09.00 WIB


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def kasi(db, office):
    return make_user(db, "kasi", Role.SUPERVISOR)


def count(db, model, *where):
    with db.transaction() as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


# --- finding 2: who is acting comes from the database --------------------------------

def test_an_operator_who_edits_his_role_cannot_correct_the_blanko_stock(db, clerk):
    forged = dataclasses.replace(clerk, role=Role.SUPERVISOR)
    with pytest.raises(NotAllowed, match="Petugas loket tidak berwenang"):
        cp.correct_blanko(db, forged, 500, "stock opname bulanan")
    assert count(db, BlankoEntry) == 0


def test_an_actor_for_a_user_who_does_not_exist_is_refused_clearly(db, office):
    ghost = Actor(999, "hantu", "Hantu", Role.SUPERVISOR, "PC-UJI")
    with pytest.raises(NotAllowed, match="tidak dikenal"):
        cp.receive_blanko(db, ghost, 10, "Disdukcapil", "BA-1")
    with pytest.raises(NotAllowed, match="tidak dikenal"):
        rec.save_recording(db, ghost, recording(), now=NOW)
    assert count(db, BlankoEntry) == 0 and count(db, Application) == 0


def test_an_actor_borrowing_another_users_id_is_refused(db, clerk, kasi):
    borrowed = dataclasses.replace(clerk, user_id=kasi.user_id, role=Role.SUPERVISOR)
    with pytest.raises(NotAllowed, match="tidak dikenal"):
        cp.correct_blanko(db, borrowed, 5, "stock opname bulanan")


def test_acting_as_a_supervisor_who_never_logged_in_is_refused(db, clerk, kasi):
    # Everything about the supervisor is known to an insider, except a login's secret.
    forged = Actor(kasi.user_id, kasi.username, kasi.full_name, Role.SUPERVISOR, "PC-UJI")
    with pytest.raises(NotAllowed, match="tidak sedang masuk"):
        cp.correct_blanko(db, forged, 500, "stock opname bulanan")
    borrowed = dataclasses.replace(kasi, session_token=clerk.session_token)
    with pytest.raises(NotAllowed, match="tidak sedang masuk"):
        cp.correct_blanko(db, borrowed, 500, "stock opname bulanan")
    assert count(db, BlankoEntry) == 0


def test_after_logging_out_the_actor_is_refused(db, kasi):
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA-1")
    log_out(db, kasi)
    with pytest.raises(NotAllowed, match="tidak sedang masuk"):
        cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA-2")
    again = authenticate(db, "kasi", PASSWORD)
    assert cp.receive_blanko(db, again, 5, "Disdukcapil", "BA-2") == 10


def test_a_deactivated_or_locked_user_is_refused_by_every_service(db, kasi):
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA-1")
    with db.transaction() as s:
        s.execute(update(User).where(User.id == kasi.user_id).values(active=False))
    with pytest.raises(NotAllowed, match="dinonaktifkan"):
        cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA-2")
    with db.transaction() as s:
        s.execute(update(User).where(User.id == kasi.user_id).values(
            active=True, locked_until=utc_now() + dt.timedelta(minutes=5)))
    with pytest.raises(NotAllowed, match="dikunci"):
        cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA-3")
    assert count(db, BlankoEntry) == 1


def test_a_demoted_user_loses_the_right_at_once(db, kasi):
    with db.transaction() as s:
        s.execute(update(User).where(User.id == kasi.user_id).values(role="operator"))
    with pytest.raises(NotAllowed, match="Petugas loket tidak berwenang"):
        cp.correct_blanko(db, kasi, 1, "stock opname bulanan")


def _hand_built_grant(kasi):
    """An OverrideGrant filled in by hand, whatever fields the class has."""
    guesses = {"user_id": kasi.user_id, "grant_id": 1, "secret": "tebakan",
               "username": kasi.username, "reason": "dokumen menyusul besok",
               "expires_at": NOW + dt.timedelta(days=1)}
    return rec.OverrideGrant(**{f.name: guesses[f.name]
                                for f in dataclasses.fields(rec.OverrideGrant)})


def test_a_hand_built_override_records_nothing(db, clerk, kasi):
    data = recording("HILANG", documents={"KK": False, "SURAT_KEHILANGAN": False})
    with pytest.raises(NotAllowed, match="tidak tercatat"):
        rec.save_recording(db, clerk, dataclasses.replace(data, override=_hand_built_grant(kasi)),
                           now=NOW)
    assert count(db, Application) == 0


def _grant(db, clerk, data, now=NOW, reason="surat kehilangan menyusul"):
    return rec.authorize_override(db, "kasi", PASSWORD, reason, clerk=clerk, nik=data.nik,
                                  case_type=data.case_type, now=now)


def test_an_override_is_used_once_for_its_own_recording(db, clerk, kasi):
    data = recording("HILANG", documents={"KK": True, "SURAT_KEHILANGAN": False})
    grant = _grant(db, clerk, data)
    with db.transaction() as s:  # only a digest of the secret is stored
        row = s.get(OverrideGrant, grant.grant_id)
        assert grant.secret not in row.secret_sha256 and row.used_at is None
    stolen = dataclasses.replace(grant, secret="bukan-rahasianya")
    with pytest.raises(NotAllowed, match="tidak tercatat"):
        rec.save_recording(db, clerk, dataclasses.replace(data, override=stolen), now=NOW)
    result = rec.save_recording(db, clerk, dataclasses.replace(data, override=grant), now=NOW)
    with db.transaction() as s:
        row = s.get(OverrideGrant, grant.grant_id)
        assert row.application_id == result.application_id and row.used_at is not None
        assert s.get(Application, result.application_id).override_by == kasi.user_id
    other = dataclasses.replace(data, nik="1671040201900001", card=dataclasses.replace(
        data.card, nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L"))
    with pytest.raises(NotAllowed, match="sudah dipakai"):
        rec.save_recording(db, clerk, dataclasses.replace(other, override=grant), now=NOW)
    assert count(db, Application) == 1


def test_an_override_is_bound_to_clerk_nik_and_case_and_expires(db, clerk, kasi):
    data = recording("HILANG", documents={"KK": True, "SURAT_KEHILANGAN": False})
    other_clerk = make_user(db, "petugas2", Role.OPERATOR)
    for_other_nik = rec.authorize_override(
        db, "kasi", PASSWORD, "surat menyusul besok", clerk=clerk, nik="1671040201900001",
        case_type=CaseType.HILANG, now=NOW)
    for_rusak = rec.authorize_override(
        db, "kasi", PASSWORD, "surat menyusul besok", clerk=clerk, nik=data.nik,
        case_type=CaseType.RUSAK, now=NOW)
    for_me = _grant(db, clerk, data)
    for grant, who in ((for_other_nik, clerk), (for_rusak, clerk), (for_me, other_clerk)):
        with pytest.raises(NotAllowed, match="perekaman lain"):
            rec.save_recording(db, who, dataclasses.replace(data, override=grant), now=NOW)
    late = NOW + dt.timedelta(minutes=rec.OVERRIDE_MINUTES, seconds=1)
    with pytest.raises(NotAllowed, match="kedaluwarsa"):
        rec.save_recording(db, clerk, dataclasses.replace(data, override=for_me), now=late)
    assert count(db, Application) == 0
    assert count(db, OverrideGrant, OverrideGrant.used_at.is_not(None)) == 0


def test_an_override_from_a_supervisor_since_deactivated_is_refused(db, clerk, kasi):
    data = recording("HILANG", documents={"KK": True, "SURAT_KEHILANGAN": False})
    grant = _grant(db, clerk, data)
    with db.transaction() as s:
        s.execute(update(User).where(User.id == kasi.user_id).values(active=False))
    with pytest.raises(NotAllowed, match="tidak lagi berwenang"):
        rec.save_recording(db, clerk, dataclasses.replace(data, override=grant), now=NOW)


# --- finding 13: free text, dates, the day lock, drafts ------------------------------

def test_a_name_of_one_letter_under_90_accents_is_refused(db, clerk):
    zalgo = "A" + "\u0301" * 90 + " Siti"
    data = recording(card=dataclasses.replace(recording().card, nama=zalgo))
    with pytest.raises(ValidationError, match="diakritik") as err:
        rec.save_recording(db, clerk, data, now=NOW)
    assert err.value.message.startswith("Nama: ")  # the field the clerk must correct
    assert count(db, Application) == 0


def test_a_flooded_police_report_number_with_nul_and_rlm_is_refused(db, clerk):
    number = "LP/123\x00\u200f" + "9" * 10_000
    details = {"SURAT_KEHILANGAN": {"nomor": number, "tanggal": "2019-01-08"}}
    with pytest.raises(ValidationError, match="paling banyak 60 karakter"):
        rec.save_recording(db, clerk, recording("HILANG", document_details=details), now=NOW)
    details = {"SURAT_KEHILANGAN": {"nomor": "LP/123\x00/\u200fI/2019", "tanggal": "2019-01-08"}}
    with pytest.raises(ValidationError, match="tersembunyi"):
        rec.save_recording(db, clerk, recording("HILANG", document_details=details), now=NOW)
    assert count(db, Application) == 0


def test_birth_dates_before_1900_are_refused_even_when_the_nik_agrees(db, clerk):
    # NIK 1671045708990002 says 17-08-(19)99; 1899 has the same two digits.
    data = recording(card=dataclasses.replace(recording().card,
                                              tanggal_lahir=dt.date(1899, 8, 17)))
    with pytest.raises(ValidationError, match="1900") as err:
        rec.save_recording(db, clerk, data, now=NOW)
    assert err.value.message.startswith("Tanggal lahir: ")
    assert count(db, Application) == 0


def test_day_commands_refuse_dates_before_the_office_opened_or_in_the_future(db, kasi):
    for day in (dt.date(1800, 1, 1), dt.date(2017, 12, 31)):
        with pytest.raises(ValidationError, match="sebelum kantor mulai"):
            close_day(db, kasi, day)
        with pytest.raises(ValidationError, match="sebelum kantor mulai"):
            unlock_day(db, kasi, day, "perbaikan data lama")
    assert count(db, DayClosure) == 0
    assert count(db, AuditLog, AuditLog.kind.like("day.%")) == 0


def test_cancel_on_a_closed_day_needs_the_supervisors_unlock(db, clerk, kasi):
    app = rec.save_recording(db, clerk, recording(), now=NOW).application_id
    today = office_day(utc_now())
    close_day(db, kasi, today)
    with pytest.raises(NotAllowed, match="sudah ditutup"):
        rec.cancel_application(db, clerk, app, "pemohon membatalkan sendiri")
    with db.transaction() as s:
        assert s.get(Application, app).status != "cancelled"
    unlock_day(db, kasi, today, "pembatalan terlambat")
    rec.cancel_application(db, clerk, app, "pemohon membatalkan sendiri")
    with db.transaction() as s:
        assert s.get(Application, app).status == "cancelled"
    assert count(db, AuditLog, AuditLog.kind == "day.late_change") == 1


def test_a_clerk_cannot_overwrite_another_clerks_draft(db, clerk):
    theirs = rec.save_draft(db, clerk, DraftContents(nik=NIK, case=CaseType.BARU))
    intruder = make_user(db, "petugas2", Role.OPERATOR)
    with pytest.raises(NotFound, match="Draf tidak ditemukan"):
        rec.save_draft(db, intruder, DraftContents(nik="1671040201900001"), theirs)
    assert rec.load_draft(db, clerk, theirs).nik == NIK
    with db.transaction() as s:
        assert s.get(RecordingDraft, theirs).owner_id == clerk.user_id
    assert rec.save_draft(db, clerk, DraftContents(nik=NIK), theirs) == theirs


def test_reasons_keep_to_the_text_policy(db, clerk, kasi):
    app = rec.save_recording(db, clerk, recording(), now=NOW).application_id
    with pytest.raises(ValidationError, match="tersembunyi"):
        rec.cancel_application(db, clerk, app, "alasan\u202e palsu")
    with pytest.raises(ValidationError, match="paling banyak"):
        cp.correct_blanko(db, kasi, 1, "x" * 5000)
    with pytest.raises(ValidationError, match="tersembunyi"):
        cp.receive_blanko(db, kasi, 1, "Disdukcapil\x00", "BA")
    assert count(db, BlankoEntry) == 0
