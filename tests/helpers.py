"""Small builders shared by tests."""

from __future__ import annotations

import datetime as dt

from counter_app.db import Database
from counter_app.domain.roles import Role
from counter_app.services.actor import Actor
from counter_app.services.office import OfficeProfile, initialize_office
from counter_app.services.users import add_user, authenticate

PASSWORD = "rahasia-123"
# Tests work on days from 2019 on; the office "opened" before them.
OPENED_ON = dt.date(2018, 1, 1)


def make_office(db: Database, counters: int = 2) -> OfficeProfile:
    """Kecamatan Ilir Barat Satu with an admin ``admin``."""
    return initialize_office(
        db, kecamatan_code="16.71.04", admin_username="admin", admin_password=PASSWORD,
        admin_full_name="Admin Uji", camat_name="Camat Uji", camat_nip="197001011990031001",
        counters=counters, opened_on=OPENED_ON,
    )


def make_user(db: Database, username: str, role: Role) -> Actor:
    """A user of ``role`` who has logged in."""
    with db.transaction() as session:
        add_user(session, None, username=username, full_name=username.title(), role=role,
                 password=PASSWORD)
    return authenticate(db, username, PASSWORD)


def all_captured():
    """Every finger and iris captured."""
    from counter_app.domain.recording import Modality

    return {m.value: {"status": "captured", "quality": 80} for m in Modality}


def card(**changes):
    """A woman born 17 August 1999 living in Bukitlama (NIK 1671045708990002)."""
    import dataclasses
    import datetime as dt

    from counter_app.domain.recording import CardData

    base = CardData(
        nama="Siti Aminah", tempat_lahir="Palembang", tanggal_lahir=dt.date(1999, 8, 17),
        jenis_kelamin="P", golongan_darah="O+", agama="Islam", status_perkawinan="Belum Kawin",
        pekerjaan="PELAJAR/MAHASISWA", kewarganegaraan="WNI", alamat="Jl. Bukit Lama No. 5",
        rt="005", rw="002", kelurahan_code="16.71.04.1001", phone="081234567890")
    return dataclasses.replace(base, **changes)


NIK = "1671045708990002"
KK = "1671040901190005"


def recording(case="BARU", **changes):
    """A complete RecordingInput for ``case``; keyword arguments replace its fields."""
    import dataclasses

    from counter_app.domain.cases import REQUIRED_DOCUMENTS, CaseType, required_documents
    from counter_app.services.recording import BiometricsInput, RecordingInput

    case_type = CaseType(case)
    changed = changes.get("changed_elements", frozenset())
    try:
        docs = {d.code: True for d in required_documents(case_type, changed)}
    except ValueError:  # PERUBAHAN_DATA without elements: the test checks the refusal
        docs = {d.code: True for d in REQUIRED_DOCUMENTS[case_type]}
    details = {"SURAT_KEHILANGAN": {"nomor": "LP/123/I/2019", "tanggal": "2019-01-08"}}
    base = RecordingInput(
        nik=NIK, kk=KK, case_type=case_type, card=card(), documents=docs,
        document_details=details,
        biometrics=BiometricsInput(photo=b"\x89PNG foto", signature=b"\x89PNG ttd",
                                   modalities=all_captured(), device="simulasi"))
    return dataclasses.replace(base, **changes)


def as_user(monkeypatch, username: str, *argv: str, password: str = PASSWORD) -> list[str]:
    """``argv`` for a command run by ``username``, the password waiting on stdin."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return [*argv, "--user", username, "--password-stdin"]
