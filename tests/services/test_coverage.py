"""Coverage: the resident list, matching by NIK, the figures, target lists, contacts,
disabilities, home visits and outreach plans (SQLite and PostgreSQL)."""

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from counter_app.domain.coverage import ContactChannel, DisabilityKind, ImportRefused, TargetKind
from counter_app.domain.errors import NotAllowed, ValidationError
from counter_app.domain.roles import Role
from counter_app.models import (
    Application,
    ApplicationDisability,
    AuditLog,
    Resident,
    ResidentImport,
)
from counter_app.services import card_printing as cp
from counter_app.services import contacts as ct
from counter_app.services import coverage as cov
from counter_app.services import home_visits as hv
from counter_app.services import outreach_plans as op
from counter_app.services import pickup as pk
from counter_app.services import recording as rec
from counter_app.services.reports import compute_report
from tests.helpers import card, make_office, make_user, recording

NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)  # Wednesday 9 January 2019, 09.00 WIB
TODAY = dt.date(2019, 1, 9)
ELECTION = dt.date(2019, 4, 17)
BUKITLAMA, LOROKPAKJO, SIRINGAGUNG = "16.71.04.1001", "16.71.04.1002", "16.71.04.1004"
HEADER = "nik,kk,nama,tanggal_lahir,jenis_kelamin,kelurahan,rt,rw,status_perkawinan," \
         "sekolah,disabilitas,telepon"


def nik(born, sex="L", serial=1):
    day = born.day + (40 if sex == "P" else 0)
    return f"167104{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def line(name, born, sex="L", serial=1, kel="Bukitlama", rt="1", rw="2", kawin="Belum Kawin",
         school="", disability="", phone=""):
    return ",".join([nik(born, sex, serial), "1671040901190005", name, born.isoformat(), sex,
                     kel, rt, rw, kawin, school, disability, phone])


# Siti is tests.helpers' applicant (NIK 1671045708990002).
SITI = line("Siti Aminah", dt.date(1999, 8, 17), "P", 2, phone="081234567890")
RUDI = line("Rudi Hartono", dt.date(1980, 3, 4), serial=3, kel="Bukit Lama", rt="3")
ANI = line("Ani Lestari", dt.date(1975, 6, 1), "P", 4, kel="16.71.04.1001",
           disability="fisik; sensorik")
BAYU = line("Bayu Pratama", dt.date(2002, 3, 1), serial=5, kel="Lorok Pakjo",
            school="SMA Negeri 6 Palembang")     # 16 today, 17 before the election
CICI = line("Cici Amelia", dt.date(2002, 6, 1), "P", 6, kel="Lorokpakjo",
            school="SMA Negeri 6 Palembang")     # 16 today, 17 after the election
DEDI = line("Dedi Saputra", dt.date(2001, 12, 1), serial=7, kel="Siring Agung")  # 17 in Dec
EKA = line("Eka Putri", dt.date(2003, 1, 2), "P", 8, kel="Siringagung",
           kawin="Kawin")                        # 16 and married: must hold one
FAJAR = line("Fajar Nugroho", dt.date(2005, 5, 5), serial=9, kel="Siringagung")  # 13
PEOPLE = [SITI, RUDI, ANI, BAYU, CICI, DEDI, EKA, FAJAR]


def csv_bytes(*lines):
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def kasi(db, office):
    return make_user(db, "kasi", Role.SUPERVISOR)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def listed(db, kasi):
    return cov.import_residents(db, kasi, "penduduk.csv", csv_bytes(*PEOPLE), now=NOW)


def count(db, model):
    with db.transaction() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def by_code(status):
    return {k.code: k for k in status.by_kelurahan}


