"""Access to the CSV files shipped in ``resources/data``."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


def read_csv(name: str) -> list[dict[str, str]]:
    """Return the rows of a shipped CSV file as dictionaries keyed by its header."""
    return list(_read_csv_cached(name))


@cache
def _read_csv_cached(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files("counter_app.resources").joinpath("data", name).read_text("utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))
