"""The cases a real counter meets (issue 10), through the services, on SQLite and PG."""

import dataclasses
import datetime as dt
import io
import json

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counter_app.domain.cases import DataElement
from counter_app.domain.errors import NotAllowed, ValidationError
from counter_app.domain.ikd import IkdForm
from counter_app.domain.lifecycle import Status
from counter_app.domain.recording import MismatchNote, MismatchReason
from counter_app.domain.roles import Role
from counter_app.domain.routing import Route
from counter_app.models import Applicant, Application, ApplicationDocument, AuditLog
from counter_app.printing.daily_report import report_pdf
from counter_app.printing.report_xlsx import report_xlsx
from counter_app.services import ikd
from counter_app.services import queue as q
from counter_app.services import recording as rec
from counter_app.services.day_close import letterhead
from counter_app.services.keys import load_signer
from counter_app.services.reports import compute_report
from counter_app.services.settings import get_outreach_kinds, set_outreach_kinds
from counter_app.services.slip_printing import slip_printout
from tests.helpers import NIK, PASSWORD, card, make_office, make_user, recording

# Wednesday 9 January 2019, 09.00 WIB
NOW = dt.datetime(2019, 1, 9, 2, 0, tzinfo=dt.UTC)
DAY = dt.date(2019, 1, 9)
AKTA = {"tanggal_lahir": MismatchNote(MismatchReason.AKTA)}


@pytest.fixture
def office(db):
    return make_office(db)


@pytest.fixture
def clerk(db, office):
    return make_user(db, "petugas", Role.OPERATOR)


@pytest.fixture
def kasi(db, office):
    return make_user(db, "kasi", Role.SUPERVISOR)


def app_row(db, app_id):
    with db.transaction() as s:
        return s.get(Application, app_id)


def doc_codes(db, app_id):
    with db.transaction() as s:
        return [d.code for d in s.execute(select(ApplicationDocument).where(
            ApplicationDocument.application_id == app_id)).scalars()]


# --- a NIK that disagrees with the person -------------------------------------------

def test_birth_date_disagreeing_with_the_nik_needs_a_reason_naming_both_values(db, clerk):
    data = recording("BARU", card=card(tanggal_lahir=dt.date(1999, 8, 18)))
    with pytest.raises(ValidationError) as err:
        rec.save_recording(db, clerk, data, now=NOW)
    assert "17-08-99" in err.value.message and "18-08-1999" in err.value.message
    result = rec.save_recording(db, clerk, dataclasses.replace(data, nik_notes=AKTA), now=NOW)
    assert result.route is Route.LOCAL
    assert any("NIK tidak sesuai data" in w and "akta kelahiran" in w for w in result.warnings)
    row = app_row(db, result.application_id)
    stored = json.loads(row.nik_mismatch)
    assert stored == [{"element": "tanggal_lahir", "nik": "17-08-99",
                       "entered": "18-08-1999", "reason": "AKTA",
                       "reason_text": "Data pada akta kelahiran berbeda dengan NIK",
                       "approved_by": ""}]
    with db.transaction() as s:
        person = s.execute(select(Applicant)).scalar_one()
        assert person.nik == NIK and person.tanggal_lahir == dt.date(1999, 8, 18)
        entry = s.execute(select(AuditLog).where(
            AuditLog.kind == "application.nik_mismatch")).scalar_one()
        assert "akta kelahiran" in entry.reason and NIK not in entry.after
    assert compute_report(db, None, DAY).recordings.nik_mismatch == 1


def test_other_reason_needs_text_and_data_change_needs_the_element(db, clerk):
    base = recording("BARU", card=card(tanggal_lahir=dt.date(1999, 8, 18)))
    for notes, message in (
            ({"tanggal_lahir": MismatchNote(MismatchReason.OTHER, "ok")}, "alasan lainnya"),
            ({"tanggal_lahir": MismatchNote(MismatchReason.DATA_CHANGE)}, "hanya bila")):
        with pytest.raises(ValidationError, match=message):
            rec.save_recording(db, clerk, dataclasses.replace(base, nik_notes=notes), now=NOW)
    note = {"tanggal_lahir": MismatchNote(MismatchReason.OTHER, "Salah ketik saat NIK dibuat")}
    result = rec.save_recording(db, clerk, dataclasses.replace(base, nik_notes=note), now=NOW)
    assert "Lainnya: Salah ketik" in app_row(db, result.application_id).nik_mismatch


