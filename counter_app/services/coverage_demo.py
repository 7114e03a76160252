"""The demo office's resident list, so the Cakupan area shows a kecamatan at work.

Every applicant the demo recorded is on the list, with a few thousand more residents;
most are marked "sudah rekam" by Disdukcapil (recorded years ago), fewer in some
kelurahan than in others, and the young ones who turn 17 soon are still to be reached.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from counter_app.db import Database
from counter_app.domain.clock import office_day
from counter_app.domain.coverage import TargetKind
from counter_app.models import Applicant
from counter_app.services import contacts as ct
from counter_app.services import coverage as cov
from counter_app.services import home_visits as hv
from counter_app.services import outreach_plans as op
from counter_app.services.actor import Actor
from counter_app.services.office import get_office, load_wilayah

# How much of each kelurahan Disdukcapil already counts as recorded (demo figures).
_RECORDED_SHARE = (0.985, 0.95, 0.91, 0.97, 0.88, 0.94)
_FIRST = ("Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Rizki", "Yusuf", "Ani", "Dewi",
          "Fitri", "Indah", "Lestari", "Nur", "Putri", "Rina", "Sari", "Wulan")
_FAMILY = ("Saputra", "Pratama", "Hidayat", "Kurniawan", "Setiawan", "Wijaya", "Lestari",
           "Rahmawati", "Susanti", "Anggraini", "Permata", "Utami")
_SCHOOLS = ("SMA Negeri 6 Palembang", "SMA Negeri 10 Palembang", "SMK Negeri 2 Palembang",
            "MA Negeri 1 Palembang")


def demo_resident_csv(db: Database, today: dt.date, extra: int = 6000,
                      seed: int = 2019) -> bytes:
    """The list as Disdukcapil would send it (CSV with the README's columns)."""
    rng = random.Random(seed)
    office = get_office(db)
    assert office is not None
    kelurahan = [r.code for r in load_wilayah(db).children(office.kecamatan_code)]
    lines = ["nik,kk,nama,tanggal_lahir,jenis_kelamin,kelurahan,rt,rw,status_perkawinan,"
             "sekolah,disabilitas,telepon,status_rekam"]
    taken: set[str] = set()
    with db.transaction() as session:
        for p in session.execute(select(Applicant).order_by(Applicant.id)).scalars():
            if p.kelurahan_code not in kelurahan:
                continue  # recorded here from elsewhere (luar domisili): not a resident
            taken.add(p.nik)
            lines.append(f"{p.nik},{p.kk},{p.nama},{p.tanggal_lahir.isoformat()},"
                         f"{p.jenis_kelamin},{p.kelurahan_code},{p.rt},{p.rw},"
                         f"{p.status_perkawinan},,,{p.phone},belum rekam")
    for n in range(extra):
        index = n % len(kelurahan)
        roll = rng.random()
        age = rng.randint(16, 17) if roll < 0.06 else rng.randint(18, 80)
        born = today - dt.timedelta(days=365 * age + rng.randint(0, 364))
        sex = "P" if n % 2 else "L"
        serial = 5001 + n % 4999  # SIAK serials never 0000; the demo's own start at 0001
        nik = (f"167104{born.day + (40 if sex == 'P' else 0):02d}{born.month:02d}"
               f"{born.year % 100:02d}{serial:04d}")
        if nik in taken:
            continue
        taken.add(nik)
        young = age <= 18
        recorded = not young and rng.random() < _RECORDED_SHARE[index % len(_RECORDED_SHARE)]
        married = age >= 22 and rng.random() < 0.65
        name = f"{rng.choice(_FIRST)} {rng.choice(_FAMILY)}"
        school = rng.choice(_SCHOOLS) if young else ""
        disability = rng.choice(("fisik", "sensorik", "intelektual", "mental",
                                 "fisik;sensorik")) if rng.random() < 0.012 else ""
        phone = f"08{rng.randint(11, 13)}{rng.randint(10_000_000, 99_999_999)}" \
            if rng.random() < 0.6 else ""
        lines.append(f"{nik},1671040101{n % 1000000:06d},{name},{born.isoformat()},{sex},"
                     f"{kelurahan[index]},{rng.randint(1, 30)},{rng.randint(1, 9)},"
                     f"{'Kawin' if married else 'Belum Kawin'},{school},{disability},{phone},"
                     f"{'sudah rekam' if recorded else 'belum rekam'}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def fill_coverage_demo(db: Database, kasi: Actor, clerk: Actor, now: dt.datetime,
                       seed: int = 2019) -> None:
    """Import the demo list, plan a school visit, log contacts, take a home visit."""
    today = office_day(now)
    cov.import_residents(db, kasi, "daftar-penduduk-disdukcapil.csv",
                         demo_resident_csv(db, today, seed=seed), now=now)
    pemula = cov.list_targets(db, kasi, TargetKind.PEMULA, today + dt.timedelta(days=120),
                              today=today)
    school = [t for t in pemula if t.school == _SCHOOLS[0]]
    if school:
        op.plan_outreach(db, kasi, name="Perekaman pemula SMA Negeri 6", kind="sekolah",
                         place=_SCHOOLS[0], day=today + dt.timedelta(days=3),
                         target_kind=TargetKind.PEMULA, niks=[t.nik for t in school],
                         now=now)
    for target, channel, result in zip(pemula[:2], ("whatsapp", "telepon"),
                                       ("Akan ikut perekaman di sekolah",
                                        "Tidak diangkat, coba lagi Senin"), strict=False):
        ct.add_contact(db, kasi, target.nik, channel, result, now=now)
    disabled = cov.list_targets(db, kasi, TargetKind.DISABILITAS, today=today)
    if disabled:
        person = disabled[0]
        visit = hv.request_home_visit(
            db, clerk, nik=person.nik, nama=person.nama, requested_by="Keluarga (anak)",
            address=f"RT {person.rt} RW {person.rw}, Kelurahan {person.kelurahan}",
            kelurahan_code=person.kelurahan_code, needs="Tidak dapat berjalan jauh",
            now=now)
        hv.plan_home_visit(db, kasi, visit.id, today + dt.timedelta(days=2),
                           "Rina Marlina, Ahmad Fauzi", now=now)
