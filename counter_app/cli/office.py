"""Setting an office up: the database, regions, the demo office."""

from __future__ import annotations

from counter_app.cli.core import (
    Context,
    Login,
    arg,
    check_database_url,
    command,
    date_arg,
    group,
    mask_url,
)
from counter_app.domain.errors import ValidationError


@command("init", "menyiapkan basis data, profil kantor dan admin pertama",
         arg("--kecamatan", required=True, metavar="KODE",
             help="kode Kemendagri kecamatan, mis. 16.71.04"),
         arg("--admin", required=True, metavar="NAMA", help="nama pengguna admin"),
         arg("--admin-name", default="Administrator", metavar="NAMA_LENGKAP"),
         arg("--password-stdin", action="store_true",
             help="baca kata sandi admin dari baris pertama stdin"),
         arg("--address", default="", help="alamat kantor"),
         arg("--phone", default="", help="telepon kantor"),
         arg("--camat-name", default="", help="nama camat untuk blok tanda tangan"),
         arg("--camat-nip", default="", help="NIP camat (18 digit)"),
         arg("--counters", type=int, default=2, metavar="N", help="jumlah loket"),
         creates=True)
def init(ctx: Context) -> int:
    """Create the office and its first admin (no login: there is no user yet).

    A database that already holds an office is refused by the service.
    """
    from counter_app.cli.core import read_password
    from counter_app.db import resolve_database_url, sqlite_path
    from counter_app.domain.wilayah import Wilayah
    from counter_app.services.office import initialize_office, load_wilayah

    args = ctx.args
    url = check_database_url(resolve_database_url(ctx.db_url), create=True)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        # A new file can only know the built-in regions: refuse before creating it.
        Wilayah().require(args.kecamatan, "kecamatan")
    load_wilayah(ctx.db).require(args.kecamatan, "kecamatan")  # before asking for a password
    password = read_password(args, "Kata sandi admin: ", confirm=True)
    profile = initialize_office(
        ctx.db, kecamatan_code=args.kecamatan, admin_username=args.admin,
        admin_password=password, admin_full_name=args.admin_name, address=args.address,
        phone=args.phone, camat_name=args.camat_name, camat_nip=args.camat_nip,
        counters=args.counters,
    )
    ctx.say(f"Kantor siap: {profile.title}, {len(profile.counters)} loket.")
    ctx.say(f"Admin: {args.admin.strip().lower()}. Basis data: {mask_url(ctx.db.url)}")
    return 0


group("wilayah", "daftar dan impor kode wilayah")


@command("wilayah import", "impor kabupaten/kota dari CSV code,level,name,parent_code",
         arg("file", help="berkas CSV (UTF-8)"), login=Login.REQUIRED)
