"""Builders for the jemput bola tests: an office, a paired laptop, recordings at an event."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from counter_app.db import Database, open_database
from counter_app.domain.roles import Role
from counter_app.models import (
    Applicant,
    Application,
    AuditLog,
    Biometrics,
    OutreachConflict,
    OutreachEvent,
    OutreachLaptop,
    OutreachPacket,
)
from counter_app.services import outreach_laptop as ol
from counter_app.services import outreach_office as oo
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.users import authenticate
from tests.helpers import PASSWORD, card, make_office, make_user, recording

EVENT_DAY = dt.date(2019, 1, 9)
AT_EVENT = dt.datetime(2019, 1, 9, 2, 30, tzinfo=dt.UTC)  # 09:30 WIB


@dataclass
class Outreach:
    """An office, its supervisor and key, and a paired laptop with a clerk and an event."""

    office: Database
    kasi: Actor
    box: oo.OfficeBox
    box_path: Path
    laptop: Database
    clerk: Actor
    event_id: int
    pairing_text: str


def make_outreach(office: Database, tmp_path: Path, name: str = "laptop") -> Outreach:
    """Office (Ilir Barat Satu) with ``kasi`` and ``petugas``; laptop L01 joined, event open."""
    make_office(office)
    kasi = make_user(office, "kasi", Role.SUPERVISOR)
    make_user(office, "petugas", Role.OPERATOR)
    box_path = tmp_path / "kantor" / "outreach-office-key.pem"
    pairing = oo.pair_laptop(office, kasi, "Laptop Jemput Bola 1", box_path=box_path)
    laptop = open_database(f"sqlite:///{tmp_path / f'{name}.db'}")
    ol.join_office(laptop, pairing.text)
    clerk = authenticate(laptop, "petugas", PASSWORD)
    event = ol.start_event(laptop, clerk, "SMA Negeri 6 Palembang", "sekolah",
                           "Jl. Sersan Sani, Palembang", EVENT_DAY, "Petugas, Kasi")
    return Outreach(office, kasi, oo.load_office_box(office, box_path), box_path, laptop,
                    clerk, event.id, pairing.text)


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def name_for(n: int) -> str:
    """A name for applicant ``n`` (names hold letters only)."""
    return "".join(_LETTERS[int(d)] for d in f"{n:04d}")


def nik_for(n: int) -> tuple[str, dt.date]:
    """A valid NIK of a man of Ilir Barat Satu born in 1990 (serial ``n``), and the date."""
    born = dt.date(1990, 1, 1) + dt.timedelta(days=n % 3000)
    return f"167104{born:%d%m%y}{n % 9999 + 1:04d}", born


def record_at_event(o: Outreach, n: int, case: str = "BARU",
                    now: dt.datetime = AT_EVENT, photo: bytes | None = None
                    ) -> rec.RecordingResult:
    """Record applicant ``n`` on the laptop at the event."""
    nik, born = nik_for(n)
    data = dataclasses.replace(
        recording(case), nik=nik, outreach_event_id=o.event_id,
        card=card(nama=f"Pemohon Jemput Bola {name_for(n)}", tanggal_lahir=born, jenis_kelamin="L"))
    if photo is not None:
        data = dataclasses.replace(data, biometrics=dataclasses.replace(
            data.biometrics, photo=photo))
    return rec.save_recording(o.laptop, o.clerk, data, now=now)


def record_at_office(office: Database, actor: Actor, n: int) -> rec.RecordingResult:
    """Record applicant ``n`` at an office counter (no event)."""
    nik, born = nik_for(n)
    data = dataclasses.replace(
        recording("BARU"), nik=nik,
        card=card(nama=f"Pemohon Kantor {name_for(n)}", tanggal_lahir=born, jenis_kelamin="L"))
    return rec.save_recording(office, actor, data, now=AT_EVENT)


def snapshot(db: Database) -> dict[str, object]:
    """Counts of everything an import writes, and the audit chain's last row."""
    with db.transaction() as s:
        def count(model: type) -> int:
            return int(s.execute(select(func.count()).select_from(model)).scalar_one())

        return {
            "applicants": count(Applicant), "applications": count(Application),
            "biometrics": count(Biometrics), "events": count(OutreachEvent),
            "conflicts": count(OutreachConflict), "packets": count(OutreachPacket),
            "audit": s.execute(select(func.max(AuditLog.seq))).scalar_one(),
            "sequences": sorted((c, n) for c, n in s.execute(select(
                OutreachLaptop.code, OutreachLaptop.last_sequence))),
        }
