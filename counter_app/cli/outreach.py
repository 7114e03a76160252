"""Jemput bola: pair a laptop, work at the event, bring the packet home, confirm, sync."""

from __future__ import annotations

import os
from pathlib import Path

from counter_app.cli.core import Context, Login, arg, command, date_arg, group, read_password
from counter_app.domain.errors import ValidationError

group("outreach", "jemput bola: laptop perekaman di luar kantor")


def _write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, replacing it whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temp.replace(path)


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"{what} {path} tidak dapat dibaca ({exc.strerror}).") from None


@command("outreach pair", "memasangkan laptop jemput bola baru (supervisor, di kantor)",
         arg("--name", required=True, metavar="NAMA", help="nama laptop"),
         arg("--team", metavar="USER,USER", help="akun yang ikut (bawaan: semua petugas "
             "dan supervisor aktif)"),
         arg("--out", required=True, metavar="BERKAS", help="berkas pemasangan"),
         json_out=True, login=Login.REQUIRED)
def pair(ctx: Context) -> int:
    """Register a laptop and write the pairing file it imports once."""
    from counter_app.services.outreach_office import pair_laptop

    team = [t for t in (ctx.args.team or "").split(",") if t.strip()] or None
    made = pair_laptop(ctx.db, ctx.actor, ctx.args.name, team)
    _write_private(Path(ctx.args.out), made.text.encode("utf-8"))
    if ctx.json:
        ctx.print_json(made.laptop.as_json() | {"team": list(made.team),
                                                "file": ctx.args.out})
    else:
        ctx.say(f"Laptop {made.laptop.code} ({made.laptop.name}) dipasangkan; tim: "
                f"{', '.join(made.team)}. Berkas pemasangan: {ctx.args.out}. Berkas ini "
                "memuat kunci laptop: bawa dengan flashdisk, pakai sekali dengan "
                "`counter-app outreach join`, lalu hapus.")
    return 0


@command("outreach join", "menyiapkan komputer ini sebagai laptop jemput bola (sekali)",
         arg("file", metavar="BERKAS"), json_out=True, creates=True)
def join(ctx: Context) -> int:
    """Set an empty installation up from the pairing file."""
    from counter_app.services.outreach_laptop import join_office

    status = join_office(ctx.db, _read(ctx.args.file, "Berkas pemasangan").decode("utf-8"))
    if ctx.json:
        ctx.print_json(status.as_json())
    else:
        ctx.say(f"Laptop {status.laptop_code} siap untuk {status.office_title}. Hapus "
                f"berkas {ctx.args.file} sekarang: kunci laptop sudah tersimpan.")
    return 0


@command("outreach unpair", "mencabut laptop (hilang/tidak dipakai); paketnya ditolak",
         arg("code", metavar="KODE", help="mis. L01"), login=Login.REQUIRED)
def unpair(ctx: Context) -> int:
    """Revoke a laptop."""
    from counter_app.services.outreach_office import unpair_laptop

    info = unpair_laptop(ctx.db, ctx.actor, ctx.args.code)
    ctx.say(f"Laptop {info.code} dicabut; paket berikutnya darinya akan ditolak.")
    return 0


@command("outreach laptops", "daftar laptop jemput bola kantor", json_out=True,
         login=Login.REQUIRED)
def laptops(ctx: Context) -> int:
    """Paired and revoked laptops."""
    from counter_app.domain.roles import Permission
    from counter_app.services.outreach_office import list_laptops

    ctx.actor.require(Permission.MANAGE_OUTREACH)
    rows = list_laptops(ctx.db)
    if ctx.json:
        ctx.print_json([r.as_json() for r in rows])
    for r in rows if not ctx.json else []:
        state = f"dicabut {r.revoked_at:%d-%m-%Y}" if r.revoked_at else "aktif"
        ctx.say(f"{r.code}  {r.name:30}  paket terakhir #{r.last_sequence}  {state}")
    return 0


@command("outreach event", "membuka kegiatan hari ini di laptop",
         arg("--name", required=True, metavar="NAMA"),
         arg("--kind", required=True, choices=["sekolah", "lapas", "mal", "gotong_royong",
                                             "disabilitas_lansia"]),
         arg("--place", required=True, metavar="TEMPAT"),
         arg("--date", type=date_arg, metavar="YYYY-MM-DD", help="bawaan: hari ini"),
         arg("--team", required=True, metavar="NAMA-NAMA"), login=Login.REQUIRED)
def event(ctx: Context) -> int:
    """Open the day's event; recordings of the day are tagged with it."""
    from counter_app import local_config
    from counter_app.services.outreach_laptop import start_event, today

    info = start_event(ctx.db, ctx.actor, ctx.args.name, ctx.args.kind, ctx.args.place,
                       ctx.args.date or today(), ctx.args.team)
    local_config.save(local_config.with_event(local_config.load(), info.id))
    ctx.say(f"Kegiatan hari ini: {info.label}.")
    return 0


