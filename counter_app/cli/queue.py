"""Queue tickets and the queue's state."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, group
from counter_app.domain.roles import Permission
from counter_app.domain.words import lower_first

group("ticket", "tiket antrean")


@command("ticket issue", "mengambil tiket dan mencetak atau menyimpannya",
         arg("--service", required=True, metavar="KODE", help="A, B, C, D, ..."),
         arg("--priority", action="store_true", help="tiket prioritas"),
         arg("--out", metavar="FILE.pdf", help="simpan PDF tiket di sini"),
         arg("--paper", choices=["58mm", "80mm"], default="80mm"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def ticket_issue(ctx: Context) -> int:
    """Issue a ticket as a clerk would with F9, and print or save it."""
    from pathlib import Path

    from counter_app import local_config
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.paper import Paper
    from counter_app.services.queue import issue_ticket, record_print
    from counter_app.services.ticket_printing import print_ticket, ticket_pdf_bytes

    args, db = ctx.args, ctx.db
    ticket = issue_ticket(db, args.service, priority=args.priority, source="cli")
    where = ""
    try:
        if args.out:
            Path(args.out).write_bytes(ticket_pdf_bytes(db, ticket.id, Paper(args.paper)))
            ticket = record_print(db, ticket.id, ctx.actor)
            where = args.out
        else:
            ticket, where = print_ticket(db, ticket.id, local_config.load().ticket_printer)
    except OSError as exc:
        raise PrinterError(f"Tiket {ticket.number} tercatat, tetapi PDF tidak dapat disimpan "
                           f"({exc.strerror}).") from None
    if ctx.json:
        ctx.print_json({**ticket.as_json(), "printed_to": where})
    else:
        ctx.say(f"Tiket {ticket.number} ({ticket.service_name}), {ticket.waiting_ahead} orang "
                f"menunggu sebelumnya. Dicetak ke: {where}")
    return 0


group("queue", "antrean hari ini")


@command("queue status", "antrean per layanan dan per loket (hanya angka)", json_out=True)
def queue_status(ctx: Context) -> int:
    """Today's counts per service and what each counter shows: no personal data."""
    from counter_app.services.queue import queue_status as status_of

    status = status_of(ctx.db)
    if ctx.json:
        ctx.print_json(status.as_json())
        return 0
    ctx.say(f"Antrean {status.day:%d-%m-%Y}")
    ctx.say(f"{'Layanan':<32}{'Tiket':>6}{'Tunggu':>8}{'Panggil':>9}{'Layani':>8}"
            f"{'Selesai':>9}{'Absen':>7}")
    for s in status.services:
        ctx.say(f"{s.prefix + ' ' + s.name:<32}{s.issued:>6}{s.waiting:>8}{s.called:>9}"
                f"{s.serving:>8}{s.done:>9}{s.no_show:>7}")
    for c in status.counters:
        now = f"{c.ticket} ({lower_first(c.status.label)})" if c.ticket and c.status else "-"
        ctx.say(f"{c.name}: {now}")
    return 0
