"""The ``counter-app`` command: with no command it opens the GUI, else runs headless.

Every command that touches the database takes ``--db URL`` (else ``COUNTER_APP_DB``,
else the embedded SQLite file) and upgrades the schema first.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from counter_app import __version__
from counter_app.domain.errors import CounterError, ValidationError

Handler = Callable[[argparse.Namespace], int]


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS,
        help="URL basis data (bawaan: $COUNTER_APP_DB, atau berkas SQLite di folder data "
        "pengguna)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command (also used to document the CLI)."""
    parser = argparse.ArgumentParser(
        prog="counter-app",
        description="Loket KTP-el: layanan KTP-el kantor kecamatan. "
        "Tanpa perintah: membuka aplikasi.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _db_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")

    gui = sub.add_parser("gui", help="membuka aplikasi (sama dengan tanpa perintah)")
    _db_option(gui)
    gui.set_defaults(handler=_cmd_gui)

    init = sub.add_parser("init", help="menyiapkan basis data, profil kantor dan admin pertama")
    _db_option(init)
    init.add_argument("--kecamatan", required=True, metavar="KODE",
                      help="kode Kemendagri kecamatan, mis. 16.71.04")
    init.add_argument("--admin", required=True, metavar="NAMA", help="nama pengguna admin")
    init.add_argument("--admin-name", default="Administrator", metavar="NAMA_LENGKAP")
    init.add_argument("--password-stdin", action="store_true",
                      help="baca kata sandi admin dari baris pertama stdin")
    init.add_argument("--address", default="", help="alamat kantor")
    init.add_argument("--phone", default="", help="telepon kantor")
    init.add_argument("--camat-name", default="", help="nama camat untuk blok tanda tangan")
    init.add_argument("--camat-nip", default="", help="NIP camat (18 digit)")
    init.add_argument("--counters", type=int, default=2, metavar="N", help="jumlah loket")
    init.set_defaults(handler=_cmd_init)

    nik = sub.add_parser("nik", help="membaca dan memeriksa NIK")
    nik.add_argument("nik")
    nik.add_argument("--birth-date", metavar="YYYY-MM-DD", help="tanggal lahir untuk dicocokkan")
    nik.add_argument("--sex", choices=["L", "P"], help="jenis kelamin untuk dicocokkan")
    nik.add_argument("--json", action="store_true", help="keluaran JSON")
    nik.set_defaults(handler=_cmd_nik)

    kk = sub.add_parser("kk", help="memeriksa nomor KK")
    kk.add_argument("kk")
    kk.add_argument("--json", action="store_true", help="keluaran JSON")
    kk.set_defaults(handler=_cmd_kk)

    wilayah = sub.add_parser("wilayah", help="daftar dan impor kode wilayah")
    wsub = wilayah.add_subparsers(dest="wilayah_command", metavar="AKSI", required=True)
    wimport = wsub.add_parser(
        "import", help="impor kabupaten/kota dari CSV code,level,name,parent_code"
    )
    _db_option(wimport)
    wimport.add_argument("file", help="berkas CSV (UTF-8)")
    _login_options(wimport)
    wimport.set_defaults(handler=_cmd_wilayah_import)
    wsearch = wsub.add_parser("cari", help="mencari wilayah menurut nama (kedua ejaan)")
    _db_option(wsearch)
    wsearch.add_argument("nama")
    wsearch.add_argument("--json", action="store_true")
    wsearch.set_defaults(handler=_cmd_wilayah_search)
    ticket = sub.add_parser("ticket", help="tiket antrean")
    tsub = ticket.add_subparsers(dest="ticket_command", metavar="AKSI", required=True)
    tissue = tsub.add_parser("issue", help="mengambil tiket dan mencetak atau menyimpannya")
    _db_option(tissue)
    tissue.add_argument("--service", required=True, metavar="KODE", help="A, B, C, D, ...")
    tissue.add_argument("--priority", action="store_true", help="tiket prioritas")
    tissue.add_argument("--out", metavar="FILE.pdf", help="simpan PDF tiket di sini")
    tissue.add_argument("--paper", choices=["58mm", "80mm"], default="80mm")
    tissue.add_argument("--json", action="store_true", help="keluaran JSON")
    tissue.set_defaults(handler=_cmd_ticket_issue)

    queue = sub.add_parser("queue", help="antrean hari ini")
    qsub = queue.add_subparsers(dest="queue_command", metavar="AKSI", required=True)
    qstatus = qsub.add_parser("status", help="antrean per layanan dan per loket")
    _db_option(qstatus)
    qstatus.add_argument("--json", action="store_true", help="keluaran JSON")
    qstatus.set_defaults(handler=_cmd_queue_status)

    slip = sub.add_parser("slip", help="tanda terima (slip) ber-QR")
    ssub = slip.add_subparsers(dest="slip_command", metavar="AKSI", required=True)
    sprint = ssub.add_parser("print",
                             help="mencetak ulang tanda terima (dicatat sebagai cetak ulang)")
    _db_option(sprint)
    sprint.add_argument("slip_number", metavar="NOMOR_TANDA_TERIMA")
    sprint.add_argument("--out", metavar="FILE.pdf", help="simpan PDF di sini alih-alih mencetak")
    sprint.add_argument("--paper", choices=["58mm", "80mm", "A6"], default="A6")
    sprint.set_defaults(handler=_cmd_slip_print)
    sverify = ssub.add_parser("verify", help="memeriksa kode QR tanda terima")
    _db_option(sverify)
    sverify.add_argument("token", help="isi kode QR yang dipindai")
    sverify.add_argument("--keys", metavar="FILE.json",
                         help="periksa luring dengan ekspor kunci publik (tanpa basis data)")
    sverify.add_argument("--json", action="store_true", help="keluaran JSON")
    sverify.set_defaults(handler=_cmd_slip_verify)

    keys = sub.add_parser("keys", help="kunci tanda tangan QR")
    ksub = keys.add_subparsers(dest="keys_command", metavar="AKSI", required=True)
    kexport = ksub.add_parser("export", help="menulis kunci publik kantor (JSON)")
    _db_option(kexport)
    kexport.add_argument("--out", metavar="FILE.json", help="berkas tujuan (bawaan: stdout)")
    kexport.set_defaults(handler=_cmd_keys_export)

    apps = sub.add_parser("applications", help="permohonan KTP-el")
    asub = apps.add_subparsers(dest="applications_command", metavar="AKSI", required=True)
    alist = asub.add_parser("list", help="daftar permohonan")
    _db_option(alist)
    alist.add_argument("--date", metavar="YYYY-MM-DD", help="tanggal perekaman")
    alist.add_argument("--status", help="status, mis. awaiting_print, forwarded")
    alist.add_argument("--json", action="store_true", help="keluaran JSON")
    alist.set_defaults(handler=_cmd_applications_list)

    stock = sub.add_parser("stock", help="saldo blanko dan pergerakan hari ini")
    _db_option(stock)
    stock.add_argument("--date", metavar="YYYY-MM-DD", help="hari pergerakan (bawaan: hari ini)")
    stock.add_argument("--json", action="store_true", help="keluaran JSON")
    stock.set_defaults(handler=_cmd_stock)

    batch = sub.add_parser("batch", help="batch surat pengantar ke Disdukcapil")
    bsub = batch.add_subparsers(dest="batch_command", metavar="AKSI", required=True)
    blist = bsub.add_parser("list", help="daftar batch")
    _db_option(blist)
    blist.add_argument("--json", action="store_true", help="keluaran JSON")
    blist.set_defaults(handler=_cmd_batch_list)
    bshow = bsub.add_parser("show", help="isi satu batch")
    _db_option(bshow)
    bshow.add_argument("number", metavar="NOMOR_BATCH")
    bshow.add_argument("--json", action="store_true", help="keluaran JSON")
    bshow.set_defaults(handler=_cmd_batch_show)
    bprint = bsub.add_parser("print", help="PDF surat pengantar")
    _db_option(bprint)
    bprint.add_argument("number", metavar="NOMOR_BATCH")
    bprint.add_argument("--out", required=True, metavar="FILE.pdf")
    _login_options(bprint)  # full NIKs inside: supervisor only
    bprint.set_defaults(handler=_cmd_batch_print)

    pickup = sub.add_parser("pickup", help="menyerahkan KTP-el (untuk skrip dan dukungan)")
    _db_option(pickup)
    pickup.add_argument("token_or_slip", metavar="TOKEN_ATAU_NOMOR")
    pickup.add_argument("--receiver", required=True, choices=["self", "family"])
    pickup.add_argument("--name", default="", help="nama penerima keluarga")
    pickup.add_argument("--nik", default="", help="NIK penerima keluarga")
    pickup.add_argument("--surrender", action="append", default=[],
                        choices=["SUKET", "KTP_LAMA", "KTP_RUSAK"],
                        help="barang yang diserahkan (boleh berulang)")
    _login_options(pickup)
    pickup.add_argument("--json", action="store_true", help="keluaran JSON")
    pickup.set_defaults(handler=_cmd_pickup)

    demo = sub.add_parser("demo", help="kantor contoh dengan kegiatan beberapa hari kerja")
    _db_option(demo)
    demo.add_argument("--date", metavar="YYYY-MM-DD", help="hari terakhir (bawaan: hari ini)")
    demo.add_argument("--days", type=int, default=5, metavar="N", help="jumlah hari kerja")
    demo.add_argument("--seed", type=int, default=2019, metavar="S", help="benih acak")
    demo.set_defaults(handler=_cmd_demo)

    report = sub.add_parser("report", help="laporan harian dan rekapitulasi")
    rsub = report.add_subparsers(dest="report_command", metavar="AKSI", required=True)
    rdaily = rsub.add_parser("daily", help="laporan satu hari")
    rdaily.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    rrange = rsub.add_parser("range", help="rekap rentang tanggal")
    rrange.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    rrange.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    for parser_ in (rdaily, rrange):
        _db_option(parser_)
        parser_.add_argument("--out", metavar="FILE.pdf", help="simpan PDF")
        parser_.add_argument("--xlsx", metavar="FILE.xlsx", help="simpan spreadsheet")
        parser_.add_argument("--json", action="store_true", help="cetak angka sebagai JSON")
        parser_.set_defaults(handler=_cmd_report)

    day = sub.add_parser("day", help="tutup layanan harian")
    dsub = day.add_subparsers(dest="day_command", metavar="AKSI", required=True)
    dclose = dsub.add_parser("close", help="menutup layanan satu hari (supervisor)")
    _db_option(dclose)
    dclose.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    dclose.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    _login_options(dclose)
    dclose.set_defaults(handler=_cmd_day_close)

    audit_p = sub.add_parser("audit", help="log audit")
    ausub = audit_p.add_subparsers(dest="audit_command", metavar="AKSI", required=True)
    averify = ausub.add_parser("verify", help="memeriksa rantai hash log audit")
    _db_option(averify)
    averify.add_argument("--json", action="store_true", help="keluaran JSON")
    averify.set_defaults(handler=_cmd_audit_verify)

    backup = sub.add_parser("backup", help="cadangan basis data SQLite (saat aplikasi berjalan)")
    _db_option(backup)
    backup.add_argument("--out", metavar="FILE.db", help="berkas cadangan")
    backup.set_defaults(handler=_cmd_backup)
    restore = sub.add_parser("restore", help="memulihkan basis data SQLite dari cadangan")
    _db_option(restore)
    restore.add_argument("file", metavar="FILE.db")
    restore.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    restore.set_defaults(handler=_cmd_restore)
    krotate = ksub.add_parser("rotate", help="mengganti kunci PC ini (kunci lama tetap sah)")
    _db_option(krotate)
    _login_options(krotate)
    krotate.set_defaults(handler=_cmd_keys_rotate)

    kiosk = sub.add_parser("kiosk", help="membuka layar kios tiket (layar penuh)")
    _db_option(kiosk)
    kiosk.add_argument("--window", action="store_true", help="jendela biasa, bukan layar penuh")
    kiosk.set_defaults(handler=_cmd_kiosk)
    display = sub.add_parser("display", help="membuka layar ruang tunggu (layar penuh)")
    _db_option(display)
    display.add_argument("--window", action="store_true",
                         help="jendela biasa, bukan layar penuh")
    display.set_defaults(handler=_cmd_display)
    return parser


