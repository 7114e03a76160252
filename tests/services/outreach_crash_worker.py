"""An import the crash test kills: ``python -m tests.services.outreach_crash_worker URL
PACKET KEYFILE``.

The bulk insert of the applications is slowed (a slow office PC), so the kill lands in the
middle of the one import transaction, after the events and applicants were written.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from counter_app.db import open_database
from counter_app.services import outreach_office as oo
from counter_app.services.users import authenticate


def main(url: str, packet: str, key_file: str) -> None:
    db = open_database(url)
    kasi = authenticate(db, "kasi", "rahasia-123")
    box = oo.load_office_box(db, Path(key_file))
    record_many = oo.audit.record_many

    def slow_record_many(*args: Any, **kwargs: Any) -> Any:
        time.sleep(3)  # the applications, documents and photos are flushed by now
        return record_many(*args, **kwargs)

    oo.audit.record_many = slow_record_many  # type: ignore[assignment]
    data = Path(packet).read_bytes()
    print("importing", flush=True)
    oo.import_packet(db, kasi, data, box)
    print("done", flush=True)
    time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
