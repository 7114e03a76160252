"""Where the app keeps its files on this PC (light: imported before the database layer)."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "counter-app"


def data_dir() -> Path:
    """The per-user directory for the embedded database, backups and crash reports."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The per-user configuration directory (this PC's signing key lives here)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))
