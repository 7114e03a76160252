import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import Conflict
from counter_app.domain.queue import ACTIVE, TicketStatus
from counter_app.domain.ticket_lifecycle import (
    TERMINAL,
    TRANSITIONS,
    TicketAction,
    next_ticket_status,
    sources,
)

actions = st.lists(st.sampled_from(list(TicketAction)), max_size=30)


@given(actions)
def test_any_sequence_of_counter_actions_keeps_a_ticket_in_a_known_state(sequence):
    status = TicketStatus.WAITING
    visited = [status]
    for action in sequence:
        allowed = (status, action) in TRANSITIONS
        try:
            after = next_ticket_status(status, action, "A-001")
        except Conflict as exc:
            assert not allowed
            assert "A-001" in exc.message  # the clerk is told which ticket
            continue
        assert allowed and after is TRANSITIONS[(status, action)]
        status = after
        visited.append(status)
    if TicketStatus.DONE in visited:
        done = visited.index(TicketStatus.DONE)
        assert visited[done - 1] in ACTIVE          # served only after being called
        assert visited[done:] == [TicketStatus.DONE] * (len(visited) - done)  # and it stays


@given(st.sampled_from(list(TicketStatus)), st.sampled_from(list(TicketAction)))
def test_refused_steps_are_conflicts_and_finished_tickets_take_no_step(status, action):
    if status in TERMINAL:
        with pytest.raises(Conflict):
            next_ticket_status(status, action, "B-002")
    elif (status, action) not in TRANSITIONS:
        with pytest.raises(Conflict, match="B-002"):
            next_ticket_status(status, action, "B-002")


def test_the_table_matches_the_counter_rules():
    assert TERMINAL == {TicketStatus.DONE, TicketStatus.NOT_SERVED}
    assert sources(TicketAction.FINISH) == ACTIVE       # a counter's current ticket
    assert sources(TicketAction.CALL) == {TicketStatus.WAITING, TicketStatus.NO_SHOW}
    assert sources(TicketAction.CLOSE_DAY) == {TicketStatus.WAITING}
    with pytest.raises(Conflict, match="sudah dilayani; tidak perlu dipanggil ulang"):
        next_ticket_status(TicketStatus.SERVING, TicketAction.RECALL, "A-001")
