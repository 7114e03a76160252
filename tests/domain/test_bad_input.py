"""Bad input of every kind gets a clear message in Bahasa Indonesia, never a traceback."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counter_app.cli import main
from counter_app.domain.dates import parse_typed_date
from counter_app.domain.errors import ValidationError
from counter_app.domain.queue import parse_number
from counter_app.domain.recording import clean_person_name


@pytest.mark.parametrize("name", ["Ni'mah Al-Fatih", "Muhammad, S.Pd.", "Nguyễn Thị Lan",
                                  "Jean-Pierre O'Neil", "阿里", "Ahmad  Rizki"])
def test_real_names_are_accepted(name):
    assert clean_person_name(name) == " ".join(name.split())


@pytest.mark.parametrize(("name", "message"), [
    ("", "wajib diisi"), ("B4mbang", "'4'"), ("Siti\x00", "karakter kendali"),
    ("Siti\u202eAminah", "karakter kendali"), ("A" * 61, "paling banyak 60"),
    ("'-.,", "harus berisi huruf"), ("Siti 😀", "'😀'"),
])
def test_bad_names_are_refused_with_a_reason(name, message):
    with pytest.raises(ValidationError, match=message):
        clean_person_name(name)


@given(st.text(max_size=300))
def test_any_name_text_is_a_name_or_a_message(text):
    try:
        name = clean_person_name(text)
    except ValidationError as exc:
        assert exc.message and exc.field == "nama"
    else:
        assert 0 < len(name) <= 60 and name == name.strip()


@given(st.text(max_size=40))
def test_any_date_text_is_a_date_or_a_message(text):
    try:
        assert isinstance(parse_typed_date(text), dt.date)
    except ValidationError as exc:
        assert "TTTT-BB-HH" in exc.message


@given(st.text(max_size=30))
def test_any_ticket_number_text_is_a_number_or_a_message(text):
    try:
        prefix, seq = parse_number(text)
    except ValidationError as exc:
        assert exc.message
    else:
        assert prefix.isalpha() and 1 <= seq <= 999


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40), st.sampled_from(["nik", "kk"]))
def test_the_command_line_never_shows_a_traceback(capsys, text, command):
    if text.startswith("-"):
        text = " " + text  # an option, not a value: argparse's own usage message
    code = main([command, text])
    out = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out.out + out.err
    if code == 2:
        assert out.err.startswith("Kesalahan: ")