def test_import_counts_who_must_hold_a_ktp_el(db, kasi, listed):
    assert listed.rows == 8 and listed.replaced_rows == 0
    status = cov.coverage_status(db, kasi, as_of=TODAY)
    # 17+ (Siti, Rudi, Ani, Dedi) and Eka (16, married); Bayu and Cici are 16; Fajar 13.
    assert status.total == 5 and status.recorded == 0 and status.percent_recorded == 0.0
    assert (status.sixteen, status.sixteen_recorded) == (2, 0)
    kel = by_code(status)
    assert (kel[BUKITLAMA].total, kel[LOROKPAKJO].total, kel[SIRINGAGUNG].total) == (3, 0, 2)
    assert kel[LOROKPAKJO].sixteen == 2
    with db.transaction() as s:
        ani = s.execute(select(Resident).where(Resident.nama == "Ani Lestari")).scalar_one()
        assert ani.disabilities == "fisik,sensorik" and ani.kelurahan_code == BUKITLAMA
        rudi = s.execute(select(Resident).where(Resident.nama == "Rudi Hartono")).scalar_one()
        assert (rudi.rt, rudi.rw) == ("003", "002")
        audit = s.execute(select(AuditLog).where(AuditLog.kind == "coverage.import")
                          ).scalar_one()
        assert json.loads(audit.after)["rows"] == 8 and audit.username == "kasi"


def test_a_bad_line_refuses_the_whole_file_and_names_every_bad_line(db, kasi, listed):
    bad = csv_bytes(SITI, RUDI.replace("1671040403800003", "16710404038000"),
                    ANI.replace("16.71.04.1001", "Kemuning"), BAYU, BAYU.replace("Bayu", "Bayu2"))
    with pytest.raises(ImportRefused) as caught:
        cov.import_residents(db, kasi, "baru.csv", bad, now=NOW)
    problems = caught.value.problems
    assert problems[0].startswith("baris 3: NIK harus 16 angka")
    assert problems[1].startswith("baris 4: kelurahan 'Kemuning'")
    assert problems[2] == "baris 6: NIK sama dengan baris 5"
    assert len(problems) == 3 and "tidak ada yang disimpan" in caught.value.message
    # The old list stays, untouched.
    assert count(db, Resident) == 8 and count(db, ResidentImport) == 1


def test_a_missing_column_is_named(db, kasi):
    text = b"nik,nama,tanggal_lahir\n1671045708990002,Siti,1999-08-17\n"
    with pytest.raises(ValidationError, match="kolom kk, jenis_kelamin, kelurahan"):
        cov.import_residents(db, kasi, "x.csv", text, now=NOW)


def test_a_newer_list_replaces_the_old_and_keeps_the_figures(db, kasi, clerk, listed):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)  # Siti
    later = NOW + dt.timedelta(days=30)
    summary = cov.import_residents(db, kasi, "penduduk-februari.csv",
                                   csv_bytes(SITI, RUDI), now=later)
    assert summary.rows == 2 and summary.replaced_rows == 8
    assert count(db, Resident) == 2
    history = cov.import_history(db, kasi)
    assert [h.file_name for h in history] == ["penduduk-februari.csv", "penduduk.csv"]
    newest, oldest = history
    assert newest.figures_at_import["total"] == 2 and newest.figures_at_import["recorded"] == 1
    assert newest.replaced_at is None and newest.figures_at_replacement is None
    assert oldest.figures_at_import["total"] == 5 and oldest.figures_at_import["recorded"] == 0
    assert oldest.figures_at_replacement["total"] == 5
    assert oldest.figures_at_replacement["recorded"] == 1
    assert oldest.replaced_at == later


