"""Rows of an office's older database, written by SQL as that schema held them."""

from sqlalchemy import text
from sqlalchemy.engine import Connection


def insert_clerk_and_applicant(conn: Connection) -> None:
    """User 1 (a clerk) and applicant 1 (Siti, NIK 1671045708990002)."""
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


def insert_application(conn: Connection, case: str, route: str, status: str,
                       expected_ready: str) -> None:
    """Application 1 of applicant 1, recorded 9 January 2019 by user 1."""
    conn.execute(text(
        "INSERT INTO applications (id, slip_number, applicant_id, case_type, "
        "changed_elements, route, status, eligibility, printable_from, expected_ready, "
        "day, recorded_at, recorded_by, data, old_data, override_reason, "
        "biometric_exceptions, slip_print_count, status_changed_at, cancel_reason) "
        "VALUES (1, '167104-190109-0001', 1, :case, '[]', :route, :status, "
        "'ELIGIBLE', '2019-01-09', :ready, '2019-01-09', CURRENT_TIMESTAMP, 1, "
        "'{}', '', '', 0, 0, CURRENT_TIMESTAMP, '')"),
        {"case": case, "route": route, "status": status, "ready": expected_ready})


def insert_application_with_suket(conn: Connection) -> None:
    """A clerk, an applicant, her application waiting with a SUKET (schema 0011 on)."""
    insert_clerk_and_applicant(conn)
    insert_application(conn, "BARU", "LOCAL", "suket_issued", "2019-01-09")
    conn.execute(text(
        "INSERT INTO sukets (id, application_id, number, issued_on, valid_until, "
        "issued_by, reason, signer_name, signer_nip, void_reason) VALUES (1, 1, "
        "'167104-190109-0001-S', '2019-01-09', '2019-07-09', 1, 'no_blanko', 'Camat', "
        "'1', '')"))
