"""The blanko stock, batches to Disdukcapil and the handover."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, date_arg, group
from counter_app.domain.roles import Permission


@command("stock", "saldo blanko dan pergerakan hari ini",
         arg("--date", metavar="YYYY-MM-DD", type=date_arg,
             help="hari pergerakan (bawaan: hari ini)"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def stock(ctx: Context) -> int:
    """The blanko balance and one day's movements."""
    from counter_app.domain.clock import local
    from counter_app.services.card_printing import stock_status

    status = stock_status(ctx.db, ctx.args.date)
    if ctx.json:
        ctx.print_json({
            "balance": status.balance, "threshold": status.threshold, "low": status.low,
            "movements": [{"at": m.at.isoformat(), "kind": m.kind, "quantity": m.quantity,
                           "slip_number": m.slip_number, "blanko_serial": m.blanko_serial,
                           "source": m.source, "reference": m.reference, "reason": m.reason}
                          for m in status.movements]})
        return 0
    ctx.say(f"Saldo blanko: {status.balance}"
            + (f"  ({status.warning})" if status.warning else ""))
    for m in status.movements:
        what = m.slip_number or m.source or m.reason
        ctx.say(f"  {local(m.at):%H.%M}  {m.kind:<10} {m.quantity:+5d}  {what}")
    if not status.movements:
        ctx.say("  Tidak ada pergerakan.")
    return 0


group("batch", "batch surat pengantar ke Disdukcapil")


@command("batch list", "daftar batch", json_out=True, login=Login.REQUIRED,
         permission=Permission.SERVE)
def batch_list(ctx: Context) -> int:
    """Batches and how many applications wait to be sent."""
    from counter_app.services.batches import list_batches, pending_forward

    batches = list_batches(ctx.db)
    pending = len(pending_forward(ctx.db))
    if ctx.json:
        ctx.print_json({"pending": pending, "batches": [b.as_json() for b in batches]})
        return 0
    ctx.say(f"Menunggu dikirim: {pending} permohonan")
    for b in batches:
        c = b.counts
        late = sum(1 for i in b.items if i.overdue)
        ctx.say(f"{b.number}  {b.status:<6} {len(b.items):>3} berkas  kembali {c['received']}, "
                f"belum {c['pending']}, hilang {c['missing']}, dikembalikan {c['returned']}"
                + (f", TERLAMBAT {late}" if late else ""))
    return 0


@command("batch show", "isi satu batch", arg("number", metavar="NOMOR_BATCH"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def batch_show(ctx: Context) -> int:
    """One batch's items (masked NIKs)."""
    from counter_app.services.batches import find_batch

    batch = find_batch(ctx.db, ctx.args.number)
    if ctx.json:
        ctx.print_json(batch.as_json())
        return 0
    sent = f", dikirim via {batch.courier}" if batch.status == "sent" else " (draf)"
    ctx.say(f"Batch {batch.number}, {batch.day:%d-%m-%Y}{sent}")
    for item in batch.items:
        ctx.say(f"  {item.slip_number}  {item.nik_masked}  {item.nama[:24]:<24} "
                f"{item.case_type.label:<22} {item.state_label}"
                + (f" ({item.reason})" if item.reason else ""))
    return 0


@command("batch print", "PDF surat pengantar (NIK lengkap: supervisor)",
         arg("number", metavar="NOMOR_BATCH"),
         arg("--out", required=True, metavar="FILE.pdf"),
         login=Login.REQUIRED)
def batch_print(ctx: Context) -> int:
    """The surat pengantar; full NIKs, so the service lets only a supervisor print it."""
    from pathlib import Path

    from counter_app.domain.errors import PrinterError
    from counter_app.printing.transmittal import transmittal_pdf
    from counter_app.services.batches import find_batch, transmittal_printout
    from counter_app.services.keys import load_signer

    db = ctx.db
    batch = find_batch(db, ctx.args.number)
    pdf = transmittal_pdf(transmittal_printout(db, ctx.actor, batch.id, load_signer(db)))
    try:
        Path(ctx.args.out).write_bytes(pdf)
    except OSError as exc:
        raise PrinterError(f"PDF tidak dapat disimpan ({exc.strerror}).") from None
    ctx.say(f"Surat pengantar {batch.number} ditulis ke {ctx.args.out}.")
    return 0


@command("pickup", "menyerahkan KTP-el; 'pickup uncollected' = daftar KTP-el tidak diambil",
         arg("token_or_slip", metavar="TOKEN_ATAU_NOMOR|uncollected"),
         arg("--receiver", choices=["self", "family"], help="wajib untuk penyerahan"),
         arg("--xlsx", default="", metavar="FILE.xlsx",
             help="'uncollected': simpan daftar telepon sebagai spreadsheet"),
         arg("--name", default="", help="nama penerima keluarga"),
         arg("--nik", default="", help="NIK penerima keluarga"),
         arg("--surrender", action="append", default=[],
             choices=["SUKET", "KTP_LAMA", "KTP_RUSAK"],
             help="barang yang diserahkan (boleh berulang)"),
         json_out=True, login=Login.REQUIRED)
def pickup(ctx: Context) -> int:
    """Hand a card over (the service checks the role and that it is handed over once)."""
    from counter_app.domain.errors import ValidationError
    from counter_app.services.pickup import find_for_pickup, hand_over

    args, db = ctx.args, ctx.db
    if args.token_or_slip == "uncollected":  # issue 11; no slip number reads like this
        from counter_app.cli.after import pickup_uncollected
        return pickup_uncollected(ctx)
    if args.receiver is None:
        raise ValidationError("Pilih penerima: --receiver self atau --receiver family.")
    candidate = find_for_pickup(db, args.token_or_slip)
    done = hand_over(db, ctx.actor, candidate.application_id, receiver=args.receiver,
                     identity_checked=True, receiver_name=args.name, receiver_nik=args.nik,
                     surrendered=tuple(args.surrender),
                     identity_note="diserahkan lewat baris perintah")
    if ctx.json:
        ctx.print_json({"slip_number": done.slip_number, "receiver": done.receiver,
                        "receiver_name": done.receiver_name, "at": done.at.isoformat(),
                        "nik": candidate.nik_masked})
    else:
        ctx.say(f"KTP-el {done.slip_number} ({candidate.nama}, {candidate.nik_masked}) "
                f"diserahkan kepada {done.receiver_name}.")
    return 0
