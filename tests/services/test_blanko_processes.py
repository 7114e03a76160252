"""Two counters (processes) print against the last blanko at once: one gets it, the other
a clear message, and the balance is 0. SQLite and, in the PostgreSQL run, PostgreSQL."""

import datetime as dt
import multiprocessing
import time

import pytest
from sqlalchemy import select

from counter_app.domain.lifecycle import Status
from counter_app.domain.roles import Role
from counter_app.models import BlankoStock
from counter_app.services import card_printing as cp
from counter_app.services import recording as rec
from counter_app.services.card_printing import ledger_balance
from counter_app.services.users import add_user
from tests.helpers import card, make_office, make_user, recording
from tests.services.queue_workers import print_last_blanko


@pytest.mark.slow
def test_two_processes_print_the_last_blanko(db):
    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    with db.transaction() as session:
        add_user(session, None, username="petugas2", full_name="Petugas Dua",
                 role=Role.OPERATOR, password="kata-sandi-2")
    cp.receive_blanko(db, kasi, 1, "Disdukcapil", "BA/terakhir")
    born = dt.date(1990, 1, 2)
    apps = [rec.save_recording(db, clerk, recording(
        nik=f"1671040201900{n:03d}",
        card=card(nama=f"Pemohon {'ab'[n - 1]}", tanggal_lahir=born, jenis_kelamin="L")))
        for n in (1, 2)]
    start_at = time.time() + 3
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.starmap(print_last_blanko, [
            (db.url, "petugas", "rahasia-123", apps[0].application_id, start_at),
            (db.url, "petugas2", "kata-sandi-2", apps[1].application_id, start_at)])
    assert results.count("ok") == 1
    refused = next(r for r in results if r != "ok")
    assert refused.startswith("Blanko habis (sisa 0)")
    with db.transaction() as session:
        assert ledger_balance(session) == 0
        assert session.execute(select(BlankoStock.balance)).scalar_one() == 0
    statuses = sorted(rec.get_application(db, a.application_id).status.value for a in apps)
    assert statuses == sorted([Status.READY_FOR_PICKUP.value, Status.AWAITING_PRINT.value])
