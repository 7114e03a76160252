"""After recording (issue 11): rejections from Disdukcapil, the uncollected cards."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, date_arg, group
from counter_app.domain.rejection import RejectReason
from counter_app.domain.roles import Permission
from counter_app.domain.words import lower_first


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


@command("batch returned", "berkas dikembalikan Disdukcapil: daftar, kirim ulang, batalkan",
         arg("action", choices=("list", "resend", "cancel"), metavar="list|resend|cancel",
             help="list: daftar; resend: kirim lagi dengan batch berikutnya; cancel: batalkan "
                  "(resend dan cancel: supervisor)"),
         arg("slip_number", nargs="?", default="", metavar="NOMOR_TANDA_TERIMA"),
         arg("--reason", default="", metavar="TEKS", help="alasan (wajib untuk cancel)"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def batch_returned(ctx: Context) -> int:
    """Items Disdukcapil returned unprinted wait as "dikembalikan" for the office's decision.

    They are never re-queued by themselves (issue 11); a supervisor resends or cancels.
    """
    from counter_app.domain.errors import ValidationError
    from counter_app.services.batches import decide_returned, returned_items

    action = ctx.args.action
    if action == "list":
        if ctx.args.slip_number or ctx.args.reason:
            raise ValidationError("'batch returned list' tidak memakai nomor tanda terima atau "
                                  "--reason; untuk memutuskan satu berkas: batch returned "
                                  "resend|cancel NOMOR_TANDA_TERIMA.")
        rows = returned_items(ctx.db, ctx.actor)
        if ctx.json:
            ctx.print_json([r.as_json() for r in rows])
            return 0
        ctx.say(f"Dikembalikan Disdukcapil, menunggu keputusan: {len(rows)}")
        for r in rows:
            ctx.say(f"  {r.slip_number}  {r.nik_masked}  {r.nama[:24]:<24} batch "
                    f"{r.batch_number} ({r.returned_on:%d-%m-%Y}): {r.reason}")
        return 0
    if not ctx.args.slip_number.strip():
        raise ValidationError(f"Tulis nomor tanda terima: counter-app batch returned {action} "
                              "NOMOR_TANDA_TERIMA.")
    status = decide_returned(ctx.db, ctx.actor, ctx.args.slip_number,
                             resend=action == "resend", reason=ctx.args.reason)
    slip = ctx.args.slip_number.strip()
    if ctx.json:
        ctx.print_json({"slip_number": slip, "status": status.value,
                        "decision": action, "reason": " ".join(ctx.args.reason.split())})
    elif action == "resend":
        ctx.say(f"{slip} dikirim lagi dengan batch berikutnya ({lower_first(status.label)}).")
    else:
        ctx.say(f"{slip} dibatalkan: {' '.join(ctx.args.reason.split())}.")
    return 0


def pickup_uncollected(ctx: Context) -> int:
    """``pickup uncollected [--json] [--xlsx FILE]``: cards nobody collects.

    Reached through the ``pickup`` command (one word cannot be both a command and a
    group in argparse); it needs the same login.
    """
    from pathlib import Path

    from counter_app.domain.errors import PrinterError
    from counter_app.printing.call_list_xlsx import UNCOLLECTED_HEADERS, call_list_xlsx
    from counter_app.services.uncollected import limits, uncollected_cards, uncollected_sheet_rows

    cards = uncollected_cards(ctx.db, ctx.actor)
    if ctx.args.xlsx:
        rows = uncollected_sheet_rows(cards)
        try:
            Path(ctx.args.xlsx).write_bytes(call_list_xlsx(
                "KTP-el tidak diambil", UNCOLLECTED_HEADERS, rows))
        except OSError as exc:
            raise PrinterError(f"Spreadsheet tidak dapat disimpan ({exc.strerror}).") from None
    if ctx.json:
        ctx.print_json([c.as_json() for c in cards])
        return 0
    after, archive_after = limits(ctx.db)
    ctx.say(f"KTP-el siap lebih dari {after} hari ({len(cards)}); dapat diarsipkan setelah "
            f"{archive_after} hari:")
    for c in cards:
        mark = " [dapat diarsipkan]" if c.archivable else ""
        ctx.say(f"  {c.slip_number}  {c.nik_masked}  {c.nama[:24]:<24} {c.phone:<14} "
                f"{c.days_waiting:>4} hari  {c.status.label}{mark}  {c.last_contact}")
    if not cards:
        ctx.say("  Tidak ada.")
    if ctx.args.xlsx:
        ctx.say(f"Daftar telepon ditulis ke {ctx.args.xlsx}.")
    return 0


group("uncollected", "KTP-el yang tidak diambil")


@command("uncollected archive", "arsipkan KTP-el yang tidak diambil (supervisor)",
         arg("slip_number", metavar="NOMOR_TANDA_TERIMA"),
         arg("--place", required=True, metavar="TEMPAT", help="tempat penyimpanan"),
         json_out=True, login=Login.REQUIRED, permission=Permission.OVERRIDE)
def pickup_archive(ctx: Context) -> int:
    """Archive an uncollected card ("tidak diambil") with its storage place."""
    from counter_app.services.uncollected import archive_card

    card = archive_card(ctx.db, ctx.actor, ctx.args.slip_number, ctx.args.place)
    if ctx.json:
        ctx.print_json(card.as_json())
    else:
        ctx.say(f"{card.slip_number} ({card.nama}) diarsipkan: {card.archive_place}.")
    return 0


group("print-ready", "cetak bagi yang sudah rekam (antrean cetak lokal)")


@command("print-ready list", "sudah rekam, belum dicetak, dapat dicetak hari ini",
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def print_ready_list(ctx: Context) -> int:
    """The local print queue: recorded, not yet printed, printable today."""
    from counter_app.services.prr import print_ready

    rows = print_ready(ctx.db, ctx.actor)
    if ctx.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    ctx.say(f"Siap dicetak hari ini: {len(rows)}")
    for r in rows:
        ctx.say(f"  {r.slip_number}  {r.nik_masked}  {r.nama[:24]:<24} "
                f"{r.case_type.label:<34} direkam {r.recorded_on:%d-%m-%Y}")
    return 0


group("birthdays", "yang berulang tahun ke-17 (direkam saat 16 tahun)")


@command("birthdays list", "yang berulang tahun ke-17 dalam rentang, dengan telepon",
         arg("--from", dest="start", required=True, type=date_arg, metavar="YYYY-MM-DD"),
         arg("--to", dest="end", required=True, type=date_arg, metavar="YYYY-MM-DD"),
         arg("--xlsx", default="", metavar="FILE.xlsx",
             help="simpan daftar telepon sebagai spreadsheet"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def birthdays_list(ctx: Context) -> int:
    """The 17th-birthday call list."""
    from pathlib import Path

    from counter_app.domain.errors import PrinterError
    from counter_app.printing.call_list_xlsx import call_list_xlsx
    from counter_app.services.birthdays import (
        BIRTHDAY_HEADERS,
        birthday_list,
        birthday_sheet_rows,
    )

    rows = birthday_list(ctx.db, ctx.actor, ctx.args.start, ctx.args.end)
    if ctx.args.xlsx:
        try:
            Path(ctx.args.xlsx).write_bytes(call_list_xlsx(
                "Ulang tahun ke-17", BIRTHDAY_HEADERS, birthday_sheet_rows(rows)))
        except OSError as exc:
            raise PrinterError(f"Spreadsheet tidak dapat disimpan ({exc.strerror}).") from None
    if ctx.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    ctx.say(f"Ulang tahun ke-17 {ctx.args.start:%d-%m-%Y} s.d. {ctx.args.end:%d-%m-%Y}: "
            f"{len(rows)}")
    for r in rows:
        ctx.say(f"  {r.birthday:%d-%m-%Y}  {r.slip_number}  {r.nik_masked}  "
                f"{r.nama[:24]:<24} {r.phone:<14} {r.contact_state}")
    return 0
