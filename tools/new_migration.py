"""Autogenerate the next Alembic migration from the models.

    python tools/new_migration.py "what changed"

Builds a throw-away SQLite database at the current head, compares it with the models
and writes counter_app/migrations/versions/NNNN_<slug>.py. Read the script before you
commit it, then set SCHEMA_HEAD in counter_app/db.py to the new revision.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from counter_app.db import alembic_config, make_engine


def main() -> None:
    """Write the next revision, numbered after the current head."""
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    message = sys.argv[1]
    head = ScriptDirectory.from_config(alembic_config()).get_current_head() or "0000"
    rev_id = f"{int(head) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/head.db"
        engine = make_engine(url)
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.begin() as conn:
            command.revision(alembic_config(conn), message=message, autogenerate=True,
                             rev_id=rev_id)
        engine.dispose()
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    # Alembic names the custom column type by its module path; the template imports it.
    versions = Path(__file__).resolve().parents[1] / "counter_app" / "migrations" / "versions"
    for script in versions.glob(f"{rev_id}_*.py"):
        text = script.read_text("utf-8").replace("counter_app.models.base.UtcDateTime",
                                                 "UtcDateTime")
        script.write_text(text, "utf-8")
    print(f"Written revision {rev_id} ({slug}). Read it, then set SCHEMA_HEAD = {rev_id!r}.")


if __name__ == "__main__":
    main()
