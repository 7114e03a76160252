"""Coverage speed: import a resident list of a large kecamatan and compute the status.

    python benchmarks/coverage.py [--residents 250000] [--recorded 40000] [--pg URL]

Builds a CSV of N residents over the six kelurahan of Ilir Barat Satu, with M of them
already recorded at the counter (bulk-inserted applicants and applications), then times
the app's own code: the import (parse and check every line, replace the list, store the
figures), a second import that replaces the first, the status, and the belum-rekam
target list. Goals: import under 10 s, status under 1 s, on a 2-core machine.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

from sqlalchemy import create_engine, insert, text  # noqa: E402

from counter_app.db import open_database  # noqa: E402
from counter_app.domain.coverage import TargetKind  # noqa: E402
from counter_app.domain.roles import Role  # noqa: E402
from counter_app.models import Applicant, Application  # noqa: E402
from counter_app.services import coverage as cov  # noqa: E402
from counter_app.services.office import initialize_office  # noqa: E402
from counter_app.services.users import add_user, authenticate  # noqa: E402

KELURAHAN = ["Bukitlama", "Lorok Pakjo", "26 Ilir D. I", "Siringagung", "Demang Lebar Daun",
             "16.71.04.1006"]
TODAY = dt.date(2019, 1, 9)
NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)


def residents_csv(count: int, seed: int = 1) -> tuple[bytes, list[tuple[str, dt.date, str]]]:
    rng = random.Random(seed)
    lines = ["nik,kk,nama,tanggal_lahir,jenis_kelamin,kelurahan,rt,rw,status_perkawinan,"
             "sekolah,disabilitas,telepon"]
    people = []
    serials: dict[str, int] = {}
    for n in range(count):
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 78))
        sex = "P" if n % 2 else "L"
        day = born.day + (40 if sex == "P" else 0)
        prefix = f"167104{day:02d}{born.month:02d}{born.year % 100:02d}"
        serials[prefix] = serials.get(prefix, 0) + 1  # SIAK's serial: unique per date part
        nik = f"{prefix}{serials[prefix]:04d}"
        kk = f"16710401{n % 100000:08d}"
        kawin = "Kawin" if born.year < 1995 and n % 3 else "Belum Kawin"
        school = "SMA Negeri 6 Palembang" if born.year >= 2001 else ""
        disability = "fisik" if n % 97 == 0 else ""
        phone = f"0812{n:08d}" if n % 4 == 0 else ""
        lines.append(f"{nik},{kk},Penduduk {n},{born.isoformat()},{sex},"
                     f"{KELURAHAN[n % 6]},{n % 20 + 1},{n % 8 + 1},{kawin},{school},"
                     f"{disability},{phone}")
        people.append((nik, born, KELURAHAN[n % 6]))
    return ("\n".join(lines) + "\n").encode(), people


def record_some(db, actor_id: int, people, count: int) -> None:  # noqa: ANN001
    moment = NOW - dt.timedelta(days=30)
    codes = {"Bukitlama": "16.71.04.1001", "Lorok Pakjo": "16.71.04.1002",
             "26 Ilir D. I": "16.71.04.1003", "Siringagung": "16.71.04.1004",
             "Demang Lebar Daun": "16.71.04.1005", "16.71.04.1006": "16.71.04.1006"}
    applicants, apps = [], []
    for i, (nik, born, kel) in enumerate(people[:count], start=1):
        applicants.append(dict(
            id=i, nik=nik, kk="1671040101010001", nama=f"Penduduk {i}", tempat_lahir="Plg",
            tanggal_lahir=born, jenis_kelamin="L", golongan_darah="O", agama="Islam",
            status_perkawinan="Belum Kawin", pekerjaan="PELAJAR/MAHASISWA",
            kewarganegaraan="WNI", alamat="Jl.", rt="001", rw="001",
            kelurahan_code=codes[kel], phone="", updated_at=moment))
        status = ("handed_over", "ready_for_pickup", "awaiting_print", "forwarded")[i % 4]
        apps.append(dict(
            id=i, slip_number=f"B-{i:08d}", applicant_id=i, case_type="BARU", route="LOCAL",
            status=status, eligibility="ELIGIBLE", printable_from=moment.date(),
            expected_ready=moment.date(), day=moment.date(), recorded_at=moment,
            recorded_by=actor_id, data="{}", old_data="", changed_elements="[]",
            override_reason="", biometric_exceptions=0, slip_print_count=0,
            status_changed_at=moment, cancel_reason="",
            ready_at=moment if status in ("handed_over", "ready_for_pickup") else None))
    with db.transaction() as session:
        session.execute(insert(Applicant), applicants)
        session.execute(insert(Application), apps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=250_000)
    parser.add_argument("--recorded", type=int, default=40_000)
    parser.add_argument("--pg", help="PostgreSQL URL (a throw-away schema is used)")
    args = parser.parse_args()
    schema = None
    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/counter.db"
    try:
        db = open_database(url)
        initialize_office(db, kecamatan_code="16.71.04", admin_username="admin",
                          admin_password="rahasia-123")
        with db.transaction() as session:
            add_user(session, None, username="kasi", full_name="Kasi", role=Role.SUPERVISOR,
                     password="rahasia-123")
        kasi = authenticate(db, "kasi", "rahasia-123")
        t0 = time.perf_counter()
        content, people = residents_csv(args.residents)
        print(f"CSV of {args.residents:,} residents built: {len(content) / 1e6:.1f} MB in "
              f"{time.perf_counter() - t0:.1f} s ({db.engine.dialect.name})")
        record_some(db, kasi.user_id, people, args.recorded)
        print(f"{args.recorded:,} of them recorded beforehand (bulk-inserted)")

        print("(wall: elapsed time; cpu: this process's CPU time, which on SQLite includes "
              "the database; on a busy shared machine wall > cpu)")
        for label, name in (("import:     ", "penduduk.csv"), ("replacement:", "penduduk-2.csv")):
            wall, cpu = time.perf_counter(), time.process_time()
            result = cov.import_residents(db, kasi, name, content, now=NOW)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(f"{label} wall {wall:6.2f} s  cpu {cpu:6.2f} s  (parse and check "
                  f"{result.seconds_parse:.2f} s, store and figures {result.seconds_store:.2f}"
                  f" s; {result.replaced_rows:,} replaced)  goal < 10 s  "
                  f"{'OK' if wall < 10 else 'SLOW'}")
        walls, cpus = [], []
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            status = cov.coverage_status(db, kasi, as_of=TODAY)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"status:       wall {min(walls):6.2f} s  cpu {min(cpus):6.2f} s  (best of 3; goal "
              f"< 1 s  {'OK' if min(walls) < 1 else 'SLOW'})  total {status.total:,}, "
              f"recorded {status.recorded:,} ({status.percent_recorded} %), 16-year-olds "
              f"{status.sixteen:,}, {len(status.by_kelurahan)} kelurahan")
        for kind, before in ((TargetKind.PEMULA, dt.date(2019, 4, 17)),
                             (TargetKind.BELUM_REKAM, None)):
            wall, cpu = time.perf_counter(), time.process_time()
            targets = cov.list_targets(db, kasi, kind, before=before, today=TODAY)
            print(f"{kind.value + ':':13s}wall {time.perf_counter() - wall:6.2f} s  cpu "
                  f"{time.process_time() - cpu:6.2f} s  ({len(targets):,} targets)")
        db.dispose()
    finally:
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
