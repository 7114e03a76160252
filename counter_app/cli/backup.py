"""Backups and restores of the office database (SQLite file or PostgreSQL via pg_dump)."""

from __future__ import annotations

import sys

from counter_app.cli.core import Context, Login, arg, command, mask_url
from counter_app.domain.errors import ValidationError
from counter_app.domain.roles import Permission


@command("backup", "cadangan basis data (SQLite saat aplikasi berjalan; PostgreSQL: pg_dump)",
         arg("--out", metavar="FILE", help="berkas cadangan (bawaan: folder backups/ dengan "
             "nama unik, 30 terakhir disimpan)"),
         json_out=True, login=Login.REQUIRED, permission=Permission.BACKUP)
def backup(ctx: Context) -> int:
    """An online, checked copy of the database (supervisor or admin), audited."""
    from pathlib import Path

    from counter_app.services.backup import make_backup

    made = make_backup(ctx.db, ctx.actor, Path(ctx.args.out) if ctx.args.out else None)
    if ctx.json:
        ctx.print_json({"file": str(made.path), "size": made.size, "sha256": made.sha256})
        return 0
    check = "integrity_check ok" if ctx.db.is_sqlite else "pg_restore --list ok"
    ctx.say(f"Cadangan dibuat dan diperiksa ({check}): {made.path}")
    ctx.say(f"SHA-256 {made.sha256} (juga di {made.path.name}.sha256)")
    return 0


@command("restore", "memulihkan basis data dari cadangan (admin; aplikasi lain ditutup)",
         arg("file", metavar="FILE"),
         arg("--to", metavar="URL_ATAU_BERKAS",
             help="pulihkan ke berkas SQLite baru atau basis data PostgreSQL kosong, "
             "tanpa mengganti basis data yang sekarang"),
         arg("--yes", action="store_true", help="tanpa pertanyaan konfirmasi"),
         arg("--tanpa-sidik", dest="unchecked", action="store_true",
             help="pulihkan walau berkas .sha256 cadangan tidak ada"),
         arg("--kantor-lain", dest="other_office", action="store_true",
             help="pulihkan walau cadangan milik kantor (kecamatan) lain"),
         login=Login.REQUIRED, permission=Permission.RESTORE)
def restore(ctx: Context) -> int:
    """Replace the database with a checked backup, keeping a safety copy; or restore anew.

    The admin logs in to the office's current database; its connections are then closed,
    since a restore refuses while any process (this one too) has the database open.
    """
    from pathlib import Path

    from counter_app.services.backup import restore as restore_from

    target = ctx.args.to
    if target and "://" not in target:
        target = f"sqlite:///{Path(target).resolve()}"
    url = ctx.db.url
    actor = ctx.actor
    ctx.close()
    if not ctx.args.yes:
        if not sys.stdin.isatty() or ctx.args.password_stdin:
            raise ValidationError("Konfirmasi diperlukan: jalankan lagi dengan --yes.")
        question = (f"Pulihkan {ctx.args.file} ke {mask_url(target)} (basis data baru)?"
                    if target else
                    f"Ganti basis data {mask_url(url)} dengan {ctx.args.file}? Tutup aplikasi "
                    "di semua komputer dahulu.")
        if input(question + " Ketik 'ya': ").strip().lower() != "ya":
            ctx.say("Dibatalkan.")
            return 1
    result = restore_from(url, Path(ctx.args.file), actor, to=target,
                          unchecked=ctx.args.unchecked, other_office=ctx.args.other_office)
    ctx.say(f"Basis data {mask_url(result.target)} dipulihkan dari {ctx.args.file} (skema "
            f"{result.revision}, {result.audit_rows} baris audit utuh).")
    if result.kept is not None:
        ctx.say(f"Salinan basis data yang diganti: {result.kept}")
    return 0
