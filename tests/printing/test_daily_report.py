"""The camat's daily report as a person reads it (issue 13): SEMENTARA before the close,
the closing officer's position and NIP, headings and signature never stranded, and
durations in words."""

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from counter_app.printing.daily_report import duration, report_pdf
from counter_app.printing.report_xlsx import report_xlsx
from counter_app.services.day_close import (
    archived_report,
    close_day,
    is_provisional,
    letterhead,
    reopen_day,
)
from counter_app.services.reports import compute_report
from counter_app.services.users import authenticate, set_profile
from tests.helpers import PASSWORD
from tests.services.test_reports import DAY, at, day  # noqa: F401 - the fixture

HEADING = re.compile(r"^\d+\. \S")


def pages(pdf: bytes) -> list[list[str]]:
    """Each page's lines of text, in drawing order (letterhead and footer first)."""
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


def content(page: list[str]) -> list[str]:
    """A page's lines without the letterhead and the footer."""
    start = next(i for i, line in enumerate(page) if "halaman" in line) + 1
    return [line for line in page[start:] if not line.startswith("SEMENTARA")]


def test_durations_read_in_minutes_and_seconds():
    assert duration(128) == "2 mnt 08 dtk"
    assert duration(59) == "0 mnt 59 dtk"
    assert duration(3725) == "1 jam 02 mnt"


def test_before_the_close_every_page_says_sementara_and_the_archive_does_not(day):  # noqa: F811
    db, kasi = day["db"], day["kasi"]
    admin = authenticate(db, "admin", PASSWORD)
    set_profile(db, admin, "kasi", nip="198001012005011002", jabatan="Kasi Pelayanan")
    assert is_provisional(db, DAY, DAY)
    early = report_pdf(compute_report(db, kasi, DAY), letterhead(db),
                       provisional=is_provisional(db, DAY, DAY))
    early_pages = pages(early)
    assert len(early_pages) >= 2
    for number, page in enumerate(early_pages, 1):
        text = " ".join(page)
        assert "SEMENTARA" in text, f"page {number}"
        assert "LOCAL" not in text and "FORWARD" not in text
    assert "Dicetak di kecamatan 2" in " ".join(early_pages[0])

    close_day(db, kasi, DAY, now=at(16, 30))
    assert not is_provisional(db, DAY, DAY)
    final, _digest = archived_report(db, kasi, DAY)
    text = " ".join(" ".join(page) for page in pages(final))
    assert "SEMENTARA" not in text
    # The closing officer signs with name, position and NIP.
    assert re.search(r"Kasi\s+Kasi Pelayanan\s+NIP\. 198001012005011002", text), text[-400:]
    assert "20 mnt 00 dtk" in text

    reopen_day(db, day["kasi"], DAY, "Koreksi data perekaman", now=at(17))
    assert is_provisional(db, DAY, DAY)


def test_the_spreadsheet_names_routes_and_cases_in_words(day):  # noqa: F811
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(report_xlsx(compute_report(day["db"], day["kasi"], DAY))))
    labels = [row[0] for row in book["Perekaman"].iter_rows(min_row=2, values_only=True)]
    assert "Dicetak di kecamatan" in labels and "Dicetak di Disdukcapil" in labels
    assert not any("LOCAL" in str(v) or "FORWARD" in str(v) or "BARU" == str(v)
                   for v in labels)


@pytest.mark.parametrize("extra_rows", range(0, 44, 2))
def test_no_heading_ends_a_page_and_the_signature_never_stands_alone(day, extra_rows):  # noqa: F811
    """Longer and shorter reports move every break; none may strand a heading or the
    signature block."""
    db, kasi = day["db"], day["kasi"]
    report = compute_report(db, kasi, DAY)
    outreach = {f"Kegiatan jemput bola {n:02d}": n for n in range(extra_rows)}
    report = dataclasses.replace(report, recordings=dataclasses.replace(
        report.recordings, outreach=outreach))
    pdf = report_pdf(report, letterhead(db), "Kasi", closed_by_jabatan="Kasi Pelayanan",
                     closed_by_nip="198001012005011002", provisional=True)
    for number, page in enumerate(pages(pdf), 1):
        lines = content(page)
        assert lines, f"page {number} is empty"
        assert not HEADING.match(lines[-1]), f"page {number} ends with {lines[-1]!r}"
        if any("Yang menutup layanan" in line for line in lines):
            before = lines[:next(i for i, line in enumerate(lines)
                                 if "Yang menutup layanan" in line)]
            assert any(re.search(r"\d$", line) for line in before), (
                f"page {number} holds the signature alone: {lines}")
