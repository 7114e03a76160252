import datetime as dt

import pytest
from sqlalchemy import select

from counter_app.db import open_database
from counter_app.domain.errors import Conflict, NotAllowed, NotFound, ValidationError
from counter_app.domain.queue import PriorityMode, PriorityPolicy, TicketStatus
from counter_app.domain.roles import Role
from counter_app.models import AuditLog, TicketEvent
from counter_app.services import queue as q
from counter_app.services.settings import set_priority_policy
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, make_office, make_user

# 9 January 2019, 08.00 WIB
T0 = dt.datetime(2019, 1, 9, 1, 0, tzinfo=dt.UTC)


def at(minutes):
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def office(db):
    profile = make_office(db, counters=3)
    return profile


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


def counter_id(office, number):
    return next(c.id for c in office.counters if c.number == number)


def issue(db, prefix="A", n=1, priority=False, start=0):
    return [q.issue_ticket(db, prefix, priority=priority, now=at(start + i)) for i in range(n)]


def test_default_services_and_counters(db, office):
    services = q.list_services(db)
    assert [(s.prefix, s.name) for s in services] == [
        ("A", "Perekaman KTP-el"), ("B", "Penggantian KTP-el"), ("C", "Pengambilan KTP-el"),
        ("D", "Informasi dan layanan lain"), ("E", "Aktivasi IKD"),
        ("F", "Cetak bagi yang sudah rekam")]
    assert all(s.counter_numbers == (1, 2, 3) for s in services)


def test_numbers_per_service_restart_each_day_and_history_is_kept(db, office):
    a = issue(db, "A", 3)
    b = issue(db, "B", 2)
    assert [t.number for t in a] == ["A-001", "A-002", "A-003"]
    assert [t.number for t in b] == ["B-001", "B-002"]
    tomorrow = q.issue_ticket(db, "A", now=at(24 * 60))
    assert tomorrow.number == "A-001" and tomorrow.day == dt.date(2019, 1, 10)
    assert q.get_ticket(db, a[0].id).number == "A-001"  # yesterday's ticket is still there


def test_office_day_is_wib(db, office):
    # 23.30 UTC on 8 January is 06.30 WIB on 9 January.
    ticket = q.issue_ticket(db, "A", now=dt.datetime(2019, 1, 8, 23, 30, tzinfo=dt.UTC))
    assert ticket.day == dt.date(2019, 1, 9)


def test_waiting_ahead(db, office):
    issue(db, "A", 2)
    issue(db, "B", 1)
    assert q.issue_ticket(db, "A", now=at(5)).waiting_ahead == 2
    assert q.issue_ticket(db, "A", priority=True, now=at(6)).waiting_ahead == 0


def test_unknown_or_closed_service(db, office, clerk):
    with pytest.raises(NotFound, match="'Z' tidak ada"):
        q.issue_ticket(db, "Z")
    admin = authenticate(db, "admin", PASSWORD)
    q.save_service(db, admin, prefix="D", name="Informasi", active=False, counter_numbers=[1])
    with pytest.raises(ValidationError, match="tidak dibuka"):
        q.issue_ticket(db, "D")


def test_call_start_finish_keeps_timestamps(db, office, clerk):
    (t,) = issue(db, "A")
    c1 = counter_id(office, 1)
    called = q.call_next(db, clerk, c1, now=at(10))
    assert called.number == "A-001" and called.status is TicketStatus.CALLED
    assert called.counter_number == 1 and called.first_called_at == at(10)
    q.start_service(db, clerk, c1, now=at(11))
    done = q.finish(db, clerk, c1, "rekam selesai", now=at(20))
    assert done.status is TicketStatus.DONE
    assert (done.service_started_at, done.finished_at) == (at(11), at(20))
    with db.transaction() as s:
        kinds = s.execute(select(TicketEvent.kind).where(TicketEvent.ticket_id == t.id)
                          .order_by(TicketEvent.id)).scalars().all()
    assert kinds == ["issued", "called", "started", "finished"]
    assert q.call_next(db, clerk, c1, now=at(21)) is None


