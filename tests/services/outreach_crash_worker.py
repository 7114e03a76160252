"""An import the crash test kills: ``python -m tests.services.outreach_crash_worker URL
PACKET KEYFILE``.

Each audit row of the import is slowed a little (a slow office PC), so the kill lands in
the middle of the one import transaction.
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
    record = oo.audit.record

    def slow_record(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.05)
        return record(*args, **kwargs)

    oo.audit.record = slow_record  # type: ignore[assignment]
    data = Path(packet).read_bytes()
    print("importing", flush=True)
    oo.import_packet(db, kasi, data, box)
    print("done", flush=True)
    time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
