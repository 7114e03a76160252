"""The office profile: first set-up, reading it, and the region list it works with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import Conflict, ValidationError
from counter_app.domain.input_policy import clean_text as policy_text
from counter_app.domain.roles import Permission, Role
from counter_app.domain.wilayah import Region as RegionInfo
from counter_app.domain.wilayah import Wilayah, parse_wilayah_csv
from counter_app.models import Counter, CounterService, Office, QueueService, Region
from counter_app.services import audit
from counter_app.services.actor import Actor, load_actor
from counter_app.services.users import add_user

MAX_COUNTERS = 20


@dataclass(frozen=True)
class CounterInfo:
    """A loket."""

    id: int
    number: int
    name: str
    active: bool


@dataclass(frozen=True)
class OfficeProfile:
    """The office as letterheads and screens show it."""

    kecamatan_code: str
    kecamatan_name: str
    kota_code: str
    kota_name: str
    provinsi_name: str
    address: str
    phone: str
    camat_name: str
    camat_nip: str
    counters: tuple[CounterInfo, ...]

    @property
    def title(self) -> str:
        """``Kecamatan Ilir Barat Satu, Kota Palembang``."""
        return f"Kecamatan {self.kecamatan_name}, {self.kota_name}"


def clean_text(value: str, field: str, label: str, limit: int) -> str:
    """The shared text policy (``domain.input_policy``) for an office field."""
    return policy_text(value, field=field, label=label, limit=limit)


def clean_nip(nip: str | None, field: str = "camat_nip") -> str:
    """A civil servant's NIP: 18 digits 0-9 (spaces removed), or "" for someone without one."""
    digits = "".join((nip or "").split())
    if digits and (not digits.isascii() or not digits.isdigit() or len(digits) != 18):
        raise ValidationError("NIP terdiri dari 18 angka (kosongkan bila bukan ASN).",
                              field=field)
    return digits


def load_wilayah(db: Database) -> Wilayah:
    """The built-in regions plus every region an admin imported."""
    with db.read_session() as session:
        rows = session.execute(select(Region)).scalars().all()
        return Wilayah(RegionInfo(r.code, r.level, r.name, r.parent_code) for r in rows)


def get_office(db: Database) -> OfficeProfile | None:
    """The office profile, or None when the database has not been set up yet."""
    with db.read_session() as session:
        office = session.get(Office, 1)
        if office is None:
            return None
        counters = session.execute(select(Counter).order_by(Counter.number)).scalars()
        return OfficeProfile(
            office.kecamatan_code, office.kecamatan_name, office.kota_code, office.kota_name,
            office.provinsi_name, office.address, office.phone, office.camat_name,
            office.camat_nip,
            tuple(CounterInfo(c.id, c.number, c.name, c.active) for c in counters),
        )


def initialize_office(
    db: Database,
    *,
    kecamatan_code: str,
    admin_username: str,
    admin_password: str,
    admin_full_name: str = "Administrator",
    address: str = "",
    phone: str = "",
    camat_name: str = "",
    camat_nip: str = "",
    counters: int = 2,
    opened_on: dt.date | None = None,
) -> OfficeProfile:
    """Create the office profile, its counters and the first admin, in one transaction.

    ``opened_on`` is the first service day (default today); day commands refuse earlier
    dates. An unknown kecamatan code, a bad field or an office that already exists is
    refused and nothing is written.
    """
    wilayah = load_wilayah(db)
    kecamatan = wilayah.require(kecamatan_code, "kecamatan")
    kota = wilayah.require(kecamatan.parent_code or "", None)
    provinsi = wilayah.require(kota.parent_code or "", "provinsi")
    if not 1 <= counters <= MAX_COUNTERS:
        raise ValidationError(f"Jumlah loket 1 sampai {MAX_COUNTERS}.", field="counters")
    address = clean_text(address, "address", "Alamat kantor", 300)
    phone = clean_text(phone, "phone", "Telepon", 50)
    camat_name = clean_text(camat_name, "camat_name", "Nama camat", 100)
    camat_nip = clean_nip(camat_nip)
    with db.transaction() as session:
        if session.get(Office, 1) is not None:
            raise Conflict("Kantor sudah disiapkan di basis data ini.")
        session.add(Office(
            id=1, kecamatan_code=kecamatan.code, kecamatan_name=kecamatan.name,
            kota_code=kota.code, kota_name=kota.display_name, provinsi_name=provinsi.name,
            address=address, phone=phone, camat_name=camat_name, camat_nip=camat_nip,
            opened_on=opened_on or office_day(utc_now()),
        ))
        service_ids = session.execute(select(QueueService.id)).scalars().all()
        for n in range(1, counters + 1):
            counter = Counter(number=n, name=f"Loket {n}", active=True)
            session.add(counter)
            session.flush()
            # Every counter serves every service until an admin narrows it down.
            session.add_all(CounterService(counter_id=counter.id, service_id=sid)
                            for sid in service_ids)
        admin = add_user(session, None, username=admin_username, full_name=admin_full_name,
                         role=Role.ADMIN, password=admin_password)
        session.flush()
        audit.record(session, None, "office.init", kecamatan.code, username=admin.username,
                     after={"kecamatan": kecamatan.name, "kota": kota.display_name,
                            "counters": counters})
    profile = get_office(db)
    assert profile is not None
    return profile


@dataclass(frozen=True)
class ImportResult:
    """How many regions an import added and how many it renamed."""

    added: int
    updated: int


def import_regions(db: Database, actor: Actor, csv_text: str) -> ImportResult:
    """Import another kabupaten/kota from a ``code,level,name,parent_code`` CSV.

    A file with any bad row is refused whole (the message names the lines); parents
    must be known, either built in, imported earlier or in the same file.
    """
    actor.require(Permission.MANAGE_SETTINGS)
    regions = parse_wilayah_csv(csv_text)
    known = load_wilayah(db)
    codes_in_file = {r.code for r in regions}
    orphans = [r for r in regions
               if r.parent_code and r.parent_code not in codes_in_file
               and known.get(r.parent_code) is None]
    if orphans:
        listed = ", ".join(f"{r.code} (induk {r.parent_code})" for r in orphans[:10])
        raise ValidationError(f"Wilayah induk tidak dikenal untuk: {listed}.")
    added = updated = 0
    with db.transaction() as session:
        actor = load_actor(session, actor, Permission.MANAGE_SETTINGS)
        for region in regions:
            row = session.get(Region, region.code)
            if row is None:
                session.add(Region(code=region.code, level=region.level, name=region.name,
                                   parent_code=region.parent_code))
                added += 1
            elif (row.level, row.name, row.parent_code) != (
                region.level, region.name, region.parent_code
            ):
                row.level, row.name, row.parent_code = (
                    region.level, region.name, region.parent_code
                )
                updated += 1
        audit.record(session, actor, "wilayah.import", f"{len(regions)} wilayah",
                     after={"added": added, "updated": updated})
    return ImportResult(added, updated)