def test_counter_must_finish_before_calling_next(db, office, clerk):
    issue(db, "A", 2)
    c1 = counter_id(office, 1)
    q.call_next(db, clerk, c1, now=at(5))
    with pytest.raises(Conflict, match="A-001 masih di loket ini"):
        q.call_next(db, clerk, c1, now=at(6))


def test_two_counters_never_get_the_same_ticket(db, office, clerk):
    issue(db, "A", 2)
    first = q.call_next(db, clerk, counter_id(office, 1), now=at(5))
    second = q.call_next(db, clerk, counter_id(office, 2), now=at(5))
    assert {first.number, second.number} == {"A-001", "A-002"}


def test_recall_no_show_and_restore(db, office, clerk):
    issue(db, "A", 2)
    c1 = counter_id(office, 1)
    q.call_next(db, clerk, c1, now=at(5))
    again = q.recall(db, clerk, c1, now=at(6))
    assert again.call_count == 2
    gone = q.mark_no_show(db, clerk, c1, now=at(8))
    assert gone.status is TicketStatus.NO_SHOW
    assert q.call_next(db, clerk, c1, now=at(9)).number == "A-002"
    q.finish(db, clerk, c1, now=at(12))
    back = q.restore(db, clerk, gone.id, now=at(13))
    assert back.status is TicketStatus.WAITING and back.number == "A-001"
    assert q.call_next(db, clerk, c1, now=at(14)).number == "A-001"


def test_no_show_needs_a_called_ticket(db, office, clerk):
    c1 = counter_id(office, 1)
    with pytest.raises(Conflict, match="Tidak ada tiket"):
        q.mark_no_show(db, clerk, c1)
    issue(db, "A")
    q.call_next(db, clerk, c1, now=at(2))
    q.start_service(db, clerk, c1, now=at(3))
    with pytest.raises(Conflict, match="sedang dilayani"):
        q.mark_no_show(db, clerk, c1, now=at(4))
    with pytest.raises(Conflict, match="sudah dilayani"):
        q.recall(db, clerk, c1, now=at(4))


def test_call_a_specific_ticket(db, office, clerk):
    issue(db, "A", 3)
    c2 = counter_id(office, 2)
    assert q.call_number(db, clerk, c2, "a3", now=at(5)).number == "A-003"
    q.finish(db, clerk, c2, now=at(6))
    with pytest.raises(Conflict, match="A-003 berstatus selesai"):
        q.call_number(db, clerk, c2, "A-003", now=at(7))
    with pytest.raises(NotFound, match="A-009 tidak ada"):
        q.call_number(db, clerk, c2, "A-009", now=at(7))
    with pytest.raises(ValidationError, match="tidak sah"):
        q.call_number(db, clerk, c2, "12-A", now=at(7))


def test_transfer_to_another_service_keeps_the_number(db, office, clerk):
    issue(db, "A", 1)
    issue(db, "C", 1, start=1)
    admin = authenticate(db, "admin", PASSWORD)
    q.save_service(db, admin, prefix="C", name="Pengambilan KTP-el", counter_numbers=[3])
    c1, c3 = counter_id(office, 1), counter_id(office, 3)
    q.call_next(db, clerk, c1, now=at(5))
    moved = q.transfer(db, clerk, c1, to_service="C", now=at(6))
    assert (moved.number, moved.service_prefix, moved.status) == ("A-001", "C",
                                                                 TicketStatus.WAITING)
    assert q.call_next(db, clerk, c1, now=at(7)) is None  # counter 1 no longer serves C
    # Counter 3 serves C; the transferred ticket was issued first.
    assert q.call_next(db, clerk, c3, now=at(8)).number == "A-001"


def test_transfer_to_a_counter_only_that_counter_calls_it(db, office, clerk):
    issue(db, "B", 2)
    c1, c2, c3 = (counter_id(office, n) for n in (1, 2, 3))
    q.call_next(db, clerk, c1, now=at(5))
    q.transfer(db, clerk, c1, to_counter_number=3, now=at(6))
    assert q.call_next(db, clerk, c2, now=at(7)).number == "B-002"
    assert q.call_next(db, clerk, c3, now=at(8)).number == "B-001"
    with pytest.raises(ValidationError, match="Loket 9 tidak ada"):
        q.transfer(db, clerk, c3, to_counter_number=9, now=at(9))


