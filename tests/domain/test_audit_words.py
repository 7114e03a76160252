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
