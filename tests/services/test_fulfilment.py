import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counter_app.domain.errors import (
    Conflict,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationError,
)
from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.models import BlankoStock
from counter_app.printing.suket import suket_pdf
from counter_app.printing.transmittal import transmittal_pdf
from counter_app.services import batches as b
from counter_app.services import card_printing as cp
from counter_app.services import pickup as pk
from counter_app.services import recording as rec
from counter_app.services import suket as sk
from counter_app.services.card_printing import ledger_balance
from counter_app.services.keys import load_signer
from counter_app.services.settings import set_blanko_threshold
from counter_app.services.slip_printing import slip_printout
from counter_app.services.users import authenticate
from tests.helpers import NIK, PASSWORD, card, make_office, make_user, recording

NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB
DAY = dt.date(2019, 1, 9)


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def kasi(db, office):
    return make_user(db, "kasi", Role.SUPERVISOR)


def person(n, case="BARU", born=dt.date(1990, 1, 2), sex="L"):
    day = born.day + (40 if sex == "P" else 0)
    nik = f"167104{day:02d}{born.month:02d}{born.year % 100:02d}{n:04d}"
    return recording(case, nik=nik, card=card(nama=f"Pemohon {'abcdefghij'[n % 10]}",
                                              tanggal_lahir=born, jenis_kelamin=sex))


def record(db, clerk, n, case="BARU", **kw):
    return rec.save_recording(db, clerk, person(n, case, **kw), now=NOW)


def test_print_moves_to_ready_and_uses_one_blanko(db, clerk, kasi):
    cp.receive_blanko(db, kasi, 10, "Disdukcapil Kota Palembang", "BA/01/I/2019", now=NOW)
    app = record(db, clerk, 1)
    assert [i.slip_number for i in cp.print_queue(db, DAY)] == [app.slip_number]
    for missing in ("", "   \t"):  # the ledger line needs the blank's serial
        with pytest.raises(ValidationError, match="Nomor seri blanko wajib"):
            cp.record_printed(db, clerk, app.application_id, missing, now=NOW)
    assert cp.stock_status(db, DAY).balance == 10
    assert [i.slip_number for i in cp.print_queue(db, DAY)] == [app.slip_number]
    assert cp.record_printed(db, clerk, app.application_id, "BLK-0001", now=NOW) \
        is Status.READY_FOR_PICKUP
    assert cp.print_queue(db, DAY) == []
    stock = cp.stock_status(db, DAY)
    assert stock.balance == 9
    assert [(m.kind, m.quantity) for m in stock.movements] == [("received", 10), ("used", -1)]
    with pytest.raises(Conflict, match="siap diambil"):
        cp.record_printed(db, clerk, app.application_id, "BLK-T", now=NOW)


def test_spoiled_print_goes_back_to_the_queue_and_is_not_counted_as_printed(db, clerk, kasi):
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA/02", now=NOW)
    app = record(db, clerk, 1)
    with pytest.raises(ValidationError, match="alasan"):
        cp.record_spoiled(db, clerk, app.application_id, "", now=NOW)
    assert cp.record_spoiled(db, clerk, app.application_id, "Gagal encode chip", "BLK-7",
                             now=NOW) is Status.AWAITING_PRINT
    assert cp.print_queue(db, DAY)[0].spoiled == 1
    cp.record_printed(db, clerk, app.application_id, "BLK-8", now=NOW)
    kinds = [m.kind for m in cp.stock_status(db, DAY).movements]
    assert kinds.count("used") == 1 and kinds.count("spoiled") == 1
    assert cp.stock_status(db, DAY).balance == 3
    spoiled = cp.spoiled_list(db, 2019, 1)
    assert [(s.blanko_serial, s.reason) for s in spoiled] == [("BLK-7", "Gagal encode chip")]
    assert cp.spoiled_list(db, 2019, 2) == []


