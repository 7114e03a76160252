"""An office's SQLite database with applications that other rows point at upgrades.

On SQLite, Alembic's batch mode rebuilds a table (copy, drop, rename) to change it;
with foreign keys enforced, dropping ``applications`` while a SUKET points at it fails,
so an office with one SUKET could not start the new version (found by the issue 11 work
on migration 0014).
"""

from alembic import command
from sqlalchemy import text

from counter_app.db import SCHEMA_HEAD, alembic_config, current_revision, make_engine, open_database


def test_an_old_database_holding_an_application_and_its_suket_upgrades(tmp_path):
    url = f"sqlite:///{tmp_path / 'kantor.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0011")
        conn.execute(text(
            "INSERT INTO users (id, username, full_name, role, nip, password_hash, active, "
            "must_change_password, failed_logins, created_at) VALUES (1, 'petugas', 'P', "
            "'operator', '', 'x', true, false, 0, CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO applicants (id, nik, kk, nama, tempat_lahir, tanggal_lahir, "
            "jenis_kelamin, golongan_darah, agama, status_perkawinan, pekerjaan, "
            "kewarganegaraan, alamat, rt, rw, kelurahan_code, phone, updated_at) VALUES "
            "(1, '1671045708990002', '1671040901190005', 'Siti', 'Palembang', '1999-08-17', "
            "'P', 'O', 'Islam', 'Belum Kawin', 'PELAJAR/MAHASISWA', 'WNI', 'Jl', '001', "
            "'001', '16.71.04.1001', '', CURRENT_TIMESTAMP)"))
        conn.execute(text(
            "INSERT INTO applications (id, slip_number, applicant_id, case_type, "
            "changed_elements, route, status, eligibility, printable_from, expected_ready, "
            "day, recorded_at, recorded_by, data, old_data, override_reason, "
            "biometric_exceptions, slip_print_count, status_changed_at, cancel_reason) "
            "VALUES (1, '167104-190109-0001', 1, 'BARU', '[]', 'LOCAL', 'suket_issued', "
            "'ELIGIBLE', '2019-01-09', '2019-01-09', '2019-01-09', CURRENT_TIMESTAMP, 1, "
            "'{}', '', '', 0, 0, CURRENT_TIMESTAMP, '')"))
        conn.execute(text(
            "INSERT INTO sukets (id, application_id, number, issued_on, valid_until, "
            "issued_by, reason, signer_name, signer_nip, void_reason) VALUES (1, 1, "
            "'167104-190109-0001-S', '2019-01-09', '2019-07-09', 1, 'no_blanko', 'Camat', "
            "'1', '')"))
    engine.dispose()
    db = open_database(url)  # the upgrade a new version runs on start
    assert current_revision(db.engine) == SCHEMA_HEAD
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM sukets")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # enforced again
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    db.dispose()