def test_sex_disagreeing_with_the_nik_needs_a_supervisor_too(db, clerk, kasi):
    notes = {"jenis_kelamin": MismatchNote(MismatchReason.AKTA)}
    data = recording("BARU", card=card(jenis_kelamin="L"), nik_notes=notes)
    with pytest.raises(ValidationError, match="persetujuan supervisor"):
        rec.save_recording(db, clerk, data, now=NOW)
    with pytest.raises(NotAllowed):
        rec.authorize_override(db, "petugas", PASSWORD, "akta menyatakan laki-laki",
                               clerk=clerk, nik=data.nik, case_type=data.case_type)
    grant = rec.authorize_override(db, "kasi", PASSWORD, "akta menyatakan laki-laki",
                                   clerk=clerk, nik=data.nik, case_type=data.case_type)
    result = rec.save_recording(db, clerk, dataclasses.replace(data, nik_approval=grant),
                                now=NOW)
    row = app_row(db, result.application_id)
    assert row.nik_mismatch_approved_by == kasi.user_id
    assert json.loads(row.nik_mismatch)[0]["approved_by"] == "kasi"
    assert json.loads(row.nik_mismatch)[0]["nik"] == "perempuan"


def test_perubahan_data_of_the_birth_date_keeps_the_nik(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    changed = frozenset({DataElement.TEMPAT_TANGGAL_LAHIR})
    data = recording("PERUBAHAN_DATA", changed_elements=changed,
                     card=card(tanggal_lahir=dt.date(1998, 3, 2)),
                     nik_notes={"tanggal_lahir": MismatchNote(MismatchReason.DATA_CHANGE)})
    result = rec.save_recording(db, clerk, data, now=NOW + dt.timedelta(hours=1))
    assert result.route is Route.FORWARD and result.route_reason == "perubahan elemen data"
    assert doc_codes(db, result.application_id) == ["KK_UPDATED", "KTP_LAMA", "AKTA_KELAHIRAN"]
    with db.transaction() as s:
        person = s.execute(select(Applicant)).scalar_one()
        assert (person.nik, person.tanggal_lahir) == (NIK, dt.date(1998, 3, 2))
    old = json.loads(app_row(db, result.application_id).old_data)
    assert old["tanggal_lahir"] == "1999-08-17"


def test_perubahan_data_of_sex_needs_the_penetapan_and_a_supervisor(db, clerk, kasi):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    changed = frozenset({DataElement.JENIS_KELAMIN})
    data = recording("PERUBAHAN_DATA", changed_elements=changed, card=card(jenis_kelamin="L"),
                     nik_notes={"jenis_kelamin": MismatchNote(MismatchReason.DATA_CHANGE)})
    with pytest.raises(ValidationError, match="persetujuan supervisor"):
        rec.save_recording(db, clerk, data, now=NOW)
    grant = rec.authorize_override(db, "kasi", PASSWORD, "penetapan PN Palembang dilihat",
                                   clerk=clerk, nik=data.nik, case_type=data.case_type)
    result = rec.save_recording(db, clerk, dataclasses.replace(data, nik_approval=grant),
                                now=NOW)
    assert "PENETAPAN_PN_JK" in doc_codes(db, result.application_id)


def test_name_proofs_ganti_nama_or_pembetulan(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    for element, proof in ((DataElement.NAMA, "PENETAPAN_PN_NAMA"),
                           (DataElement.NAMA_PEMBETULAN, "AKTA_KELAHIRAN")):
        result = rec.save_recording(db, clerk, recording(
            "PERUBAHAN_DATA", changed_elements=frozenset({element}),
            card=card(nama="Siti Aminah Putri")), now=NOW)
        assert doc_codes(db, result.application_id) == ["KK_UPDATED", "KTP_LAMA", proof]
    both = frozenset({DataElement.NAMA, DataElement.NAMA_PEMBETULAN})
    with pytest.raises(ValidationError, match="tidak keduanya"):
        rec.save_recording(db, clerk, recording("PERUBAHAN_DATA", changed_elements=both),
                           now=NOW)


# --- combined cases and pindah datang ------------------------------------------------

@pytest.mark.parametrize(("case", "own"), [("HILANG", "SURAT_KEHILANGAN"),
                                           ("RUSAK", "KTP_RUSAK")])
def test_lost_or_damaged_card_with_changed_elements_is_one_application(db, clerk, case, own):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    changed = frozenset({DataElement.STATUS_PERKAWINAN})
    data = recording(case, changed_elements=changed, card=card(status_perkawinan="Kawin"))
    result = rec.save_recording(db, clerk, data, now=NOW)
    assert result.route is Route.FORWARD and result.status is Status.FORWARDED
    assert doc_codes(db, result.application_id) == ["KK_UPDATED", own, "AKTA_NIKAH_CERAI"]
    assert app_row(db, result.application_id).override_by is None
    by_case = compute_report(db, None, DAY).recordings.by_case
    assert by_case[f"{case}+PERUBAHAN_DATA"] == 1 and by_case[case] == 0


def test_combined_case_only_changes_the_chosen_elements(db, clerk):
    rec.save_recording(db, clerk, recording("BARU"), now=NOW)
    data = recording("HILANG", changed_elements=frozenset({DataElement.PEKERJAAN}),
                     card=card(pekerjaan="WIRASWASTA", agama="Kristen"))
    with pytest.raises(ValidationError, match="agama berubah"):
        rec.save_recording(db, clerk, data, now=NOW)


def test_pindah_datang_needs_skpwni_and_the_new_kk_and_goes_to_disdukcapil(db, clerk):
    data = recording("PINDAH_DATANG", documents={"SKPWNI": True, "KK_BARU": True})
    with pytest.raises(ValidationError, match="Nomor surat keterangan pindah"):
        rec.save_recording(db, clerk, data, now=NOW)
    data = dataclasses.replace(data, document_details={"SKPWNI": {"nomor": "SKPWNI/123"}})
    result = rec.save_recording(db, clerk, data, now=NOW)
    assert result.route is Route.FORWARD and result.route_reason == "pindah datang"
    assert doc_codes(db, result.application_id) == ["SKPWNI", "KK_BARU"]


# --- eligibility --------------------------------------------------------------------

MARRIED_15 = card(tanggal_lahir=dt.date(2003, 8, 17), status_perkawinan="Kawin")
NIK_2003 = "1671045708030002"


def test_married_under_17_needs_the_marriage_deed_in_the_checklist(db, clerk, kasi):
    data = recording("BARU", nik=NIK_2003, card=MARRIED_15)
    with pytest.raises(ValidationError, match="bukti perkawinan"):
        rec.save_recording(db, clerk, data, now=NOW)
    grant = rec.authorize_override(db, "kasi", PASSWORD,
                                   "supervisor tidak dapat menggantikan akta", clerk=clerk,
                                   nik=data.nik, case_type=data.case_type)
    with pytest.raises(ValidationError, match="bukti perkawinan"):
        rec.save_recording(db, clerk, dataclasses.replace(data, override=grant), now=NOW)
    proof = dataclasses.replace(data, documents={"KK": True, "BUKTI_KAWIN": True})
    result = rec.save_recording(db, clerk, proof, now=NOW)
    assert result.route is Route.LOCAL and result.printable_from == DAY
    assert doc_codes(db, result.application_id) == ["KK", "BUKTI_KAWIN"]


def test_married_16_year_old_without_deed_is_only_recorded(db, clerk):
    born = dt.date(2002, 8, 17)
    data = recording("BARU", nik="1671045708020002",
                     card=card(tanggal_lahir=born, status_perkawinan="Kawin"))
    with pytest.raises(ValidationError, match="Buku nikah"):
        rec.save_recording(db, clerk, data, now=NOW)  # the deed is on the checklist
    result = rec.save_recording(db, clerk, dataclasses.replace(
        data, documents={"KK": True, "BUKTI_KAWIN": True}), now=NOW)
    assert result.printable_from == DAY


def kitap(until="2024-06-30"):
    return {"PASPOR": {"nomor": "X1234567"}, "KITAP": {"nomor": "2C11AA0001",
                                                       "berlaku_sampai": until}}


WNA_CARD = card(kewarganegaraan="WNA", nama="Nguyễn Thị Lan")


def test_wna_with_kitap_is_forwarded_and_valid_until_the_kitap_ends(db, clerk):
    docs = {"KK": True, "PASPOR": True, "KITAP": True}
    data = recording("WNA", card=WNA_CARD, documents=docs, document_details=kitap())
    result = rec.save_recording(db, clerk, data, now=NOW)
    assert result.route is Route.FORWARD and result.valid_until == dt.date(2024, 6, 30)
    assert app_row(db, result.application_id).valid_until == dt.date(2024, 6, 30)
    slip = slip_printout(db, result.application_id, load_signer(db))
    assert "berlaku sampai" in slip.note and "30 Juni 2024" in slip.note
    assert "paspor dan KITAP" in slip.bring and "SUKET bila pernah diberikan" in slip.bring
    with pytest.raises(ValidationError, match="KITAP sudah tidak berlaku"):
        rec.save_recording(db, clerk, dataclasses.replace(
            data, nik="1671045708990003", document_details=kitap("2019-01-09")), now=NOW)
    with pytest.raises(ValidationError, match="harus WNA"):
        rec.save_recording(db, clerk, dataclasses.replace(data, card=card()), now=NOW)
    with pytest.raises(ValidationError, match="pilih jenis permohonan WNA"):
        rec.save_recording(db, clerk, recording("BARU", card=WNA_CARD), now=NOW)


# --- people from elsewhere ------------------------------------------------------------

@pytest.mark.parametrize("code", ["16.71.01.1001", "32.73.01.1001"])
def test_an_address_elsewhere_is_recorded_and_forwarded_as_luar_domisili(db, clerk, code):
    event = rec.create_outreach_event(db, clerk, "PTC Mall", "mal", DAY)
    data = recording("BARU", card=card(kelurahan_code=code), outreach_event_id=event.id)
    result = rec.save_recording(db, clerk, data, now=NOW)
    assert result.route is Route.FORWARD and result.route_reason == "luar domisili"
    row = app_row(db, result.application_id)
    assert row.outside_domicile and row.route_reason == "luar domisili"
    slip = slip_printout(db, result.application_id, load_signer(db))
    assert "Alasan: luar domisili" in slip.where_printed
    assert compute_report(db, None, DAY).recordings.outside_domicile == 1


@pytest.mark.parametrize("code", ["16.71.01.1999", "99.01.01.1001", "32.73.01", "abc"])
def test_an_unknown_region_code_is_refused(db, clerk, code):
    with pytest.raises(ValidationError, match="Kelurahan"):
        rec.save_recording(db, clerk, recording("BARU", card=card(kelurahan_code=code)),
                           now=NOW)


def test_imported_regions_are_accepted_addresses(db, office):
    from counter_app.services.office import import_regions

    admin = make_user(db, "admin2", Role.ADMIN)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    import_regions(db, admin, "code,level,name,parent_code\n"
                   "16.10,kabupaten,Ogan Ilir,16\n16.10.01,kecamatan,Indralaya,16.10\n"
                   "16.10.01.2001,desa,Tanjung Seteko,16.10.01\n")
    result = rec.save_recording(db, clerk, recording(
        "BARU", card=card(kelurahan_code="16.10.01.2001")), now=NOW)
    assert result.route_reason == "luar domisili"
    with pytest.raises(ValidationError, match="Kelurahan"):
        rec.save_recording(db, clerk, recording(
            "BARU", nik="1671045708990003", card=card(kelurahan_code="16.10.01.2002")),
            now=NOW)


# --- outreach kinds --------------------------------------------------------------------

def test_outreach_kinds_are_the_offices_list_and_an_admin_edits_them(db, clerk):
    kinds = get_outreach_kinds(db)
    assert list(kinds.values()) == ["Sekolah", "Lembaga pemasyarakatan", "Pusat perbelanjaan",
                                    "Kegiatan gotong royong",
                                    "Rumah penyandang disabilitas/lansia"]
    assert not any("car free" in v.lower() for v in kinds.values())
    with pytest.raises(NotAllowed):
        set_outreach_kinds(db, clerk, ["Sekolah"])
    admin = make_user(db, "admin2", Role.ADMIN)
    new = set_outreach_kinds(db, admin, ["Sekolah", "Pasar tradisional"])
    assert new["sekolah"] == "Sekolah" and "Pasar tradisional" in new.values()
    code = next(c for c, label in new.items() if label == "Pasar tradisional")
    event = rec.create_outreach_event(db, clerk, "Pasar 16 Ilir", code, DAY)
    assert event.label == "Pasar 16 Ilir (Pasar tradisional), 09-01-2019"
    with pytest.raises(ValidationError, match="jenis kegiatan"):
        rec.create_outreach_event(db, clerk, "Lapas Merah Mata", "lapas", DAY)


# --- IKD -------------------------------------------------------------------------------

def test_ikd_activation_is_its_own_queue_service_and_counted(db, clerk):
    services = {s.prefix: s for s in q.list_services(db)}
    assert services["E"].name == "Aktivasi IKD" and ikd.ikd_service_open(db)
    ticket = q.issue_ticket(db, "E", now=NOW)
    ok = ikd.record_activation(db, clerk, IkdForm(NIK, "siti@contoh.id", "", "Samsung A14",
                                                  True), ticket_id=ticket.id, now=NOW)
    assert ok.activated and ok.nik_masked == "167104******0002"
    ikd.record_activation(db, clerk, IkdForm(NIK, "", "0812 3456 7890", "Oppo A5s", False,
                                             "Ponsel tidak mendukung aplikasi IKD"), now=NOW)
    with pytest.raises(ValidationError) as err:
        ikd.record_activation(db, clerk, IkdForm(NIK, "", "", "", False, ""), now=NOW)
    assert len(err.value.problems) == 3  # contact, phone model, reason
    report = compute_report(db, None, DAY)
    assert (report.ikd.activated, report.ikd.not_activated) == (1, 1)
    recap = compute_report(db, None, DAY - dt.timedelta(days=2), DAY)
    assert recap.ikd.total == 2 and recap.days[-1].ikd == 2
    with db.transaction() as s:
        assert s.execute(select(AuditLog).where(AuditLog.kind == "ikd.activation")
                         ).scalars().all()
    admin = make_user(db, "admin2", Role.ADMIN)
    q.save_service(db, admin, prefix="E", name="Aktivasi IKD", active=False)
    assert not ikd.ikd_service_open(db)
    with pytest.raises(ValidationError, match="tidak dibuka"):
        q.issue_ticket(db, "E", now=NOW)


# --- the daily report counts them ---------------------------------------------------

def test_daily_report_pdf_spreadsheet_and_json_count_the_new_cases(db, clerk, office):
    rec.save_recording(db, clerk, recording(
        "BARU", card=card(tanggal_lahir=dt.date(1999, 8, 18), kelurahan_code="16.71.01.1001"),
        nik_notes=AKTA), now=NOW)
    rec.save_recording(db, clerk, recording(
        "PINDAH_DATANG", nik="1671045708990003", documents={"SKPWNI": True, "KK_BARU": True},
        document_details={"SKPWNI": {"nomor": "SKPWNI/9"}}), now=NOW)
    ikd.record_activation(db, clerk, IkdForm(NIK, "a@b.id", "", "Vivo Y20", True), now=NOW)
    report = compute_report(db, None, DAY)
    data = json.loads(report.json_text())
    assert data["recordings"]["nik_mismatch"] == 1
    assert data["recordings"]["outside_domicile"] == 1
    assert data["recordings"]["by_case"]["PINDAH_DATANG"] == 1
    assert data["ikd"] == {"activated": 1, "not_activated": 0, "total": 1}
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(report, letterhead(db)))).pages)
    for row in ("NIK tidak sesuai data\n1", "Luar domisili\n1", "Pindah datang\n1",
                "Aktivasi IKD berhasil\n1", "Hilang + perubahan data\n0"):
        assert row in text
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    rows = {r[0]: r[1] for r in book["Perekaman"].iter_rows(min_row=2, values_only=True)}
    assert rows["NIK tidak sesuai data"] == 1 and rows["luar domisili"] == 1
    assert rows["jenis: Pindah datang"] == 1 and rows["Dicetak di Disdukcapil"] >= 1
    ikd_rows = {r[0]: r[1] for r in book["Aktivasi IKD"].iter_rows(min_row=2,
                                                                    values_only=True)}
    assert ikd_rows == {"berhasil": 1, "belum berhasil": 0, "jumlah": 1}
