"""Recording speed: the save step, the slip PDF with its signed QR, and finding an applicant.

    python benchmarks/recording.py [--applicants N] [--runs N]

Prints the median time of save_recording (one transaction) and of producing the slip
PDF with its QR (target: under 100 ms each), and of looking an applicant up by NIK in a
database of N applicants (default 1,000,000; target: under 5 ms). The million rows are
bulk-inserted (they are only there to be searched); the measured calls are the app's.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/queue.py would shadow the standard library's queue (psycopg needs it).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from sqlalchemy import insert  # noqa: E402

from counter_app.db import open_database  # noqa: E402
from counter_app.domain.roles import Role  # noqa: E402
from counter_app.models import Applicant  # noqa: E402
from counter_app.models.base import utcnow  # noqa: E402
from counter_app.printing.paper import Paper  # noqa: E402
from counter_app.printing.pickup_slip import slip_pdf  # noqa: E402
from counter_app.services import recording as rec  # noqa: E402
from counter_app.services.keys import load_signer  # noqa: E402
from counter_app.services.office import initialize_office  # noqa: E402
from counter_app.services.slip_printing import slip_printout  # noqa: E402
from counter_app.services.users import add_user, authenticate  # noqa: E402

PASSWORD = "kata-sandi-bench"


def nik_for(n: int) -> str:
    """A valid, distinct NIK for applicant number n (born 1950-2005, serial from n)."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=n % 20000)
    return f"167104{born.day:02d}{born.month:02d}{born.year % 100:02d}{n % 9999 + 1:04d}"


def fill(db, count: int) -> None:  # noqa: ANN001
    """Bulk-insert ``count`` applicants with distinct NIKs."""
    start = time.perf_counter()
    now = utcnow()
    seen: set[str] = set()
    batch = []
    n = 0
    while len(seen) < count:
        # Vary the region digits too, so a million NIKs stay distinct.
        nik = nik_for(n)
        nik = f"16{(n // 199_980) % 90 + 10:02d}{nik[4:]}"
        n += 1
        if nik in seen:
            continue
        seen.add(nik)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=(n - 1) % 20000)
        batch.append({
            "nik": nik, "kk": "1671040901190005", "nama": f"Pemohon {n}",
            "tempat_lahir": "Palembang", "tanggal_lahir": born, "jenis_kelamin": "L",
            "golongan_darah": "O", "agama": "Islam", "status_perkawinan": "Kawin",
            "pekerjaan": "WIRASWASTA", "kewarganegaraan": "WNI", "alamat": "Jl. Contoh",
            "rt": "001", "rw": "001", "kelurahan_code": "16.71.04.1001", "phone": "",
            "updated_at": now,
        })
        if len(batch) == 20_000:
            with db.transaction() as session:
                session.execute(insert(Applicant), batch)
            batch = []
    if batch:
        with db.transaction() as session:
            session.execute(insert(Applicant), batch)
    print(f"  inserted {count:,} applicants in {time.perf_counter() - start:.0f} s")
    return sorted(seen)


def run(url: str, applicants: int, runs: int) -> None:
    db = open_database(url)
    initialize_office(db, kecamatan_code="16.71.04", admin_username="admin",
                      admin_password=PASSWORD)
    with db.transaction() as session:
        add_user(session, None, username="petugas", full_name="Petugas", role=Role.OPERATOR,
                 password=PASSWORD)
    clerk = authenticate(db, "petugas", PASSWORD)
    from tests.helpers import card, recording

    saves, pdfs = [], []
    signer = load_signer(db)
    for i in range(runs):
        born = dt.date(1980, 1, 1) + dt.timedelta(days=i)
        nik = f"167104{born.day:02d}{born.month:02d}{born.year % 100:02d}{i + 1:04d}"
        data = dataclasses.replace(
            recording("BARU"), nik=nik,
            card=card(nama="Pemohon Uji " + "".join(chr(97 + int(d)) for d in str(i)),
                      tanggal_lahir=born, jenis_kelamin="L"))
        t0 = time.perf_counter()
        result = rec.save_recording(db, clerk, data)
        t1 = time.perf_counter()
        slip_pdf(slip_printout(db, result.application_id, signer), Paper.THERMAL_80)
        t2 = time.perf_counter()
        saves.append(t1 - t0)
        pdfs.append(t2 - t1)
    print(f"  save_recording (one transaction)  median {statistics.median(saves) * 1000:6.1f} ms"
          "  (target < 100 ms)")
    print(f"  slip PDF with signed QR            median {statistics.median(pdfs) * 1000:6.1f} ms"
          "  (target < 100 ms)")
    niks = fill(db, applicants)
    lookups = []
    for i in range(runs):
        nik = niks[(i * 7919) % len(niks)]
        t0 = time.perf_counter()
        found = rec.lookup_applicant(db, nik)
        lookups.append(time.perf_counter() - t0)
        assert found.card is not None
    print(f"  find applicant by NIK among {applicants:,}: median "
          f"{statistics.median(lookups) * 1000:.2f} ms (target < 5 ms)")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg", help="also run on this PostgreSQL URL (an empty database)")
    args = parser.parse_args()
    os.environ.setdefault("COUNTER_APP_KEY_FILE", str(Path(tempfile.mkdtemp()) / "key.pem"))
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite (WAL):")
        run(f"sqlite:///{tmp}/bench.db", args.applicants, args.runs)
    if args.pg:
        print("PostgreSQL:")
        run(args.pg, args.applicants, args.runs)


if __name__ == "__main__":
    main()