def test_priority_first_policy(db, office, clerk):
    admin = authenticate(db, "admin", PASSWORD)
    set_priority_policy(db, admin, PriorityPolicy(PriorityMode.FIRST))
    issue(db, "A", 3)
    issue(db, "A", 2, priority=True, start=10)
    c1 = counter_id(office, 1)
    order = []
    for minute in range(20, 25):
        order.append(q.call_next(db, clerk, c1, now=at(minute)).number)
        q.finish(db, clerk, c1, now=at(minute))
    assert order == ["A-004", "A-005", "A-001", "A-002", "A-003"]


@pytest.mark.parametrize("stored", ["{bad", '{"mode": "interleave", "every": 1e400}',
                                    '"interleave"', "[]"])
def test_a_policy_edited_by_hand_into_garbage_falls_back_and_counters_go_on(db, office,
                                                                           clerk, stored):
    from counter_app.models import Setting
    from counter_app.services.settings import PRIORITY_POLICY, get_priority_policy

    with db.transaction() as s:
        s.add(Setting(key=PRIORITY_POLICY, value=stored))
    assert get_priority_policy(db) == PriorityPolicy()
    issue(db, "A", 2)
    issue(db, "A", 1, priority=True, start=10)  # both kinds wait: the policy is read
    c1 = counter_id(office, 1)
    called = q.call_next(db, clerk, c1, now=at(20))
    assert called is not None and called.number == "A-003"  # the default: priority first


def test_priority_interleave_policy_never_starves_either_kind(db, office, clerk):
    admin = authenticate(db, "admin", PASSWORD)
    set_priority_policy(db, admin, PriorityPolicy(PriorityMode.INTERLEAVE, every=2))
    issue(db, "A", 6)                               # A-001..A-006 normal
    issue(db, "A", 3, priority=True, start=10)      # A-007..A-009 priority
    c1 = counter_id(office, 1)
    order = []
    for minute in range(20, 29):
        order.append(q.call_next(db, clerk, c1, now=at(minute)).number)
        q.finish(db, clerk, c1, now=at(minute))
    assert order == ["A-007", "A-001", "A-002", "A-008", "A-003", "A-004", "A-009",
                     "A-005", "A-006"]


def test_current_ticket_survives_a_restart(db_url, office, clerk):
    db = open_database(db_url)
    issue(db, "A")
    c1 = counter_id(office, 1)
    q.call_next(db, clerk, c1, now=at(3))
    db.dispose()
    restarted = open_database(db_url)
    view = q.counter_view(restarted, c1, now=at(4))
    assert view.current is not None and view.current.number == "A-001"
    restarted.dispose()


def test_counter_view_lists_waiting_with_times_and_counts(db, office, clerk):
    issue(db, "A", 2)
    issue(db, "B", 1, start=2)
    q.issue_ticket(db, "A", priority=True, now=at(3))
    c1 = counter_id(office, 1)
    view = q.counter_view(db, c1, now=at(10))
    assert view.service_prefixes == ("A", "B", "C", "D", "E", "F")
    assert [w.number for w in view.waiting["A"]] == ["A-003", "A-001", "A-002"]
    assert view.waiting["A"][1].waited_seconds == 600
    assert view.counts.waiting == 4 and view.counts.issued == 4
    q.call_next(db, clerk, c1, now=at(11))
    q.finish(db, clerk, c1, now=at(12))
    assert q.counter_view(db, c1, now=at(12)).counts.served == 1


