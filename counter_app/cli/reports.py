"""The daily report, range recaps and the day close."""

from __future__ import annotations

import datetime as dt
import sys

from counter_app.cli.core import Context, Login, arg, command, date_arg, group, os_message
from counter_app.domain.errors import Conflict, ValidationError
from counter_app.domain.roles import Permission

group("report", "laporan harian dan rekapitulasi")

_OUTPUTS = (
    arg("--out", metavar="FILE.pdf", help="simpan PDF"),
    arg("--xlsx", metavar="FILE.xlsx", help="simpan spreadsheet"),
)


@command("report daily", "laporan satu hari",
         arg("--date", required=True, metavar="YYYY-MM-DD", type=date_arg), *_OUTPUTS,
         json_out=True, login=Login.REQUIRED)
def report_daily(ctx: Context) -> int:
    """One day's report; a closed day's PDF is the archived one, byte for byte."""
    return _report(ctx, ctx.args.date, ctx.args.date)


@command("report range", "rekap rentang tanggal",
         arg("--from", dest="start", required=True, metavar="YYYY-MM-DD", type=date_arg),
         arg("--to", dest="end", required=True, metavar="YYYY-MM-DD", type=date_arg),
         *_OUTPUTS, json_out=True, login=Login.REQUIRED)
def report_range(ctx: Context) -> int:
    """The recap of a range of days."""
    return _report(ctx, ctx.args.start, ctx.args.end)


def _report(ctx: Context, start: dt.date, end: dt.date) -> int:
    from pathlib import Path

    from counter_app.printing.daily_report import report_pdf
    from counter_app.printing.report_xlsx import report_xlsx
    from counter_app.services.day_close import (
        archived_report,
        closure_info,
        is_provisional,
        letterhead,
    )
    from counter_app.services.reports import compute_report

    db, args = ctx.db, ctx.args
    report = compute_report(db, ctx.actor, start, end)  # the service checks the role
    written = []
    try:
        if args.out:
            closed = start == end and closure_info(db, start) is not None
            pdf = (archived_report(db, ctx.actor, start)[0] if closed
                   else report_pdf(report, letterhead(db),
                                   provisional=is_provisional(db, start, end)))
            Path(args.out).write_bytes(pdf)
            written.append(args.out)
        if args.xlsx:
            Path(args.xlsx).write_bytes(report_xlsx(report))
            written.append(args.xlsx)
    except OSError as exc:
        raise ValidationError(f"Berkas laporan tidak dapat disimpan ({os_message(exc)}).") \
            from None
    if ctx.json:
        ctx.say(report.json_text())
        return 0
    q, r = report.queue, report.recordings
    period = f"{start:%d-%m-%Y}" + (f" s.d. {end:%d-%m-%Y}" if end != start else "")
    ctx.say(f"Laporan {period}: {q.issued} tiket ({q.served} dilayani, {q.no_show} tidak "
            f"hadir), {r.total} perekaman, {report.printing.printed} KTP-el dicetak, "
            f"{report.pickups.handed_over} diserahkan.")
    for path in written:
        ctx.say(f"Ditulis: {path}")
    return 0


group("day", "tutup layanan harian")


@command("day close", "menutup layanan satu hari (supervisor)",
         arg("--date", required=True, metavar="YYYY-MM-DD", type=date_arg),
         arg("--yes", action="store_true", help="tanpa pertanyaan konfirmasi"),
         login=Login.REQUIRED, permission=Permission.CLOSE_DAY)
def day_close(ctx: Context) -> int:
    """Close a day: the summary, a confirmation, then the close (the service checks)."""
    from counter_app.services.day_close import close_day, day_summary

    day, db = ctx.args.date, ctx.db
    summary = day_summary(db, ctx.actor, day)
    if summary.closed:
        raise Conflict(f"Layanan tanggal {day:%d-%m-%Y} sudah ditutup.")
    q = summary.report.queue
    ctx.say(f"Tutup layanan {day:%d-%m-%Y}: {q.issued} tiket, {q.served} dilayani, "
            f"{summary.still_waiting} masih menunggu (akan ditutup sebagai tidak terlayani), "
            f"{summary.report.recordings.total} perekaman.")
    if not ctx.args.yes:
        if ctx.args.password_stdin or not sys.stdin.isatty():
            raise ValidationError("Konfirmasi diperlukan: jalankan lagi dengan --yes.")
        if input("Tutup layanan? Ketik 'ya': ").strip().lower() != "ya":
            ctx.say("Dibatalkan.")
            return 1
    info = close_day(db, ctx.actor, day)
    ctx.say(f"Layanan {day:%d-%m-%Y} ditutup oleh {info.closed_by}. Laporan diarsipkan "
            f"(SHA-256 {info.sha256}).")
    ctx.say(("" if info.audit_ok else "PERINGATAN: ") + info.audit_message)
    return 0
