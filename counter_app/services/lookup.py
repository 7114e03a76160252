"""Loading one row by its key, or a NotFound the clerk can read."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from counter_app.domain.errors import NotFound

M = TypeVar("M")


def get_or_not_found(session: Session, model: type[M], key: Any, message: str) -> M:
    """The row of ``model`` with primary key ``key``; NotFound(``message``) when missing."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(message)
    return row