def _login_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, metavar="NAMA",
                        help="nama pengguna yang bertindak")
    parser.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi dari baris pertama stdin")


def _db_url(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None)


def _read_password(args: argparse.Namespace, prompt: str, confirm: bool = False) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise ValidationError("Tidak ada terminal untuk kata sandi: pakai --password-stdin.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        raise ValidationError("Kedua kata sandi tidak sama.")
    return first


def _print_json(data: Any, out: TextIO | None = None) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=out or sys.stdout)


def _cmd_gui(args: argparse.Namespace) -> int:
    from counter_app.ui.app import run_gui

    return run_gui(_db_url(args))


def _cmd_init(args: argparse.Namespace) -> int:
    from counter_app.db import open_database, resolve_database_url, sqlite_path
    from counter_app.domain.wilayah import Wilayah
    from counter_app.services.office import initialize_office, load_wilayah

    url = resolve_database_url(_db_url(args))
    path = sqlite_path(url)
    if path is not None and not path.exists():
        # A new file can only know the built-in regions: refuse before creating it.
        Wilayah().require(args.kecamatan, "kecamatan")
    db = open_database(url)
    load_wilayah(db).require(args.kecamatan, "kecamatan")  # before asking for a password
    password = _read_password(args, "Kata sandi admin: ", confirm=True)
    profile = initialize_office(
        db, kecamatan_code=args.kecamatan, admin_username=args.admin,
        admin_password=password, admin_full_name=args.admin_name, address=args.address,
        phone=args.phone, camat_name=args.camat_name, camat_nip=args.camat_nip,
        counters=args.counters,
    )
    print(f"Kantor siap: {profile.title}, {len(profile.counters)} loket.")
    print(f"Admin: {args.admin.strip().lower()}. Basis data: {db.url}")
    return 0


