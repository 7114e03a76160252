"""Audit events and their details in words (issue 13)."""

import json
import re
from pathlib import Path

from counter_app.domain.audit_words import EVENT_WORDS, details_lines, event_label

SERVICES = Path(__file__).parents[2] / "counter_app" / "services"


def test_every_event_the_services_write_has_words():
    codes = set()
    for path in SERVICES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r"audit\.record\(\s*\w+,\s*[\w.]+,\s*\"([a-z_]+(?:\.[a-z_]+)*)\"",
                                text))
    assert len(codes) > 40  # the pattern still finds them
    missing = sorted(code for code in codes if code not in EVENT_WORDS)
    assert missing == []
    for kind in ("ticket.called", "ticket.no_show", "application.hand_over",
                 "batch.item_rejected", "application.print"):
        assert kind in EVENT_WORDS


def test_details_are_a_readable_list_not_json():
    after = json.dumps({"route": "FORWARD", "status": "forwarded", "copy": 2,
                        "not_served": 0, "on_behalf": True, "items": ["A", "B"]})
    lines = details_lines(after)
    assert lines == ["Tempat cetak: Dicetak di Disdukcapil", "Status: Dikirim ke Disdukcapil",
                     "Cetakan ke: 2", "Tidak terlayani: 0",
                     "Atas nama kepala Disdukcapil: ya", "Berkas: A, B"]
    assert not any(code in " ".join(lines) for code in ("FORWARD", "forwarded", "{", '"'))
    assert details_lines("") == [] and details_lines("teks biasa") == ["teks biasa"]


def test_unknown_codes_still_read_as_words():
    assert event_label("application.record") == "Perekaman disimpan"
    assert event_label("ticket.teleported") == "Tiket: teleported"
    assert "." not in event_label("something_new.done_now")


def test_every_row_of_a_demo_office_reads_in_indonesian(db):
    """Issue 13 review: no code, no English key, no ISO date on the audit screen."""
    import datetime as dt

    from sqlalchemy import select

    from counter_app.domain.audit_words import FIELD_WORDS, subject_text
    from counter_app.models import AuditLog
    from counter_app.services.audit_view import record_command
    from counter_app.services.demo import DEMO_PASSWORD
    from counter_app.services.demo_data import fill_demo
    from counter_app.services.users import authenticate

    fill_demo(db, dt.date(2019, 1, 10), days=2, seed=11)
    admin = authenticate(db, "admin", DEMO_PASSWORD)
    record_command(db, admin, "office holidays", {
        "action": "add", "command": "office", "day": "2099-12-24",
        "office_command": "holidays", "reason": "Cuti kantor"})
    with db.read_session() as session:
        rows = [(r.kind, r.subject, r.before, r.after)
                for r in session.scalars(select(AuditLog).order_by(AuditLog.seq))]
    assert len(rows) > 300
    snake = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    english = re.compile(r"\b(Status: [a-z]|Code|Reject code|Purpose|Kind|Changed|Mismatches|"
                         r"Approved by|Element|Entered|Reason|Action|Command|Office command|"
                         r"State|Channel|Counters|Workstation|Courier|Ticket id)\b")
    seen_keys: set[str] = set()
    texts = []
    for kind, subject, before, after in rows:
        for stored in (before, after):
            if stored.startswith("{") and kind != "cli.command":
                seen_keys |= set(json.loads(stored))
        text = " | ".join([event_label(kind), subject_text(kind, subject),
                           *details_lines(before, kind), *details_lines(after, kind)])
        # File paths and names (a backup's place on disk; on PostgreSQL a dump named after
        # the test's schema) are shown as they are.
        text = " ".join(word for word in text.split()
                        if "/" not in word and not word.endswith((".dump", ".db")))
        texts.append(text)
        assert not snake.search(text), text
        assert not iso.search(text), text
        assert not english.search(text), text
    assert sorted(seen_keys - set(FIELD_WORDS)) == []
    everything = "\n".join(texts)
    assert "Jenis permohonan: Hilang" in everything and "Elemen berubah: Status" in everything
    for words in ("Alasan penolakan: Dokumen kurang",
                  "Keperluan: Ulang tahun ke-17", "Status: Menunggu", "Status: Tidak hadir",
                  "Elemen Tanggal lahir", "Tindakan: add", "Tanggal: 24-12-2099",
                  "Jenis kegiatan: Kunjungan rumah"):
        assert words in everything, words