def test_xlsx_with_dates_and_rt_rw_in_one_column(db, kasi):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIK", "No KK", "Nama Lengkap", "Tgl Lahir", "JK", "Kelurahan", "RT/RW",
                  "No HP"])
    sheet.append(["1671045708990002", "1671040901190005", "Siti Aminah",
                  dt.datetime(1999, 8, 17), "P", "Bukit Lama", "005/002", "0812 3456 7890"])
    sheet.append(["1671040403800003", "1671040901190005", "Rudi Hartono", "04-03-1980",
                  "LAKI-LAKI", "26 Ilir D. I", "3/1", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    cov.import_residents(db, kasi, "penduduk.xlsx", buffer.getvalue(), now=NOW)
    with db.transaction() as s:
        rows = {r.nama: r for r in s.execute(select(Resident)).scalars()}
    assert rows["Siti Aminah"].tanggal_lahir == dt.date(1999, 8, 17)
    assert (rows["Siti Aminah"].rt, rows["Siti Aminah"].phone) == ("005", "081234567890")
    assert rows["Rudi Hartono"].kelurahan_code == "16.71.04.1003"
    assert rows["Rudi Hartono"].jenis_kelamin == "L"


@pytest.mark.parametrize("content", [
    b"NIK;Nama\n1671045708990002;Siti\n",     # a CSV renamed .xlsx: "not a zip file"
    b"PK\x05\x06" + b"\x00" * 18,             # an empty zip: no [Content_Types].xml
    b"",
])
def test_a_file_named_xlsx_that_is_not_one_is_refused_in_indonesian(db, kasi, listed,
                                                                    content):
    """Issue 13 review: the library's English never reaches the supervisor."""
    with pytest.raises(ValidationError) as refused:
        cov.import_residents(db, kasi, "penduduk.xlsx", content, now=NOW)
    message = refused.value.message
    assert message.startswith("Berkas bukan spreadsheet XLSX yang sah")
    for english in ("zip", "Content_Types", "There is no item", "File is"):
        assert english not in message
    with db.transaction() as s:  # the old list stays
        assert s.execute(select(func.count(Resident.id))).scalar_one() > 0


def test_matching_after_a_recording_print_and_handover(db, kasi, clerk, listed):
    result = rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    status = cov.coverage_status(db, kasi, as_of=TODAY)
    assert (status.recorded, status.recorded_here, status.printed) == (1, 1, 0)
    assert by_code(status)[BUKITLAMA].recorded == 1
    cp.receive_blanko(db, kasi, 5, "Disdukcapil", "BA/1", now=NOW)
    cp.record_printed(db, clerk, result.application_id, "BLK-T", now=NOW + dt.timedelta(hours=1))
    pk.hand_over(db, clerk, result.application_id, receiver="self", identity_checked=True,
                 now=NOW + dt.timedelta(days=1))
    assert cov.coverage_status(db, kasi, as_of=TODAY).printed == 1
    assert cov.coverage_status(db, kasi, as_of=TODAY).handed_over == 0
    tomorrow = cov.coverage_status(db, kasi, as_of=TODAY + dt.timedelta(days=1))
    assert (tomorrow.recorded, tomorrow.printed, tomorrow.handed_over) == (1, 1, 1)
    # Before the recording day nobody was recorded.
    assert cov.coverage_status(db, kasi, as_of=TODAY - dt.timedelta(days=1)).recorded == 0


def test_a_cancelled_application_is_not_coverage(db, kasi, clerk, listed):
    result = rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    rec.cancel_application(db, clerk, result.application_id, "salah input data")
    assert cov.coverage_status(db, kasi, as_of=TODAY).recorded == 0


def test_percentages_by_kelurahan_sorted_by_what_is_missing(db, kasi, clerk, listed):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)  # Siti, Bukitlama
    cov.mark_recorded_elsewhere(db, clerk, nik(dt.date(2001, 12, 1), serial=7), TODAY,
                                "Disdukcapil Kota Palembang")  # Dedi, Siringagung
    data = cov.coverage_status(db, kasi, as_of=TODAY).as_json()
    assert (data["total"], data["recorded"], data["percent_recorded"]) == (5, 2, 40.0)
    assert data["recorded_elsewhere"] == 1
    rows = {r["code"]: r for r in data["by_kelurahan"]}
    assert rows[BUKITLAMA]["percent_recorded"] == 33.3
    assert rows[SIRINGAGUNG]["percent_recorded"] == 50.0
    assert rows[LOROKPAKJO]["percent_recorded"] == 0.0 and rows[LOROKPAKJO]["total"] == 0
    assert set(data["by_kelurahan"][0]) >= {"code", "name", "total", "recorded",
                                            "percent_recorded"}
    # Most missing first: Bukitlama (2 missing), then Siringagung (1).
    assert [r["code"] for r in data["by_kelurahan"][:2]] == [BUKITLAMA, SIRINGAGUNG]
    assert rows[BUKITLAMA]["name"] == "Bukitlama"


def test_pemula_list_before_an_election(db, kasi, listed):
    targets = cov.list_targets(db, kasi, TargetKind.PEMULA, before=ELECTION, today=TODAY)
    # Bayu turns 17 on 1 March (before 17 April); Dedi turned 17 in December; Cici only
    # in June; Siti, Rudi, Ani are older; Fajar is 13.
    assert [t.nama for t in targets] == ["Bayu Pratama", "Dedi Saputra"]
    bayu = targets[0]
    assert bayu.school == "SMA Negeri 6 Palembang" and bayu.kelurahan == "Lorokpakjo"
    assert bayu.turns_17 == dt.date(2019, 3, 1) and bayu.age == 16
    assert bayu.nik_masked == "167104******0005"
    assert bayu.as_json()["nik"] == "167104******0005"
    later = cov.list_targets(db, kasi, TargetKind.PEMULA, before=dt.date(2019, 7, 1),
                             today=TODAY)
    assert "Cici Amelia" in [t.nama for t in later]
    with pytest.raises(ValidationError, match="sebelum hari ini"):
        cov.list_targets(db, kasi, TargetKind.PEMULA, before=TODAY - dt.timedelta(days=1),
                         today=TODAY)


def test_disabilitas_and_belum_rekam_lists_skip_the_recorded(db, kasi, clerk, listed):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)  # Siti
    dis = cov.list_targets(db, kasi, TargetKind.DISABILITAS, today=TODAY)
    assert [(t.nama, t.disabilities) for t in dis] == [("Ani Lestari", "fisik,sensorik")]
    missing = cov.list_targets(db, kasi, TargetKind.BELUM_REKAM, today=TODAY)
    assert [t.nama for t in missing] == ["Ani Lestari", "Rudi Hartono", "Dedi Saputra",
                                         "Eka Putri"]


