"""The ``counter-app`` command: with no command it opens the GUI, else runs headless.

Commands are declared once, next to their handlers, in the modules of this package (one
per area); ``core`` holds the registry and the options they share. Every command that
touches the database takes ``--db URL`` (else ``COUNTER_APP_DB``, else the embedded
SQLite file) and upgrades the schema first.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from counter_app import __version__
from counter_app.cli.core import (
    COMMANDS,
    EXIT_REFUSED,
    EXIT_USAGE,
    GROUPS,
    Command,
    Context,
    Login,
)
from counter_app.domain.errors import CounterError, ValidationError

__all__ = ["build_parser", "main"]

# The areas, in the order `--help` lists them; importing one registers its commands.
AREAS = ("windows", "office", "identity", "queue", "applications", "fulfilment", "reports",
         "days", "safety", "backup", "coverage", "outreach", "revocation", "after")
for _area in AREAS:
    importlib.import_module(f"counter_app.cli.{_area}")

# argparse's own words in Bahasa Indonesia. argparse looks its texts up through the
# module-level gettext function ``_`` when it formats help and errors; the stdlib ships
# no Indonesian catalog, so the few texts the app can show are translated here.
_ARGPARSE_ID = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "the following arguments are required: %s": "argumen wajib belum diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "expected one argument": "perlu satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak sah",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi %(option)s ambigu: bisa %(matches)s",
    "one of the arguments %s is required": "salah satu argumen %s wajib",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
}
_english = argparse._  # type: ignore[attr-defined]
argparse._ = lambda text: _ARGPARSE_ID.get(text, _english(text))  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with one line of error in Bahasa Indonesia, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"Kesalahan: {message} (lihat: {self.prog} --help)\n")


def _help_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="menampilkan bantuan ini")


def _shared_options(parser: argparse.ArgumentParser, cmd: Command) -> None:
    if cmd.db:
        parser.add_argument(
            "--db", metavar="URL", default=argparse.SUPPRESS,
            help="URL basis data (bawaan: $COUNTER_APP_DB, atau berkas SQLite di folder data "
            "pengguna)")
    if cmd.json:
        parser.add_argument("--json", action="store_true", help="keluaran JSON")
    if cmd.login is not Login.NONE:
        parser.add_argument("--user", metavar="NAMA", help="nama pengguna yang bertindak"
                            + (" (wajib)" if cmd.login is Login.REQUIRED else ""))
        parser.add_argument("--password-stdin", action="store_true",
                            help="baca kata sandi dari baris pertama stdin")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command (also used to document the CLI)."""
    parser = _Parser(
        prog="counter-app", add_help=False,
        description="Loket KTP-el: layanan KTP-el kantor kecamatan. "
        "Tanpa perintah: membuka aplikasi.",
    )
    _help_option(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="menampilkan versi lalu keluar")
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="URL basis data untuk perintah apa pun")
    top = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=_Parser)
    groups: dict[str, argparse._SubParsersAction[_Parser]] = {}
    for cmd in COMMANDS:
        if len(cmd.words) == 1:
            sub = top.add_parser(cmd.words[0], help=cmd.help, add_help=False)
        else:
            head = cmd.words[0]
            if head not in groups:
                grp = top.add_parser(head, help=GROUPS[head], add_help=False)
                _help_option(grp)
                groups[head] = grp.add_subparsers(dest=f"{head}_command", metavar="AKSI",
                                                  required=True, parser_class=_Parser)
            sub = groups[head].add_parser(" ".join(cmd.words[1:]), help=cmd.help,
                                          add_help=False)
        _help_option(sub)
        for a in cmd.args:
            sub.add_argument(*a.flags, **a.options)
        _shared_options(sub, cmd)
        sub.set_defaults(command_obj=cmd)
    return parser


def _gui_command() -> Command:
    return next(c for c in COMMANDS if c.words == ("gui",))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: say so once, and let nothing else write.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        print("Kesalahan: keluaran terputus (program penerima sudah ditutup).",
              file=sys.stderr)
        return EXIT_USAGE


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or argparse's one-line usage error
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    cmd: Command = getattr(args, "command_obj", None) or _gui_command()
    ctx = Context(args, cmd)
    try:
        if cmd.login is Login.REQUIRED:
            ctx.actor  # noqa: B018  (log in before anything else happens)
        return cmd.handler(ctx)
    except CounterError as exc:
        if ctx.json:
            ctx.print_json({"valid": False, "error": exc.message})
        else:
            print(f"Kesalahan: {exc.message}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, ValidationError) else EXIT_REFUSED
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130
    finally:
        ctx.close()

if __name__ == "__main__":
    raise SystemExit(main())
