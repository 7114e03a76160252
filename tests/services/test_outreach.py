"""Jemput bola: a laptop records offline, exports a sealed packet, the office imports it.

The office database is the ``db`` fixture (SQLite, or PostgreSQL in the PG run); the
laptop always has its own SQLite file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from sqlalchemy import select

from counter_app.db import open_database
from counter_app.domain.errors import Conflict, NotAllowed, ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.outreach_packet import PacketError, read_header, seal
from counter_app.domain.roles import Role
from counter_app.models import Application, AuditLog, Biometrics, OutreachOfficeKey
from counter_app.services import batches, card_printing, reports
from counter_app.services import outreach_laptop as ol
from counter_app.services import outreach_office as oo
from counter_app.services import recording as rec
from counter_app.services.audit import verify_chain
from counter_app.services.keys import load_signer
from tests.helpers import make_office, make_user
from tests.services.outreach_support import (
    AT_EVENT,
    EVENT_DAY,
    make_outreach,
    nik_for,
    record_at_event,
    record_at_office,
    snapshot,
)


def test_three_applicants_recorded_offline_reach_the_office(db, tmp_path):
    o = make_outreach(db, tmp_path)
    slips = [record_at_event(o, 1).slip_number, record_at_event(o, 2, "HILANG").slip_number,
             record_at_event(o, 3).slip_number]
    # The laptop's prefix: no office counter can issue these numbers.
    assert slips == ["167104-L01-190109-0001", "167104-L01-190109-0002",
                     "167104-L01-190109-0003"]
    token = load_signer(o.laptop).sign(rec.slip_token(o.laptop, 1, load_signer(o.laptop).key_id))

    packet = ol.export_packet(o.laptop, o.clerk)
    assert (packet.sequence, packet.recordings, packet.events, packet.photos) == (1, 3, 1, 3)
    assert b"Pemohon" not in packet.data and nik_for(1)[0].encode() not in packet.data

    preview = oo.preview_packet(db, o.kasi, packet.data, o.box)
    assert (preview.laptop_code, preview.total, preview.new, preview.duplicates) == \
        ("L01", 3, 3, 0)
    assert preview.by_route == {"LOCAL": 2, "FORWARD": 1}
    assert preview.events == ("SMA Negeri 6 Palembang (Jl. Sersan Sani, Palembang), "
                              "09-01-2019",)
    assert snapshot(db)["applications"] == 0, "a preview writes nothing"

    result = oo.import_packet(db, o.kasi, packet.data, o.box)
    assert (result.imported, result.duplicates, result.conflicts) == (3, 0, 0)
    apps = {a.slip_number: a for a in rec.list_applications(db)}
    assert set(apps) == set(slips)
    # The normal flow: BARU to the local print queue, HILANG to the next batch.
    queue = {i.slip_number for i in card_printing.print_queue(db, today=EVENT_DAY)}
    assert queue == {slips[0], slips[2]}
    assert batches.pending_forward(db) == [apps[slips[1]].id]
    # Counted on the event's day, under the event.
    report = reports.compute_report(db, o.kasi, EVENT_DAY)
    assert report.recordings.total == 3
    assert report.recordings.outreach == {"SMA Negeri 6 Palembang": 3}
    # Photos travel byte for byte; the laptop's slip verifies at any office counter.
    with db.transaction() as s:
        photo = s.execute(select(Biometrics.photo).join(
            Application, Application.id == Biometrics.application_id).where(
            Application.slip_number == slips[0])).scalar_one()
        rows = s.execute(select(AuditLog).where(AuditLog.kind == "application.import")
                         ).scalars().all()
        assert verify_chain(s).ok
    assert photo == b"\x89PNG foto"
    assert len(rows) == 3
    assert all(json.loads(r.after)["laptop"] == "L01" and json.loads(r.after)["event"] ==
               "SMA Negeri 6 Palembang" and r.username == "kasi" for r in rows)
    checked = rec.verify_slip(db, token)
    assert checked.number == slips[0] and not checked.void


def test_importing_twice_or_an_overlapping_packet_adds_nothing_twice(db, tmp_path):
    o = make_outreach(db, tmp_path)
    for n in range(1, 4):
        record_at_event(o, n)
    first = ol.export_packet(o.laptop, o.clerk)
    oo.import_packet(db, o.kasi, first.data, o.box)
    after_first = snapshot(db)

    again = oo.import_packet(db, o.kasi, first.data, o.box)
    assert (again.imported, again.duplicates) == (0, 3)
    assert {k: v for k, v in snapshot(db).items() if k != "audit"} == \
        {k: v for k, v in after_first.items() if k != "audit"}

    # The confirmation was lost: the next packet carries the three again, plus a fourth.
    record_at_event(o, 4)
    second = ol.export_packet(o.laptop, o.clerk)
    assert (second.sequence, second.recordings) == (2, 4)
    result = oo.import_packet(db, o.kasi, second.data, o.box)
    assert (result.imported, result.duplicates) == (1, 3)
    assert snapshot(db)["applications"] == 4
    assert snapshot(db)["events"] == 1


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def test_refused_packets_change_nothing(db, tmp_path):
    o = make_outreach(db, tmp_path)
    for n in range(1, 4):
        record_at_event(o, n)
    old = ol.export_packet(o.laptop, o.clerk)
    packet = ol.export_packet(o.laptop, o.clerk)
    oo.import_packet(db, o.kasi, packet.data, o.box)
    before = snapshot(db)
    _header, aad, _ct = read_header(packet.data)

    def refused(data: bytes, words: str) -> None:
        with pytest.raises(PacketError) as caught:
            oo.preview_packet(db, o.kasi, data, o.box)
        with pytest.raises(PacketError) as caught:
            oo.import_packet(db, o.kasi, data, o.box)
        assert words in caught.value.message, caught.value.message
        assert snapshot(db) == before

    # Any altered byte: the magic, the header, the ciphertext, the tag at the end.
    refused(_flip(packet.data, 2), "bukan paket")
    for at in (len(aad) - 30, len(aad) + 5, len(packet.data) // 2, len(packet.data) - 1):
        with pytest.raises(PacketError):
            oo.import_packet(db, o.kasi, _flip(packet.data, at), o.box)
        assert snapshot(db) == before
    refused(_flip(packet.data, len(packet.data) // 2), "telah diubah")
    # Cut short (a copy interrupted), or with bytes added.
    refused(packet.data[: len(packet.data) - 100], "terpotong")
    refused(packet.data[:20], "terpotong")
    refused(packet.data + b"\0", "telah diubah")
    # An older sequence replayed after a newer one was imported.
    refused(old.data, "lebih lama")
    # Signed by a laptop this office never paired (sealed to the right office key).
    with db.transaction() as s:
        key = s.execute(select(OutreachOfficeKey)).scalar_one()
    forged = seal({"recordings.json": b"[]", "events.json": b"[]", "audit.json": b"[]"},
                  office_code="167104", office_key=key.key_id,
                  office_box_public=X25519PublicKey.from_public_bytes(
                      bytes.fromhex(key.box_public)),
                  laptop_private=Ed25519PrivateKey.generate(), laptop_key_id="0badc0de",
                  code="L01", sequence=99, created_at=AT_EVENT)
    refused(forged, "tidak dipasangkan")
    # The paired laptop's key id with another key's signature.
    impostor = seal({"recordings.json": b"[]", "events.json": b"[]", "audit.json": b"[]"},
                    office_code="167104", office_key=key.key_id,
                    office_box_public=X25519PublicKey.from_public_bytes(
                        bytes.fromhex(key.box_public)),
                    laptop_private=Ed25519PrivateKey.generate(),
                    laptop_key_id=_header.laptop_key_id, code="L01", sequence=99,
                    created_at=AT_EVENT)
    refused(impostor, "Tanda tangan laptop")
    # Encrypted to another office: that office cannot open it.
    other = open_database(f"sqlite:///{tmp_path / 'kantor-lain.db'}")
    make_office(other)
    other_kasi = make_user(other, "kasi", Role.SUPERVISOR)
    oo.pair_laptop(other, other_kasi, "Laptop Lain", box_path=tmp_path / "lain.pem")
    other_before = snapshot(other)
    with pytest.raises(PacketError, match="kunci kantor lain"):
        oo.import_packet(other, other_kasi, packet.data,
                         oo.load_office_box(other, tmp_path / "lain.pem"))
    assert snapshot(other) == other_before
    # A revoked laptop: its next packet is refused.
    record_at_event(o, 4)
    later = ol.export_packet(o.laptop, o.clerk)
    oo.unpair_laptop(db, o.kasi, "L01")
    before = snapshot(db)
    refused(later.data, "sudah dicabut")


def test_a_conflict_is_held_and_resolved_by_a_supervisor(db, tmp_path):
    o = make_outreach(db, tmp_path)
    clerk = make_user(db, "petugas2", Role.OPERATOR)
    at_office_1 = record_at_office(db, clerk, 1)
    at_office_2 = record_at_office(db, clerk, 2)
    for n in (1, 2, 3):
        record_at_event(o, n)
    packet = ol.export_packet(o.laptop, o.clerk)
    preview = oo.preview_packet(db, o.kasi, packet.data, o.box)
    assert (preview.new, len(preview.conflicts)) == (1, 2)
    assert preview.conflicts[0].office_slip == at_office_1.slip_number

    result = oo.import_packet(db, o.kasi, packet.data, o.box)
    assert (result.imported, result.conflicts) == (1, 2)
    # Held, not dropped and not doubled: one application per NIK, the office's untouched.
    assert len(rec.lookup_applicant(db, nik_for(1)[0]).applications) == 1
    held = oo.list_conflicts(db, o.kasi)
    assert [c.office_slip for c in held] == [at_office_1.slip_number, at_office_2.slip_number]
    # The held recordings count as received: importing again holds nothing twice.
    assert oo.import_packet(db, o.kasi, packet.data, o.box).conflicts == 0
    assert len(oo.list_conflicts(db, o.kasi)) == 2

    with pytest.raises(NotAllowed):
        oo.resolve_conflict(db, clerk, held[0].id, "office", "sudah direkam di kantor")
    with pytest.raises(ValidationError):
        oo.resolve_conflict(db, o.kasi, held[0].id, "office", "")
    oo.resolve_conflict(db, o.kasi, held[0].id, "office", "Sudah direkam di loket 1")
    oo.resolve_conflict(db, o.kasi, held[1].id, "laptop", "Data di kantor salah ketik")
    with pytest.raises(Conflict):
        oo.resolve_conflict(db, o.kasi, held[1].id, "office", "berubah pikiran")

    assert oo.list_conflicts(db, o.kasi) == []
    one = rec.lookup_applicant(db, nik_for(1)[0]).applications
    assert [(a.slip_number, a.status) for a in one] == [(at_office_1.slip_number,
                                                         Status.AWAITING_PRINT)]
    two = {a.slip_number: a.status for a in rec.lookup_applicant(db, nik_for(2)[0]).applications}
    assert two == {at_office_2.slip_number: Status.CANCELLED,
                   "167104-L01-190109-0002": Status.AWAITING_PRINT}
    with db.transaction() as s:
        kinds = [r.kind for r in s.execute(select(AuditLog).where(
            AuditLog.kind.like("outreach.conflict%"))).scalars()]
    assert kinds.count("outreach.conflict_hold") == 2
    assert kinds.count("outreach.conflict_resolve") == 2


def test_personal_data_leaves_the_laptop_only_after_the_office_confirms(db, tmp_path):
    o = make_outreach(db, tmp_path)
    for n in range(1, 4):
        record_at_event(o, n)
    packet = ol.export_packet(o.laptop, o.clerk)
    # Exported is not confirmed: everything is still on the laptop.
    assert rec.lookup_applicant(o.laptop, nik_for(1)[0]).card is not None
    result = oo.import_packet(db, o.kasi, packet.data, o.box)
    record_at_event(o, 4)  # recorded after the export: not in the confirmation

    # A forged or altered confirmation deletes nothing.
    body = json.loads(result.confirmation)
    body["received"].append("00000000-0000-0000-0000-000000000000")
    with pytest.raises(PacketError, match="tidak sah"):
        ol.apply_confirmation(o.laptop, o.clerk, json.dumps(body))
    assert ol.laptop_status(o.laptop).waiting == 4

    purge = ol.apply_confirmation(o.laptop, o.clerk, result.confirmation)
    assert (purge.confirmed, purge.purged, purge.still_waiting) == (3, 3, 1)
    for n in (1, 2, 3):
        assert rec.lookup_applicant(o.laptop, nik_for(n)[0]).card is None
    assert rec.lookup_applicant(o.laptop, nik_for(4)[0]).card is not None
    # The counts stay; the bytes of the NIKs and names are gone from the database files.
    event = ol.list_events(o.laptop)[0]
    assert (event.recorded, event.waiting, event.confirmed) == (4, 1, 3)
    o.laptop.dispose()
    files = b"".join(open(f, "rb").read() for f in glob.glob(str(tmp_path / "laptop.db*"))
                     if os.path.isfile(f))  # laptop.db.terbuka/ is the open-lock folder
    for n in (1, 2, 3):
        assert nik_for(n)[0].encode() not in files
    assert nik_for(4)[0].encode() in files
    # A confirmation issued by another office's key is refused.
    with pytest.raises(PacketError):
        ol.apply_confirmation(o.laptop, o.clerk, result.confirmation.replace(
            '"sequence": 1', '"sequence": 2'))


def test_sync_over_the_office_network(db, tmp_path):
    o = make_outreach(db, tmp_path)
    for n in range(1, 4):
        record_at_event(o, n)
    sent = ol.sync_with_office(o.laptop, o.clerk, db.url)
    assert (sent.sent_sequence, sent.recordings_sent, sent.purged) == (1, 3, 0)
    inbox = oo.list_inbox(db)
    assert [(i.laptop_code, i.sequence) for i in inbox] == [("L01", 1)]
    assert snapshot(db)["applications"] == 0, "waiting for the supervisor's review"
    data = oo.inbox_packet(db, inbox[0].id)
    assert oo.preview_packet(db, o.kasi, data, o.box).new == 3
    oo.import_packet(db, o.kasi, data, o.box)
    assert oo.list_inbox(db) == []
    back = ol.sync_with_office(o.laptop, o.clerk, db.url)
    assert (back.sent_sequence, back.confirmations, back.purged, back.still_waiting) == \
        (None, 1, 3, 0)
    oo.unpair_laptop(db, o.kasi, "L01")
    record_at_event(o, 5)
    with pytest.raises(PacketError, match="tidak \\(lagi\\) dipasangkan"):
        ol.sync_with_office(o.laptop, o.clerk, db.url)


def test_pairing_roles_and_the_event_of_the_day(db, tmp_path):
    o = make_outreach(db, tmp_path)
    with pytest.raises(Conflict, match="sudah dipasangkan"):
        ol.join_office(o.laptop, o.pairing_text)
    with pytest.raises(Conflict, match="sebagai kantor"):
        ol.join_office(db, o.pairing_text)
    with pytest.raises(ValidationError):
        ol.join_office(open_database(f"sqlite:///{tmp_path / 'x.db'}"), "{}")
    clerk = make_user(db, "petugas3", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        oo.pair_laptop(db, clerk, "Laptop Dua", box_path=o.box_path)
    with pytest.raises(NotAllowed):
        oo.preview_packet(db, clerk, b"", o.box)
    second = oo.pair_laptop(db, o.kasi, "Laptop Dua", team=["petugas"], box_path=o.box_path)
    assert second.laptop.code == "L02" and second.team == ("petugas",)
    # A laptop records only under the event of the day.
    data = dataclasses.replace(record_input := rec_input(1), outreach_event_id=None)
    with pytest.raises(ValidationError, match="Pilih kegiatan"):
        rec.save_recording(o.laptop, o.clerk, data, now=AT_EVENT)
    with pytest.raises(ValidationError, match="bukan hari ini"):
        rec.save_recording(o.laptop, o.clerk, dataclasses.replace(
            record_input, outreach_event_id=o.event_id),
            now=AT_EVENT + dt.timedelta(days=1))
    assert ol.laptop_status(o.laptop).waiting == 0


def rec_input(n: int) -> rec.RecordingInput:
    """A recording of applicant ``n`` with no event."""
    from tests.helpers import card, recording

    nik, born = nik_for(n)
    return dataclasses.replace(recording("BARU"), nik=nik, card=card(
        nama="Pemohon Uji", tanggal_lahir=born, jenis_kelamin="L"))


@pytest.mark.slow
def test_sigkill_during_import_leaves_the_office_as_before(db, tmp_path):
    o = make_outreach(db, tmp_path)
    for n in range(1, 41):
        record_at_event(o, n)
    packet = ol.export_packet(o.laptop, o.clerk)
    path = tmp_path / "paket.ktpjb"
    path.write_bytes(packet.data)
    before = snapshot(db)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for delay in (0.3, 1.5):  # while opening the packet; after the rows were flushed
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.services.outreach_crash_worker", db.url, str(path),
             str(o.box_path)], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        assert proc.stdout.readline().strip() == "importing", proc.stderr.read()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
        # As before, except the worker's own login row.
        assert {k: v for k, v in snapshot(db).items() if k != "audit"} == \
            {k: v for k, v in before.items() if k != "audit"}
    with db.transaction() as s:
        assert verify_chain(s).ok
        kinds = set(s.execute(select(AuditLog.kind).where(
            AuditLog.seq > before["audit"])).scalars())
    assert kinds == {"login.ok"}, kinds
    # The same packet imports whole afterwards.
    assert oo.import_packet(db, o.kasi, packet.data, o.box).imported == 40


def test_queue_tickets_at_the_event_are_optional(db, tmp_path):
    from counter_app.services import queue as q

    o = make_outreach(db, tmp_path)
    ticket = q.issue_ticket(o.laptop, "A", source="counter", actor=o.clerk, now=AT_EVENT)
    assert ticket.number == "A-001"
    with_ticket = dataclasses.replace(rec_input(1), outreach_event_id=o.event_id,
                                      ticket_id=ticket.id)
    rec.save_recording(o.laptop, o.clerk, with_ticket, now=AT_EVENT)
    record_at_event(o, 2)  # and one without a ticket
    result = oo.import_packet(db, o.kasi, ol.export_packet(o.laptop, o.clerk).data, o.box)
    assert result.imported == 2


def test_an_event_day_closed_at_the_office_is_opened_before_importing(db, tmp_path):
    from counter_app.services import day_close

    o = make_outreach(db, tmp_path)
    record_at_event(o, 1)
    packet = ol.export_packet(o.laptop, o.clerk).data
    after_day = AT_EVENT + dt.timedelta(days=1)
    day_close.close_day(db, o.kasi, EVENT_DAY, now=after_day)
    assert oo.preview_packet(db, o.kasi, packet, o.box).closed_days == (EVENT_DAY,)
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="sudah ditutup"):
        oo.import_packet(db, o.kasi, packet, o.box, now=after_day)
    assert snapshot(db) == before
    day_close.unlock_day(db, o.kasi, EVENT_DAY, "Impor jemput bola SMA 6", now=after_day)
    result = oo.import_packet(db, o.kasi, packet, o.box, now=after_day)
    assert result.imported == 1
    with db.transaction() as s:
        assert s.execute(select(AuditLog).where(AuditLog.kind == "day.late_change")).first()


def test_disability_kinds_recorded_with_consent_travel_and_are_purged(db, tmp_path):
    from counter_app.domain.coverage import DisabilityKind
    from counter_app.models import ApplicationDisability

    o = make_outreach(db, tmp_path)
    data = dataclasses.replace(rec_input(1), outreach_event_id=o.event_id,
                               disabilities=frozenset({DisabilityKind.FISIK,
                                                       DisabilityKind.SENSORIK}),
                               disability_consent=True)
    saved = rec.save_recording(o.laptop, o.clerk, data, now=AT_EVENT)
    record_at_event(o, 2)
    result = oo.import_packet(db, o.kasi, ol.export_packet(o.laptop, o.clerk).data, o.box)
    with db.transaction() as s:
        kinds = s.execute(select(ApplicationDisability.kinds).join(
            Application, Application.id == ApplicationDisability.application_id).where(
            Application.slip_number == saved.slip_number)).scalar_one()
    assert kinds == "fisik,sensorik"
    assert ol.apply_confirmation(o.laptop, o.clerk, result.confirmation).purged == 2
    with o.laptop.transaction() as s:
        assert s.execute(select(ApplicationDisability)).first() is None
