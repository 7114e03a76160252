"""The audit log and this PC's signing key (backups and restores: ``backup.py``)."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, group
from counter_app.domain.errors import ValidationError
from counter_app.domain.roles import Permission

group("audit", "log audit")


@command("audit verify", "memeriksa log audit: rantai hash, ujung bertanda tangan, arsip harian",
         arg("--deep", action="store_true",
             help="juga mencocokkan log dengan data permohonan, blanko, pengguna, tiket"),
         json_out=True, login=Login.REQUIRED)
def audit_verify(ctx: Context) -> int:
    """Check the audit log; exit 1 names each thing found (and, --deep, each disagreement)."""
    from counter_app.services.audit_view import verify_audit

    check = verify_audit(ctx.db, ctx.actor, deep=ctx.args.deep)  # the service checks the role
    if ctx.json:
        ctx.print_json({"ok": check.ok, "rows": check.rows, "message": check.message,
                        "first_bad_seq": check.first_bad_seq,
                        "findings": [{"kind": f.kind.value, "seq": f.seq, "message": f.message}
                                     for f in check.findings],
                        "disagreements": [{"area": d.area, "subject": d.subject,
                                           "in_log": d.in_log, "in_table": d.in_table}
                                          for d in check.disagreements]})
    else:
        ctx.say(check.message)
    return 0 if check.ok else 1


group("keys", "kunci tanda tangan QR")


@command("keys export", "menulis kunci publik kantor (JSON)",
         arg("--out", metavar="FILE.json", help="berkas tujuan (bawaan: stdout)"),
         login=Login.REQUIRED, permission=Permission.READ_AUDIT)
def keys_export(ctx: Context) -> int:
    """The office's public keys, for Disdukcapil or another office's offline checks."""
    from pathlib import Path

    from counter_app.services.keys import export_public_keys, load_signer
    from counter_app.services.office import get_office

    office = get_office(ctx.db)
    if office is None:
        raise ValidationError("Kantor belum disiapkan.")
    load_signer(ctx.db)  # this PC's key is registered before the export
    text = export_public_keys(ctx.db, office.kecamatan_code)
    if ctx.args.out:
        try:
            Path(ctx.args.out).write_text(text, "utf-8")
        except OSError as exc:
            raise ValidationError(f"Berkas {ctx.args.out} tidak dapat ditulis "
                                  f"({exc.strerror}).") from None
        ctx.say(f"Kunci publik ditulis ke {ctx.args.out}.")
    else:
        ctx.say(text)
    return 0


@command("keys rotate", "mengganti kunci PC ini (kunci lama tetap sah)",
         login=Login.REQUIRED)
def keys_rotate(ctx: Context) -> int:
    """A new signing key for this PC (the service lets only an admin)."""
    from counter_app.services.keys import rotate_key

    signer = rotate_key(ctx.db, ctx.actor)
    ctx.say(f"Kunci baru PC ini: {signer.key_id}. Kunci lama tetap tercatat untuk memeriksa "
            "dokumen lama.")
    return 0