@command("outreach status", "pasangan laptop dan jumlah rekaman menunggu", json_out=True)
def status(ctx: Context) -> int:
    """Counts only: no personal data."""
    from counter_app.services.outreach_laptop import laptop_status

    s = laptop_status(ctx.db)
    if ctx.json:
        ctx.print_json(s.as_json())
    else:
        ctx.say(f"Laptop {s.laptop_code} ({s.laptop_name}) milik {s.office_title}")
        ctx.say(f"Menunggu konfirmasi kantor: {s.waiting} rekaman ({s.exported_waiting} "
                f"sudah masuk paket); dikonfirmasi: {s.confirmed}; data pribadi dihapus: "
                f"{s.purged}. Paket terakhir #{s.last_sequence}.")
    return 0


@command("outreach export", "menulis paket terenkripsi semua rekaman yang belum "
         "dikonfirmasi", arg("--out", required=True, metavar="BERKAS"), json_out=True,
         login=Login.REQUIRED)
def export(ctx: Context) -> int:
    """The sealed, signed packet for the office."""
    from counter_app.services.outreach_laptop import export_packet

    made = export_packet(ctx.db, ctx.actor)
    _write_private(Path(ctx.args.out), made.data)
    summary = {"sequence": made.sequence, "recordings": made.recordings,
               "events": made.events, "photos": made.photos, "audit_rows": made.audit_rows,
               "bytes": len(made.data), "file": ctx.args.out}
    if ctx.json:
        ctx.print_json(summary)
    else:
        ctx.say(f"Paket #{made.sequence}: {made.recordings} rekaman, {made.photos} foto, "
                f"{made.audit_rows} baris audit -> {ctx.args.out}. Data tetap di laptop "
                "sampai kantor mengirim konfirmasi.")
    return 0


@command("outreach import", "memeriksa lalu mengimpor paket laptop (supervisor)",
         arg("file", nargs="?", metavar="BERKAS"),
         arg("--inbox", type=int, metavar="ID", help="paket dari kotak masuk (sync)"),
         arg("--preview", action="store_true", help="hanya tampilkan isi, tanpa impor"),
         arg("--confirmation-out", metavar="BERKAS",
             help="berkas konfirmasi untuk laptop (bawaan: BERKAS.konfirmasi.json)"),
         json_out=True, login=Login.REQUIRED)
def import_(ctx: Context) -> int:
    """Preview, or import and write the confirmation for the laptop."""
    from counter_app.services import outreach_office as oo

    if bool(ctx.args.file) == (ctx.args.inbox is not None):
        raise ValidationError("Sebutkan satu BERKAS paket atau --inbox ID.")
    data = (_read(ctx.args.file, "Paket") if ctx.args.file
            else oo.inbox_packet(ctx.db, ctx.args.inbox))
    preview = oo.preview_packet(ctx.db, ctx.actor, data)
    if ctx.args.preview:
        if ctx.json:
            ctx.print_json(preview.as_json())
        else:
            ctx.say(f"Paket #{preview.sequence} dari laptop {preview.laptop_code}: "
                    f"{preview.total} rekaman ({preview.new} baru, {preview.duplicates} "
                    f"sudah ada, {len(preview.conflicts)} bentrok)")
            for name in preview.events:
                ctx.say(f"  kegiatan: {name}")
            for c in preview.conflicts:
                ctx.say(f"  bentrok: {c.nik_masked} {c.nama}: {c.laptop_slip} vs "
                        f"{c.office_slip} ({c.office_status})")
        return 0
    result = oo.import_packet(ctx.db, ctx.actor, data)
    target = Path(ctx.args.confirmation_out or
                  f"{ctx.args.file or f'paket-{result.laptop_code}-{result.sequence}'}"
                  ".konfirmasi.json")
    _write_private(target, result.confirmation.encode("utf-8"))
    if ctx.json:
        ctx.print_json(result.as_json() | {"confirmation": str(target)})
    else:
        ctx.say(f"Diimpor dari {result.laptop_code} #{result.sequence}: {result.imported} "
                f"baru, {result.duplicates} sudah ada, {result.conflicts} ditahan sebagai "
                f"bentrok. Konfirmasi untuk laptop: {target}")
    return 0


@command("outreach inbox", "paket yang dikirim laptop lewat jaringan", json_out=True,
         login=Login.REQUIRED)
def inbox(ctx: Context) -> int:
    """Packets waiting for review."""
    from counter_app.domain.roles import Permission
    from counter_app.services.outreach_office import list_inbox

    ctx.actor.require(Permission.MANAGE_OUTREACH)
    rows = list_inbox(ctx.db)
    if ctx.json:
        ctx.print_json([{"id": r.id, "laptop": r.laptop_code, "sequence": r.sequence,
                         "received_at": r.received_at.isoformat(), "bytes": r.size}
                        for r in rows])
    for r in rows if not ctx.json else []:
        ctx.say(f"{r.id}  {r.laptop_code} #{r.sequence}  {r.received_at:%d-%m-%Y %H:%M}")
    return 0


