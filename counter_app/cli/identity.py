"""Checking a NIK or a nomor KK: public, no database, no login."""

from __future__ import annotations

from counter_app.cli.core import Context, arg, command, date_arg


@command("nik", "membaca dan memeriksa NIK",
         arg("nik"),
         arg("--birth-date", metavar="YYYY-MM-DD", type=date_arg,
             help="tanggal lahir untuk dicocokkan"),
         arg("--sex", choices=["L", "P"], help="jenis kelamin untuk dicocokkan"),
         db=False, json_out=True)
def nik(ctx: Context) -> int:
    """What a NIK says, or why it is invalid."""
    from counter_app.domain.dates import format_date
    from counter_app.domain.nik import parse_nik
    from counter_app.domain.reference import JENIS_KELAMIN
    from counter_app.domain.wilayah import Wilayah

    args = ctx.args
    info = parse_nik(args.nik, birth_date=args.birth_date, sex=args.sex)
    wilayah = Wilayah()
    regency = wilayah.get(f"{info.regency_code[:2]}.{info.regency_code[2:]}")
    district = wilayah.get(
        f"{info.district_code[:2]}.{info.district_code[2:4]}.{info.district_code[4:]}"
    )
    if ctx.json:
        ctx.print_json({
            "nik": info.nik, "valid": True,
            "province_code": info.province_code, "province_name": info.province_name,
            "regency_code": info.regency_code,
            "regency_name": regency.display_name if regency else None,
            "district_code": info.district_code,
            "district_name": district.name if district else None,
            "birth_date": info.birth_date.isoformat(), "sex": info.sex, "serial": info.serial,
            # Both readings when the two-digit year fits two centuries (1925 and 2025).
            "birth_dates": [d.isoformat() for d in info.birth_dates]
            if args.birth_date is None else [info.birth_date.isoformat()],
        })
        return 0
    ctx.say(f"NIK            : {info.nik} (sah)")
    ctx.say(f"Provinsi       : {info.province_code} {info.province_name}")
    ctx.say(f"Kabupaten/kota : {info.regency_code}"
            + (f" {regency.display_name}" if regency else ""))
    ctx.say(f"Kecamatan      : {info.district_code}" + (f" {district.name}" if district else ""))
    if info.century_ambiguous and args.birth_date is None:
        from counter_app.domain.clock import local, utc_now

        ctx.say("Tanggal lahir  : "
                + info.describe_birth(local(utc_now()).date()).removeprefix("lahir ")
                + " (tahun 2 digit; --birth-date menentukan)")
    else:
        ctx.say(f"Tanggal lahir  : {format_date(info.birth_date)}")
    ctx.say(f"Jenis kelamin  : {info.sex} ({JENIS_KELAMIN[info.sex]})")
    ctx.say(f"Nomor urut     : {info.serial}")
    ctx.say("Catatan: wilayah pada NIK adalah tempat NIK pertama diterbitkan.")
    return 0


@command("kk", "memeriksa nomor KK", arg("kk"), db=False, json_out=True)
def kk(ctx: Context) -> int:
    """Whether a nomor KK is valid."""
    from counter_app.domain.kk import parse_kk

    info = parse_kk(ctx.args.kk)
    if ctx.json:
        ctx.print_json({"kk": info.kk, "valid": True, "province_code": info.province_code,
                        "regency_code": info.regency_code, "district_code": info.district_code,
                        "issued_on": info.issued_on.isoformat(), "serial": info.serial})
    else:
        ctx.say(f"Nomor KK {info.kk} sah; dibuat {info.issued_on:%d-%m-%Y}, "
                f"nomor urut {info.serial}.")
    return 0
