import datetime as dt
import io

import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QSize

from counter_app.domain.errors import NotFound, ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.domain.slip_token import SlipToken, sign
from counter_app.printing.paper import Output, Paper, PrinterSettings
from counter_app.services import recording as rec
from counter_app.services.keys import export_public_keys, keys_from_export, load_signer, verify_with
from counter_app.services.slip_printing import print_slip, slip_pdf_bytes, slip_printout
from counter_app.ui.qt_printing import load_pdf
from tests.helpers import NIK, make_office, make_user, recording

NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def saved(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    result = rec.save_recording(db, clerk, recording("HILANG"), now=NOW)
    return clerk, result


def render(pdf_bytes, dpi=300):
    document, _buffer = load_pdf(pdf_bytes)
    points = document.pagePointSize(0)
    image = document.render(0, QSize(int(points.width() / 72 * dpi),
                                     int(points.height() / 72 * dpi)))
    png = io.BytesIO()
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    png.write(bytes(buffer.data()))
    return Image.open(io.BytesIO(png.getvalue()))


@pytest.mark.parametrize("paper", [Paper.THERMAL_80, Paper.THERMAL_58, Paper.A6])
def test_slip_pdf_qr_decodes_and_verifies(qapp, db, saved, paper):
    _clerk, result = saved
    pdf = slip_pdf_bytes(db, result.application_id, paper)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in ("TANDA TERIMA", result.slip_number, "Siti Aminah", "167104******0002",
                     "Hilang", "Disdukcapil", "Rabu, 23 Januari 2019", "Tanda terima ini",
                     "Jam layanan"):
        assert expected in text
    assert NIK not in text
    codes = zxingcpp.read_barcodes(render(pdf))
    assert len(codes) == 1 and codes[0].format == zxingcpp.BarcodeFormat.QRCode
    token = codes[0].text
    assert NIK not in token and "Siti" not in token
    checked = rec.verify_slip(db, token)
    assert checked.number == result.slip_number and checked.status is Status.FORWARDED
    assert checked.nik_masked == "167104******0002" and not checked.void


def test_slip_is_void_after_cancel(db, saved):
    clerk, result = saved
    token = slip_printout(db, result.application_id, load_signer(db)).token
    rec.cancel_application(db, clerk, result.application_id, "pemohon membatalkan")
    checked = rec.verify_slip(db, token)
    assert checked.void and checked.status is Status.CANCELLED


def test_token_from_another_pc_of_the_office_verifies(db, saved, tmp_path, monkeypatch):
    _clerk, result = saved
    first = slip_printout(db, result.application_id, load_signer(db)).token
    monkeypatch.setenv("COUNTER_APP_KEY_FILE", str(tmp_path / "pc2" / "key.pem"))
    second_signer = load_signer(db)  # another PC: another key, registered on first use
    second = slip_printout(db, result.application_id, second_signer).token
    assert first != second
    assert rec.verify_slip(db, first).number == rec.verify_slip(db, second).number


def test_forged_other_office_and_unknown_tokens(db, saved):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from counter_app.domain.slip_token import key_id_of

    _clerk, result = saved
    signer = load_signer(db)
    other_office = sign(SlipToken(result.slip_number.replace("167104", "167101"), "167101",
                                  dt.date(2019, 1, 9), signer.key_id), signer.private_key)
    with pytest.raises(ValidationError, match="kantor kecamatan lain"):
        rec.verify_slip(db, other_office)
    unknown = sign(SlipToken("167104-190109-0099", "167104", dt.date(2019, 1, 9),
                             signer.key_id), signer.private_key)
    with pytest.raises(NotFound, match="tidak ada"):
        rec.verify_slip(db, unknown)
    stranger = Ed25519PrivateKey.generate()
    forged = sign(SlipToken(result.slip_number, "167104", dt.date(2019, 1, 9),
                            key_id_of(stranger.public_key())), stranger)
    with pytest.raises(ValidationError, match="kunci yang tidak dikenal"):
        rec.verify_slip(db, forged)
    with pytest.raises(ValidationError, match="bukan tanda terima"):
        rec.verify_slip(db, "https://contoh.id/palsu")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(position=st.integers(min_value=0, max_value=200), replacement=st.characters(
    whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=127))
def test_any_altered_token_is_refused(db, saved, position, replacement):
    _clerk, result = saved
    token = slip_printout(db, result.application_id, load_signer(db)).token
    position %= len(token)
    if token[position] == replacement:
        return
    altered = token[:position] + replacement + token[position + 1:]
    with pytest.raises((ValidationError, NotFound)):
        rec.verify_slip(db, altered)


def test_offline_check_with_exported_keys(db, saved):
    _clerk, result = saved
    token = slip_printout(db, result.application_id, load_signer(db)).token
    office, keys = keys_from_export(export_public_keys(db, "16.71.04"))
    assert office == "16.71.04"
    assert verify_with(token, keys).number == result.slip_number
    with pytest.raises(ValidationError):
        keys_from_export("{bukan json")


def test_print_and_reprint_are_counted(db, saved, tmp_path):
    clerk, result = saved
    settings_ = PrinterSettings(Output.PDF_FILE, Paper.A6, target=str(tmp_path / "slip"))
    first, where = print_slip(db, result.application_id, settings_, actor=clerk)
    assert not first.reprint and where.endswith(".pdf")
    again, _ = print_slip(db, result.application_id, settings_, actor=clerk)
    assert again.reprint
    assert "CETAK ULANG" in PdfReader(str(tmp_path / "slip" / f"tanda-terima-"
                                          f"{result.slip_number}-2.pdf")).pages[0].extract_text()


def test_slip_escpos_has_the_qr_and_no_full_nik(db, saved):
    from counter_app.printing.pickup_slip import slip_escpos

    _clerk, result = saved
    slip = slip_printout(db, result.application_id, load_signer(db))
    data = slip_escpos(slip, Paper.THERMAL_80)
    assert slip.token.encode() in data           # inside the printer's QR command
    assert b"\x1d(k" in data                     # GS ( k: native QR
    assert NIK.encode() not in data and b"167104******0002" in data


def test_non_canonical_signature_spelling_is_refused(db, saved):
    # Found by the property test: the last base64 character has 4 unused bits.
    _clerk, result = saved
    token = slip_printout(db, result.application_id, load_signer(db)).token
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(token[-1])
    twin = alphabet[(last & ~0b1111) | ((last + 1) & 0b1111)]
    with pytest.raises(ValidationError, match="palsu atau telah diubah"):
        rec.verify_slip(db, token[:-1] + twin)