def test_contact_log_appears_with_the_targets_and_in_the_export(db, kasi, clerk, listed):
    bayu = nik(dt.date(2002, 3, 1), serial=5)
    ct.add_contact(db, clerk, bayu, ContactChannel.WHATSAPP, "Akan datang Sabtu", now=NOW)
    ct.add_contact(db, kasi, bayu, "telepon", "Tidak diangkat", now=NOW)
    with pytest.raises(ValidationError, match="saluran"):
        ct.add_contact(db, clerk, bayu, "merpati", "Terkirim", now=NOW)
    log = ct.list_contacts(db, clerk, bayu)
    assert [(c.channel, c.result, c.by) for c in log] == [
        ("whatsapp", "Akan datang Sabtu", "Petugas"), ("telepon", "Tidak diangkat", "Kasi")]
    target = cov.list_targets(db, kasi, TargetKind.PEMULA, before=ELECTION, today=TODAY)[0]
    assert [c.result for c in target.contacts] == ["Akan datang Sabtu", "Tidak diangkat"]
    book = load_workbook(io.BytesIO(cov.export_targets(
        db, kasi, TargetKind.PEMULA, before=ELECTION, today=TODAY)))
    sheet = book["Sasaran"]
    header = [c.value for c in sheet[2]]
    first = dict(zip(header, [c.value for c in sheet[3]], strict=True))
    assert first["nik"] == "167104******0005" and first["nama"] == "Bayu Pratama"
    assert first["jumlah_kontak"] == 2 and first["hasil_kontak_terakhir"] == "Tidak diangkat"
    assert first["tanggal_lahir"].date() == dt.date(2002, 3, 1)
    full = load_workbook(io.BytesIO(cov.export_targets(
        db, kasi, TargetKind.PEMULA, before=ELECTION, full_nik=True, today=TODAY)))
    assert full["Sasaran"]["A3"].value == bayu
    with db.transaction() as s:
        kinds = [a.kind for a in s.execute(select(AuditLog).order_by(AuditLog.seq)).scalars()]
        exports = [json.loads(a.after)["full_nik"] for a in s.execute(
            select(AuditLog).where(AuditLog.kind == "coverage.export")).scalars()]
    assert kinds.count("contact.add") == 2 and exports == [False, True]