def test_queue_status_and_display_state(db, office, clerk):
    issue(db, "A", 3)
    issue(db, "C", 1, start=3)
    c1, c2 = counter_id(office, 1), counter_id(office, 2)
    q.call_next(db, clerk, c1, now=at(5))
    q.call_next(db, clerk, c2, now=at(6))
    q.recall(db, clerk, c2, now=at(7))
    status = q.queue_status(db, now=at(8))
    a = next(s for s in status.services if s.prefix == "A")
    assert (a.issued, a.waiting, a.called) == (3, 1, 2)
    assert [c.ticket for c in status.counters] == ["A-001", "A-002", None]
    state = q.display_state(db, now=at(8))
    assert state.now_called == {1: "A-001", 2: "A-002"}
    assert [(c.number, c.counter_number, c.recall) for c in state.recent_calls] == [
        ("A-002", 2, True), ("A-002", 2, False), ("A-001", 1, False)]
    assert state.waiting["A"] == 1 and state.waiting["C"] == 1
    since = q.calls_since(db, state.recent_calls[-1].event_id)
    assert [c.number for c in since] == ["A-002", "A-002"]


def test_reprint_is_recorded(db, office, clerk):
    (t,) = issue(db, "A")
    assert q.record_print(db, t.id).print_count == 1
    assert q.record_print(db, t.id, clerk).print_count == 2
    with db.transaction() as s:
        kinds = s.execute(select(AuditLog.kind)).scalars().all()
    assert kinds.count("ticket.reprinted") == 1


def test_roles_in_the_queue(db, office):
    camat = make_user(db, "camat", Role.CAMAT)
    admin = authenticate(db, "admin", PASSWORD)
    issue(db, "A")
    for actor in (camat, admin):
        with pytest.raises(NotAllowed):
            q.call_next(db, actor, counter_id(office, 1))
    with pytest.raises(NotAllowed):
        q.issue_ticket(db, "A", actor=camat, source="counter")
    clerk = make_user(db, "petugas", Role.OPERATOR)
    with pytest.raises(NotAllowed):
        q.save_service(db, clerk, prefix="E", name="Baru")
    with pytest.raises(NotAllowed):
        set_priority_policy(db, clerk, PriorityPolicy())


def test_a_ticket_another_counter_is_claiming_is_skipped_not_waited_for(db, db_url, office,
                                                                       clerk):
    """PostgreSQL: the first waiting ticket is locked by a counter mid-call; another
    counter calls the next one at once instead of queueing behind that lock."""
    import threading

    from sqlalchemy import create_engine, text

    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time (the write turn)")
    issue(db, n=2)
    other = create_engine(db_url)
    called = []
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT id FROM tickets WHERE number = 'A-001' "
                              "FOR NO KEY UPDATE")).scalar_one()
            calling = threading.Thread(target=lambda: called.append(
                q.call_next(db, clerk, counter_id(office, 2), now=at(5))))
            calling.start()
            calling.join(timeout=3)
            waited = calling.is_alive()
            conn.rollback()  # lets a waiting call go on, so the test ends either way
        calling.join()
        assert not waited, "the call waited behind the other counter's lock"
        assert called[0] is not None and called[0].number == "A-002"
    finally:
        other.dispose()
    assert q.call_next(db, clerk, counter_id(office, 1), now=at(6)).number == "A-001"


def test_a_closed_day_refuses_the_counter_until_a_supervisor_unlocks_it(db, office, clerk):
    """Today's closure is read with the counter itself (one statement, after the day's
    lock): the refusal and the audited late change must be the same as elsewhere."""
    from counter_app.domain.clock import office_day, utc_now
    from counter_app.services.day_close import close_day, unlock_day

    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    c1 = counter_id(office, 1)
    q.issue_ticket(db, "A")
    q.issue_ticket(db, "A")
    q.call_next(db, clerk, c1)
    today = office_day(utc_now())
    q.finish(db, clerk, c1)
    q.call_next(db, clerk, c1)
    close_day(db, kasi, today)
    for action in (lambda: q.finish(db, clerk, c1), lambda: q.mark_no_show(db, clerk, c1)):
        with pytest.raises(NotAllowed, match="sudah ditutup"):
            action()
    unlock_day(db, kasi, today, "penyelesaian terlambat")
    assert q.finish(db, clerk, c1).status is TicketStatus.DONE
    with db.transaction() as s:
        late = s.execute(select(AuditLog).where(AuditLog.kind == "day.late_change")
                         ).scalars().all()
    assert len(late) == 1 and "A-002" in late[0].after
