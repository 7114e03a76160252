"""A home visit recorded on a jemput bola laptop closes the office's request on import,
and the disability recorded there with consent travels with the recording."""

import dataclasses
import datetime as dt

from counter_app.domain.coverage import DisabilityKind
from counter_app.models import ApplicationDisability
from counter_app.services import home_visits as hv
from counter_app.services import outreach_laptop as ol
from counter_app.services import outreach_office as oo
from counter_app.services import recording as rec
from tests.helpers import card, recording
from tests.services.outreach_support import AT_EVENT, EVENT_DAY, make_outreach, nik_for


def test_a_home_visit_recorded_on_the_laptop_is_done_after_the_import(db, tmp_path):
    o = make_outreach(db, tmp_path)
    nik, born = nik_for(7)
    request = hv.request_home_visit(
        db, o.kasi, nik=nik, nama="Pak Tua", requested_by="Anaknya", address="Jl. Mawar 1",
        kelurahan_code="16.71.04.1001", needs="Tidak dapat berjalan",
        now=AT_EVENT - dt.timedelta(days=2))
    hv.plan_home_visit(db, o.kasi, request.id, EVENT_DAY, "Tim laptop",
                       now=AT_EVENT - dt.timedelta(days=2))
    # The laptop team opens its own home-visit round for that day and records him there.
    visit = ol.start_event(o.laptop, o.clerk, "Kunjungan rumah Bukitlama", "kunjungan_rumah",
                           "Jl. Mawar 1", EVENT_DAY, "Tim laptop")
    data = dataclasses.replace(
        recording("BARU"), nik=nik, outreach_event_id=visit.id,
        card=card(nama="Pak Tua", tanggal_lahir=born, jenis_kelamin="L"),
        disabilities=frozenset({DisabilityKind.FISIK}), disability_consent=True)
    rec.save_recording(o.laptop, o.clerk, data, now=AT_EVENT)
    assert hv.list_home_visits(db, o.kasi)[0].status == "planned"
    packet = ol.export_packet(o.laptop, o.clerk)
    oo.import_packet(db, o.kasi, packet.data, o.box)
    done = hv.list_home_visits(db, o.kasi)[0]
    assert done.status == "done" and done.application_id is not None
    with db.transaction() as s:
        row = s.get(ApplicationDisability, done.application_id)
        assert (row.kinds, row.consent) == ("fisik", True)