def test_roles(db, kasi, clerk, listed):
    camat = make_user(db, "camat", Role.CAMAT)
    assert cov.coverage_status(db, camat, as_of=TODAY).total == 5
    for actor in (camat, clerk):
        with pytest.raises(NotAllowed):
            cov.import_residents(db, actor, "p.csv", csv_bytes(SITI), now=NOW)
        with pytest.raises(NotAllowed):
            cov.list_targets(db, actor, TargetKind.BELUM_REKAM, today=TODAY)
    with pytest.raises(NotAllowed):
        cov.coverage_status(db, clerk)


def test_a_disability_is_recorded_only_with_consent(db, kasi, clerk):
    kinds = frozenset({DisabilityKind.FISIK, DisabilityKind.SENSORIK})
    with pytest.raises(ValidationError, match="persetujuan"):
        rec.save_recording(db, clerk, recording("BARU", disabilities=kinds), now=NOW)
    assert count(db, Application) == 0
    result = rec.save_recording(db, clerk, recording(
        "BARU", disabilities=kinds, disability_consent=True), now=NOW)
    with db.transaction() as s:
        row = s.get(ApplicationDisability, result.application_id)
        assert row.kinds == "fisik,sensorik" and row.consent is True
    report = compute_report(db, kasi, TODAY)
    assert report.coverage.disabilities == {"fisik": 1, "intelektual": 0, "mental": 0,
                                            "sensorik": 1}
    assert report.as_json()["coverage"]["disabilities"]["fisik"] == 1


def test_a_home_visit_request_is_carried_to_a_recording(db, kasi, clerk, listed):
    ani = nik(dt.date(1975, 6, 1), "P", 4)
    request = hv.request_home_visit(
        db, clerk, nik=ani, nama="Ani Lestari", requested_by="Budi (anak)",
        requester_phone="0812 7777 8888", address="Jl. Bukit Lama No. 9",
        kelurahan_code=BUKITLAMA, needs="Kursi roda; tidak dapat berdiri lama", now=NOW)
    assert request.status == "requested" and request.nik_masked == "167104******0004"
    with pytest.raises(NotAllowed):
        hv.plan_home_visit(db, clerk, request.id, TODAY + dt.timedelta(days=2), "Tim A",
                           now=NOW)
    planned = hv.plan_home_visit(db, kasi, request.id, TODAY + dt.timedelta(days=2),
                                 "Rina, Joko", now=NOW)
    event = next(e for e in rec.list_outreach_events(db) if e.id == planned.outreach_event_id)
    assert (event.kind, event.day) == ("kunjungan_rumah", TODAY + dt.timedelta(days=2))
    data = recording("BARU", nik=ani, card=card(nama="Ani Lestari",
                                                 tanggal_lahir=dt.date(1975, 6, 1)),
                     outreach_event_id=event.id,
                     disabilities=frozenset({DisabilityKind.FISIK}), disability_consent=True)
    result = rec.save_recording(db, clerk, data, now=NOW + dt.timedelta(days=2))
    done = hv.list_home_visits(db, clerk)[0]
    assert (done.status, done.application_id) == ("done", result.application_id)
    status = cov.coverage_status(db, kasi, as_of=TODAY + dt.timedelta(days=2))
    assert (status.recorded, status.recorded_at_event) == (1, 1)
    assert cov.list_targets(db, kasi, TargetKind.DISABILITAS,
                            today=TODAY + dt.timedelta(days=2)) == []


