"""Gap-free daily counters (ticket numbers, slip numbers) shared by every counter PC."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def next_in_sequence(session: Session, model: Any, **key: Any) -> int:
    """Increment the sequence row of ``model`` with ``key`` inside the caller's transaction.

    The UPDATE takes the row's lock, so concurrent callers get consecutive numbers; a
    rolled-back transaction gives its number back. A missing row (the day's first
    number) is created in a savepoint; when another PC creates it at the same moment,
    the unique key refuses ours and we use theirs.
    """
    bump = update(model).filter_by(**key).values(last_seq=model.last_seq + 1)
    if session.execute(bump).rowcount == 0:  # type: ignore[attr-defined]
        try:
            with session.begin_nested():
                session.add(model(last_seq=0, **key))
        except IntegrityError:
            pass  # another counter created the row first; it is there now
        session.execute(bump)
    return int(session.execute(select(model.last_seq).filter_by(**key)).scalar_one())
