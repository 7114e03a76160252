import dataclasses
import datetime as dt
import json
import os
import stat

import pytest
from sqlalchemy import func, select

from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationError,
)
from counter_app.domain.lifecycle import Status
from counter_app.domain.recording_draft import DraftContents
from counter_app.domain.roles import Role
from counter_app.domain.routing import Route
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    AuditLog,
    Biometrics,
    RecordingDraft,
)
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services.keys import key_path, load_signer
from tests.helpers import KK, NIK, PASSWORD, card, make_office, make_user, recording

# Wednesday 9 January 2019, 09.00 WIB
NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


def count(db, model):
    with db.transaction() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_baru_is_routed_local_and_awaits_print(db, clerk):
    result = rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    assert result.route is Route.LOCAL and result.status is Status.AWAITING_PRINT
    assert result.slip_number == "167104-190109-0001"
    assert result.expected_ready == dt.date(2019, 1, 9)
    with db.transaction() as s:
        app = s.get(Application, result.application_id)
        assert app.recorded_by == clerk.user_id and app.case_type == "BARU"
        docs = s.execute(select(ApplicationDocument)).scalars().all()
        assert [(d.code, d.provided) for d in docs] == [("KK", True)]
        bio = s.get(Biometrics, app.id)
        assert bio.photo == b"\x89PNG foto"
        assert json.loads(bio.modalities)["R1"]["status"] == "captured"
        audit = s.execute(select(AuditLog).where(AuditLog.kind == "application.record")
                          ).scalar_one()
        assert NIK not in audit.after and "167104******0002" in audit.after


@pytest.mark.parametrize("case", ["HILANG", "RUSAK"])
def test_replacements_are_forwarded(db, clerk, case):
    result = rec.save_recording(db, clerk, recording(case), now=NOW)
    assert result.route is Route.FORWARD and result.status is Status.FORWARDED
    assert result.expected_ready == dt.date(2019, 1, 23)


def test_hilang_needs_the_police_report_number_and_date(db, clerk):
    data = recording("HILANG", document_details={"SURAT_KEHILANGAN": {"nomor": "",
                                                                      "tanggal": "2019-01-08"}})
    with pytest.raises(ValidationError, match="Nomor surat keterangan kehilangan"):
        rec.save_recording(db, clerk, data, now=NOW)
    data = recording("HILANG", document_details={"SURAT_KEHILANGAN": {"nomor": "LP/1",
                                                                      "tanggal": "2019-02-01"}})
    with pytest.raises(ValidationError, match="masa depan"):
        rec.save_recording(db, clerk, data, now=NOW)
    assert count(db, Application) == 0


def test_perubahan_data_with_two_elements_keeps_old_values(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    changed = frozenset({DataElement.STATUS_PERKAWINAN, DataElement.PEKERJAAN})
    data = recording("PERUBAHAN_DATA", changed_elements=changed,
                     card=card(status_perkawinan="Kawin", pekerjaan="WIRASWASTA"))
    result = rec.save_recording(db, clerk, data, now=NOW + dt.timedelta(days=400))
    assert result.route is Route.FORWARD
    with db.transaction() as s:
        app = s.get(Application, result.application_id)
        assert json.loads(app.old_data)["status_perkawinan"] == "Belum Kawin"
        assert json.loads(app.data)["pekerjaan"] == "WIRASWASTA"
        assert json.loads(app.changed_elements) == ["pekerjaan", "status_perkawinan"]
        codes = {d.code for d in s.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == app.id)).scalars()}
        assert {"KK_UPDATED", "KTP_LAMA", "AKTA_NIKAH_CERAI", "SURAT_PEKERJAAN"} == codes


