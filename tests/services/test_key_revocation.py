"""Rotated keys verify only older papers; revoked keys verify nothing; slips re-issued."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import select

from counter_app.domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from counter_app.domain.roles import Role
from counter_app.domain.slip_token import SlipToken, sign
from counter_app.models import AuditLog, SigningKey
from counter_app.printing.paper import Output, PrinterSettings
from counter_app.services import card_printing as cp
from counter_app.services import pickup as pk
from counter_app.services import recording as rec
from counter_app.services.keys import (
    KeyRevoked,
    key_path,
    load_signer,
    public_keys,
    revoke_key,
    rotate_key,
    verify_with,
)
from counter_app.services.slip_printing import reissue_slip, slip_printout
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, as_user, card, make_office, make_user, recording


@pytest.fixture
def people(db):
    make_office(db)
    return (make_user(db, "petugas", Role.OPERATOR), make_user(db, "kasi", Role.SUPERVISOR),
            authenticate(db, "admin", PASSWORD))


def applicant(n):
    return recording(nik=f"16710402019000{n:02d}",
                     card=card(nama=f"Pemohon {'abcdef'[n]}", tanggal_lahir=dt.date(1990, 1, 2),
                               jenis_kelamin="L"))


def retired_private_key(key_id):
    path = key_path()
    moved = path.with_name(f"{path.stem}.{key_id}.retired{path.suffix}")
    return load_pem_private_key(moved.read_bytes(), password=None)


def test_a_retired_key_verifies_only_papers_made_before_it_retired(db, people):
    clerk, _kasi, admin = people
    a_minute_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    before = rec.save_recording(db, clerk, applicant(1), now=a_minute_ago)
    old_token = slip_printout(db, before.application_id, load_signer(db)).token
    old_id = old_token.split(".")[-2]
    rotate_key(db, admin)
    after = rec.save_recording(db, clerk, applicant(2),
                               now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2))
    # Someone kept the retired key file and signs a slip for an application made later.
    stolen = retired_private_key(old_id)
    forged = sign(SlipToken(after.slip_number, "167104", dt.date.today(), old_id), stolen)
    with pytest.raises(ValidationError, match="sudah diganti sebelum dokumen ini dibuat"):
        rec.verify_slip(db, forged)
    with pytest.raises(ValidationError, match="sudah diganti"):
        pk.find_for_pickup(db, forged)
    dated_later = sign(SlipToken(before.slip_number, "167104",
                                 dt.date.today() + dt.timedelta(days=1), old_id), stolen)
    with pytest.raises(ValidationError, match="bertanggal sesudahnya"):
        verify_with(dated_later, public_keys(db))
    # The slip printed before the rotation still serves its holder.
    assert rec.verify_slip(db, old_token).number == before.slip_number
    assert pk.find_for_pickup(db, old_token).slip_number == before.slip_number


def test_only_a_supervisor_revokes_with_a_reason(db, people):
    clerk, kasi, admin = people
    key_id = load_signer(db).key_id
    for who in (clerk, admin):
        with pytest.raises(NotAllowed, match="supervisor"):
            revoke_key(db, who, key_id, "PC dicuri dari kantor")
    with pytest.raises(ValidationError, match="alasan"):
        revoke_key(db, kasi, key_id, "  ")
    with pytest.raises(NotFound, match="tidak terdaftar"):
        revoke_key(db, kasi, "deadbeef", "PC dicuri dari kantor")
    with db.transaction() as s:
        assert s.get(SigningKey, key_id).revoked_at is None  # refusals changed nothing
    revoke_key(db, kasi, key_id.upper(), "PC dicuri dari kantor")
    with pytest.raises(Conflict, match="sudah dicabut"):
        revoke_key(db, kasi, key_id, "PC dicuri dari kantor")
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "key.revoke")).scalar_one()
        assert (row.subject, row.username, row.reason) == (key_id, "kasi",
                                                           "PC dicuri dari kantor")


def test_an_operator_who_edits_his_role_cannot_revoke_a_key(db, people):
    import dataclasses

    clerk, _kasi, _admin = people
    key_id = load_signer(db).key_id
    with pytest.raises(NotAllowed, match="supervisor"):
        revoke_key(db, dataclasses.replace(clerk, role=Role.SUPERVISOR), key_id,
                   "PC dicuri dari kantor")
    with db.transaction() as s:
        assert s.get(SigningKey, key_id).revoked_at is None


def test_revoking_this_pcs_own_key_leaves_the_log_verified(db, people):
    """The revocation's own row is signed by the new key, not the one it revokes."""
    from counter_app.services.audit_view import verify_audit

    _clerk, kasi, _admin = people
    rec.save_recording(db, kasi, applicant(1))  # a write: this PC signs the head
    old = load_signer(db).key_id
    revoke_key(db, kasi, old, "PC hilang dicuri")
    result = verify_audit(db, kasi)
    assert result.ok, result.message
    assert load_signer(db).key_id != old