def test_stock_exhausted_and_warning(db, clerk, kasi):
    admin = authenticate(db, "admin", PASSWORD)
    set_blanko_threshold(db, admin, 3)
    cp.receive_blanko(db, kasi, 2, "Disdukcapil", "BA/03", now=NOW)
    stock = cp.stock_status(db, DAY)
    assert stock.low and "tinggal 2" in stock.warning
    a, b_, c = (record(db, clerk, n) for n in (1, 2, 3))
    cp.record_printed(db, clerk, a.application_id, "BLK-T", now=NOW)
    cp.record_printed(db, clerk, b_.application_id, "BLK-T", now=NOW)
    with pytest.raises(Conflict, match="Blanko habis"):
        cp.record_printed(db, clerk, c.application_id, "BLK-T", now=NOW)
    assert "HABIS" in cp.stock_status(db, DAY).warning
    assert rec.get_application(db, c.application_id).status is Status.AWAITING_PRINT


def test_stock_roles_and_correction(db, clerk, kasi):
    with pytest.raises(NotAllowed):
        cp.receive_blanko(db, clerk, 10, "Disdukcapil", "x", now=NOW)
    with pytest.raises(NotAllowed):
        cp.correct_blanko(db, clerk, -1, "hitung ulang stok", now=NOW)
    cp.receive_blanko(db, kasi, 10, "Disdukcapil", "BA/04", now=NOW)
    assert cp.correct_blanko(db, kasi, -2, "stock opname: 2 rusak di laci", now=NOW) == 8
    with pytest.raises(Conflict, match="Blanko habis"):
        cp.correct_blanko(db, kasi, -9, "koreksi yang terlalu besar", now=NOW)
    with db.transaction() as s:
        assert ledger_balance(s) == s.get(BlankoStock, 1).balance == 8


def test_sixteen_year_old_appears_on_the_17th_birthday(db, clerk, kasi):
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA", now=NOW)
    app = record(db, clerk, 1, born=dt.date(2002, 5, 3))
    assert cp.print_queue(db, DAY) == []
    assert cp.print_queue(db, dt.date(2019, 5, 3))[0].application_id == app.application_id
    with pytest.raises(Conflict, match="mulai 03-05-2019"):
        cp.record_printed(db, clerk, app.application_id, "BLK-T", now=NOW)


def test_suket_issued_verified_and_voided_at_pickup(qapp, db, clerk, kasi):
    app = record(db, clerk, 1)
    with pytest.raises(ValidationError, match="belum 17"):
        sk.issue_suket(db, clerk, app.application_id, "under_17", now=NOW)
    info = sk.issue_suket(db, clerk, app.application_id, "no_blanko", now=NOW)
    assert info.valid_until == dt.date(2019, 7, 9)
    assert rec.get_application(db, app.application_id).status is Status.SUKET_ISSUED
    printout = sk.suket_printout(db, app.application_id, load_signer(db))
    text = " ".join(PdfReader(io.BytesIO(suket_pdf(printout))).pages[0].extract_text().split())
    # A SUKET stands in for the card: the full NIK (issue 11); the slip still masks it.
    for expected in ("SURAT KETERANGAN PENGGANTI KTP-el", info.number, "Pemohon b",
                     "1671040201900001", "blanko KTP-el sedang habis", "Camat Uji",
                     "NIP. 197001011990031001", "Selasa, 9 Juli 2019"):
        assert expected in text
    assert "167104******0001" not in text  # no longer masked on the SUKET
    checked = rec.verify_slip(db, printout.token, today=DAY)
    assert checked.kind == "suket" and not checked.void and not checked.expired
    assert rec.verify_slip(db, printout.token, today=dt.date(2019, 7, 10)).expired
    # The card arrives, is printed, and handed over: the SUKET is void from then on.
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA", now=NOW)
    assert cp.record_printed(db, clerk, app.application_id, "BLK-T", now=NOW) \
        is Status.READY_FOR_PICKUP
    candidate = pk.find_for_pickup(db, app.slip_number)
    assert candidate.must_surrender == ("SUKET",)
    with pytest.raises(ValidationError, match="Belum diserahkan: SUKET"):
        pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True,
                     now=NOW)
    pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True,
                 surrendered=("SUKET",), now=NOW)
    assert rec.verify_slip(db, printout.token, today=DAY).void


