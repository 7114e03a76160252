import datetime as dt

import pytest

from counter_app.domain import cases
from counter_app.domain.cases import CaseType, DataElement, required_documents
from counter_app.domain.dates import format_date, format_datetime, parse_typed_date
from counter_app.domain.eligibility import Eligibility, age_on, check_eligibility
from counter_app.domain.errors import NotAllowed, ValidationError
from counter_app.domain.reference import (
    AGAMA,
    GOLONGAN_DARAH,
    JENIS_KELAMIN,
    KEWARGANEGARAAN,
    STATUS_PERKAWINAN,
    pekerjaan,
)
from counter_app.domain.roles import Permission, Role, can, require
from counter_app.domain.routing import Route, explain_route, route_for

TODAY = dt.date(2026, 11, 28)


def test_routing_table():
    assert route_for(CaseType.BARU) is Route.LOCAL
    for case in (CaseType.HILANG, CaseType.RUSAK, CaseType.PERUBAHAN_DATA):
        assert route_for(case) is Route.FORWARD
    assert "kecamatan ini" in explain_route(CaseType.BARU)
    assert "Disdukcapil" in explain_route(CaseType.HILANG)


def test_routing_policy_is_one_edit(monkeypatch):
    from counter_app.domain import routing

    monkeypatch.setitem(routing.ROUTES, CaseType.RUSAK, Route.LOCAL)
    assert route_for(CaseType.RUSAK) is Route.LOCAL


def test_required_documents_per_case():
    codes = {c: [d.code for d in required_documents(c)] for c in
             (CaseType.BARU, CaseType.HILANG, CaseType.RUSAK)}
    assert codes[CaseType.BARU] == ["KK"]
    assert codes[CaseType.HILANG] == ["KK", "SURAT_KEHILANGAN"]
    assert codes[CaseType.RUSAK] == ["KK", "KTP_RUSAK"]
    assert cases.POLICE_REPORT.details == ("nomor", "tanggal")
    assert cases.DAMAGED_CARD.surrendered


def test_perubahan_data_adds_the_proof_of_each_changed_element():
    docs = required_documents(
        CaseType.PERUBAHAN_DATA,
        frozenset({DataElement.STATUS_PERKAWINAN, DataElement.PEKERJAAN}),
    )
    codes = [d.code for d in docs]
    assert codes[:2] == ["KK_UPDATED", "KTP_LAMA"]
    assert "AKTA_NIKAH_CERAI" in codes and "SURAT_PEKERJAAN" in codes
    assert len(codes) == 4


def test_every_element_has_a_proof():
    for element in DataElement:
        assert cases.ELEMENT_PROOFS[element]


def test_perubahan_data_needs_an_element():
    with pytest.raises(ValueError):
        required_documents(CaseType.PERUBAHAN_DATA)
    with pytest.raises(ValueError):
        required_documents(CaseType.BARU, frozenset({DataElement.NAMA}))


@pytest.mark.parametrize(
    ("born", "status", "proof", "expected"),
    [
        (dt.date(2009, 11, 28), "Belum Kawin", False, Eligibility.ELIGIBLE),     # 17 today
        (dt.date(1960, 1, 1), "Kawin", False, Eligibility.ELIGIBLE),
        (dt.date(2009, 11, 29), "Belum Kawin", False, Eligibility.RECORD_ONLY),  # 17 tomorrow
        (dt.date(2010, 11, 28), "Belum Kawin", False, Eligibility.RECORD_ONLY),  # 16 today
        (dt.date(2010, 11, 29), "Belum Kawin", False, Eligibility.NOT_ELIGIBLE),  # 15
        (dt.date(2011, 1, 1), "Kawin", True, Eligibility.ELIGIBLE),        # married at 15
        (dt.date(2010, 1, 1), "Cerai Hidup", True, Eligibility.ELIGIBLE),
        (dt.date(2010, 1, 1), "Cerai Mati", True, Eligibility.ELIGIBLE),
        # The status the clerk picks is no proof: without the deed, age alone decides.
        (dt.date(2011, 1, 1), "Kawin", False, Eligibility.NOT_ELIGIBLE),
        (dt.date(2015, 1, 1), "Kawin", False, Eligibility.NOT_ELIGIBLE),   # 11 years old
        (dt.date(2010, 1, 1), "Kawin", False, Eligibility.RECORD_ONLY),    # 16: record only
    ],
)
def test_eligibility(born, status, proof, expected):
    assert check_eligibility(born, status, TODAY, marriage_proof=proof).status is expected


def test_sixteen_year_old_is_printed_from_the_17th_birthday():
    result = check_eligibility(dt.date(2010, 3, 5), "Belum Kawin", TODAY)
    assert result.may_record
    assert result.printable_from == dt.date(2027, 3, 5)
    assert "05-03-2027" in result.message


def test_leap_day_birth_turns_17_on_1_march():
    result = check_eligibility(dt.date(2008, 2, 29), "Belum Kawin", dt.date(2025, 2, 28))
    assert result.status is Eligibility.RECORD_ONLY
    assert result.printable_from == dt.date(2025, 3, 1)
    assert age_on(dt.date(2008, 2, 29), dt.date(2025, 3, 1)) == 17


def test_too_young_cannot_be_recorded():
    result = check_eligibility(dt.date(2012, 1, 1), "Belum Kawin", TODAY)
    assert not result.may_record
    assert "mulai usia 16" in result.message


def test_reference_lists():
    assert AGAMA == ("Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu",
                     "Kepercayaan terhadap Tuhan YME")
    assert STATUS_PERKAWINAN == ("Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati")
    assert len(GOLONGAN_DARAH) == 13 and "AB\u2212" in GOLONGAN_DARAH
    assert GOLONGAN_DARAH[-1] == "Tidak Tahu"
    assert set(JENIS_KELAMIN) == {"L", "P"}
    assert set(KEWARGANEGARAAN) == {"WNI", "WNA"}
    jobs = pekerjaan()
    assert len(jobs) == 89
    assert jobs[0] == "BELUM/TIDAK BEKERJA" and jobs[2] == "PELAJAR/MAHASISWA"


def test_indonesian_dates():
    assert format_date(dt.date(2019, 1, 9)) == "Rabu, 9 Januari 2019"
    assert format_datetime(dt.datetime(2019, 1, 9, 8, 15)) == "Rabu, 9 Januari 2019 08.15"
    assert parse_typed_date("2019-01-09") == dt.date(2019, 1, 9)
    with pytest.raises(ValidationError, match="TTTT-BB-HH"):
        parse_typed_date("9/1/2019")



def test_roles():
    assert can(Role.OPERATOR, Permission.SERVE)
    for permission in (Permission.CLOSE_DAY, Permission.MANAGE_STOCK, Permission.OVERRIDE,
                       Permission.EXPORT_FULL_NIK, Permission.MANAGE_USERS):
        assert not can(Role.OPERATOR, permission)
    assert [p for p in Permission if can(Role.CAMAT, p)] == [Permission.READ_REPORTS]
    assert can(Role.ADMIN, Permission.MANAGE_USERS)
    assert not can(Role.SUPERVISOR, Permission.MANAGE_USERS)
    with pytest.raises(NotAllowed, match="Peran Camat tidak berwenang menutup layanan"):
        require(Role.CAMAT, Permission.CLOSE_DAY)