@command("outreach conflicts", "rekaman laptop yang ditahan karena NIK bentrok",
         json_out=True, login=Login.REQUIRED)
def conflicts(ctx: Context) -> int:
    """Held recordings."""
    from counter_app.services.outreach_office import list_conflicts

    rows = list_conflicts(ctx.db, ctx.actor)
    if ctx.json:
        ctx.print_json([{"id": c.id, "laptop": c.laptop_code, "nik": c.nik_masked,
                         "nama": c.nama, "laptop_slip": c.laptop_slip,
                         "office_slip": c.office_slip, "office_status": c.office_status.value}
                        for c in rows])
    for c in rows if not ctx.json else []:
        ctx.say(f"{c.id}  {c.nik_masked}  {c.nama}  laptop {c.laptop_slip}  kantor "
                f"{c.office_slip} ({c.office_status.label})")
    return 0


@command("outreach resolve", "memutuskan rekaman yang ditahan (supervisor)",
         arg("id", type=int, metavar="ID"),
         arg("--keep", required=True, choices=["office", "laptop"],
             help="office: permohonan kantor tetap; laptop: permohonan kantor dibatalkan "
             "dan rekaman laptop diimpor"),
         arg("--reason", required=True, metavar="ALASAN"), login=Login.REQUIRED)
def resolve(ctx: Context) -> int:
    """Settle a held recording."""
    from counter_app.domain.packet_status import ConflictResolution
    from counter_app.services.outreach_office import resolve_conflict

    done = resolve_conflict(ctx.db, ctx.actor, ctx.args.id, ctx.args.keep, ctx.args.reason)
    ctx.say(f"Rekaman {done.laptop_slip} diputuskan: "
            + ("rekaman laptop dipakai." if done.resolution is ConflictResolution.REPLACE
               else "permohonan kantor tetap."))
    return 0


@command("outreach confirm", "menerapkan konfirmasi kantor dan menghapus data pribadi "
         "yang sudah aman di kantor", arg("file", metavar="BERKAS"), json_out=True,
         login=Login.REQUIRED)
def confirm(ctx: Context) -> int:
    """Purge what the office confirmed."""
    from counter_app.services.outreach_laptop import apply_confirmation

    text = _read(ctx.args.file, "Berkas konfirmasi").decode("utf-8", errors="replace")
    done = apply_confirmation(ctx.db, ctx.actor, text)
    if ctx.json:
        ctx.print_json(done.as_json())
    else:
        ctx.say(f"Konfirmasi paket #{done.sequence}: {done.confirmed} rekaman dikonfirmasi, "
                f"data pribadi {done.purged} rekaman dihapus dari laptop; "
                f"{done.still_waiting} masih menunggu.")
    return 0


@command("outreach sync", "di jaringan kantor: kirim paket dan ambil konfirmasi",
         arg("--db", required=True, metavar="URL", dest="office_db",
             help="basis data kantor"),
         arg("--laptop-db", metavar="URL", help="basis data laptop (bawaan: $COUNTER_APP_DB "
             "atau berkas SQLite di folder data pengguna)"),
         db=False, json_out=True, login=Login.OPTIONAL)
def sync(ctx: Context) -> int:
    """Send the packet to the office inbox and apply the office's confirmations.

    ``--db`` names the office's database here; the user logs in on the laptop's own.
    """
    from counter_app.cli.core import check_database_url, describe_args, open_checked
    from counter_app.services.audit_view import record_command
    from counter_app.services.outreach_laptop import sync_with_office
    from counter_app.services.users import authenticate

    if not ctx.has_user:
        raise ValidationError("Perintah 'outreach sync' memerlukan pengguna laptop: tambahkan "
                              "--user NAMA (kata sandi dari prompt atau --password-stdin).")
    office_url = check_database_url(ctx.args.office_db)
    laptop = open_checked(ctx.args.laptop_db)
    try:
        actor = authenticate(laptop, ctx.args.user,
                             read_password(ctx.args, f"Kata sandi {ctx.args.user}: "))
        record_command(laptop, actor, ctx.command.name, describe_args(ctx.args))
        done = sync_with_office(laptop, actor, office_url)
    finally:
        laptop.dispose()
    if ctx.json:
        ctx.print_json(done.as_json())
    else:
        sent = (f"paket #{done.sent_sequence} ({done.recordings_sent} rekaman) dikirim ke "
                "kotak masuk kantor" if done.sent_sequence else "tidak ada paket baru")
        ctx.say(f"Sinkron: {sent}; {done.confirmations} konfirmasi diterapkan, "
                f"{done.purged} rekaman dihapus; {done.still_waiting} masih menunggu.")
    return 0
