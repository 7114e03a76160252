"""After recording (issue 11): rejections from Disdukcapil, the uncollected cards."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command
from counter_app.domain.rejection import RejectReason
from counter_app.domain.roles import Permission


@command("batch reject", "catat berkas yang ditolak Disdukcapil, dengan alasannya",
         arg("slip_number", metavar="NOMOR_TANDA_TERIMA"),
         arg("--reason", required=True, metavar="KODE",
             help="alasan: " + ", ".join(r.value for r in RejectReason)),
         arg("--note", default="", metavar="TEKS", help="keterangan (wajib untuk 'lainnya')"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def batch_reject(ctx: Context) -> int:
    """A forwarded application comes back rejected; it shows "ditolak" with the reason."""
    from counter_app.services.batches import reject_item

    done = reject_item(ctx.db, ctx.actor, ctx.args.slip_number, ctx.args.reason,
                       ctx.args.note)
    if ctx.json:
        ctx.print_json({"slip_number": done.slip_number, "status": "rejected",
                        "name": done.nama, "nik": done.nik_masked,
                        "batch": done.batch_number, "reason": done.reason.value,
                        "note": done.note})
    else:
        ctx.say(f"{done.slip_number} ({done.nama}, {done.nik_masked}) dari batch "
                f"{done.batch_number}: {done.text}.")
    return 0