def _cmd_nik(args: argparse.Namespace) -> int:
    from counter_app.domain.dates import format_date, parse_iso_date
    from counter_app.domain.nik import parse_nik
    from counter_app.domain.reference import JENIS_KELAMIN
    from counter_app.domain.wilayah import Wilayah

    birth = parse_iso_date(args.birth_date) if args.birth_date else None
    info = parse_nik(args.nik, birth_date=birth, sex=args.sex)
    wilayah = Wilayah()
    regency = wilayah.get(f"{info.regency_code[:2]}.{info.regency_code[2:]}")
    district = wilayah.get(
        f"{info.district_code[:2]}.{info.district_code[2:4]}.{info.district_code[4:]}"
    )
    data = {
        "nik": info.nik,
        "valid": True,
        "province_code": info.province_code,
        "province_name": info.province_name,
        "regency_code": info.regency_code,
        "regency_name": regency.display_name if regency else None,
        "district_code": info.district_code,
        "district_name": district.name if district else None,
        "birth_date": info.birth_date.isoformat(),
        "sex": info.sex,
        "serial": info.serial,
    }
    if args.json:
        _print_json(data)
        return 0
    print(f"NIK            : {info.nik} (sah)")
    print(f"Provinsi       : {info.province_code} {info.province_name}")
    print(f"Kabupaten/kota : {info.regency_code}"
          + (f" {regency.display_name}" if regency else ""))
    print(f"Kecamatan      : {info.district_code}" + (f" {district.name}" if district else ""))
    print(f"Tanggal lahir  : {format_date(info.birth_date)}")
    print(f"Jenis kelamin  : {info.sex} ({JENIS_KELAMIN[info.sex]})")
    print(f"Nomor urut     : {info.serial}")
    print("Catatan: wilayah pada NIK adalah tempat NIK pertama diterbitkan.")
    return 0


