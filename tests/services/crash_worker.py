"""The work a crash test kills: run as ``python -m tests.services.crash_worker URL BASE``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys

from counter_app.db import open_database
from counter_app.services import card_printing as cp
from counter_app.services import pickup as pk
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services.users import authenticate
from tests.helpers import card, recording


def main(url: str, base: int) -> None:
    db = open_database(url)
    clerk = authenticate(db, "petugas", "rahasia-123")
    print("ready", flush=True)
    n = base
    while True:
        n += 1
        q.issue_ticket(db, "A", source="counter", actor=clerk)
        born = dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000)
        data = dataclasses.replace(
            recording("BARU"), nik=f"167104{born:%d%m%y}{n % 9999 + 1:04d}",
            card=card(nama="Pemohon Uji", tanggal_lahir=born, jenis_kelamin="L"))
        app = rec.save_recording(db, clerk, data)
        cp.record_printed(db, clerk, app.application_id, f"BLK-{n}")
        pk.hand_over(db, clerk, app.application_id, receiver="self", identity_checked=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
