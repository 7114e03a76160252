"""Kill the app (SIGKILL) at random points while it works; nothing may be half-done.

Runs on SQLite and, in the PostgreSQL run, on PostgreSQL.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest
from sqlalchemy import func, select, text

from counter_app.domain.cases import CaseType, required_documents
from counter_app.domain.roles import Role
from counter_app.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Biometrics,
    BlankoStock,
    Pickup,
    QueueSequence,
    Ticket,
)
from counter_app.services import card_printing as cp
from counter_app.services.audit import verify_chain
from counter_app.services.card_printing import ledger_balance
from tests.helpers import make_office, make_user

ROUNDS = 6


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing(db):
    make_office(db)
    make_user(db, "petugas", Role.OPERATOR)
    kasi = make_user(db, "kasi", Role.SUPERVISOR)
    cp.receive_blanko(db, kasi, 5000, "Disdukcapil", "BA/uji")
    rng = random.Random(20190109)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for round_ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.services.crash_worker", db.url, str(round_ * 1000)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.2, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL

    with db.transaction() as s:
        if db.is_sqlite:
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        # Ticket numbers: 1..N per service and day, none doubled, none skipped, and the
        # sequence row agrees.
        seqs = defaultdict(list)
        for service_id, day, seq in s.execute(
                select(Ticket.issued_service_id, Ticket.day, Ticket.seq)).all():
            seqs[(service_id, day)].append(seq)
        assert seqs, "the worker did some work"
        for key, numbers in seqs.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), key
            last = s.execute(select(QueueSequence.last_seq).where(
                QueueSequence.service_id == key[0], QueueSequence.day == key[1])).scalar_one()
            assert last == len(numbers)
        # No half-saved application: each has its applicant, documents and biometrics.
        apps = s.execute(select(Application)).scalars().all()
        assert apps
        for app in apps:
            assert s.get(Applicant, app.applicant_id) is not None
            assert s.get(Biometrics, app.id) is not None
            docs = s.execute(select(func.count(ApplicationDocument.id)).where(
                ApplicationDocument.application_id == app.id)).scalar_one()
            assert docs == len(required_documents(CaseType(app.case_type)))
            handed = s.execute(select(Pickup.id).where(Pickup.application_id == app.id)).first()
            assert (app.status == "handed_over") == (handed is not None)
        # The blanko ledger balances with the running balance, and every used blank is
        # a printed card.
        balance = s.execute(select(BlankoStock.balance)).scalar_one()
        assert ledger_balance(s) == balance >= 0
        printed = sum(a.status in ("ready_for_pickup", "handed_over") for a in apps)
        assert 5000 - balance == printed
        assert verify_chain(s).ok