def test_perubahan_data_refuses_unchosen_changes(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    data = recording("PERUBAHAN_DATA", changed_elements=frozenset({DataElement.PEKERJAAN}),
                     card=card(pekerjaan="WIRASWASTA", agama="Kristen"))
    with pytest.raises(ValidationError, match="agama berubah"):
        rec.save_recording(db, clerk, data, now=NOW)
    with pytest.raises(ValidationError, match="elemen data"):
        rec.save_recording(db, clerk, recording("PERUBAHAN_DATA"), now=NOW)


def test_sixteen_year_old_waits_for_the_17th_birthday(db, clerk):
    young = card(nama="Budi Santoso", tanggal_lahir=dt.date(2002, 5, 3), jenis_kelamin="L")
    data = recording("BARU", nik="1671040305020007", card=young)
    result = rec.save_recording(db, clerk, data, now=NOW)
    assert result.printable_from == dt.date(2019, 5, 3)
    assert result.expected_ready == dt.date(2019, 5, 3)
    assert result.status is Status.AWAITING_PRINT


def test_fifteen_year_old_is_refused(db, clerk):
    child = card(nama="Budi Santoso", tanggal_lahir=dt.date(2003, 5, 3), jenis_kelamin="L")
    with pytest.raises(ValidationError, match="mulai usia 16"):
        rec.save_recording(db, clerk, recording(nik="1671040305030007", card=child), now=NOW)


def test_missing_documents_need_a_supervisor_override(db, clerk):
    data = recording("RUSAK", documents={"KK": True, "KTP_RUSAK": False})
    with pytest.raises(ValidationError, match="belum dicentang.*supervisor"):
        rec.save_recording(db, clerk, data, now=NOW)
    bound = {"clerk": clerk, "nik": data.nik, "case_type": data.case_type, "now": NOW}
    with pytest.raises(NotAllowed, match="hanya oleh supervisor"):
        rec.authorize_override(db, "petugas", PASSWORD, "KTP rusak tertinggal di rumah",
                               **bound)
    make_user(db, "kasi", Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="alasan"):
        rec.authorize_override(db, "kasi", PASSWORD, "ok", **bound)
    grant = rec.authorize_override(db, "kasi", PASSWORD, "KTP rusak diserahkan besok", **bound)
    result = rec.save_recording(db, clerk, dataclasses.replace(data, override=grant), now=NOW)
    with db.transaction() as s:
        app = s.get(Application, result.application_id)
        assert app.override_reason == "KTP rusak diserahkan besok"
        kinds = s.execute(select(AuditLog.kind)).scalars().all()
    assert "application.override" in kinds


def test_biometric_exception_needs_a_reason_and_photo_but_never_blocks(db, clerk):
    modalities = recording().biometrics.modalities | {
        "R2": {"status": "exception", "reason": "Jari terluka atau diperban"}}
    bio = dataclasses.replace(recording().biometrics, modalities=modalities)
    with pytest.raises(ValidationError, match="foto pengecualian"):
        rec.save_recording(db, clerk, recording(biometrics=bio), now=NOW)
    bio = dataclasses.replace(bio, exception_photo=b"foto jari")
    result = rec.save_recording(db, clerk, recording(biometrics=bio), now=NOW)
    with db.transaction() as s:
        assert s.get(Application, result.application_id).biometric_exceptions == 1


def test_bad_card_data_saves_nothing(db, clerk):
    for bad in (card(nama="B4mbang"), card(rt="0"), card(kelurahan_code="16.71.01.1999"),
                card(tanggal_lahir=dt.date(1999, 8, 18)), card(jenis_kelamin="L")):
        with pytest.raises(ValidationError):
            rec.save_recording(db, clerk, recording(card=bad), now=NOW)
    with pytest.raises(ValidationError, match="Nomor KK"):
        rec.save_recording(db, clerk, recording(kk="123"), now=NOW)
    assert count(db, Application) == 0 and count(db, Applicant) == 0


def test_returning_applicant_is_found_with_open_application(db, clerk):
    assert rec.lookup_applicant(db, NIK).card is None
    first = rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    found = rec.lookup_applicant(db, NIK)
    assert found.card.nama == "Siti Aminah" and found.kk == KK
    assert found.open_application.slip_number == first.slip_number
    rec.cancel_application(db, clerk, first.application_id, "salah rekam, diulang")
    assert rec.lookup_applicant(db, NIK).open_application is None
    with pytest.raises(InvalidTransition):
        rec.cancel_application(db, clerk, first.application_id, "dibatalkan lagi")


def test_slip_numbers_count_per_day(db, clerk):
    a = rec.save_recording(db, clerk, recording(), now=NOW)
    other = card(nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    b = rec.save_recording(db, clerk, recording(nik="1671040201900003", card=other), now=NOW)
    third = card(nama="Rina", tanggal_lahir=dt.date(1991, 1, 2), jenis_kelamin="P")
    c = rec.save_recording(db, clerk, recording(nik="1671044201910003", card=third),
                           now=NOW + dt.timedelta(days=1))
    assert (a.slip_number, b.slip_number, c.slip_number) == (
        "167104-190109-0001", "167104-190109-0002", "167104-190110-0001")


def test_recording_from_a_ticket_and_an_outreach_event(db, clerk):
    ticket = q.issue_ticket(db, "A", now=NOW)
    event = rec.create_outreach_event(db, clerk, "SMA Negeri 1 Palembang", "sekolah",
                                      dt.date(2019, 1, 9))
    result = rec.save_recording(db, clerk, recording(ticket_id=ticket.id,
                                                     outreach_event_id=event.id), now=NOW)
    with db.transaction() as s:
        app = s.get(Application, result.application_id)
        assert (app.ticket_id, app.outreach_event_id) == (ticket.id, event.id)
    assert rec.list_outreach_events(db)[0].label == \
        "SMA Negeri 1 Palembang (Sekolah), 09-01-2019"
    with pytest.raises(NotFound):
        rec.save_recording(db, clerk, recording(ticket_id=999), now=NOW)


def test_applications_list_by_day_and_status(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    other = card(nama="Rudi", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900003", card=other),
                       now=NOW)
    assert len(rec.list_applications(db, dt.date(2019, 1, 9))) == 2
    forwarded = rec.list_applications(db, status=Status.FORWARDED)
    assert [a.nama for a in forwarded] == ["Rudi"]
    assert forwarded[0].nik_masked == "167104******0003"
    assert rec.list_applications(db, dt.date(2019, 1, 10)) == []


def test_drafts_save_resume_and_cancel_with_reason(db, clerk):
    draft = rec.save_draft(db, clerk, DraftContents(page=3, nik=NIK, card=card(nama="Siti")))
    second = DraftContents(page=4, nik=NIK, case=CaseType.HILANG, card=card(nama="Siti A"),
                           details={"SURAT_KEHILANGAN": {"nomor": "LP/9", "tanggal": "2019-01-08"}})
    assert rec.save_draft(db, clerk, second, draft) == draft
    assert [d.label for d in rec.list_drafts(db, clerk)] == ["Siti A"]
    assert rec.load_draft(db, clerk, draft) == second
    other = make_user(db, "petugas2", Role.OPERATOR)
    with pytest.raises(NotFound):
        rec.load_draft(db, other, draft)
    with pytest.raises(ValidationError, match="alasan"):
        rec.discard_draft(db, clerk, draft, "")
    rec.discard_draft(db, clerk, draft, "pemohon pulang, KK tertinggal")
    assert rec.list_drafts(db, clerk) == []
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "recording.cancel")
                        ).scalar_one()
    assert row.reason == "pemohon pulang, KK tertinggal"


def test_an_unreadable_draft_is_reported_not_dropped(db, clerk):
    draft = rec.save_draft(db, clerk, DraftContents(nik=NIK, card=card(nama="Siti")))
    with db.transaction() as s:
        row = s.get(RecordingDraft, draft)
        row.payload = json.dumps({"nik": NIK, "card": {"nama": "Siti"}})  # fields lost
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        rec.load_draft(db, clerk, draft)
    with db.transaction() as s:
        s.get(RecordingDraft, draft).payload = "{not json"
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        rec.load_draft(db, clerk, draft)
    assert [d.id for d in rec.list_drafts(db, clerk)] == [draft]  # still listed, not dropped


def test_camat_cannot_record(db, office):
    camat = make_user(db, "camat", Role.CAMAT)
    with pytest.raises(NotAllowed):
        rec.save_recording(db, camat, recording(), now=NOW)


def test_same_nik_twice_at_once_is_a_conflict_not_a_crash(db, clerk, monkeypatch):
    # The second counter read "no applicant" before the first committed.
    rec.save_recording(db, clerk, recording(), now=NOW)
    from sqlalchemy.exc import IntegrityError

    def racing(*args, **kwargs):
        raise IntegrityError("INSERT INTO applicants", {}, Exception("UNIQUE nik"))

    monkeypatch.setattr(rec, "_save", racing)
    with pytest.raises(Conflict, match="baru saja direkam"):
        rec.save_recording(db, clerk, recording(), now=NOW)


def test_signing_key_is_owner_only_and_registered(db, office):
    signer = load_signer(db)
    mode = stat.S_IMODE(os.stat(key_path()).st_mode)
    assert mode == 0o600
    assert load_signer(db).key_id == signer.key_id  # the same key next time


def test_a_resumed_draft_is_deleted_in_the_save_so_a_retry_saves_once(db, clerk, monkeypatch):
    draft = rec.save_draft(db, clerk, DraftContents(nik=NIK, case=CaseType.BARU))
    data = dataclasses.replace(recording("BARU"), draft_id=draft)
    real_record = rec.audit.record

    def failing_record(session, actor, kind, *args, **kwargs):
        if kind == "draft.recorded":  # the second step of the save breaks
            raise Conflict("database sibuk")
        return real_record(session, actor, kind, *args, **kwargs)

    monkeypatch.setattr(rec.audit, "record", failing_record)
    with pytest.raises(Conflict):
        rec.save_recording(db, clerk, data, now=NOW)
    assert rec.list_applications(db) == []                      # nothing half-saved
    assert [d.id for d in rec.list_drafts(db, clerk)] == [draft]  # the draft is still there
    monkeypatch.setattr(rec.audit, "record", real_record)
    rec.save_recording(db, clerk, data, now=NOW)                   # the clerk presses Finish again
    assert len(rec.list_applications(db)) == 1
    assert rec.list_drafts(db, clerk) == []
