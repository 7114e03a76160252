"""The command registry: each command is declared once, next to its handler.

A module of this package declares its commands with :func:`command`; the options every
command shares (``--db``, ``--json``, ``--user``/``--password-stdin``) are added here from
the declaration, and :func:`run` turns errors into one line in Bahasa Indonesia.

Who is acting (issue 12, finding 1): every command that changes data or shows personal
data names a user (``--user``), whose password is read from a prompt or from
``--password-stdin``. The user is loaded and checked by the services exactly as in the
GUI, and the command itself is written to the audit log under that user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import errno
import getpass
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from counter_app.domain.errors import ValidationError

if TYPE_CHECKING:
    from counter_app.db import Database
    from counter_app.domain.roles import Permission
    from counter_app.services.actor import Actor

# Exit codes: 0 done; 1 a check that answered "no" (an invalid NIK, a forged slip, a
# broken audit chain) or an action the rules refused; 2 bad input or usage (argparse
# uses 2 too).
EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2

# Dates the command line accepts at all; services narrow them further (issue 12, 13).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class Login(enum.Enum):
    """Whether a command asks who is acting."""

    NONE = "none"          # public: --help, nik, kk, wilayah cari, queue status (counts)
    REQUIRED = "required"  # changes data or shows personal data
    OPTIONAL = "optional"  # the handler decides (e.g. an offline check needs no login)


@dataclass(frozen=True)
class Arg:
    """One argparse argument of a command, as ``add_argument`` takes it."""

    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    """Declare an argument: the same parameters as ``ArgumentParser.add_argument``."""
    return Arg(flags, options)


def date_arg(text: str) -> dt.date:
    """An argparse ``type``: YYYY-MM-DD (or DD-MM-YYYY) within 1900..2100, in Indonesian."""
    from counter_app.domain.dates import parse_typed_date

    try:
        day = parse_typed_date(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(
            f"Tanggal {day.isoformat()} di luar rentang {EARLIEST_DATE:%Y} sampai "
            f"{LATEST_DATE:%Y}.")
    return day


Handler = Callable[["Context"], int]


@dataclass(frozen=True)
class Command:
    """A command: its words, help, arguments, shared options and handler."""

    words: tuple[str, ...]
    help: str
    handler: Handler
    args: tuple[Arg, ...] = ()
    db: bool = True
    json: bool = False
    login: Login = Login.NONE
    # Checked right after the login, before the handler runs, for commands whose
    # services do not take the acting user themselves.
    permission: Permission | None = None
    # May make a new SQLite file (init, demo); every other command needs an existing one.
    creates: bool = False

    @property
    def name(self) -> str:
        """The words as typed: ``report daily``."""
        return " ".join(self.words)


COMMANDS: list[Command] = []
GROUPS: dict[str, str] = {}


def group(word: str, help_text: str) -> None:
    """Declare a command group (``report``, ``slip``, ...) and its help."""
    GROUPS[word] = help_text


def command(words: str, help_text: str, *args: Arg, db: bool = True, json_out: bool = False,
            login: Login = Login.NONE, permission: Permission | None = None,
            creates: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``words``."""

    def register(handler: Handler) -> Handler:
        COMMANDS.append(Command(tuple(words.split()), help_text, handler, args, db, json_out,
                                login, permission, creates))
        return handler

    return register


@dataclass
class Context:
    """What a handler gets: its arguments, the database and the acting user."""

    args: argparse.Namespace
    command: Command
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _db: Database | None = None
    _actor: Actor | None = None

    @property
    def json(self) -> bool:
        """True when ``--json`` was given."""
        return bool(getattr(self.args, "json", False))

    @property
    def db_url(self) -> str | None:
        """``--db`` as given, or None for the default."""
        return getattr(self.args, "db", None)

    @property
    def db(self) -> Database:
        """The database, opened (and upgraded) on first use."""
        if self._db is None:
            self._db = open_checked(self.db_url, create=self.command.creates)
        return self._db

    @property
    def actor(self) -> Actor:
        """The user who logged in for this command (asks for the password once)."""
        if self._actor is None:
            user = getattr(self.args, "user", None)
            if not user:
                raise ValidationError(
                    f"Perintah '{self.command.name}' memerlukan pengguna: tambahkan --user "
                    "NAMA (kata sandi dari prompt atau --password-stdin).")
            from counter_app.services.audit_view import record_command
            from counter_app.services.users import authenticate

            actor = authenticate(self.db, user, read_password(self.args, f"Kata sandi {user}: "))
            if self.command.permission is not None:
                actor.require(self.command.permission)
            record_command(self.db, actor, self.command.name, describe_args(self.args))
            self._actor = actor
        return self._actor

    @property
    def has_user(self) -> bool:
        """True when ``--user`` was given."""
        return bool(getattr(self.args, "user", None))

    def print_json(self, data: Any) -> None:
        """Print ``data`` as indented JSON (dates as ISO strings)."""
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=self.out)

    def say(self, text: str) -> None:
        """Print one line of the command's output."""
        print(text, file=self.out)

    def close(self) -> None:
        """Release the database's connections."""
        if self._db is not None:
            self._db.dispose()


