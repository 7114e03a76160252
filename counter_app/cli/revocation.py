"""Revoking a signing key (a PC lost or stolen, a key file copied)."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command


@command("keys revoke", "mencabut kunci tanda tangan: semua dokumennya ditolak (supervisor)",
         arg("key_id", metavar="KEY_ID", help="id kunci (8 huruf heksadesimal, lihat keys export)"),
         arg("--reason", required=True, help="alasan pencabutan (ditampilkan saat pengambilan)"),
         json_out=True, login=Login.REQUIRED)
def keys_revoke(ctx: Context) -> int:
    """Every paper signed with the key is refused from now on, with the reason."""
    from counter_app.services.keys import revoke_key

    info = revoke_key(ctx.db, ctx.actor, ctx.args.key_id, ctx.args.reason)  # supervisor only
    if ctx.json:
        ctx.print_json({"key_id": info.key_id, "workstation": info.workstation,
                        "revoked_at": info.revoked_at.isoformat(), "reason": info.reason})
    else:
        ctx.say(f"Kunci {info.key_id} ({info.workstation}) dicabut: {info.reason}. Tanda "
                "terima dan SUKET bertanda tangan kunci ini ditolak; terbitkan ulang di layar "
                "Pengambilan setelah identitas pemohon diperiksa.")
    return 0
