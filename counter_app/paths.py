"""Where the app keeps its files on this PC (light: imported before the database layer)."""

from __future__ import annotations

import os
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


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by its owner only; return it.

    On Linux and macOS the folder is 0700, so other accounts of the PC cannot list or read
    the database, backups, crash reports or keys in it. On Windows the folders live in the
    user's profile, whose ACL already keeps other accounts out.
    """
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(path, 0o700)  # mkdir's mode is masked by the umask
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, owner-only (0600) from its first byte."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)  # an older tmp left by a crash kept its mode
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