def forwarded(db, clerk, count=3):
    return [record(db, clerk, n, case="HILANG") for n in range(1, count + 1)]


def test_batch_built_sent_partly_returned_overdue_and_received(qapp, db, clerk, kasi):
    apps = forwarded(db, clerk)
    batch = b.create_batch(db, clerk, now=NOW)
    assert batch.status == "draft" and len(batch.items) == 3
    assert batch.number == "167104-190109-0001-B"
    with pytest.raises(Conflict, match="Tidak ada permohonan"):
        b.create_batch(db, clerk, now=NOW)
    with pytest.raises(Conflict, match="belum dikirim"):
        b.mark_item(db, clerk, batch.id, apps[0].application_id, "received", now=NOW)
    with pytest.raises(ValidationError, match="kurir"):
        b.send_batch(db, clerk, batch.id, "", now=NOW)
    batch = b.send_batch(db, clerk, batch.id, "Pak Joko", now=NOW)
    with pytest.raises(NotAllowed, match="NIK lengkap"):
        b.transmittal_printout(db, clerk, batch.id, load_signer(db))
    pdf = transmittal_pdf(b.transmittal_printout(db, kasi, batch.id, load_signer(db)))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 2
    for expected in ("SURAT PENGANTAR PENCETAKAN KTP-el", batch.number, "1671040201900001",
                     "Surat keterangan kehilangan dari kepolisian (LP/123/I/2019)",
                     "TANDA TERIMA BERKAS", "Pak Joko"):
        assert expected in text
    # Received back by scanning the first slip's QR.
    token = slip_printout(db, apps[0].application_id, load_signer(db)).token
    assert b.receive_scanned(db, clerk, token, now=NOW).state == "received"
    assert rec.get_application(db, apps[0].application_id).status is Status.READY_FOR_PICKUP
    with pytest.raises(NotFound, match="tidak menunggu"):
        b.receive_scanned(db, clerk, token, now=NOW)
    b.mark_item(db, clerk, batch.id, apps[1].application_id, "returned",
                "Akta kelahiran belum dilampirkan", now=NOW)
    later = dt.date(2019, 1, 30)
    overdue = b.overdue_items(db, later)
    assert [i.application_id for i in overdue] == [apps[2].application_id]
    assert b.overdue_items(db, dt.date(2019, 1, 20)) == []
    # The returned one waits as "dikembalikan" (issue 11): not silently re-queued ...
    assert rec.get_application(db, apps[1].application_id).status is Status.RETURNED
    with pytest.raises(Conflict, match="Tidak ada permohonan"):
        b.create_batch(db, clerk, now=NOW + dt.timedelta(days=1))
    # ... until the office (a supervisor) decides to resend it: then it goes in the next
    # batch alone.
    with pytest.raises(NotAllowed):
        b.decide_returned(db, clerk, apps[1].slip_number, resend=True,
                          now=NOW + dt.timedelta(days=1))
    b.decide_returned(db, kasi, apps[1].slip_number, resend=True,
                      now=NOW + dt.timedelta(days=1))
    second = b.create_batch(db, clerk, now=NOW + dt.timedelta(days=1))
    assert [(i.application_id, i.reason) for i in second.items] == [
        (apps[1].application_id, "kirim ulang")]
    b.mark_item(db, clerk, batch.id, apps[2].application_id, "missing", now=NOW)
    assert b.get_batch(db, batch.id).counts == {"pending": 0, "received": 1, "missing": 1,
                                                "returned": 1, "rejected": 0}


