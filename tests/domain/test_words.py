"""Labels inside sentences keep their proper names and acronyms (issue 13)."""

from counter_app.domain.lifecycle import Status
from counter_app.domain.words import lower_first


def test_lower_first_lowers_only_the_first_letter():
    assert lower_first(Status.FORWARDED.label) == "dikirim ke Disdukcapil"
    assert lower_first("Menunggu cetak") == "menunggu cetak"
    assert lower_first("SUKET diterbitkan") == "SUKET diterbitkan"
    assert lower_first("KK") == "KK"
    assert lower_first("") == ""