def test_an_outreach_plan_shows_who_was_reached(db, kasi, clerk, listed):
    targets = cov.list_targets(db, kasi, TargetKind.BELUM_REKAM, today=TODAY)
    plan = op.plan_outreach(db, kasi, name="Gotong royong Minggu Bukitlama", kind="gotong_royong",
                            place="Lapangan Kelurahan Bukitlama", day=TODAY,
                            target_kind=TargetKind.BELUM_REKAM,
                            niks=[t.nik for t in targets if t.kelurahan_code == BUKITLAMA],
                            now=NOW)
    assert (plan.targets, plan.missing) == (3, 3)
    siti = recording("BARU", outreach_event_id=plan.event_id)
    rec.save_recording(db, clerk, siti, now=NOW + dt.timedelta(hours=2))
    cov.mark_recorded_elsewhere(db, clerk, nik(dt.date(1980, 3, 4), serial=3), TODAY,
                                "Kecamatan Ilir Timur Satu")
    result = op.plan_results(db, kasi, plan.id)
    assert (result.reached_at_event, result.recorded_otherwise, result.missing) == (1, 1, 1)
    assert [(r.nama, r.state) for r in result.results] == [
        ("Ani Lestari", op.MISSING), ("Rudi Hartono", op.RECORDED_OTHERWISE),
        ("Siti Aminah", op.REACHED_AT_EVENT)]
    report = compute_report(db, kasi, TODAY)
    assert report.coverage.events == [{
        "name": "Gotong royong Minggu Bukitlama", "date": "2019-01-09",
        "place": "Lapangan Kelurahan Bukitlama", "targets": 3, "reached": 1, "missing": 1}]
    assert (report.coverage.total, report.coverage.recorded) == (5, 2)
    with pytest.raises(ValidationError, match="tidak ada di daftar penduduk"):
        op.plan_outreach(db, kasi, name="Sekolah", kind="sekolah", place="SMA 1", day=TODAY,
                         target_kind=TargetKind.PEMULA, niks=["1671040101010009"], now=NOW)


def test_report_without_a_resident_list_says_so(db, kasi):
    report = compute_report(db, kasi, TODAY)
    assert report.coverage.has_list is False
    assert report.as_json()["coverage"]["has_list"] is False


def test_sudah_rekam_on_the_disdukcapil_list_counts_as_recorded_elsewhere(db, kasi, clerk):
    header = HEADER + ",status_rekam"
    text = "\n".join([header, SITI + ",sudah rekam", RUDI + ",belum rekam", ANI + ",Sudah",
                      DEDI + ","]) + "\n"
    cov.import_residents(db, kasi, "penduduk.csv", text.encode(), now=NOW)
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)  # Siti: on the list and here
    status = cov.coverage_status(db, kasi, as_of=TODAY)
    # Siti is counted once (here), Ani as recorded elsewhere; Rudi and Dedi are missing.
    assert (status.total, status.recorded, status.recorded_here,
            status.recorded_elsewhere) == (4, 2, 1, 1)
    missing = cov.list_targets(db, kasi, TargetKind.BELUM_REKAM, today=TODAY)
    assert [t.nama for t in missing] == ["Rudi Hartono", "Dedi Saputra"]
    bad = "\n".join([header, SITI + ",mungkin"]) + "\n"
    with pytest.raises(ImportRefused, match="baris 2: status_rekam"):
        cov.import_residents(db, kasi, "penduduk.csv", bad.encode(), now=NOW)


def test_a_name_that_looks_like_a_formula_stays_text_in_the_export(db, kasi):
    evil = line('=HYPERLINK("http://x")', dt.date(1980, 3, 4), serial=3)
    cov.import_residents(db, kasi, "p.csv", csv_bytes(evil), now=NOW)
    book = load_workbook(io.BytesIO(cov.export_targets(db, kasi, TargetKind.BELUM_REKAM,
                                                       today=TODAY)))
    cell = book["Sasaran"]["B3"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_a_target_list_for_a_kelurahan_elsewhere_is_refused(db, kasi, listed):
    """An unknown code would give an empty list that reads as "everyone is recorded"."""
    mine = cov.list_targets(db, kasi, TargetKind.BELUM_REKAM, kelurahan_code=BUKITLAMA,
                            today=TODAY)
    assert mine and all(t.kelurahan_code == BUKITLAMA for t in mine)
    for code in ("99.99.99.9999", "16.71.05.1001"):  # nonsense; a kelurahan of Ilir Barat II
        with pytest.raises(ValidationError, match="bukan kelurahan di kecamatan"):
            cov.list_targets(db, kasi, TargetKind.BELUM_REKAM, kelurahan_code=code,
                             today=TODAY)
        with pytest.raises(ValidationError, match="bukan kelurahan di kecamatan"):
            cov.export_targets(db, kasi, TargetKind.BELUM_REKAM, kelurahan_code=code,
                               today=TODAY)