def wilayah_import(ctx: Context) -> int:
    """Import another kabupaten/kota (admin; the service checks)."""
    from counter_app.services.office import import_regions

    path = ctx.args.file
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError as exc:
        raise ValidationError(f"Berkas {path} tidak dapat dibaca: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise ValidationError(f"Berkas {path} bukan teks UTF-8.") from None
    result = import_regions(ctx.db, ctx.actor, text)
    ctx.say(f"Impor selesai: {result.added} wilayah baru, {result.updated} diperbarui.")
    return 0


@command("wilayah cari", "mencari wilayah menurut nama (kedua ejaan)", arg("nama"),
         json_out=True)
def wilayah_search(ctx: Context) -> int:
    """Find regions by either spelling (public reference data).

    Before a database exists (a new PC) the built-in regions answer; none is created.
    """
    from counter_app.db import resolve_database_url, sqlite_path
    from counter_app.domain.wilayah import Wilayah
    from counter_app.services.office import load_wilayah

    path = sqlite_path(check_database_url(resolve_database_url(ctx.db_url), create=True))
    regions = Wilayah() if path is not None and not path.exists() else load_wilayah(ctx.db)
    found = regions.search(ctx.args.nama)[:20]
    if ctx.json:
        ctx.print_json([{"code": r.code, "level": r.level, "name": r.name,
                         "other_names": list(r.other_names)} for r in found])
    else:
        for r in found:
            other = f" ({', '.join(r.other_names)})" if r.other_names else ""
            ctx.say(f"{r.code:<14} {r.level:<10} {r.name}{other}")
        if not found:
            ctx.say("Tidak ada wilayah yang cocok.")
    return 0 if found else 1


@command("demo", "kantor contoh dengan kegiatan beberapa hari kerja",
         arg("--date", metavar="YYYY-MM-DD", type=date_arg,
             help="hari terakhir (bawaan: hari ini)"),
         arg("--days", type=int, default=5, metavar="N", help="jumlah hari kerja"),
         arg("--seed", type=int, default=2019, metavar="S", help="benih acak"),
         login=Login.OPTIONAL, creates=True)
def demo(ctx: Context) -> int:
    """Make (or extend) the demo office.

    An empty database needs no login (it has no users yet); adding days to an existing
    demo office is an admin's change like any other.
    """
    from counter_app.domain.clock import office_day, utc_now
    from counter_app.domain.roles import Permission
    from counter_app.services.demo import DEMO_PASSWORD, DEMO_USERS
    from counter_app.services.demo_data import fill_demo
    from counter_app.services.office import get_office
    from counter_app.services.settings import is_demo_office

    args = ctx.args
    if not 1 <= args.days <= 60:
        raise ValidationError("Jumlah hari demo 1 sampai 60.")
    office = get_office(ctx.db)
    if office is not None:
        if not is_demo_office(ctx.db):  # a real office, whatever its kecamatan
            raise ValidationError("Basis data ini berisi kantor sungguhan, bukan kantor "
                                  "contoh; pakai --db untuk basis data demo tersendiri.")
        ctx.actor.require(Permission.MANAGE_SETTINGS)
    last = args.date or office_day(utc_now())
    result = fill_demo(ctx.db, last, args.days, args.seed,
                       progress=lambda done, total: ctx.say(f"  hari {done}/{total}"))
    ctx.say(f"Kantor contoh Kecamatan Ilir Barat Satu: {len(result.days)} hari kerja "
            f"({result.days[0]:%d-%m-%Y} s.d. {result.days[-1]:%d-%m-%Y}), {result.tickets} "
            f"tiket, {result.recordings} perekaman.")
    ctx.say("Akun: " + ", ".join(u.username for u in DEMO_USERS)
            + f"; kata sandi {DEMO_PASSWORD}.")
    return 0


group("office", "kalender kantor")


@command("office holidays", "hari libur kantor: add TANGGAL --reason ..., list, remove TANGGAL",
         arg("action", choices=["add", "list", "remove"], help="add, list atau remove"),
         arg("day", nargs="?", default="", metavar="TANGGAL",
             help="DD-MM-YYYY atau YYYY-MM-DD (untuk add dan remove)"),
         arg("--reason", default="", help="keterangan (wajib untuk add)"),
         arg("--all", action="store_true", help="list: juga hari yang sudah lewat"),
         json_out=True, login=Login.REQUIRED)
def office_holidays(ctx: Context) -> int:
    """Days the office is closed beyond weekends and national holidays (admin)."""
    from counter_app.domain.clock import office_day, utc_now
    from counter_app.domain.dates import format_date
    from counter_app.services import office_days as od

    args = ctx.args
    if args.action == "list":
        if args.day or args.reason:
            raise ValidationError("'office holidays list' tidak memakai tanggal atau --reason; "
                                  "untuk menambah: office holidays add TANGGAL --reason ...")
        days = od.list_days_off(ctx.db, ctx.actor,
                                None if args.all else office_day(utc_now()))
        if ctx.json:
            ctx.print_json([d.as_json() for d in days])
            return 0
        for d in days:
            ctx.say(f"{format_date(d.day)}  {d.reason}  (dicatat {d.added_by})")
        if not days:
            ctx.say("Tidak ada hari libur kantor yang tercatat.")
        return 0
    if not args.day:
        raise ValidationError("Tulis tanggalnya, misalnya 24-12-2026.")
    day = od.parse_day(args.day)
    if args.action == "add":
        added = od.add_day_off(ctx.db, ctx.actor, day, args.reason)
        ctx.say(added.added_text())
    else:
        od.remove_day_off(ctx.db, ctx.actor, day)
        ctx.say(f"{format_date(day)} bukan lagi hari libur kantor.")
    return 0
