"""Jemput bola speed: export and import of a day's work of an outreach laptop.

    python benchmarks/outreach.py [--recordings 500] [--photo-kb 30] [--pg URL]

A laptop (SQLite) records N applicants with a face photo (random bytes of the size of a
KTP-el JPEG: incompressible, like a real one) and a signature; then it exports them as
one sealed, signed packet, and the office (SQLite, or PostgreSQL with --pg) previews and
imports it in one transaction; the laptop applies the confirmation and purges. Goal:
export and import under 10 s each for 500 recordings on a 2-core machine. The recordings
themselves are made through the app's own save (not timed).
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
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

PASSWORD = "kata-sandi-bench"
GOAL_S = 10.0
AT = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB at the event


def _name(n: int) -> str:
    return "Pemohon " + "".join("ABCDEFGHIJ"[int(d)] for d in f"{n:04d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", type=int, default=500)
    parser.add_argument("--photo-kb", type=int, default=30)
    parser.add_argument("--pg", metavar="URL", help="office on this PostgreSQL database")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-outreach-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ["COUNTER_APP_KEY_FILE"] = str(tmp / "laptop-key.pem")
    os.environ["COUNTER_APP_OUTREACH_KEY_FILE"] = str(tmp / "office-box.pem")

    from sqlalchemy import create_engine, text

    from counter_app.db import open_database
    from counter_app.domain.cases import CaseType, required_documents
    from counter_app.domain.recording import CardData, Modality
    from counter_app.domain.roles import Role
    from counter_app.services import outreach_laptop as ol
    from counter_app.services import outreach_office as oo
    from counter_app.services import recording as rec
    from counter_app.services.office import initialize_office
    from counter_app.services.users import add_user, authenticate

    office_url = f"sqlite:///{tmp / 'office.db'}"
    schema = None
    if args.pg:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        office_url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
    try:
        office = open_database(office_url)
        initialize_office(office, kecamatan_code="16.71.04", admin_username="admin",
                          admin_password=PASSWORD)
        with office.transaction() as session:
            add_user(session, None, username="kasi", full_name="Kasi", role=Role.SUPERVISOR,
                     password=PASSWORD)
            add_user(session, None, username="petugas", full_name="Petugas",
                     role=Role.OPERATOR, password=PASSWORD)
        kasi = authenticate(office, "kasi", PASSWORD)
        pairing = oo.pair_laptop(office, kasi, "Laptop Benchmark")
        laptop = open_database(f"sqlite:///{tmp / 'laptop.db'}")
        ol.join_office(laptop, pairing.text)
        clerk = authenticate(laptop, "petugas", PASSWORD)
        event = ol.start_event(laptop, clerk, "SMA Negeri 6 Palembang", "sekolah",
                               "Jl. Sersan Sani", AT.date(), "Petugas, Kasi")
        docs = {d.code: True for d in required_documents(CaseType.BARU)}
        captured = {m.value: {"status": "captured", "quality": 80} for m in Modality}
        t0 = time.perf_counter()
        for n in range(args.recordings):
            born = dt.date(1980, 1, 1) + dt.timedelta(days=n % 7000)
            nik = f"167104{born:%d%m%y}{n % 9999 + 1:04d}"
            card = CardData(_name(n), "Palembang", born, "L", "O", "Islam", "Belum Kawin",
                            "PELAJAR/MAHASISWA", "WNI", "Jl. Sersan Sani", "001", "002",
                            "16.71.04.1001", "")
            data = rec.RecordingInput(
                nik=nik, kk="1671040901190005", case_type=CaseType.BARU, card=card,
                documents=docs, outreach_event_id=event.id,
                biometrics=rec.BiometricsInput(
                    photo=os.urandom(args.photo_kb * 1024), signature=os.urandom(4096),
                    modalities=captured, device="simulasi"))
            rec.save_recording(laptop, clerk, dataclasses.replace(data),
                               now=AT + dt.timedelta(seconds=n))
        recorded = time.perf_counter() - t0

        t0 = time.perf_counter()
        packet = ol.export_packet(laptop, clerk)
        export_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        preview = oo.preview_packet(office, kasi, packet.data)
        preview_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = oo.import_packet(office, kasi, packet.data)
        import_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = oo.import_packet(office, kasi, packet.data)
        again_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        purge = ol.apply_confirmation(laptop, clerk, result.confirmation)
        purge_s = time.perf_counter() - t0
        assert preview.new == result.imported == purge.purged == args.recordings
        assert again.imported == 0

        where = "PostgreSQL" if args.pg else "SQLite"
        print(f"{args.recordings} recordings, photo {args.photo_kb} KB + signature 4 KB each; "
              f"office on {where}")
        print(f"  recorded on the laptop (not timed) {recorded:7.2f} s")
        print(f"  packet size                        {len(packet.data) / 1e6:7.2f} MB")
        for label, seconds, goal in (("export (read, sign, seal)", export_s, True),
                                     ("preview at the office", preview_s, False),
                                     ("import (one transaction)", import_s, True),
                                     ("import again (adds nothing)", again_s, False),
                                     ("confirm and purge on the laptop", purge_s, False)):
            verdict = ("  ok" if seconds < GOAL_S else "  OVER GOAL") if goal else ""
            print(f"  {label:34} {seconds:7.2f} s{verdict}")
        laptop.dispose()
        office.dispose()
    finally:
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
