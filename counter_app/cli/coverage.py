"""Coverage of the kecamatan: the resident list, the figures and the target lists."""

from __future__ import annotations

import sys

from counter_app.cli.core import Context, Login, arg, command, date_arg, group
from counter_app.domain.errors import PrinterError, ValidationError

group("coverage", "cakupan KTP-el kecamatan: daftar penduduk, angka, daftar sasaran")


@command("coverage import", "mengimpor daftar penduduk dari Disdukcapil (CSV/XLSX; supervisor)",
         arg("file", metavar="FILE", help="berkas .csv atau .xlsx (kolom: lihat README)"),
         json_out=True, login=Login.REQUIRED)
def coverage_import(ctx: Context) -> int:
    """Replace the resident list; a bad line refuses the whole file, naming every one."""
    from pathlib import Path

    from counter_app.domain.coverage import ImportRefused
    from counter_app.services.coverage import import_residents

    path = Path(ctx.args.file)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Berkas {path.name[:60]} tidak dapat dibaca "
                              f"({exc.strerror}).") from None
    actor = ctx.actor
    try:
        summary = import_residents(ctx.db, actor, path.name, content)
    except ImportRefused as refused:
        if ctx.json:
            ctx.print_json({"valid": False, "error": refused.message.split("\n")[0],
                            "problems": refused.problems})
        else:
            print(refused.message.split("\n")[0], file=sys.stderr)
            for problem in refused.problems:  # every bad line, not only the first 200
                print(f"  {problem}", file=sys.stderr)
        return 2
    if ctx.json:
        ctx.print_json({"import_id": summary.import_id, "rows": summary.rows,
                        "replaced_rows": summary.replaced_rows,
                        "status": summary.status.as_json()})
        return 0
    s = summary.status
    ctx.say(f"Diimpor {summary.rows:,} penduduk".replace(",", ".")
            + (f" (menggantikan daftar lama: {summary.replaced_rows:,} penduduk)"
               .replace(",", ".") if summary.replaced_rows else "") + ".")
    ctx.say(f"Wajib KTP-el {s.total}, sudah rekam {s.recorded} "
            f"({_pct(s.percent_recorded)}), belum rekam {s.missing}.")
    return 0


def _pct(value: float) -> str:
    return f"{value:.1f}%".replace(".", ",")


@command("coverage status", "angka cakupan kecamatan dan per kelurahan",
         arg("--date", metavar="YYYY-MM-DD", type=date_arg,
             help="keadaan pada akhir tanggal ini (bawaan: hari ini)"),
         json_out=True, login=Login.REQUIRED)
def coverage_status(ctx: Context) -> int:
    """Counts and percentages: kecamatan, then kelurahan by what is missing."""
    from counter_app.services.coverage import coverage_status as status_of

    status = status_of(ctx.db, ctx.actor, ctx.args.date)  # the service checks the role
    if ctx.json:
        ctx.print_json(status.as_json())
        return 0
    if status.list_imported_at is None:
        ctx.say("Daftar penduduk belum diimpor (counter-app coverage import FILE).")
    ctx.say(f"Cakupan KTP-el per {status.as_of:%d-%m-%Y}: wajib KTP-el {status.total} "
            f"(17 tahun ke atas atau pernah kawin)")
    ctx.say(f"  sudah rekam    {status.recorded:>7}  {_pct(status.percent_recorded):>6}  "
            f"(di kantor {status.recorded_here}, jemput bola {status.recorded_at_event}, "
            f"di tempat lain {status.recorded_elsewhere})")
    ctx.say(f"  sudah dicetak  {status.printed:>7}")
    ctx.say(f"  diserahkan     {status.handed_over:>7}")
    ctx.say(f"  usia 16 tahun  {status.sixteen:>7}  (sudah rekam {status.sixteen_recorded})")
    ctx.say("")
    ctx.say(f"{'Kelurahan':<28}{'Wajib':>8}{'Rekam':>8}{'%':>8}{'Belum':>8}{'Cetak':>8}"
            f"{'Serah':>8}")
    for k in status.by_kelurahan:
        ctx.say(f"{k.name[:27]:<28}{k.total:>8}{k.recorded:>8}{_pct(k.percent_recorded):>8}"
                f"{k.missing:>8}{k.printed:>8}{k.handed_over:>8}")
    return 0


@command("coverage targets", "daftar sasaran: pemula, disabilitas, belum-rekam (supervisor)",
         arg("--kind", required=True, choices=["pemula", "disabilitas", "belum-rekam"]),
         arg("--before", metavar="YYYY-MM-DD", type=date_arg,
             help="batas tanggal, mis. hari pemungutan suara (pemula: genap 17 tahun "
             "paling lambat tanggal ini)"),
         arg("--kelurahan", metavar="KODE", help="hanya satu kelurahan, mis. 16.71.04.1001"),
         arg("--xlsx", metavar="FILE.xlsx", help="simpan sebagai spreadsheet untuk tim"),
         arg("--full-nik", action="store_true",
             help="NIK lengkap di spreadsheet (supervisor, dicatat di log audit)"),
         json_out=True, login=Login.REQUIRED)
def coverage_targets(ctx: Context) -> int:
    """A target list with kelurahan, RT/RW, school, phone and the contact log."""
    from pathlib import Path

    from counter_app.domain.coverage import TargetKind
    from counter_app.services.coverage import export_targets, list_targets

    args = ctx.args
    kind = TargetKind(args.kind)
    if args.full_nik and not args.xlsx:
        raise ValidationError("--full-nik hanya untuk spreadsheet (--xlsx).")
    kelurahan = None
    if args.kelurahan is not None:
        kelurahan = args.kelurahan.strip()
        if not kelurahan:  # an empty filter must not quietly mean "all of them"
            raise ValidationError("--kelurahan perlu kode kelurahan, mis. 16.71.04.1001.")
    if args.xlsx:
        content = export_targets(ctx.db, ctx.actor, kind, args.before, kelurahan,
                                 full_nik=args.full_nik)
        try:
            Path(args.xlsx).write_bytes(content)
        except OSError as exc:
            raise PrinterError(f"Berkas {args.xlsx} tidak dapat disimpan "
                               f"({exc.strerror}).") from None
    targets = list_targets(ctx.db, ctx.actor, kind, args.before, kelurahan)
    if ctx.json:
        ctx.print_json([t.as_json() for t in targets])
        return 0
    ctx.say(f"{kind.label}: {len(targets)} orang")
    for t in targets:
        last = t.contacts[-1] if t.contacts else None
        contact = (f"  kontak {len(t.contacts)}x, terakhir {last.day:%d-%m-%Y} "
                   f"{last.channel}: {last.result[:30]}" if last else "")
        ctx.say(f"{t.nik_masked}  {t.nama[:24]:<24} {t.tanggal_lahir:%d-%m-%Y}  "
                f"{t.kelurahan[:18]:<18} RT {t.rt}/RW {t.rw}  {t.school[:20]:<20} "
                f"{t.phone or '-'}{contact}")
    if args.xlsx:
        ctx.say(f"Ditulis: {args.xlsx}")
    return 0