def test_pickup_by_self_and_by_family_and_refused_second(db, clerk, kasi):
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA", now=NOW)
    a, c = record(db, clerk, 1), record(db, clerk, 2)
    for app in (a, c):
        cp.record_printed(db, clerk, app.application_id, "BLK-T", now=NOW)
    assert [r.slip_number for r in pk.ready_list(db, DAY)] == [a.slip_number, c.slip_number]
    csv_text = pk.ready_list_csv(pk.ready_list(db, dt.date(2019, 1, 12)))
    assert "081234567890" in csv_text and ",3\r\n" in csv_text
    assert "1671040201900001" not in csv_text
    with pytest.raises(ValidationError, match="identitas"):
        pk.hand_over(db, clerk, a.application_id, receiver="self", identity_checked=False)
    done = pk.hand_over(db, clerk, a.application_id, receiver="self", identity_checked=True,
                        now=NOW)
    assert done.receiver_name == "Pemohon b"
    with pytest.raises(Conflict, match="sudah diserahkan: 09-01-2019 09.00 oleh Petugas "
                                       "kepada pemohon sendiri"):
        pk.hand_over(db, clerk, a.application_id, receiver="self", identity_checked=True)
    with pytest.raises(ValidationError, match="NIK"):
        pk.hand_over(db, clerk, c.application_id, receiver="family", identity_checked=True,
                     receiver_name="Ibu Sari", receiver_nik="123")
    family = pk.hand_over(db, clerk, c.application_id, receiver="family",
                          identity_checked=True, receiver_name="Sari Dewi",
                          receiver_nik="1671045505650001", now=NOW)
    assert family.receiver == "family"
    assert "Sari Dewi (keluarga, NIK 167104******0001)" in \
        pk.find_for_pickup(db, c.slip_number).handed_over


def test_pickup_not_ready_says_where_and_when(db, clerk):
    app = record(db, clerk, 1, case="RUSAK")
    # The office's name keeps its capital inside the sentence (not "disdukcapil").
    assert pk.find_for_pickup(db, app.slip_number).where == (
        "KTP-el belum siap (dikirim ke Disdukcapil); perkiraan siap Rabu, 23 Januari 2019.")
    with pytest.raises(Conflict, match="dikirim ke Disdukcapil.*Rabu, 23 Januari 2019"):
        pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True)


def test_lost_slip_found_by_nik_with_a_stricter_check(db, clerk, kasi):
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA", now=NOW)
    app = record(db, clerk, 1)
    cp.record_printed(db, clerk, app.application_id, "BLK-T", now=NOW)
    found = pk.find_by_nik(db, "1671040201900001")
    assert [f.slip_number for f in found] == [app.slip_number]
    with pytest.raises(NotFound):
        pk.find_by_nik(db, NIK)
    with pytest.raises(ValidationError, match="hilang"):
        pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True,
                     slip_lost=True, identity_note="ok")
    pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True,
                 slip_lost=True, identity_note="KK asli diperiksa, wajah cocok dengan foto",
                 now=NOW)


def test_handover_of_a_cancelled_application_is_refused(db, clerk):
    app = record(db, clerk, 1)
    rec.cancel_application(db, clerk, app.application_id, "pemohon pindah domisili")
    with pytest.raises(Conflict, match="dibatalkan"):
        pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True)
    with pytest.raises(InvalidTransition):
        rec.cancel_application(db, clerk, app.application_id, "dibatalkan dua kali")


def test_camat_cannot_print_or_hand_over(db, clerk, kasi):
    camat = make_user(db, "camat", Role.CAMAT)
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA", now=NOW)
    app = record(db, clerk, 1)
    for action in (lambda: cp.record_printed(db, camat, app.application_id, "BLK-T"),
                   lambda: sk.issue_suket(db, camat, app.application_id, "no_blanko"),
                   lambda: b.create_batch(db, camat)):
        with pytest.raises(NotAllowed):
            action()
    with db.transaction() as s:
        assert s.execute(select(BlankoStock.balance)).scalar_one() == 1
