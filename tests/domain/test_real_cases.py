"""Domain rules of issue 10: NIK readings, checklists, routes and region search."""

import datetime as dt

import pytest

from counter_app.domain.cases import CaseType, DataElement, case_key, case_label, required_documents
from counter_app.domain.ikd import IkdForm, check_ikd
from counter_app.domain.nik import nik_mismatches, parse_nik
from counter_app.domain.routing import Route, bring_at_pickup, explain_route, route_for
from counter_app.domain.wilayah import Wilayah, abbreviations

TODAY = dt.date(2026, 11, 28)


def test_a_two_digit_year_that_fits_two_centuries_is_read_both_ways():
    info = parse_nik("1671040101250001", today=TODAY)
    assert info.century_ambiguous
    assert info.birth_dates == (dt.date(2025, 1, 1), dt.date(1925, 1, 1))
    said = info.describe_birth(TODAY)
    assert "01-01-2025 (1 tahun)" in said and "01-01-1925 (101 tahun)" in said
    # The entered birth date decides: 1925 agrees with the NIK.
    assert nik_mismatches("1671040101250001", dt.date(1925, 1, 1), "L", today=TODAY) == ()


def test_a_year_that_fits_one_century_is_read_once():
    info = parse_nik("1671041708990001", today=TODAY)
    assert not info.century_ambiguous and info.describe_birth(TODAY).count("tahun") == 1


def test_mismatches_name_both_values_and_the_nik_stays_valid():
    found = nik_mismatches("1671045708990002", dt.date(1999, 8, 27), "L", today=TODAY)
    assert [m.element for m in found] == ["tanggal_lahir", "jenis_kelamin"]
    assert "NIK menunjukkan 17-08-99, yang diisi 27-08-1999" in found[0].message
    assert "NIK menunjukkan perempuan, yang diisi laki-laki" in found[1].message


def test_proofs_per_element():
    def codes(*elements):
        return [d.code for d in required_documents(CaseType.PERUBAHAN_DATA,
                                                   frozenset(elements))]
    assert codes(DataElement.NAMA)[-1] == "PENETAPAN_PN_NAMA"
    assert codes(DataElement.NAMA_PEMBETULAN)[-1] == "AKTA_KELAHIRAN"
    assert codes(DataElement.JENIS_KELAMIN)[-1] == "PENETAPAN_PN_JK"
    assert codes(DataElement.TEMPAT_TANGGAL_LAHIR)[-1] == "AKTA_KELAHIRAN"
    # One akta for a pembetulan and a birth date together.
    assert codes(DataElement.NAMA_PEMBETULAN, DataElement.TEMPAT_TANGGAL_LAHIR).count(
        "AKTA_KELAHIRAN") == 1
    labels = [d.label for d in required_documents(CaseType.PERUBAHAN_DATA,
                                                  frozenset({DataElement.NAMA}))]
    assert "penetapan pengadilan negeri" in labels[-1]


def test_combined_cases_take_the_union_and_one_route():
    changed = frozenset({DataElement.AGAMA})
    assert [d.code for d in required_documents(CaseType.HILANG, changed)] == [
        "KK_UPDATED", "SURAT_KEHILANGAN", "SURAT_AGAMA"]
    assert case_label(CaseType.RUSAK, changed) == "Rusak + perubahan elemen data"
    assert case_key(CaseType.HILANG, changed) == "HILANG+PERUBAHAN_DATA"
    with pytest.raises(ValueError):
        required_documents(CaseType.BARU, changed)
    with pytest.raises(ValueError):
        required_documents(CaseType.WNA, changed)


def test_routes_of_the_new_cases():
    assert route_for(CaseType.PINDAH_DATANG) is Route.FORWARD
    assert route_for(CaseType.WNA) is Route.FORWARD
    assert route_for(CaseType.BARU, outside_domicile=True) is Route.FORWARD
    assert explain_route(CaseType.BARU, outside_domicile=True).endswith(
        "Alasan: luar domisili.")
    assert "SUKET bila pernah diberikan" in bring_at_pickup(CaseType.BARU)
    assert [d.code for d in required_documents(CaseType.WNA)] == ["KK", "PASPOR", "KITAP"]
    assert [d.code for d in required_documents(CaseType.BARU, married_minor=True)] == [
        "KK", "BUKTI_KAWIN"]


@pytest.mark.parametrize(("typed", "name"), [
    ("IB I", "Ilir Barat Satu"), ("ib ii", "Ilir Barat Dua"), ("IT II", "Ilir Timur Dua"),
    ("IT III", "Ilir Timur Tiga"), ("SU I", "Seberang Ulu Satu"), ("su2", "Seberang Ulu Dua"),
])
def test_kecamatan_abbreviations_are_derived_from_the_names(typed, name):
    found = Wilayah().search(typed, level="kecamatan")
    assert found and found[0].name == name


def test_abbreviations_are_derived_not_listed():
    assert abbreviations("Ilir Barat Satu") == ("IB I", "IBI")
    assert abbreviations("Kemuning") == ()
    assert abbreviations("Dua-puluh Ilir Satu") == ()
    from counter_app.domain.wilayah import Region
    imported = Wilayah([Region("16.10.02", "kecamatan", "Tanjung Batu Dua", "16.10")])
    assert imported.search("TB II", level="kecamatan")[0].code == "16.10.02"


def test_address_codes_from_anywhere():
    w = Wilayah()
    assert w.accepts_address("16.71.01.1001")      # another kecamatan of Palembang
    assert w.accepts_address("32.73.01.1001")      # typed, Jawa Barat
    assert not w.accepts_address("16.71.01.1999")  # Palembang is known whole
    assert not w.accepts_address("99.01.01.1001")  # no such province
    assert not w.accepts_address("16.71.01")       # a kecamatan is not an address


def test_ikd_form():
    ok, problems = check_ikd(IkdForm("1671045708990002", "", "0812-3456-7890",
                                     " Samsung  A14 ", True, "ignored"))
    assert problems == {} and ok is not None
    assert (ok.phone, ok.phone_model, ok.reason) == ("081234567890", "Samsung A14", "")
    _none, problems = check_ikd(IkdForm("123", "bukan-email", "", "", False, ""))
    assert set(problems) == {"nik", "email", "phone_model", "reason"}