def test_a_revoked_keys_slip_is_refused_with_the_reason_then_re_issued(db, people, tmp_path):
    clerk, kasi, _admin = people
    app = rec.save_recording(db, clerk, applicant(1))
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA")
    cp.record_printed(db, clerk, app.application_id, "BLK-T")
    token = slip_printout(db, app.application_id, load_signer(db)).token
    key_id = token.split(".")[-2]
    info = revoke_key(db, kasi, key_id, "Laptop loket 2 hilang")
    assert info.key_id == key_id
    with pytest.raises(KeyRevoked, match="telah dicabut.*Laptop loket 2 hilang") as refused:
        pk.find_for_pickup(db, token)
    assert refused.value.number == app.slip_number
    # A forged signature under the revoked key id is called a forgery, not offered a re-issue.
    forged = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    with pytest.raises(ValidationError, match="palsu") as caught:
        pk.find_for_pickup(db, forged)
    assert not isinstance(caught.value, KeyRevoked)
    with pytest.raises(KeyRevoked, match="Laptop loket 2 hilang"):
        rec.verify_slip(db, token)
    # This PC's key was the one revoked: it never signs again.
    assert load_signer(db).key_id != key_id

    settings = PrinterSettings(Output.PDF_FILE, target=str(tmp_path / "cetak"))
    with pytest.raises(ValidationError, match="identitas"):
        reissue_slip(db, clerk, app.application_id, identity_checked=False,
                     identity_note="KK asli dan wajah cocok", settings=settings)
    with pytest.raises(ValidationError, match="minimal 10 huruf"):
        reissue_slip(db, clerk, app.application_id, identity_checked=True,
                     identity_note="ok", settings=settings)
    slip, where = reissue_slip(db, clerk, app.application_id, identity_checked=True,
                               identity_note="KK asli dan wajah cocok dengan foto",
                               settings=settings)
    assert slip.slip_number == app.slip_number and slip.token != token
    assert slip.token.split(".")[-2] == load_signer(db).key_id
    assert (tmp_path / "cetak").exists() and where
    assert pk.find_for_pickup(db, slip.token).application_id == app.application_id
    pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True)
    with db.transaction() as s:
        row = s.execute(select(AuditLog).where(AuditLog.kind == "slip.reissue")).scalar_one()
        assert row.subject == app.slip_number and "KK asli" in row.reason
    with pytest.raises(Conflict, match="tidak diterbitkan ulang"):
        reissue_slip(db, clerk, app.application_id, identity_checked=True,
                     identity_note="KK asli dan wajah cocok", settings=settings)


def test_another_pcs_revoked_key_is_refused_and_that_pc_makes_a_new_one(db, people,
                                                                       monkeypatch, tmp_path):
    clerk, kasi, _admin = people
    app = rec.save_recording(db, clerk, applicant(1))
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "pc2" / "key.pem"))
    other = load_signer(db)
    token = slip_printout(db, app.application_id, other).token
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "kunci" / "signing-key.pem"))
    mine = load_signer(db)
    revoke_key(db, kasi, other.key_id, "PC loket 2 dijual tanpa izin")
    assert load_signer(db).key_id == mine.key_id  # this PC's own key is untouched
    with pytest.raises(KeyRevoked, match="dijual tanpa izin"):
        rec.verify_slip(db, token)
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "pc2" / "key.pem"))
    assert load_signer(db).key_id != other.key_id  # PC 2 no longer signs with it


def test_keys_revoke_command(capsys, db, people, monkeypatch):
    from counter_app.cli import main

    key_id = load_signer(db).key_id
    argv = ("keys", "revoke", key_id, "--reason", "PC loket 3 dicuri", "--db", db.url)
    assert main(as_user(monkeypatch, "petugas", *argv)) != 0
    assert "supervisor" in capsys.readouterr().err
    assert main(as_user(monkeypatch, "kasi", *argv)) == 0
    assert f"Kunci {key_id} (PC-UJI) dicabut: PC loket 3 dicuri" in capsys.readouterr().out
    with db.transaction() as s:
        assert s.get(SigningKey, key_id).revoke_reason == "PC loket 3 dicuri"
