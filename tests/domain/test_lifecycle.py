import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from counter_app.domain.errors import InvalidTransition
from counter_app.domain.lifecycle import TERMINAL, Action, Status, allowed_actions, next_status

S, A = Status, Action

# The diagram of DESIGN.md, written out again by hand: the code must not reach
# anything beyond it.
DIAGRAM = {
    (S.RECORDED, A.ROUTE_LOCAL): S.AWAITING_PRINT,
    (S.RECORDED, A.ROUTE_FORWARD): S.FORWARDED,
    (S.AWAITING_PRINT, A.PRINT): S.PRINTED,
    (S.AWAITING_PRINT, A.SPOIL): S.AWAITING_PRINT,
    (S.PRINTED, A.SPOIL): S.AWAITING_PRINT,
    (S.AWAITING_PRINT, A.ISSUE_SUKET): S.SUKET_ISSUED,
    (S.SUKET_ISSUED, A.PRINT): S.READY_FOR_PICKUP,
    (S.PRINTED, A.MARK_READY): S.READY_FOR_PICKUP,
    (S.FORWARDED, A.RECEIVE): S.RECEIVED,
    (S.RECEIVED, A.MARK_READY): S.READY_FOR_PICKUP,
    (S.READY_FOR_PICKUP, A.HAND_OVER): S.HANDED_OVER,
    # Issue 11: rejections, returns, uncollected cards, misprints.
    (S.FORWARDED, A.REJECT): S.REJECTED,
    (S.FORWARDED, A.RETURN): S.RETURNED,
    (S.RETURNED, A.RESEND): S.FORWARDED,
    (S.READY_FOR_PICKUP, A.ARCHIVE): S.ARCHIVED,
    (S.ARCHIVED, A.HAND_OVER): S.HANDED_OVER,
    (S.READY_FOR_PICKUP, A.SPOIL): S.AWAITING_PRINT,
    (S.READY_FOR_PICKUP, A.MISPRINT_RETURN): S.FORWARDED,
}
CANCELLABLE = set(Status) - {S.HANDED_OVER, S.CANCELLED, S.REJECTED}


def test_local_path():
    status = S.RECORDED
    for action in (A.ROUTE_LOCAL, A.PRINT, A.MARK_READY, A.HAND_OVER):
        status = next_status(status, action)
    assert status is S.HANDED_OVER


def test_forward_path():
    status = S.RECORDED
    for action in (A.ROUTE_FORWARD, A.RECEIVE, A.MARK_READY, A.HAND_OVER):
        status = next_status(status, action)
    assert status is S.HANDED_OVER


def test_suket_path_and_spoiled_reprint():
    status = next_status(S.RECORDED, A.ROUTE_LOCAL)
    status = next_status(status, A.PRINT)
    status = next_status(status, A.SPOIL)
    assert status is S.AWAITING_PRINT
    status = next_status(status, A.ISSUE_SUKET)
    assert next_status(status, A.PRINT) is S.READY_FOR_PICKUP


def test_handed_over_card_cannot_be_handed_over_again():
    with pytest.raises(InvalidTransition, match="'Sudah diserahkan' tidak dapat diserahkan"):
        next_status(S.HANDED_OVER, A.HAND_OVER)


def test_cannot_cancel_after_handover():
    with pytest.raises(InvalidTransition):
        next_status(S.HANDED_OVER, A.CANCEL)
    assert allowed_actions(S.CANCELLED) == []


def test_forwarded_card_is_not_printed_here():
    with pytest.raises(InvalidTransition, match="Dikirim ke Disdukcapil"):
        next_status(S.FORWARDED, A.PRINT)


def test_rejected_is_final_and_returned_waits_for_a_decision():
    assert allowed_actions(S.REJECTED) == []
    returned = next_status(S.FORWARDED, A.RETURN)
    assert set(allowed_actions(returned)) == {A.RESEND, A.CANCEL}
    with pytest.raises(InvalidTransition, match="Dikembalikan Disdukcapil"):
        next_status(returned, A.RECEIVE)


def test_archived_card_can_still_be_handed_over():
    status = next_status(S.READY_FOR_PICKUP, A.ARCHIVE)
    assert status is S.ARCHIVED
    assert next_status(status, A.HAND_OVER) is S.HANDED_OVER


def test_misprint_paths_before_handover():
    assert next_status(S.READY_FOR_PICKUP, A.SPOIL) is S.AWAITING_PRINT
    assert next_status(S.READY_FOR_PICKUP, A.MISPRINT_RETURN) is S.FORWARDED
    with pytest.raises(InvalidTransition):
        next_status(S.HANDED_OVER, A.SPOIL)


class Lifecycle(RuleBasedStateMachine):
    """Random sequences of actions never leave the diagram."""

    def __init__(self):
        super().__init__()
        self.status = S.RECORDED
        self.seen = {S.RECORDED}

    @rule(start=st.sampled_from(Status))
    def jump(self, start):
        # Start anywhere, so every state (also the rare ones) is exercised.
        self.status = start
        self.seen.add(start)

    @rule(action=st.sampled_from(Action))
    def act(self, action):
        before = self.status
        expected = DIAGRAM.get((before, action))
        if action is A.CANCEL and before in CANCELLABLE:
            expected = S.CANCELLED
        if expected is None:
            with pytest.raises(InvalidTransition):
                next_status(before, action)
            assert self.status is before
        else:
            self.status = next_status(before, action)
            assert self.status is expected
            self.seen.add(self.status)

    @invariant()
    def only_diagram_states(self):
        assert self.status in set(Status)

    @invariant()
    def terminal_states_have_no_way_out(self):
        if self.status in TERMINAL:
            assert allowed_actions(self.status) == []


Lifecycle.TestCase.settings = settings(max_examples=200, stateful_step_count=25, deadline=None)
TestLifecycle = Lifecycle.TestCase
