import pytest

from counter_app.domain.errors import ValidationError
from counter_app.domain.text import require_reason, squash_spaces


def test_squash_spaces():
    assert squash_spaces("  Pak \t Joko\n kurir ") == "Pak Joko kurir"
    assert squash_spaces(None) == ""


def test_a_reason_needs_five_letters_after_squashing():
    assert require_reason("  pemohon   pulang ", "pembatalan") == "pemohon pulang"
    with pytest.raises(ValidationError, match=r"Tulis alasan pembatalan \(minimal 5 huruf\)"):
        require_reason(" a  b ", "pembatalan")