def describe_args(args: argparse.Namespace) -> dict[str, Any]:
    """The command's arguments for the audit log: never a password, never a handler."""
    skip = {"handler", "command_obj", "password_stdin", "user", "db"}
    return {k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in sorted(vars(args).items()) if k not in skip and v not in (None, False)}


def read_password(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    """The password from the first line of stdin (--password-stdin) or a prompt."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError("Tidak ada terminal untuk kata sandi: pakai --password-stdin.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        raise ValidationError("Kedua kata sandi tidak sama.")
    return first


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def check_database_url(url: str, *, create: bool = False) -> str:
    """Refuse, with a clear message, a URL the app cannot use, before touching it.

    ``create``: the command may make a new SQLite file (init, demo, the GUI's first
    start); any other command refuses a file that is not there, so a mistyped --db never
    quietly opens a new, empty office.
    """
    if not url.strip():
        raise ValidationError("Alamat basis data (--db) kosong.")
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValidationError(
            f"Alamat basis data '{mask_url(url)[:80]}' tidak dikenali; contoh: "
            "sqlite:///D:/loket/kantor.db atau postgresql+psycopg://loket@SERVER/loket."
        ) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValidationError(
            f"Jenis basis data '{backend[:30]}' tidak didukung; pakai SQLite atau PostgreSQL.")
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        from pathlib import Path

        path = Path(parsed.database)
        shown = str(path)[:120]
        try:
            if path.is_dir():
                raise ValidationError(f"{shown} adalah folder, bukan berkas basis data.")
            if not path.exists():
                if not create:
                    raise ValidationError(
                        f"Berkas basis data {shown} tidak ada; periksa --db (basis data baru "
                        "dibuat dengan counter-app init).")
            elif path.stat().st_size > 0:
                with path.open("rb") as handle:
                    if handle.read(16) != b"SQLite format 3\x00":
                        raise ValidationError(
                            f"Berkas {shown} bukan basis data SQLite; periksa --db.")
        except OSError as exc:  # a name too long, a file where a folder should be, ...
            raise ValidationError(f"Berkas basis data {shown} tidak dapat dipakai "
                                  f"({os_message(exc)}).") from None
    return url


# The usual OS errors, said in Bahasa Indonesia.
_OS_ERRORS = {
    errno.ENOENT: "berkas atau folder tidak ada", errno.EACCES: "akses ditolak",
    errno.EPERM: "akses ditolak", errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EISDIR: "itu sebuah folder", errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.ENOSPC: "disk penuh", errno.EROFS: "disk hanya-baca", errno.EEXIST: "sudah ada",
}


def os_message(exc: OSError) -> str:
    """An OS error in words a clerk reads."""
    return _OS_ERRORS.get(exc.errno or 0, "kesalahan sistem berkas")


def mask_url(url: str) -> str:
    """``url`` with any password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def open_checked(url: str | None, *, create: bool = False) -> Database:
    """Open the database after checking its URL; driver failures become one message."""
    from sqlalchemy.exc import SQLAlchemyError

    from counter_app.db import DatabaseError, open_database, resolve_database_url

    resolved = check_database_url(resolve_database_url(url), create=create)
    try:
        return open_database(resolved)
    except ModuleNotFoundError as exc:
        raise ValidationError(
            f"Pengandar basis data '{exc.name}' belum terpasang; untuk PostgreSQL pasang "
            "paket counter-app[postgres].") from None
    except DatabaseError as exc:
        raise ValidationError(exc.message) from None
    except SQLAlchemyError as exc:
        raise ValidationError(
            f"Basis data {mask_url(resolved)} tidak dapat dibuka: "
            f"{_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or ["kesalahan tidak dikenal"])[0][:200]
