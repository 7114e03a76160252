"""Reopening a closed day, and the reports its reopening superseded."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, date_arg


@command("day reopen", "membuka kembali hari yang sudah ditutup (supervisor, dengan alasan)",
         arg("--date", required=True, metavar="YYYY-MM-DD", type=date_arg),
         arg("--reason", required=True, metavar="ALASAN", help="minimal 5 huruf"),
         json_out=True, login=Login.REQUIRED)
def day_reopen(ctx: Context) -> int:
    """Reopen a day: its archived report is kept as superseded (the service checks)."""
    from counter_app.services.day_close import reopen_day

    info = reopen_day(ctx.db, ctx.actor, ctx.args.date, ctx.args.reason)
    if ctx.json:
        ctx.print_json({"date": info.day.isoformat(), "reopened_at": info.reopened_at,
                        "reopened_by": info.reopened_by, "reason": info.reason,
                        "superseded_sha256": info.superseded_sha256})
        return 0
    ctx.say(f"Layanan {info.day:%d-%m-%Y} dibuka kembali oleh {info.reopened_by} "
            f"(alasan: {info.reason}). Laporan arsip sebelumnya (SHA-256 "
            f"{info.superseded_sha256[:16]}...) ditandai diganti; laporan baru diarsipkan "
            "saat layanan ditutup lagi.")
    return 0


@command("day superseded", "laporan arsip yang diganti karena hari dibuka kembali",
         arg("--date", required=True, metavar="YYYY-MM-DD", type=date_arg),
         arg("--out", metavar="FILE.pdf", help="simpan PDF laporan terakhir yang diganti"),
         json_out=True, login=Login.REQUIRED)
def day_superseded(ctx: Context) -> int:
    """List a day's superseded reports; ``--out`` writes the latest one's PDF as archived."""
    from pathlib import Path

    from counter_app.domain.clock import local
    from counter_app.domain.errors import NotFound, PrinterError
    from counter_app.services.day_close import superseded_report_pdf, superseded_reports

    day = ctx.args.date
    reports = superseded_reports(ctx.db, ctx.actor, day)
    if ctx.args.out:
        if not reports:
            raise NotFound(f"Tidak ada laporan arsip yang diganti untuk {day:%d-%m-%Y}.")
        try:
            Path(ctx.args.out).write_bytes(
                superseded_report_pdf(ctx.db, ctx.actor, reports[-1].id))
        except OSError as exc:
            raise PrinterError(f"Berkas tidak dapat disimpan ({exc.strerror}).") from None
    if ctx.json:
        ctx.print_json([{"id": r.id, "closed_at": r.closed_at, "closed_by": r.closed_by,
                         "sha256": r.sha256, "reopened_at": r.reopened_at,
                         "reopened_by": r.reopened_by, "reason": r.reason} for r in reports])
        return 0
    if not reports:
        ctx.say(f"Tidak ada laporan arsip yang diganti untuk {day:%d-%m-%Y}.")
    for r in reports:
        ctx.say(f"Ditutup {local(r.closed_at):%d-%m-%Y %H.%M} oleh {r.closed_by} (SHA-256 "
                f"{r.sha256[:16]}...), dibuka kembali {local(r.reopened_at):%d-%m-%Y %H.%M} "
                f"oleh {r.reopened_by}: {r.reason}")
    if ctx.args.out:
        ctx.say(f"Ditulis: {ctx.args.out}")
    return 0
