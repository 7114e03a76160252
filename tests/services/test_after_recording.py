"""Issue 11: rejections and returns from Disdukcapil, a new application from a rejected
one, rejections counted in the reports, uncollected cards."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from counter_app.cli import main
from counter_app.domain.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationError,
)
from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.models import Application, Biometrics
from counter_app.services import batches as b
from counter_app.services import pickup as pk
from counter_app.services import recording as rec
from counter_app.services import rejections as rj
from counter_app.services.audit_view import verify_audit
from counter_app.services.reports import compute_report
from tests.helpers import as_user, card, make_office, make_user, recording

NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
DAY = dt.date(2019, 1, 9)


@pytest.fixture
def clerk(db):
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def kasi(db, clerk):
    return make_user(db, "kasi", Role.SUPERVISOR)


def forwarded_and_sent(db, clerk, count=2):
    apps = []
    for n in range(1, count + 1):
        person = card(nama=f"Pemohon {'abcdef'[n]}", tanggal_lahir=dt.date(1990, 1, 2),
                      jenis_kelamin="L")
        apps.append(rec.save_recording(
            db, clerk, recording("HILANG", nik=f"16710402019000{n:02d}", card=person),
            now=NOW))
    batch = b.create_batch(db, clerk, now=NOW)
    b.send_batch(db, clerk, batch.id, "Pak Joko", now=NOW)
    return apps, batch


def test_rejection_shows_ditolak_with_reason_everywhere_and_is_final(db, clerk):
    apps, batch = forwarded_and_sent(db, clerk)
    slip = apps[0].slip_number
    with pytest.raises(ValidationError, match="tidak dikenal"):
        b.reject_item(db, clerk, slip, "salah", now=NOW)
    with pytest.raises(ValidationError, match="lainnya"):
        b.reject_item(db, clerk, slip, "lainnya", "", now=NOW)
    # Bad input changed nothing.
    assert rec.get_application(db, apps[0].application_id).status is Status.FORWARDED
    done = b.reject_item(db, clerk, slip, "data_ganda", "ganda dengan NIK lain", now=NOW)
    assert done.batch_number == batch.number
    listed = {a.slip_number: a for a in rec.list_applications(db)}
    assert listed[slip].status is Status.REJECTED
    assert listed[slip].status_text == ("Ditolak Disdukcapil - Data ganda (rekam "
                                        "biometrik ganda) (ganda dengan NIK lain)")
    assert listed[slip].as_json()["status_note"].startswith("Data ganda")
    found = pk.find_for_pickup(db, slip)
    assert "Data ganda" in found.where and "permohonan baru" in found.where
    with pytest.raises(Conflict, match="ditolak Disdukcapil: Data ganda"):
        pk.hand_over(db, clerk, found.application_id, receiver="self",
                     identity_checked=True, now=NOW)
    # Not out any more: it cannot be rejected or received again, nor go in a batch.
    with pytest.raises(NotFound):
        b.reject_item(db, clerk, slip, "dokumen_kurang", now=NOW)
    with pytest.raises(NotFound):
        b.receive_scanned(db, clerk, slip, now=NOW)
    with pytest.raises(Conflict, match="Tidak ada permohonan"):
        b.create_batch(db, clerk, now=NOW + dt.timedelta(days=1))
    assert b.get_batch(db, batch.id).counts["rejected"] == 1


def test_new_application_from_a_rejected_one_carries_the_data_over(db, clerk):
    apps, _ = forwarded_and_sent(db, clerk, count=1)
    old = apps[0]
    with pytest.raises(Conflict, match="tidak ditolak"):
        rj.reopen_rejected(db, clerk, old.application_id, now=NOW)
    b.reject_item(db, clerk, old.slip_number, "dokumen_kurang", "surat kehilangan", now=NOW)
    assert [a.slip_number for a in rj.rejected_applications(db)] == [old.slip_number]
    later = NOW + dt.timedelta(days=2)
    new = rj.reopen_rejected(db, clerk, old.application_id, now=later)
    assert new.status is Status.FORWARDED and new.slip_number != old.slip_number
    assert rj.rejected_applications(db) == []
    with pytest.raises(Conflict, match="sudah dibuka"):
        rj.reopen_rejected(db, clerk, old.application_id, now=later)
    with db.transaction() as s:
        a_old = s.get(Application, old.application_id)
        a_new = s.get(Application, new.application_id)
        assert a_new.previous_application_id == a_old.id
        assert (a_new.data, a_new.applicant_id, a_new.case_type) == \
            (a_old.data, a_old.applicant_id, a_old.case_type)
        assert s.get(Biometrics, a_new.id).photo == s.get(Biometrics, a_old.id).photo
    # It goes with the next batch, the old one does not.
    batch = b.create_batch(db, clerk, now=later)
    assert [i.slip_number for i in batch.items] == [new.slip_number]


def test_returned_item_waits_for_a_decision_and_only_a_supervisor_cancels(db, clerk, kasi):
    apps, batch = forwarded_and_sent(db, clerk, count=1)
    app = apps[0]
    b.mark_item(db, clerk, batch.id, app.application_id, "returned",
                "foto buram, minta rekam ulang", now=NOW)
    assert rec.get_application(db, app.application_id).status is Status.RETURNED
    with pytest.raises(Conflict, match="sudah dicatat dikembalikan"):
        b.mark_item(db, clerk, batch.id, app.application_id, "received", now=NOW)
    with pytest.raises(Conflict, match="Tidak ada permohonan"):
        b.create_batch(db, clerk, now=NOW)
    with pytest.raises(NotAllowed):
        b.decide_returned(db, clerk, app.slip_number, resend=False, reason="tidak jadi",
                          now=NOW)
    with pytest.raises(ValidationError, match="alasan"):
        b.decide_returned(db, kasi, app.slip_number, resend=False, reason="", now=NOW)
    assert b.decide_returned(db, kasi, app.slip_number, resend=False,
                             reason="pemohon pindah domisili", now=NOW) is Status.CANCELLED
    with pytest.raises(Conflict, match="tidak berstatus dikembalikan"):
        b.decide_returned(db, kasi, app.slip_number, resend=True, now=NOW)


def test_cli_batch_returned_list_resend_cancel(db, clerk, kasi, capsys, monkeypatch):
    from counter_app.models import AuditLog

    apps, batch = forwarded_and_sent(db, clerk, count=2)
    for app in apps:
        b.mark_item(db, clerk, batch.id, app.application_id, "returned",
                    "foto buram, minta rekam ulang", now=NOW)
    code = main(as_user(monkeypatch, "petugas", "batch", "returned", "list", "--json",
                        "--db", db.url))
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [r["slip_number"] for r in rows] == [a.slip_number for a in apps]
    assert rows[0]["status"] == "returned" and rows[0]["batch"] == batch.number
    assert rows[0]["reason"] == "foto buram, minta rekam ulang"
    assert rows[0]["returned_on"] == DAY.isoformat() and "*" in rows[0]["nik"]
    # "list" with a slip number or a reason is a mistake, not a silent list.
    code = main(as_user(monkeypatch, "petugas", "batch", "returned", "list",
                        apps[0].slip_number, "--db", db.url))
    assert code == 2 and "tidak memakai nomor tanda terima" in capsys.readouterr().err
    first, second = apps[0].slip_number, apps[1].slip_number
    # A clerk may list but not decide; nothing changes.
    code = main(as_user(monkeypatch, "petugas", "batch", "returned", "resend", first,
                        "--db", db.url))
    assert code != 0 and "tidak berwenang" in capsys.readouterr().err
    assert rec.get_application(db, apps[0].application_id).status is Status.RETURNED
    code = main(as_user(monkeypatch, "kasi", "batch", "returned", "resend", "--db", db.url))
    assert code != 0 and "nomor tanda terima" in capsys.readouterr().err
    code = main(as_user(monkeypatch, "kasi", "batch", "returned", "resend", first,
                        "--db", db.url))
    assert code == 0 and "dikirim lagi" in capsys.readouterr().out
    code = main(as_user(monkeypatch, "kasi", "batch", "returned", "cancel", second,
                        "--db", db.url))
    assert code != 0 and "alasan pembatalan" in capsys.readouterr().err
    assert rec.get_application(db, apps[1].application_id).status is Status.RETURNED
    code = main(as_user(monkeypatch, "kasi", "batch", "returned", "cancel", second,
                        "--reason", "pemohon meninggal dunia", "--json", "--db", db.url))
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["status"] == "cancelled" and out["decision"] == "cancel"
    assert rec.get_application(db, apps[1].application_id).status is Status.CANCELLED
    # Only the resent one goes with the next batch, marked "kirim ulang".
    assert b.returned_items(db, clerk) == []
    again = b.create_batch(db, clerk)
    assert [(i.slip_number, i.reason) for i in again.items] == [(first, "kirim ulang")]
    with db.transaction() as s:
        actions = {(row.kind, row.subject) for row in s.execute(
            select(AuditLog).where(AuditLog.kind.in_(
                ("application.resend", "application.cancel")))).scalars()}
    assert actions == {("application.resend", first), ("application.cancel", second)}


def test_rejections_and_returns_counted_in_daily_report_and_recap(db, clerk):
    apps, batch = forwarded_and_sent(db, clerk, count=2)
    b.reject_item(db, clerk, apps[0].slip_number, "nik_tidak_ditemukan", now=NOW)
    b.mark_item(db, clerk, batch.id, apps[1].application_id, "returned",
                "berkas tidak terbaca", now=NOW)
    report = compute_report(db, None, DAY, DAY)
    assert (report.forwarding.items_rejected, report.forwarding.items_returned) == (1, 1)
    recap = compute_report(db, None, DAY - dt.timedelta(days=3), DAY + dt.timedelta(days=3))
    assert recap.as_json()["forwarding"]["items_rejected"] == 1
    assert compute_report(db, None, DAY + dt.timedelta(days=1),
                          DAY + dt.timedelta(days=1)).forwarding.items_rejected == 0


def test_cli_batch_reject(db, clerk, capsys, monkeypatch):
    apps, batch = forwarded_and_sent(db, clerk, count=1)
    slip = apps[0].slip_number
    code = main(as_user(monkeypatch, "petugas", "batch", "reject", slip, "--reason",
                        "tidak_ada", "--db", db.url))
    assert code != 0 and "tidak dikenal" in capsys.readouterr().err
    code = main(as_user(monkeypatch, "petugas", "batch", "reject", slip, "--reason",
                        "lainnya", "--note", "sidik jari tidak terbaca", "--json",
                        "--db", db.url))
    row = json.loads(capsys.readouterr().out)
    assert code == 0
    assert row == {"slip_number": slip, "status": "rejected", "name": "Pemohon b",
                   "nik": row["nik"], "batch": batch.number, "reason": "lainnya",
                   "note": "sidik jari tidak terbaca"}
    assert row["nik"].endswith("0001") and "*" in row["nik"] and len(row["nik"]) == 16
    with db.transaction() as s:
        stored = s.execute(select(Application.status, Application.reject_code)).one()
    assert tuple(stored) == ("rejected", "lainnya")
    code = main(as_user(monkeypatch, "petugas", "applications", "list", "--db", db.url))
    assert code == 0
    assert "Ditolak Disdukcapil - Lainnya (sidik jari tidak terbaca)" in \
        capsys.readouterr().out


def test_rejected_cannot_be_handed_over_by_the_lifecycle(db, clerk):
    apps, _ = forwarded_and_sent(db, clerk, count=1)
    b.reject_item(db, clerk, apps[0].slip_number, "dokumen_kurang", now=NOW)
    with pytest.raises(InvalidTransition):
        rec.cancel_application(db, clerk, apps[0].application_id, "tidak jadi lagi")


# --- uncollected cards and misprints ------------------------------------------------

def ready_cards(db, clerk, kasi, count=2):
    from counter_app.services import card_printing as cp
    cp.receive_blanko(db, kasi, 10, "Disdukcapil Kota Palembang", "BA/1", now=NOW)
    apps = []
    for n in range(1, count + 1):
        person = card(nama=f"Pemohon {'abcdef'[n]}", tanggal_lahir=dt.date(1990, 1, 2),
                      jenis_kelamin="L", phone=f"08123456{n:04d}")
        app = rec.save_recording(db, clerk, recording(
            "BARU", nik=f"16710402019000{n:02d}", card=person), now=NOW)
        cp.record_printed(db, clerk, app.application_id, f"BLK-{n}", now=NOW)
        apps.append(app)
    return apps


def test_uncollected_list_with_contacts_archive_and_late_handover(db, clerk, kasi):
    from counter_app.services import contacts as ct
    from counter_app.services import uncollected as un
    from counter_app.services.settings import set_uncollected_limits

    apps = ready_cards(db, clerk, kasi)
    assert un.uncollected_cards(db, clerk, DAY + dt.timedelta(days=30)) == []
    listed = un.uncollected_cards(db, clerk, DAY + dt.timedelta(days=31))
    assert [(c.slip_number, c.days_waiting, c.archivable) for c in listed] == [
        (apps[0].slip_number, 31, False), (apps[1].slip_number, 31, False)]
    nik = "1671040201900001"
    ct.add_contact(db, clerk, nik, "telepon", "tidak diangkat", purpose="pengambilan",
                   now=NOW + dt.timedelta(days=31))
    ct.add_contact(db, clerk, nik, "sms", "soal cakupan", purpose="cakupan",
                   now=NOW + dt.timedelta(days=31))
    first = un.uncollected_cards(db, clerk, DAY + dt.timedelta(days=31))[0]
    assert [c.result for c in first.contacts] == ["tidak diangkat"]
    assert first.last_contact.endswith("telepon: tidak diangkat")
    # Not before the second limit, and only a supervisor, with a place.
    day91 = NOW + dt.timedelta(days=91)
    with pytest.raises(Conflict, match="setelah 90 hari"):
        un.archive_card(db, kasi, apps[0].slip_number, "lemari B", now=NOW + dt.timedelta(days=90))
    with pytest.raises(NotAllowed):
        un.archive_card(db, clerk, apps[0].slip_number, "lemari B", now=day91)
    with pytest.raises(ValidationError, match="tempat penyimpanan"):
        un.archive_card(db, kasi, apps[0].slip_number, " ", now=day91)
    done = un.archive_card(db, kasi, apps[0].slip_number, "lemari arsip B", now=day91)
    assert done.status is Status.ARCHIVED and done.archive_place == "lemari arsip B"
    summary = rec.get_application(db, apps[0].application_id)
    assert summary.status_text == "Tidak diambil (diarsipkan) - disimpan di lemari arsip B"
    # The owner comes later: the archived card is still handed over.
    found = pk.find_for_pickup(db, apps[0].slip_number)
    assert "dapat diserahkan" in found.where
    pk.hand_over(db, clerk, found.application_id, receiver="self", identity_checked=True,
                 now=NOW + dt.timedelta(days=100))
    assert rec.get_application(db, apps[0].application_id).status is Status.HANDED_OVER
    # A shorter office limit puts cards on the list sooner.
    admin = make_user(db, "admin2", Role.ADMIN)
    with pytest.raises(ValidationError, match="lebih lama"):
        set_uncollected_limits(db, admin, 20, 10)
    set_uncollected_limits(db, admin, 5, 10)
    assert [c.slip_number for c in un.uncollected_cards(db, clerk, DAY + dt.timedelta(days=6))
            ] == [apps[1].slip_number]


def test_daily_report_counts_waiting_cards_by_age(db, clerk, kasi):
    ready_cards(db, clerk, kasi)
    report = compute_report(db, None, DAY + dt.timedelta(days=40), DAY + dt.timedelta(days=40))
    assert report.pickups.pending_by_age == {"0-7": 0, "8-30": 0, ">30": 2}


def test_cli_pickup_uncollected_json_and_spreadsheet(db, clerk, kasi, capsys, monkeypatch,
                                                     tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    from counter_app.services import card_printing as cp

    cp.receive_blanko(db, kasi, 10, "Disdukcapil Kota Palembang", "BA/1",
                      now=dt.datetime(2000, 1, 3, 2, 0, tzinfo=dt.UTC))
    person = card(nama="Pemohon lama", tanggal_lahir=dt.date(1980, 1, 2),
                  jenis_kelamin="L", phone="081234567890")
    old = dt.datetime(2000, 1, 3, 2, 0, tzinfo=dt.UTC)
    app = rec.save_recording(db, clerk, recording("BARU", nik="1671040201800001",
                                                  card=person), now=old)
    cp.record_printed(db, clerk, app.application_id, "BLK-1", now=old)
    out_file = tmp_path / "telepon.xlsx"
    code = main(as_user(monkeypatch, "petugas", "pickup", "uncollected", "--json",
                        "--xlsx", str(out_file), "--db", db.url))
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and len(rows) == 1
    row = rows[0]
    assert (row["slip_number"], row["status"], row["name"], row["ready_since"]) == \
        (app.slip_number, "ready_for_pickup", "Pemohon lama", "2000-01-03")
    assert row["nik"] != "1671040201800001" and row["nik"].endswith("0001")
    assert row["archivable"] is True
    sheet = load_workbook(BytesIO(out_file.read_bytes())).active
    assert [c.value for c in sheet[1]][:4] == ["Tanda terima", "Nama", "NIK", "Telepon"]
    assert sheet["A2"].value == app.slip_number and sheet["D2"].value == "081234567890"
    assert sheet["H2"].value == "belum dihubungi"
    # Handing over still needs a receiver.
    code = main(as_user(monkeypatch, "petugas", "pickup", app.slip_number, "--db", db.url))
    assert code != 0 and "--receiver" in capsys.readouterr().err


def test_misprint_before_handover_local_spoils_and_forwarded_goes_back(db, clerk, kasi):
    from counter_app.services import misprints as mp
    from counter_app.services.card_printing import ledger_balance

    local = ready_cards(db, clerk, kasi, count=1)[0]
    with db.transaction() as s:
        before = ledger_balance(s)
    # The serial must be the one the card was printed on.
    with pytest.raises(ValidationError, match="tidak cocok .*dicetak pada blanko BLK-1"):
        mp.misprint_before_handover(db, clerk, local.application_id, "nama salah eja",
                                    "asdf", now=NOW)
    assert mp.misprint_before_handover(db, clerk, local.application_id, "nama salah eja",
                                       "blk-1", now=NOW) is Status.AWAITING_PRINT
    # Its blank left the stock when the card was printed: it is not taken a second time,
    # and the deep audit check agrees.
    with db.transaction() as s:
        assert ledger_balance(s) == before
    report = compute_report(db, None, DAY, DAY)
    assert report.printing.spoiled == 1 and report.blanko.spoiled == 0
    assert report.blanko.closing == report.blanko.opening + report.blanko.received \
        - report.blanko.used - report.blanko.spoiled + report.blanko.corrected
    assert [(r["blanko_serial"], "salah cetak" in r["reason"])
            for r in report.spoiled_list] == [("BLK-1", True)]
    assert verify_audit(db, kasi, deep=True).ok
    with pytest.raises(Conflict, match="siap diambil"):
        mp.misprint_before_handover(db, clerk, local.application_id, "lagi", now=NOW)
    # A forwarded card received back and found misprinted returns with the next batch.
    person = card(nama="Pemohon z", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    fwd = rec.save_recording(db, clerk, recording("HILANG", nik="1671040201900009",
                                                  card=person), now=NOW)
    batch = b.create_batch(db, clerk, now=NOW)
    b.send_batch(db, clerk, batch.id, "Pak Joko", now=NOW)
    b.receive_scanned(db, clerk, fwd.slip_number, now=NOW)
    assert mp.misprint_before_handover(db, clerk, fwd.application_id, "foto tertukar",
                                       now=NOW) is Status.FORWARDED
    again = b.create_batch(db, clerk, now=NOW + dt.timedelta(days=1))
    assert [(i.slip_number, i.reason) for i in again.items] == [(fwd.slip_number,
                                                                 "salah cetak")]


# --- PRR: cetak bagi yang sudah rekam ---------------------------------------------

def test_prr_for_someone_recorded_here_carries_photo_and_data_to_the_print_queue(db, clerk,
                                                                                   kasi):
    from counter_app.domain.cases import CaseType
    from counter_app.services import card_printing as cp
    from counter_app.services import prr

    # Recorded at this office, then the application was cancelled before printing.
    person = card(nama="Pemohon rekam", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    first = rec.save_recording(db, clerk, recording("BARU", nik="1671040201900001",
                                                    card=person), now=NOW)
    lookup = prr.lookup_prr(db, clerk, "1671040201900001")
    assert lookup.held and lookup.open_slip == first.slip_number
    with pytest.raises(Conflict, match="masih berjalan"):
        prr.request_prr_print(db, clerk, "1671040201900001", kk_checked=True,
                              identity_confirmed=True, now=NOW)
    rec.cancel_application(db, clerk, first.application_id, "blanko habis, pulang dulu")
    lookup = prr.lookup_prr(db, clerk, "1671040201900001")
    assert lookup.photo is not None and lookup.recorded_on == DAY
    assert "di kantor ini" in lookup.summary and lookup.open_slip == ""
    with pytest.raises(ValidationError, match="KK asli"):
        prr.request_prr_print(db, clerk, "1671040201900001", kk_checked=False,
                              identity_confirmed=True, now=NOW)
    with pytest.raises(ValidationError, match="wajah"):
        prr.request_prr_print(db, clerk, "1671040201900001", kk_checked=True,
                              identity_confirmed=False, now=NOW)
    later = NOW + dt.timedelta(days=3)
    done = prr.request_prr_print(db, clerk, "1671040201900001", kk_checked=True,
                                 identity_confirmed=True, now=later)
    assert done.status is Status.AWAITING_PRINT
    queue = prr.print_ready(db, clerk, DAY + dt.timedelta(days=3))
    assert [(r.slip_number, r.case_type) for r in queue] == [(done.slip_number, CaseType.PRR)]
    with db.transaction() as s:
        new = s.get(Application, done.application_id)
        assert new.previous_application_id == first.application_id
        assert s.get(Biometrics, new.id).photo == s.get(Biometrics, first.application_id).photo
    cp.receive_blanko(db, kasi, 2, "Disdukcapil Kota Palembang", "BA/1", now=later)
    assert cp.record_printed(db, clerk, done.application_id, "BLK-9", now=later) \
        is Status.READY_FOR_PICKUP
    report = compute_report(db, None, DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=3))
    assert report.recordings.by_case["PRR"] == 1 and report.recordings.by_case["BARU"] == 0


def test_prr_for_someone_recorded_elsewhere_needs_the_central_reference(db, clerk):
    from counter_app.services import prr

    assert not prr.lookup_prr(db, clerk, "1671040201900002").held
    with pytest.raises(ValidationError, match="database pusat"):
        prr.request_prr_print(db, clerk, "1671040201900002", kk_checked=True,
                              identity_confirmed=True, now=NOW)
    person = card(nama="Pemohon luar", tanggal_lahir=dt.date(1990, 1, 2), jenis_kelamin="L")
    # The card data typed from the central record is checked like a recording's.
    import dataclasses
    with pytest.raises(ValidationError, match="Data pemohon belum benar: .*RT"):
        prr.request_prr_print(db, clerk, "1671040201900002", kk_checked=True,
                              identity_confirmed=True, central_reference="SIAK 09-01-2019",
                              card=dataclasses.replace(person, rt="abc"),
                              kk="1671040101190001", now=NOW)
    assert prr.print_ready(db, clerk, DAY) == [] and not prr.lookup_prr(
        db, clerk, "1671040201900002").held
    done = prr.request_prr_print(db, clerk, "1671040201900002", kk_checked=True,
                                 identity_confirmed=True, central_reference="SIAK 09-01-2019",
                                 card=person, kk="1671040101190001", now=NOW)
    assert done.central_reference == "SIAK 09-01-2019"
    with db.transaction() as s:
        assert s.get(Biometrics, done.application_id) is None  # no biometrics page
    assert [r.slip_number for r in prr.print_ready(db, clerk, DAY)] == [done.slip_number]
    # The recording wizard does not take PRR (no second recording).
    from counter_app.domain.cases import CaseType
    data = recording("PRR", nik="1671040201900003", card=person)
    assert any("tidak direkam ulang" in p
               for p in rec.assess_recording(db, data, DAY).problems)
    assert CaseType.PRR.value == "PRR"


def test_sixteen_year_old_is_not_print_ready_until_the_birthday(db, clerk, capsys,
                                                                monkeypatch):
    born = dt.date(2002, 3, 1)
    person = card(nama="Pemohon muda", tanggal_lahir=born, jenis_kelamin="L")
    young = rec.save_recording(db, clerk, recording("BARU", nik="1671040103020001",
                                                    card=person), now=NOW)
    from counter_app.services import prr
    assert prr.print_ready(db, clerk, dt.date(2019, 2, 28)) == []
    assert [r.slip_number for r in prr.print_ready(db, clerk, dt.date(2019, 3, 1))] == \
        [young.slip_number]
    code = main(as_user(monkeypatch, "petugas", "print-ready", "list", "--json",
                        "--db", db.url))
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(r["slip_number"], r["status"], r["printable_from"]) for r in rows] == [
        (young.slip_number, "awaiting_print", "2019-03-01")]
    assert rows[0]["nik"].endswith("0001") and "*" in rows[0]["nik"]


def test_prr_queue_service_exists_and_can_be_renamed(db, clerk):
    from counter_app.services import queue as q
    services = {s.prefix: s for s in q.list_services(db)}
    assert services["F"].name == "Cetak bagi yang sudah rekam"
    admin = make_user(db, "admin2", Role.ADMIN)
    q.save_service(db, admin, prefix="F", name="Cetak KTP-el (sudah rekam)",
                   counter_numbers=(1,))
    assert {s.prefix: s.name for s in q.list_services(db)}["F"] == "Cetak KTP-el (sudah rekam)"
    assert q.issue_ticket(db, "F", now=NOW).number.startswith("F")


# --- the 17th-birthday list ------------------------------------------------------

def test_birthday_list_week_month_contacts_and_print_on_the_day(db, clerk, kasi, capsys,
                                                                monkeypatch, tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook

    from counter_app.services import birthdays as bd
    from counter_app.services import card_printing as cp
    from counter_app.services import contacts as ct

    made = {}
    for n, born in ((1, dt.date(2002, 3, 4)), (2, dt.date(2002, 3, 20)),
                    (3, dt.date(2002, 4, 2))):
        person = card(nama=f"Remaja {'abc'[n - 1]}", tanggal_lahir=born, jenis_kelamin="L",
                      phone=f"0812000000{n:02d}")
        made[n] = rec.save_recording(db, clerk, recording(
            "BARU", nik=f"167104{born.day:02d}{born.month:02d}02{n:04d}", card=person),
            now=NOW)
    today = dt.date(2019, 3, 5)  # a Tuesday
    assert bd.this_week(today) == (dt.date(2019, 3, 4), dt.date(2019, 3, 10))
    assert bd.this_month(today) == (dt.date(2019, 3, 1), dt.date(2019, 3, 31))
    week = bd.birthday_list(db, clerk, *bd.this_week(today), today=today)
    assert [(r.slip_number, r.birthday, r.printable) for r in week] == [
        (made[1].slip_number, dt.date(2019, 3, 4), True)]
    month = bd.birthday_list(db, clerk, *bd.this_month(today), today=today)
    assert [r.nama for r in month] == ["Remaja a", "Remaja b"]
    assert [r.contacted for r in month] == [False, False]
    ct.add_contact(db, clerk, "1671042003020002", "whatsapp", "akan datang tanggal 21",
                   purpose="ulang_tahun_17", now=dt.datetime(2019, 3, 5, 3, tzinfo=dt.UTC))
    month = bd.birthday_list(db, clerk, *bd.this_month(today), today=today)
    assert [r.contacted for r in month] == [False, True]
    assert month[1].contact_state.endswith("akan datang tanggal 21")
    assert month[1].phone == "081200000002" and not month[1].printable
    with pytest.raises(ValidationError, match="sebelum"):
        bd.birthday_list(db, clerk, today, today - dt.timedelta(days=1))
    # Printed from the list in one step on (or after) the birthday, not before.
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA/2",
                      now=dt.datetime(2019, 3, 5, 2, tzinfo=dt.UTC))
    with pytest.raises(Conflict, match="20-03-2019"):
        cp.record_printed(db, clerk, month[1].application_id, "BLK-T",
                          now=dt.datetime(2019, 3, 5, 2, tzinfo=dt.UTC))
    assert cp.record_printed(db, clerk, week[0].application_id, "BLK-1",
                             now=dt.datetime(2019, 3, 5, 2, tzinfo=dt.UTC)) \
        is Status.READY_FOR_PICKUP
    assert [r.nama for r in bd.birthday_list(db, clerk, *bd.this_month(today), today=today)] \
        == ["Remaja b"]
    # Headless, with the call list as a spreadsheet.
    sheet_file = tmp_path / "ultah.xlsx"
    code = main(as_user(monkeypatch, "petugas", "birthdays", "list", "--from", "2019-03-01",
                        "--to", "2019-04-30", "--json", "--xlsx", str(sheet_file),
                        "--db", db.url))
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(r["slip_number"], r["status"], r["name"], r["birthday_17"], r["contacted"])
            for r in rows] == [
        (made[2].slip_number, "awaiting_print", "Remaja b", "2019-03-20", True),
        (made[3].slip_number, "awaiting_print", "Remaja c", "2019-04-02", False)]
    assert all("*" in r["nik"] for r in rows)
    sheet = load_workbook(BytesIO(sheet_file.read_bytes())).active
    assert [sheet["B2"].value, sheet["D2"].value, sheet["E2"].value] == \
        ["Remaja b", "081200000002", "2019-03-20"]


def test_ready_call_list_as_spreadsheet(db, clerk, kasi):
    from io import BytesIO

    from openpyxl import load_workbook

    from counter_app.printing.call_list_xlsx import ready_list_xlsx

    apps = ready_cards(db, clerk, kasi)
    sheet = load_workbook(BytesIO(ready_list_xlsx(pk.ready_list(db, DAY + dt.timedelta(days=3)))
                                  )).active
    assert [sheet.cell(r, 1).value for r in (2, 3)] == [a.slip_number for a in apps]
    assert sheet["F2"].value == 3 and sheet["D2"].value == "081234560001"


# --- SUKET done right -------------------------------------------------------------

def suket_text(db, application_id):
    import io

    from pypdf import PdfReader

    from counter_app.printing.suket import suket_pdf
    from counter_app.services import suket as sk
    from counter_app.services.keys import load_signer

    pdf = suket_pdf(sk.suket_printout(db, application_id, load_signer(db)))
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


def test_suket_full_nik_while_waiting_at_disdukcapil_renewal_voids_the_old(qapp, db, clerk):
    from counter_app.services import suket as sk

    apps, batch = forwarded_and_sent(db, clerk, count=1)
    app = apps[0]
    with pytest.raises(ValidationError, match="blanko habis, belum 17 tahun"):
        sk.issue_suket(db, clerk, app.application_id, "lain", now=NOW)
    first = sk.issue_suket(db, clerk, app.application_id, "waiting_disdukcapil", now=NOW)
    assert first.valid_until == dt.date(2019, 7, 9)
    # The lifecycle is untouched: it still waits at Disdukcapil.
    assert rec.get_application(db, app.application_id).status is Status.FORWARDED
    text = suket_text(db, app.application_id)
    assert "1671040201900001" in text  # the full NIK
    assert "KTP-el pengganti sedang dicetak di Disdukcapil" in text
    with pytest.raises(Conflict, match="sudah memiliki SUKET"):
        sk.issue_suket(db, clerk, app.application_id, "waiting_disdukcapil", now=NOW)
    later = dt.datetime(2019, 7, 8, 2, 0, tzinfo=dt.UTC)
    renewed = sk.renew_suket(db, clerk, app.application_id, now=later)
    assert renewed.number == f"{app.slip_number}-2-S" and renewed.renews == first.number
    assert renewed.valid_until == dt.date(2020, 1, 8)
    assert rec.verify_slip(db, _suket_token(db, first), today=later.date()).void
    text = suket_text(db, app.application_id)
    assert renewed.number in text and f"menggantikan SUKET {first.number}" in text
    # Received back: the card is handed over against the renewed SUKET.
    b.receive_scanned(db, clerk, app.slip_number, now=later)
    found = pk.find_for_pickup(db, app.slip_number)
    assert found.must_surrender == ("SUKET",)
    with pytest.raises(Conflict, match="sudah siap"):
        sk.renew_suket(db, clerk, app.application_id, now=later)


def _suket_token(db, info):
    from counter_app.domain.slip_token import SlipToken
    from counter_app.services.keys import load_signer

    signer = load_signer(db)
    return signer.sign(SlipToken(info.number, "167104", info.issued_on, signer.key_id))


def test_suket_signer_setting_and_switched_off_with_the_reason(qapp, db, clerk):
    from counter_app.services import suket as sk

    admin = make_user(db, "admin2", Role.ADMIN)
    apps, _ = forwarded_and_sent(db, clerk, count=2)
    with pytest.raises(NotAllowed):
        sk.set_suket_settings(db, clerk, issuing=True, on_behalf=True)
    sk.set_suket_settings(db, admin, issuing=True, on_behalf=True)
    sk.issue_suket(db, clerk, apps[0].application_id, "waiting_disdukcapil", now=NOW)
    assert "atas nama Kepala Dinas Kependudukan" in suket_text(db, apps[0].application_id)
    assert "a.n. Kepala Dinas Dukcapil" in suket_text(db, apps[0].application_id)
    with pytest.raises(ValidationError, match="alasan"):
        sk.set_suket_settings(db, admin, issuing=False, off_reason="")
    reason = "SUKET tidak diterbitkan lagi sejak Maret 2020 (kebijakan Dirjen Dukcapil)"
    settings = sk.set_suket_settings(db, admin, issuing=False, off_reason=reason)
    assert not settings.issuing
    with pytest.raises(Conflict, match="tidak menerbitkan SUKET: SUKET tidak diterbitkan"):
        sk.issue_suket(db, clerk, apps[1].application_id, "waiting_disdukcapil", now=NOW)
    with pytest.raises(Conflict, match="Maret 2020"):
        sk.renew_suket(db, clerk, apps[0].application_id, now=NOW)


def test_misprint_after_handover_opens_a_linked_correction_routed_where_printed(db, clerk,
                                                                                 kasi):
    from counter_app.models import ApplicationDocument

    local = ready_cards(db, clerk, kasi, count=1)[0]
    with pytest.raises(Conflict, match="belum diserahkan"):
        rj.misprint_after_handover(db, clerk, local.application_id, "tanggal lahir", now=NOW)
    pk.hand_over(db, clerk, local.application_id, receiver="self", identity_checked=True,
                 now=NOW)
    with pytest.raises(ValidationError, match="salah cetak"):
        rj.misprint_after_handover(db, clerk, local.application_id, "", now=NOW)
    fix = rj.misprint_after_handover(db, clerk, local.application_id, "tanggal lahir salah",
                                     now=NOW + dt.timedelta(days=2))
    assert fix.status is Status.AWAITING_PRINT  # printed here, like the original
    # Pressed again (or on a second PC): one misprinted card, one correction.
    with pytest.raises(Conflict, match=f"sudah dibuka: {fix.slip_number}"):
        rj.misprint_after_handover(db, clerk, local.application_id, "tanggal lahir salah",
                                   now=NOW + dt.timedelta(days=2))
    with db.transaction() as s:
        new = s.get(Application, fix.application_id)
        assert new.previous_application_id == local.application_id
        assert new.route_reason.startswith("koreksi salah cetak")
        docs = {d.code: d.surrendered for d in s.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == new.id)).scalars()}
    assert docs["KTP_SALAH_CETAK"] is True and "SURAT_KEHILANGAN" not in docs
    # A card printed by Disdukcapil goes back there with the next batch.
    apps, batch = forwarded_and_sent(db, clerk, count=1)
    b.receive_scanned(db, clerk, apps[0].slip_number, now=NOW)
    pk.hand_over(db, clerk, apps[0].application_id, receiver="self", identity_checked=True,
                 now=NOW)
    fix2 = rj.misprint_after_handover(db, clerk, apps[0].application_id, "foto tertukar",
                                      now=NOW + dt.timedelta(days=2))
    assert fix2.status is Status.FORWARDED
    assert [i.slip_number for i in b.create_batch(db, clerk, now=NOW + dt.timedelta(days=2))
            .items] == [fix2.slip_number]


# --- issue 11 review ------------------------------------------------------------------

FLOOD = "salah\x07 cetak\x1b \x00\u202e" + "x" * 10_000


def _snapshot(db):
    from sqlalchemy import func

    from counter_app.models import AuditLog, BlankoEntry

    with db.transaction() as s:
        return (s.execute(select(func.count(AuditLog.id))).scalar_one(),
                s.execute(select(func.count(BlankoEntry.id))).scalar_one(),
                s.execute(select(Application.id, Application.status, Application.archive_place)
                          .order_by(Application.id)).all())


def test_free_text_of_misprints_and_archives_keeps_to_the_text_policy(db, clerk, kasi):
    from counter_app.services import misprints as mp
    from counter_app.services import uncollected as un

    ready, handed = ready_cards(db, clerk, kasi)
    pk.hand_over(db, clerk, handed.application_id, receiver="self", identity_checked=True,
                 now=NOW)
    before = _snapshot(db)
    day91 = NOW + dt.timedelta(days=91)
    for text in (FLOOD, FLOOD[:40]):  # flooded, and short with the hidden characters
        wanted = "paling banyak" if len(text) > 1000 else "tersembunyi"
        with pytest.raises(ValidationError, match=wanted) as err:
            mp.misprint_before_handover(db, clerk, ready.application_id, text, "BLK-1",
                                        now=NOW)
        assert err.value.message.startswith("Keterangan salah cetak")
        with pytest.raises(ValidationError, match=wanted):
            rj.misprint_after_handover(db, clerk, handed.application_id, text, now=NOW)
        with pytest.raises(ValidationError, match=wanted) as err:
            un.archive_card(db, kasi, ready.slip_number, text, now=day91)
        assert err.value.message.startswith("Tempat penyimpanan")
        with pytest.raises(ValidationError, match=wanted):
            mp.misprint_before_handover(db, clerk, ready.application_id, "nama salah eja",
                                        "BLK-1" + text, now=NOW)
    assert _snapshot(db) == before


def test_a_local_misprint_needs_the_serial_of_the_spoiled_blanko(db, clerk, kasi):
    from counter_app.models import BlankoEntry
    from counter_app.services import misprints as mp

    ready = ready_cards(db, clerk, kasi, count=1)[0]
    before = _snapshot(db)
    for serial in ("", "   "):
        with pytest.raises(ValidationError, match="Nomor seri blanko wajib diisi"):
            mp.misprint_before_handover(db, clerk, ready.application_id, "nama salah eja",
                                        serial, now=NOW)
    assert _snapshot(db) == before
    mp.misprint_before_handover(db, clerk, ready.application_id, "nama salah eja", " BLK-1 ",
                                now=NOW)
    with db.transaction() as s:
        assert s.execute(select(BlankoEntry.blanko_serial).where(
            BlankoEntry.kind == "spoiled")).scalars().all() == ["BLK-1"]


def test_pickup_shows_why_disdukcapil_returned_the_card_once(db, clerk):
    apps, batch = forwarded_and_sent(db, clerk, count=1)
    b.mark_item(db, clerk, batch.id, apps[0].application_id, "returned",
                "foto buram, minta rekam ulang", now=NOW)
    found = pk.find_for_pickup(db, apps[0].slip_number)
    assert found.where == ("Dikembalikan Disdukcapil: foto buram, minta rekam ulang; "
                           "menunggu keputusan kirim ulang atau batal.")
    assert rec.get_application(db, apps[0].application_id).status_text == (
        "Dikembalikan Disdukcapil - foto buram, minta rekam ulang; menunggu keputusan "
        "kirim ulang atau batal")


def test_a_clerk_deciding_on_a_returned_card_is_told_what_only_a_supervisor_may(db, clerk,
                                                                                monkeypatch,
                                                                                capsys):
    apps, batch = forwarded_and_sent(db, clerk, count=1)
    b.mark_item(db, clerk, batch.id, apps[0].application_id, "returned",
                "foto buram, minta rekam ulang", now=NOW)
    with pytest.raises(NotAllowed) as err:
        b.decide_returned(db, clerk, apps[0].slip_number, resend=True, now=NOW)
    assert "mengirim ulang atau membatalkan berkas yang dikembalikan" in err.value.message
    assert "hanya supervisor" in err.value.message
    assert "pengecualian" not in err.value.message
    code = main(as_user(monkeypatch, "petugas", "batch", "returned", "resend",
                        apps[0].slip_number, "--db", db.url))
    out = capsys.readouterr()
    assert code != 0 and "mengirim ulang atau membatalkan" in out.err + out.out
    assert rec.get_application(db, apps[0].application_id).status is Status.RETURNED