def _cmd_kk(args: argparse.Namespace) -> int:
    from counter_app.domain.kk import parse_kk

    info = parse_kk(args.kk)
    if args.json:
        _print_json({"kk": info.kk, "valid": True, "province_code": info.province_code,
                     "regency_code": info.regency_code, "district_code": info.district_code,
                     "issued_on": info.issued_on.isoformat(), "serial": info.serial})
    else:
        print(f"Nomor KK {info.kk} sah; dibuat {info.issued_on:%d-%m-%Y}, "
              f"nomor urut {info.serial}.")
    return 0


def _login(args: argparse.Namespace, db: Any) -> Any:
    from counter_app.services.users import authenticate

    return authenticate(db, args.user, _read_password(args, f"Kata sandi {args.user}: "))


def _cmd_wilayah_import(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.office import import_regions

    try:
        with open(args.file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError as exc:
        raise ValidationError(f"Berkas {args.file} tidak dapat dibaca: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"Berkas {args.file} bukan teks UTF-8.") from None
    db = open_database(_db_url(args))
    result = import_regions(db, _login(args, db), text)
    print(f"Impor selesai: {result.added} wilayah baru, {result.updated} diperbarui.")
    return 0


def _cmd_wilayah_search(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.office import load_wilayah

    found = load_wilayah(open_database(_db_url(args))).search(args.nama)[:20]
    if args.json:
        _print_json([{"code": r.code, "level": r.level, "name": r.name,
                      "other_names": list(r.other_names)} for r in found])
    else:
        for r in found:
            other = f" ({', '.join(r.other_names)})" if r.other_names else ""
            print(f"{r.code:<14} {r.level:<10} {r.name}{other}")
        if not found:
            print("Tidak ada wilayah yang cocok.")
    return 0 if found else 1


def _cmd_ticket_issue(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app import local_config
    from counter_app.db import open_database
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.paper import Paper
    from counter_app.services.queue import issue_ticket, record_print
    from counter_app.services.ticket_printing import print_ticket, ticket_pdf_bytes

    db = open_database(_db_url(args))
    ticket = issue_ticket(db, args.service, priority=args.priority, source="cli")
    where = ""
    try:
        if args.out:
            Path(args.out).write_bytes(ticket_pdf_bytes(db, ticket.id, Paper(args.paper)))
            ticket = record_print(db, ticket.id)
            where = args.out
        else:
            ticket, where = print_ticket(db, ticket.id, local_config.load().ticket_printer)
    except OSError as exc:
        raise PrinterError(f"Tiket {ticket.number} tercatat, tetapi PDF tidak dapat disimpan "
                           f"({exc.strerror}).") from None
    if args.json:
        _print_json({**ticket.as_json(), "printed_to": where})
    else:
        print(f"Tiket {ticket.number} ({ticket.service_name}), {ticket.waiting_ahead} orang "
              f"menunggu sebelumnya. Dicetak ke: {where}")
    return 0


def _cmd_queue_status(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.queue import queue_status

    status = queue_status(open_database(_db_url(args)))
    if args.json:
        _print_json(status.as_json())
        return 0
    print(f"Antrean {status.day:%d-%m-%Y}")
    print(f"{'Layanan':<32}{'Tiket':>6}{'Tunggu':>8}{'Panggil':>9}{'Layani':>8}"
          f"{'Selesai':>9}{'Absen':>7}")
    for s in status.services:
        print(f"{s.prefix + ' ' + s.name:<32}{s.issued:>6}{s.waiting:>8}{s.called:>9}"
              f"{s.serving:>8}{s.done:>9}{s.no_show:>7}")
    for c in status.counters:
        now = f"{c.ticket} ({c.status.label.lower()})" if c.ticket and c.status else "-"
        print(f"{c.name}: {now}")
    return 0


def _cmd_slip_print(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app import local_config
    from counter_app.db import open_database
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.paper import Paper
    from counter_app.services.recording import find_application_id
    from counter_app.services.slip_printing import (
        print_slip,
        record_slip_print,
        slip_pdf_bytes,
    )

    db = open_database(_db_url(args))
    app_id = find_application_id(db, args.slip_number)
    if args.out:
        try:
            Path(args.out).write_bytes(slip_pdf_bytes(db, app_id, Paper(args.paper)))
        except OSError as exc:
            raise PrinterError(f"PDF tidak dapat disimpan ({exc.strerror}).") from None
        copies = record_slip_print(db, app_id, None)
        where = args.out
    else:
        _slip, where = print_slip(db, app_id, local_config.load().slip_printer)
        copies = 0
    print(f"Tanda terima {args.slip_number.strip()} dicetak ke {where}"
          + (f" (cetakan ke-{copies})." if copies else "."))
    return 0


def _cmd_slip_verify(args: argparse.Namespace) -> int:
    if args.keys:
        from pathlib import Path

        from counter_app.services.keys import keys_from_export, verify_with

        try:
            office, keys = keys_from_export(Path(args.keys).read_text("utf-8"))
        except OSError as exc:
            raise ValidationError(f"Berkas kunci tidak dapat dibaca ({exc.strerror}).") from None
        token = verify_with(args.token, keys)
        data = {"valid": True, "number": token.number, "office": office,
                "issued_on": token.issued_on.isoformat(), "status": None,
                "note": "Tanda tangan sah; status hanya diketahui basis data kantor."}
        if args.json:
            _print_json(data)
        else:
            print(f"SAH: tanda terima {token.number} dari kantor {office}, "
                  f"{token.issued_on:%d-%m-%Y}. {data['note']}")
        return 0
    from counter_app.db import open_database
    from counter_app.services.recording import verify_slip

    result = verify_slip(open_database(_db_url(args)), args.token)
    if args.json:
        _print_json(result.as_json())
    else:
        void = " (TIDAK BERLAKU LAGI)" if result.void else ""
        print(f"SAH{void}: tanda terima {result.number}, {result.nama}, NIK "
              f"{result.nik_masked}, status: {result.status.label}.")
    return 0


def _cmd_keys_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.db import open_database
    from counter_app.services.keys import export_public_keys, load_signer
    from counter_app.services.office import get_office

    db = open_database(_db_url(args))
    office = get_office(db)
    if office is None:
        raise ValidationError("Kantor belum disiapkan.")
    load_signer(db)  # this PC's key is registered before the export
    text = export_public_keys(db, office.kecamatan_code)
    if args.out:
        Path(args.out).write_text(text, "utf-8")
        print(f"Kunci publik ditulis ke {args.out}.")
    else:
        print(text)
    return 0


def _cmd_applications_list(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.domain.dates import parse_iso_date
    from counter_app.domain.lifecycle import Status
    from counter_app.services.recording import list_applications

    day = parse_iso_date(args.date) if args.date else None
    status = None
    if args.status:
        try:
            status = Status(args.status)
        except ValueError:
            names = ", ".join(s.value for s in Status)
            raise ValidationError(f"Status '{args.status[:30]}' tidak dikenal; pilih: {names}.") \
                from None
    apps = list_applications(open_database(_db_url(args)), day, status)
    if args.json:
        _print_json([a.as_json() for a in apps])
        return 0
    for a in apps:
        print(f"{a.slip_number}  {a.day:%d-%m-%Y}  {a.nik_masked}  {a.nama[:24]:<24}  "
              f"{a.case_type.value:<15} {a.route.value:<8} {a.status.label}")
    if not apps:
        print("Tidak ada permohonan.")
    return 0


def _cmd_stock(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.domain.clock import local
    from counter_app.domain.dates import parse_iso_date
    from counter_app.services.card_printing import stock_status

    day = parse_iso_date(args.date) if args.date else None
    stock = stock_status(open_database(_db_url(args)), day)
    if args.json:
        _print_json({"balance": stock.balance, "threshold": stock.threshold, "low": stock.low,
                     "movements": [{"at": m.at.isoformat(), "kind": m.kind,
                                    "quantity": m.quantity, "slip_number": m.slip_number,
                                    "blanko_serial": m.blanko_serial, "source": m.source,
                                    "reference": m.reference, "reason": m.reason}
                                   for m in stock.movements]})
        return 0
    print(f"Saldo blanko: {stock.balance}" + (f"  ({stock.warning})" if stock.warning else ""))
    for m in stock.movements:
        what = m.slip_number or m.source or m.reason
        print(f"  {local(m.at):%H.%M}  {m.kind:<10} {m.quantity:+5d}  {what}")
    if not stock.movements:
        print("  Tidak ada pergerakan.")
    return 0


def _cmd_batch_list(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.batches import list_batches, pending_forward

    db = open_database(_db_url(args))
    batches = list_batches(db)
    if args.json:
        _print_json({"pending": len(pending_forward(db)),
                     "batches": [b.as_json() for b in batches]})
        return 0
    print(f"Menunggu dikirim: {len(pending_forward(db))} permohonan")
    for b in batches:
        c = b.counts
        late = sum(1 for i in b.items if i.overdue)
        print(f"{b.number}  {b.status:<6} {len(b.items):>3} berkas  kembali {c['received']}, "
              f"belum {c['pending']}, hilang {c['missing']}, dikembalikan {c['returned']}"
              + (f", TERLAMBAT {late}" if late else ""))
    return 0


def _cmd_batch_show(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.batches import find_batch

    batch = find_batch(open_database(_db_url(args)), args.number)
    if args.json:
        _print_json(batch.as_json())
        return 0
    sent = f", dikirim via {batch.courier}" if batch.status == "sent" else " (draf)"
    print(f"Batch {batch.number}, {batch.day:%d-%m-%Y}{sent}")
    for item in batch.items:
        print(f"  {item.slip_number}  {item.nik_masked}  {item.nama[:24]:<24} "
              f"{item.case_type.label:<22} {item.state_label}"
              + (f" ({item.reason})" if item.reason else ""))
    return 0


def _cmd_batch_print(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.db import open_database
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.transmittal import transmittal_pdf
    from counter_app.services.batches import find_batch, transmittal_printout
    from counter_app.services.keys import load_signer

    db = open_database(_db_url(args))
    actor = _login(args, db)
    batch = find_batch(db, args.number)
    pdf = transmittal_pdf(transmittal_printout(db, actor, batch.id, load_signer(db)))
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as exc:
        raise PrinterError(f"PDF tidak dapat disimpan ({exc.strerror}).") from None
    print(f"Surat pengantar {batch.number} ditulis ke {args.out}.")
    return 0


def _cmd_pickup(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.pickup import find_for_pickup, hand_over

    db = open_database(_db_url(args))
    actor = _login(args, db)
    candidate = find_for_pickup(db, args.token_or_slip)
    done = hand_over(db, actor, candidate.application_id, receiver=args.receiver,
                     identity_checked=True, receiver_name=args.name, receiver_nik=args.nik,
                     surrendered=tuple(args.surrender),
                     identity_note="diserahkan lewat baris perintah")
    if args.json:
        _print_json({"slip_number": done.slip_number, "receiver": done.receiver,
                     "receiver_name": done.receiver_name, "at": done.at.isoformat(),
                     "nik": candidate.nik_masked})
    else:
        print(f"KTP-el {done.slip_number} ({candidate.nama}, {candidate.nik_masked}) "
              f"diserahkan kepada {done.receiver_name}.")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.domain.clock import office_day, utc_now
    from counter_app.domain.dates import parse_iso_date
    from counter_app.services.demo import DEMO_PASSWORD, DEMO_USERS
    from counter_app.services.demo_data import fill_demo
    from counter_app.services.office import get_office

    if not 1 <= args.days <= 60:
        raise ValidationError("Jumlah hari demo 1 sampai 60.")
    db = open_database(_db_url(args))
    office = get_office(db)
    if office is not None and office.kecamatan_code != "16.71.04":
        raise ValidationError("Basis data ini sudah berisi kantor lain; pakai --db untuk "
                              "basis data demo tersendiri.")
    last = parse_iso_date(args.date) if args.date else office_day(utc_now())
    result = fill_demo(db, last, args.days, args.seed,
                       progress=lambda done, total: print(f"  hari {done}/{total}", flush=True))
    print(f"Kantor contoh Kecamatan Ilir Barat Satu: {len(result.days)} hari kerja "
          f"({result.days[0]:%d-%m-%Y} s.d. {result.days[-1]:%d-%m-%Y}), {result.tickets} "
          f"tiket, {result.recordings} perekaman.")
    print("Akun: " + ", ".join(u.username for u in DEMO_USERS)
          + f"; kata sandi {DEMO_PASSWORD}.")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.db import open_database
    from counter_app.domain.dates import parse_iso_date
    from counter_app.domain.errors import PrinterError
    from counter_app.printing.daily_report import report_pdf
    from counter_app.printing.report_xlsx import report_xlsx
    from counter_app.services.day_close import archived_report, closure_info, letterhead
    from counter_app.services.reports import compute_report

    db = open_database(_db_url(args))
    if getattr(args, "date", None):
        start = end = parse_iso_date(args.date)
    else:
        start, end = parse_iso_date(args.start), parse_iso_date(args.end)
    report = compute_report(db, None, start, end)
    written = []
    try:
        if args.out:
            closure = closure_info(db, start) if start == end else None
            if closure is not None:
                from counter_app.domain.roles import Role
                from counter_app.services.actor import Actor

                # A closed day's report is reprinted exactly as archived.
                reader = Actor(0, "cli", "cli", Role.CAMAT, "cli")
                pdf, _digest = archived_report(db, reader, start)
            else:
                pdf = report_pdf(report, letterhead(db))
            Path(args.out).write_bytes(pdf)
            written.append(args.out)
        if args.xlsx:
            Path(args.xlsx).write_bytes(report_xlsx(report))
            written.append(args.xlsx)
    except OSError as exc:
        raise PrinterError(f"Berkas laporan tidak dapat disimpan ({exc.strerror}).") from None
    if args.json:
        print(report.json_text())
        return 0
    q, r = report.queue, report.recordings
    period = f"{start:%d-%m-%Y}" + (f" s.d. {end:%d-%m-%Y}" if end != start else "")
    print(f"Laporan {period}: {q.issued} tiket ({q.served} dilayani, {q.no_show} tidak hadir),"
          f" {r.total} perekaman, {report.printing.printed} KTP-el dicetak, "
          f"{report.pickups.handed_over} diserahkan.")
    for path in written:
        print(f"Ditulis: {path}")
    return 0


def _cmd_day_close(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.domain.dates import parse_iso_date
    from counter_app.services.day_close import close_day, day_summary

    day = parse_iso_date(args.date)
    db = open_database(_db_url(args))
    actor = _login(args, db)
    summary = day_summary(db, actor, day)
    if summary.closed:
        raise ValidationError(f"Layanan tanggal {day:%d-%m-%Y} sudah ditutup.")
    q = summary.report.queue
    print(f"Tutup layanan {day:%d-%m-%Y}: {q.issued} tiket, {q.served} dilayani, "
          f"{summary.still_waiting} masih menunggu (akan ditutup sebagai tidak terlayani), "
          f"{summary.report.recordings.total} perekaman.")
    if not args.yes:
        if args.password_stdin or not sys.stdin.isatty():
            raise ValidationError("Konfirmasi diperlukan: jalankan lagi dengan --yes.")
        if input("Tutup layanan? Ketik 'ya': ").strip().lower() != "ya":
            print("Dibatalkan.")
            return 1
    info = close_day(db, actor, day)
    print(f"Layanan {day:%d-%m-%Y} ditutup oleh {info.closed_by}. Laporan diarsipkan "
          f"(SHA-256 {info.sha256}).")
    print(("" if info.audit_ok else "PERINGATAN: ") + info.audit_message)
    return 0


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.audit import verify_chain

    db = open_database(_db_url(args))
    with db.transaction() as session:
        check = verify_chain(session)
    if args.json:
        _print_json({"ok": check.ok, "rows": check.rows, "message": check.message,
                     "first_bad_seq": check.first_bad_seq})
    else:
        print(check.message)
    return 0 if check.ok else 1


def _cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.db import resolve_database_url
    from counter_app.services.backup import make_backup

    made = make_backup(resolve_database_url(_db_url(args)), Path(args.out) if args.out else None)
    print(f"Cadangan dibuat dan diperiksa (integrity_check ok): {made}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.db import resolve_database_url
    from counter_app.services.backup import restore

    url = resolve_database_url(_db_url(args))
    if not args.yes:
        if not sys.stdin.isatty():
            raise ValidationError("Konfirmasi diperlukan: jalankan lagi dengan --yes.")
        answer = input(f"Ganti basis data {url} dengan {args.file}? Tutup aplikasi di semua "
                       "komputer dahulu. Ketik 'ya': ")
        if answer.strip().lower() != "ya":
            print("Dibatalkan.")
            return 1
    kept = restore(url, Path(args.file))
    print(f"Basis data dipulihkan dari {args.file}. Salinan yang diganti: {kept}")
    return 0


def _cmd_keys_rotate(args: argparse.Namespace) -> int:
    from counter_app.db import open_database
    from counter_app.services.keys import rotate_key

    db = open_database(_db_url(args))
    signer = rotate_key(db, _login(args, db))
    print(f"Kunci baru PC ini: {signer.key_id}. Kunci lama tetap tercatat untuk memeriksa "
          "dokumen lama.")
    return 0


def _run_window(args: argparse.Namespace, kind: str) -> int:
    from counter_app.db import open_database
    from counter_app.services.office import get_office
    from counter_app.ui.app import application
    from counter_app.ui.errors import install_excepthook

    app = application()
    install_excepthook()
    db = open_database(_db_url(args))
    if get_office(db) is None:
        raise ValidationError("Kantor belum disiapkan: jalankan counter-app atau "
                              "counter-app init terlebih dahulu.")
    if kind == "kiosk":
        from counter_app.ui.kiosk import KioskWindow

        window: Any = KioskWindow(db)
    else:
        from counter_app.ui.waiting_display import WaitingDisplay

        window = WaitingDisplay(db)
    if args.window:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    return int(app.exec())


def _cmd_kiosk(args: argparse.Namespace) -> int:
    return _run_window(args, "kiosk")


def _cmd_display(args: argparse.Namespace) -> int:
    return _run_window(args, "display")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = getattr(args, "handler", _cmd_gui)
    try:
        return handler(args)
    except CounterError as exc:
        if getattr(args, "json", False):
            _print_json({"valid": False, "error": exc.message})
        else:
            print(f"Kesalahan: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dibatalkan.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
