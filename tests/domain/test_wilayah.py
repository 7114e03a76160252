import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import ValidationError
from counter_app.domain.wilayah import Wilayah, normalize_name, parse_wilayah_csv, provinces


def test_provinces_are_all_38():
    provs = provinces()
    assert len(provs) == 38
    assert provs["16"].name == "Sumatera Selatan"
    assert "96" in provs  # Papua Barat Daya, the newest


def test_palembang_has_18_kecamatan_and_107_kelurahan():
    w = Wilayah()
    kecamatan = w.kecamatan_of("16.71")
    assert len(kecamatan) == 18
    kelurahan = [k for kc in kecamatan for k in w.children(kc.code)]
    assert len(kelurahan) == 107
    assert all(k.level == "kelurahan" for k in kelurahan)
    assert w.require("16.71.04", "kecamatan").name == "Ilir Barat Satu"
    assert w.get("16.71.04").other_names == ("Ilir Barat I",)
    assert w.get("16.71").display_name == "Kota Palembang"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("35 ilir", "Tiga-puluh-lima Ilir"),
        ("tiga puluh lima ilir", "Tiga-puluh-lima Ilir"),
        ("Tiga-puluh-lima Ilir", "Tiga-puluh-lima Ilir"),
        ("kemang manis", "Kemangmanis"),
        ("bukit lama", "Bukitlama"),
        ("sei buah", "Sungaibuah"),
        ("12 ulu", "Dua-belas Ulu"),
    ],
)
def test_search_finds_both_spellings(typed, expected):
    assert Wilayah().search(typed, level="kelurahan")[0].name == expected


def test_search_within_a_kecamatan():
    names = [r.name for r in Wilayah().search("bukit", parent_code="16.71.04")]
    assert names == ["Bukitbaru", "Bukitlama"]
    assert Wilayah().search("35 ilir", parent_code="16.71.04") == []


def test_search_kecamatan_by_roman_or_digit():
    assert Wilayah().search("ilir barat 1", level="kecamatan")[0].code == "16.71.04"
    assert Wilayah().search("Ilir Barat I", level="kecamatan")[0].code == "16.71.04"


def test_normalize():
    assert normalize_name("Tiga-puluh-lima Ilir") == "35 ilir"
    assert normalize_name("Sebelas Ulu") == "11 ulu"
    assert normalize_name("Seberang Ulu Dua") == "seberang ulu 2"


def test_unknown_code_is_refused():
    with pytest.raises(ValidationError, match="Kode kecamatan '16.71.99' tidak dikenal"):
        Wilayah().require("16.71.99", "kecamatan")
    with pytest.raises(ValidationError):
        Wilayah().require("16.71", "kecamatan")  # a kota, not a kecamatan


GOOD_CSV = """code,level,name,parent_code
16.09,kabupaten,Ogan Komering Ulu Timur,16
16.09.01,kecamatan,Martapura,16.09
16.09.01.2001,desa,Sukomulyo,16.09.01
"""


def test_import_csv():
    regions = parse_wilayah_csv(GOOD_CSV)
    assert [r.code for r in regions] == ["16.09", "16.09.01", "16.09.01.2001"]
    assert regions[2].level == "desa" and regions[2].parent_code == "16.09.01"


def test_bad_rows_are_named_by_line_number():
    bad = (
        "code,level,name,parent_code\n"
        "16.09,kabupaten,OKU Timur,16\n"
        "16.09.1,kecamatan,Martapura,16.09\n"       # line 3: bad code
        "16.09.02,kampung,Belitang,16.09\n"         # line 4: bad level
        "16.09.03,kecamatan,,16.09\n"               # line 5: empty name
        "16.09.04,kecamatan,Buay Madang,16.08\n"    # line 6: wrong parent
        "16.09,kabupaten,Duplikat,16\n"             # line 7: duplicate
        "16.09.05,kecamatan,Ada\x07Bel,16.09\n"     # line 8: control character
        "16.09.06,kecamatan\n"                      # line 9: too few columns
    )
    with pytest.raises(ValidationError) as err:
        parse_wilayah_csv(bad)
    message = err.value.message
    for line in range(3, 10):
        assert f"Baris {line}:" in message
    assert "Baris 2:" not in message
    assert "sudah ada di baris 2" in message


def test_bad_header():
    with pytest.raises(ValidationError, match="Baris 1"):
        parse_wilayah_csv("kode,tingkat,nama,induk\n16,provinsi,X,\n")


@given(st.text(max_size=300))
def test_any_text_is_regions_or_a_validation_error(text):
    try:
        regions = parse_wilayah_csv(text)
    except ValidationError as exc:
        assert exc.message
    else:
        assert regions
