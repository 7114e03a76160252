"""Applications and their pickup slips."""

from __future__ import annotations

from counter_app.cli.core import Context, Login, arg, command, date_arg, group
from counter_app.domain.errors import ValidationError
from counter_app.domain.roles import Permission
from counter_app.domain.routing import ROUTE_LABELS, route_phrase

group("applications", "permohonan KTP-el")


@command("applications list", "daftar permohonan",
         arg("--date", metavar="YYYY-MM-DD", type=date_arg, help="tanggal perekaman"),
         arg("--status", help="status, mis. awaiting_print, forwarded"),
         arg("--simulated", action="store_true",
             help="hanya yang biometriknya dari perangkat simulasi (harus direkam ulang di "
             "kantor sungguhan)"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def applications_list(ctx: Context) -> int:
    """Applications with slip number, case, route and status (masked NIKs)."""
    from counter_app.domain.lifecycle import Status
    from counter_app.services.recording import list_applications

    status = None
    if ctx.args.status:
        try:
            status = Status(ctx.args.status)
        except ValueError:
            names = ", ".join(s.value for s in Status)
            raise ValidationError(
                f"Status '{ctx.args.status[:30]}' tidak dikenal; pilih: {names}.") from None
    apps = list_applications(ctx.db, ctx.args.date, status, simulated=ctx.args.simulated)
    if ctx.json:
        ctx.print_json([a.as_json() for a in apps])
        return 0
    for a in apps:
        ctx.say(f"{a.slip_number}  {a.day:%d-%m-%Y}  {a.nik_masked}  {a.nama[:24]:<24}  "
                f"{a.case_type.value:<15} {ROUTE_LABELS[a.route].removeprefix('Dicetak di '):<11} "
                f"{a.status_text}")
    if not apps:
        ctx.say("Tidak ada permohonan.")
    return 0


group("slip", "tanda terima (slip) ber-QR")


@command("slip print", "mencetak ulang tanda terima (dicatat sebagai cetak ulang)",
         arg("slip_number", metavar="NOMOR_TANDA_TERIMA"),
         arg("--out", metavar="FILE.pdf", help="simpan PDF di sini alih-alih mencetak"),
         arg("--paper", choices=["58mm", "80mm", "A6"], default="A6"),
         login=Login.REQUIRED, permission=Permission.SERVE)
def slip_print(ctx: Context) -> int:
    """Reprint a slip; every copy after the first is audited under the user."""
    from pathlib import Path

    from counter_app import local_config
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.output import printed_as
    from counter_app.printing.paper import Paper
    from counter_app.services.recording import find_application_id
    from counter_app.services.slip_printing import (
        print_slip,
        record_slip_print,
        slip_pdf_bytes,
    )

    args, db = ctx.args, ctx.db
    app_id = find_application_id(db, args.slip_number)
    if args.out:
        try:
            Path(args.out).write_bytes(slip_pdf_bytes(db, app_id, Paper(args.paper)))
        except OSError as exc:
            raise PrinterError(f"PDF tidak dapat disimpan ({exc.strerror}).") from None
        copies = record_slip_print(db, app_id, ctx.actor)
        done = f"disimpan sebagai PDF di {args.out}"
    else:
        _slip, where = print_slip(db, app_id, local_config.load().slip_printer,
                                  actor=ctx.actor)
        copies = 0
        done = printed_as("dicetak", where)
    ctx.say(f"Tanda terima {args.slip_number.strip()} {done}"
            + (f" (cetakan ke-{copies})." if copies else "."))
    return 0


@command("slip verify", "memeriksa kode QR tanda terima (dengan --keys: luring, tanpa login)",
         arg("token", help="isi kode QR yang dipindai"),
         arg("--keys", metavar="FILE.json",
             help="periksa luring dengan ekspor kunci publik (tanpa basis data)"),
         json_out=True, login=Login.OPTIONAL, permission=Permission.SERVE)
def slip_verify(ctx: Context) -> int:
    """Check a scanned slip.

    Offline (``--keys``) the answer is only whether the signature holds, with no personal
    data, so no login is needed; against the office database the answer names the
    applicant, so it needs a clerk's login.
    """
    if ctx.args.keys:
        return _verify_offline(ctx)
    from counter_app.services.recording import verify_slip

    ctx.actor  # noqa: B018  (the answer holds a name and a masked NIK)
    result = verify_slip(ctx.db, ctx.args.token)
    if ctx.json:
        ctx.print_json(result.as_json())
    else:
        void = " (TIDAK BERLAKU LAGI)" if result.void else ""
        ctx.say(f"SAH{void}: tanda terima {result.number}, {result.nama}, NIK "
                f"{result.nik_masked}, status: {result.status.label}.")
    return 0


def _verify_offline(ctx: Context) -> int:
    from pathlib import Path

    from counter_app.services.keys import keys_from_export, verify_with

    try:
        office, keys = keys_from_export(Path(ctx.args.keys).read_text("utf-8"))
    except OSError as exc:
        raise ValidationError(f"Berkas kunci tidak dapat dibaca ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise ValidationError("Berkas kunci bukan teks UTF-8.") from None
    token = verify_with(ctx.args.token, keys)
    note = "Tanda tangan sah; status hanya diketahui basis data kantor."
    if ctx.json:
        ctx.print_json({"valid": True, "number": token.number, "office": office,
                        "issued_on": token.issued_on.isoformat(), "status": None,
                        "note": note})
    else:
        ctx.say(f"SAH: tanda terima {token.number} dari kantor {office}, "
                f"{token.issued_on:%d-%m-%Y}. {note}")
    return 0


@command("applications record", "merekam satu permohonan dari dokumen JSON (aturan sama "
         "dengan wizard)",
         arg("file", metavar="FILE.json", help="dokumen permohonan; '-' membaca stdin "
             "(setelah baris kata sandi bila --password-stdin)"),
         json_out=True, login=Login.REQUIRED, permission=Permission.SERVE)
def applications_record(ctx: Context) -> int:
    """Record one application from a JSON document, in one transaction, audited.

    A bad document is refused whole: every problem is listed and the exit code is 2.
    """
    import json
    import sys
    from pathlib import Path

    from counter_app.cli.core import EXIT_USAGE
    from counter_app.services.recording_document import record_document

    source = ctx.args.file
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Berkas {source[:80]} tidak dapat dibaca "
                              f"({getattr(exc, 'strerror', None) or 'bukan UTF-8'}).") from None
    try:
        document = json.loads(text)
    except RecursionError:  # nested thousands deep: no recording looks like that
        raise ValidationError("Berkas JSON bersarang terlalu dalam; bukan dokumen "
                              "perekaman.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"Dokumen bukan JSON yang sah (baris {exc.lineno}, kolom "
                              f"{exc.colno}).") from None
    try:
        result = record_document(ctx.db, ctx.actor, document)
    except ValidationError as exc:
        if ctx.json:
            ctx.print_json({"valid": False, "error": exc.message, "problems": exc.problems})
        else:
            print("Kesalahan: dokumen ditolak, tidak ada yang disimpan:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  - {problem}", file=sys.stderr)
        return EXIT_USAGE
    if ctx.json:
        ctx.print_json({
            "valid": True, "slip_number": result.slip_number, "route": result.route.value,
            "route_reason": result.route_reason, "status": result.status.value,
            "warnings": list(result.warnings),
            "documents_missing": list(result.documents_missing),
            "expected_ready": result.expected_ready.isoformat(),
            "valid_until": result.valid_until.isoformat() if result.valid_until else None})
        return 0
    ctx.say(f"Tersimpan: tanda terima {result.slip_number}, "
            f"{route_phrase(result.route)} "
            f"({result.route_reason}), status {result.status.label}, siap "
            f"{result.expected_ready:%d-%m-%Y}.")
    for warning in result.warnings:
        ctx.say(f"Peringatan: {warning}")
    return 0
