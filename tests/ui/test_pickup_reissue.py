"""The pickup screen refuses a revoked key's slip with the reason and offers a re-issue."""

import pytest

from counter_app.domain.roles import Role
from counter_app.services import card_printing as cp
from counter_app.services.keys import load_signer, revoke_key
from counter_app.services.slip_printing import slip_printout
from counter_app.ui.pickup_screen import PickupScreen
from tests.helpers import make_office, make_user
from tests.ui.test_fulfilment_screens import save


@pytest.fixture
def people(db):
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR), make_user(db, "kasi", Role.SUPERVISOR)


def test_revoked_slip_shows_the_reason_and_is_re_issued_after_the_identity_check(
        qtbot, db, people, tmp_path):
    clerk, kasi = people
    app = save(db, clerk, 1)
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA")
    cp.record_printed(db, clerk, app.application_id, "BLK-T")
    token = slip_printout(db, app.application_id, load_signer(db)).token
    revoke_key(db, kasi, token.split(".")[-2], "Laptop loket 2 hilang")
    screen = PickupScreen(db, clerk)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.scan.setText(token)
    screen.find_scanned()
    assert "telah dicabut" in screen.message.text()
    assert "Laptop loket 2 hilang" in screen.message.text()
    assert "TIDAK BERLAKU" in screen.details.text()
    assert not screen.hand.isEnabled() and screen.reissue.isVisible()
    screen.grab().save(str(tmp_path / "pickup-revoked.png"))
    screen.reissue.click()
    assert "identitas" in screen.message.text()
    screen.identity.setChecked(True)
    screen.note.setText("KK asli diperiksa, wajah cocok dengan foto")
    screen.reissue.click()
    assert f"Tanda terima {app.slip_number} diterbitkan ulang" in screen.message.text()
    assert screen.hand.isEnabled() and not screen.reissue.isVisible()
    assert list((tmp_path / "cetakan").glob(f"tanda-terima-{app.slip_number}*"))
    screen.grab().save(str(tmp_path / "pickup-reissued.png"))
