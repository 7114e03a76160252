"""Issue 13: BARU is refused for someone whose first card was already handed over."""

import pytest
from sqlalchemy import select, update

from counter_app.domain.cases import CaseType, first_card_problem
from counter_app.domain.errors import ValidationError
from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.models import Application
from counter_app.services import recording as rec
from tests.helpers import NIK, make_office, make_user, recording


@pytest.fixture
def clerk(db):
    make_office(db)
    return make_user(db, "petugas", Role.OPERATOR)


def _hand_over(db, application_id):
    # The fulfilment steps (print, ready, hand over) are tested elsewhere; here only
    # the end state matters.
    with db.transaction() as session:
        session.execute(update(Application).where(Application.id == application_id)
                        .values(status=Status.HANDED_OVER.value))


def test_baru_after_the_first_card_was_handed_over_names_the_right_cases(db, clerk):
    first = rec.save_recording(db, clerk, recording("BARU"))
    _hand_over(db, first.application_id)
    with pytest.raises(ValidationError) as refused:
        rec.save_recording(db, clerk, recording("BARU"))
    message = refused.value.message
    assert first.slip_number in message
    assert "Hilang" in message and "Rusak" in message and "Perubahan elemen data" in message
    with db.read_session() as session:
        assert len(session.execute(select(Application.id)).all()) == 1  # nothing saved
    # The lookup tells the wizard before the case page.
    assert rec.lookup_applicant(db, NIK).card_handed_over == first.slip_number
    # A lost card is the way to a second one.
    assert rec.save_recording(db, clerk, recording("HILANG")).slip_number


def test_baru_again_while_the_first_is_not_handed_over_is_not_this_rule(db, clerk):
    first = rec.save_recording(db, clerk, recording("BARU"))
    with db.transaction() as session:
        session.execute(update(Application).where(Application.id == first.application_id)
                        .values(status=Status.CANCELLED.value))
    assert rec.lookup_applicant(db, NIK).card_handed_over is None
    assert rec.save_recording(db, clerk, recording("BARU")).slip_number


def test_first_card_rule_only_concerns_baru():
    assert first_card_problem(CaseType.HILANG, "X") is None
    assert first_card_problem(CaseType.BARU, None) is None
    assert "X" in (first_card_problem(CaseType.BARU, "X") or "")
