"""The daily report (Laporan Harian Pelayanan KTP-el) and the range recap, A4 PDF.

It only presents a computed Report; every figure comes from services/reports.py.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.cases import CASE_KEY_LABELS, CASE_KEYS
from counter_app.domain.dates import format_date, month_name
from counter_app.domain.routing import ROUTE_LABELS, Route
from counter_app.printing.coverage_section import coverage_story
from counter_app.printing.letterhead import Letterhead, draw_letterhead

BLUE = colors.HexColor("#0b4f8a")
_SIDE_BY_SIDE = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
ORANGE = colors.HexColor("#e08a00")


def duration(seconds: int) -> str:
    """``2 mnt 08 dtk`` for a time span; ``1 jam 05 mnt`` from an hour on."""
    minutes, secs = divmod(int(seconds), 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} jam {minutes:02d} mnt"
    return f"{minutes} mnt {secs:02d} dtk"


def called(figures: Any) -> int:
    """Tickets of a service (or all) that were called: the ones a waiting time exists for."""
    return int(figures.served) + int(figures.no_show)


def duration_of(seconds: int, count: int) -> str:
    """``duration`` of an average over ``count`` tickets; "-" when there were none.

    A service nobody used has no waiting time, not a waiting time of "0 mnt 00 dtk".
    """
    return duration(seconds) if count else "-"


_HEADER = ParagraphStyle("header", fontName="Helvetica-Bold", fontSize=8, leading=9.5)
_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10)


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float] | None = None,
           total_row: bool = False) -> Table:
    # Header cells wrap (long Indonesian headings), the rest are plain strings.
    header = [Paragraph(str(c), _HEADER) for c in rows[0]]
    body = [[str(c) if not isinstance(c, Paragraph) else c for c in row] for row in rows[1:]]
    table = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if total_row:
        style += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5)]
    table.setStyle(TableStyle(style))
    return table


def hourly_chart(report: Any, width: float = 170 * mm, height: float = 55 * mm) -> Drawing:
    """Arrivals and calls per hour as grouped bars (reportlab graphics)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 28
    chart.width, chart.height = width - 140, height - 40
    chart.data = [[h.arrivals for h in report.hourly], [h.calls for h in report.hourly]]
    chart.categoryAxis.categoryNames = [f"{h.hour:02d}" for h in report.hourly]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    peak = max([1, *chart.data[0], *chart.data[1]])
    step = _nice_step(peak)  # round steps: 1, 2, 5, 10, 20, ... (a year has thousands)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = (peak // step + 1) * step
    chart.bars[0].fillColor = BLUE
    chart.bars[1].fillColor = ORANGE
    chart.barSpacing = 1
    chart.groupSpacing = 6
    legend = Legend()
    legend.x, legend.y = width - 100, height - 15
    legend.fontSize = 8
    legend.colorNamePairs = [(BLUE, "Kedatangan (tiket)"), (ORANGE, "Panggilan")]
    drawing.add(chart)
    drawing.add(legend)
    drawing.add(String(28, 8, "Jam (WIB)", fontSize=7))
    return drawing


GREEN = colors.HexColor("#2e7d32")
GREY = colors.HexColor("#7a7a7a")


def month_label(year: int, month: int, with_year: bool = True) -> str:
    """``Jan 2019`` (``Jan`` alone when every month is of one year)."""
    short = month_name(month)[:3]
    return f"{short} {year}" if with_year else short


def months_chart(report: Any, width: float = 170 * mm, height: float = 62 * mm) -> Drawing:
    """Tickets, recordings, cards printed and cards handed over per month (grouped bars)."""
    months = report.months
    one_year = len({m.year for m in months}) == 1
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 30
    chart.width, chart.height = width - 150, height - 42
    series = [("issued", BLUE, "Tiket"), ("recordings", ORANGE, "Perekaman"),
              ("printed", GREEN, "KTP-el dicetak"), ("handed_over", GREY, "Diserahkan")]
    chart.data = [[getattr(m, name) for m in months] for name, _c, _l in series]
    chart.categoryAxis.categoryNames = [month_label(m.year, m.month, not one_year)
                                        for m in months]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    peak = max([1, *(v for row in chart.data for v in row)])
    step = _nice_step(peak)
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = (peak // step + 1) * step
    for index, (_name, colour, _label) in enumerate(series):
        chart.bars[index].fillColor = colour
        chart.bars[index].strokeColor = None
    chart.barSpacing = 0.5
    chart.groupSpacing = 4 if len(months) > 6 else 10
    legend = Legend()
    legend.x, legend.y = width - 110, height - 15
    legend.fontSize = 8
    legend.columnMaximum = len(series)
    legend.colorNamePairs = [(colour, label) for _n, colour, label in series]
    drawing.add(chart)
    drawing.add(legend)
    year = f" {months[0].year}" if one_year and months else ""
    drawing.add(String(30, 8, f"Bulan{year}", fontSize=7))
    return drawing


def _nice_step(peak: int) -> int:
    """A round axis step giving about five grid lines up to ``peak``."""
    raw = max(1, peak // 5)
    magnitude = int(10 ** (len(str(raw)) - 1))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


PROVISIONAL = "SEMENTARA"
PROVISIONAL_NOTE = ("SEMENTARA - layanan belum ditutup; angka dapat berubah sampai "
                    "tutup layanan.")


def report_pdf(report: Any, head: Letterhead, closed_by: str = "", *,
               closed_by_jabatan: str = "", closed_by_nip: str = "",
               provisional: bool = False) -> bytes:
    """The report as an A4 PDF: letterhead, figures, chart, signature block.

    ``provisional``: printed before the day was closed; every page then says SEMENTARA
    (a watermark and a line under the letterhead), so it is never mistaken for the
    archived report. A heading always has its table under it on the same page, and the
    signature block never stands alone on a page.
    """
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    h1 = styles["Title"]
    h1.fontSize = 13
    h2 = styles["Heading3"]
    h2.fontSize = 10
    h2.spaceBefore = 6
    h2.spaceAfter = 3
    h2.keepWithNext = 1  # never a heading alone at the foot of a page
    body = styles["Normal"]
    body.fontSize = 9
    if report.single_day:
        title = "LAPORAN HARIAN PELAYANAN KTP-el"
        when = format_date(report.start)
    else:
        title = "REKAPITULASI PELAYANAN KTP-el"
        when = f"{format_date(report.start)} s.d. {format_date(report.end)}"

    def letterhead(canvas: Any, _doc: Any) -> None:
        draw_letterhead(canvas, head, A4[0], A4[1] - 15 * mm)
        canvas.setFont("Helvetica", 7)
        status = f" - {PROVISIONAL}" if provisional else ""
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{title} - {when}{status} - "
                               f"halaman {canvas.getPageNumber()}")
        if provisional:
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#b00020"))
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawCentredString(A4[0] / 2, A4[1] - 38 * mm, PROVISIONAL_NOTE)
            canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.12))
            canvas.setFont("Helvetica-Bold", 96)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, PROVISIONAL)
            canvas.restoreState()

    # invariant: no creation date inside, so the same figures give the same bytes.
    doc = SimpleDocTemplate(buffer, pagesize=A4, topMargin=42 * mm, bottomMargin=16 * mm,
                            leftMargin=18 * mm, rightMargin=18 * mm, title=f"{title} {when}",
                            invariant=1)
    q = report.queue
    story: list[Any] = [Paragraph(title, h1), Paragraph(when, styles["Heading4"]),
                        Spacer(1, 2 * mm)]
    story += [Paragraph("1. Antrean per layanan", h2), _table(
        [["Layanan", "Tiket", "Dilayani", "Tidak hadir", "Tidak terlayani", "Rata-rata tunggu",
          "Tunggu terlama", "Rata-rata layanan"]]
        + [[Paragraph(f"{s.prefix} {s.name}", _CELL), s.issued, s.served, s.no_show, s.not_served,
            duration_of(s.avg_wait_s, called(s)), duration_of(s.max_wait_s, called(s)),
            duration_of(s.avg_service_s, s.served)]
           for s in q.by_service]
        + [["Jumlah", q.issued, q.served, q.no_show, q.not_served,
            duration_of(q.avg_wait_s, called(q)), duration_of(q.max_wait_s, called(q)),
            duration_of(q.avg_service_s, q.served)]],
        [34 * mm, 11 * mm, 17 * mm, 15 * mm, 18 * mm, 25 * mm, 25 * mm, 25 * mm],
        total_row=True)]
    r = report.recordings
    ikd = report.ikd
    story += [KeepTogether([Paragraph("2. Perekaman dan aktivasi IKD", h2), Table([[
        _table([["Jenis permohonan", "Jumlah"]]
               + [[CASE_KEY_LABELS[key], r.by_case.get(key, 0)] for key in CASE_KEYS]
               + [["Jumlah perekaman", r.total]], [55 * mm, 18 * mm], total_row=True),
        _table([["Keterangan", "Jumlah"],
                *[[ROUTE_LABELS[route], r.by_route[route.value]] for route in Route],
                ["Luar domisili", r.outside_domicile],
                ["NIK tidak sesuai data", r.nik_mismatch],
                ["Biometrik direkam di stasiun Dukcapil", r.station],
                ["Usia 16 tahun (cetak saat 17)", r.age_16],
                ["Dengan pengecualian biometrik", r.biometric_exceptions],
                ["Aktivasi IKD berhasil", ikd.activated],
                ["Aktivasi IKD belum berhasil", ikd.not_activated]],
               [60 * mm, 18 * mm])]],
        colWidths=[80 * mm, 90 * mm], hAlign="LEFT", style=_SIDE_BY_SIDE)])]
    if r.outreach:
        story += [Spacer(1, 2 * mm), _table([["Jemput bola", "Perekaman"]]
                                            + [[k, v] for k, v in r.outreach.items()],
                                            [80 * mm, 25 * mm])]
    p, b = report.printing, report.blanko
    story += [KeepTogether([Paragraph("3. Pencetakan dan stok blanko", h2), Table(
        [[_table([["Uraian", "Jumlah"], ["KTP-el dicetak", p.printed],
                  ["Blanko rusak/salah cetak", p.spoiled], ["SUKET diterbitkan", p.suket]],
                 [45 * mm, 20 * mm]),
          _table([["Blanko", "Jumlah"], ["Saldo awal", b.opening], ["Diterima", b.received],
                  ["Dipakai", b.used], ["Rusak", b.spoiled], ["Koreksi", f"{b.corrected:+d}"],
                  ["Saldo akhir", b.closing]], [45 * mm, 20 * mm], total_row=True)]],
        colWidths=[85 * mm, 85 * mm], hAlign="LEFT", style=_SIDE_BY_SIDE)])]
    f, k = report.forwarding, report.pickups
    story += [KeepTogether([Paragraph("4. Pengiriman ke Disdukcapil dan pengambilan", h2),
                            Table([[
                                _table([["Pengiriman", "Jumlah"], ["Batch dikirim", f.batches],
                                        ["Berkas dikirim", f.items_sent],
                                        ["Berkas kembali", f.items_received],
                                        ["Berkas ditolak", f.items_rejected],
                                        ["Berkas dikembalikan", f.items_returned],
                                        ["Berkas terlambat", f.overdue]], [45 * mm, 20 * mm]),
                                _table([["Pengambilan", "Jumlah"],
                                        ["Diserahkan", k.handed_over],
                                        ["Menunggu 0-7 hari", k.pending_by_age["0-7"]],
                                        ["Menunggu 8-30 hari", k.pending_by_age["8-30"]],
                                        ["Menunggu > 30 hari", k.pending_by_age[">30"]],
                                        ["Jumlah menunggu", k.pending]],
                                       [45 * mm, 20 * mm], total_row=True)]],
                                colWidths=[85 * mm, 85 * mm], hAlign="LEFT",
                                style=_SIDE_BY_SIDE)])]
    story += [Paragraph("5. Per petugas", h2), _table(
        [["Petugas", "Tiket dilayani", "Perekaman", "Rata-rata layanan"]]
        + [[c.name, c.tickets_served, c.recordings,
            duration_of(c.avg_service_s, c.tickets_served)]
           for c in report.clerks] + ([["-", 0, 0, "-"]] if not report.clerks else []),
        [70 * mm, 30 * mm, 30 * mm, 36 * mm])]
    story += [CondPageBreak(70 * mm), Paragraph("6. Kedatangan dan panggilan per jam", h2),
              hourly_chart(report)]
    section = 7
    if report.months:
        m_rows = [[month_label(m.year, m.month), m.days, m.issued, m.served, m.no_show,
                   m.recordings, m.printed, m.spoiled, m.suket, m.items_sent, m.handed_over]
                  for m in report.months]
        totals = ["Jumlah", *(sum(row[i] for row in m_rows) for i in range(1, 11))]
        # The month table and its chart stay on one page (a year is about 14 cm).
        story += [KeepTogether([Paragraph(f"{section}. Per bulan", h2), _table(
            [["Bulan", "Hari", "Tiket", "Dilayani", "Tidak hadir", "Perekaman", "Dicetak",
              "Blanko rusak", "SUKET", "Berkas dikirim", "Diserahkan"], *m_rows, totals],
            [17 * mm, 10 * mm, 13 * mm, 16 * mm, 14 * mm, 21 * mm, 16 * mm, 15 * mm,
             15 * mm, 15 * mm, 21 * mm], total_row=True),
            Paragraph(f"{section + 1}. Grafik per bulan", h2), months_chart(report)])]
        section += 2
    if report.days:
        story += [CondPageBreak(40 * mm), Paragraph(f"{section}. Per hari", h2), _table(
            [["Tanggal", "Tiket", "Dilayani", "Tidak hadir", "Perekaman", "Dicetak",
              "Blanko rusak", "SUKET", "Berkas dikirim", "Diserahkan"]]
            + [[f"{d.date:%d-%m-%Y}", d.issued, d.served, d.no_show, d.recordings, d.printed,
                d.spoiled, d.suket, d.items_sent, d.handed_over] for d in report.days],
            [20 * mm, 13 * mm, 16 * mm, 15 * mm, 21 * mm, 16 * mm, 16 * mm, 15 * mm,
             16 * mm, 21 * mm])]
        section += 1
    if report.spoiled_list and not report.single_day:
        story += [CondPageBreak(40 * mm),
                  Paragraph(f"{section}. Daftar blanko rusak (untuk pemusnahan)", h2), _table(
                      [["Tanggal", "Tanda terima", "Nomor seri", "Alasan"]]
                      # The reason is the clerk's words, of any length: it wraps in its
                      # column (as text, never markup).
                      + [[s["date"], s["slip_number"], s["blanko_serial"] or "-",
                          Paragraph(escape(s["reason"]), _CELL)]
                         for s in report.spoiled_list],
                      [25 * mm, 40 * mm, 35 * mm, 60 * mm])]
    story += coverage_story(report, h2, body, _table)
    place = head.kota_name.replace("Kota ", "").replace("Kabupaten ", "")
    officer = (f"<b><u>{closed_by}</u></b>" if closed_by
               else "<b><u>....................................</u></b>")
    if closed_by_jabatan:
        officer += f"<br/>{closed_by_jabatan}"
    if closed_by:
        officer += f"<br/>NIP. {closed_by_nip or '-'}"
    signature = Table([
        [Paragraph("<br/><br/>Yang menutup layanan,", body),
         Paragraph(f"{place}, {format_date(report.end)}<br/>Mengetahui,<br/>"
                   f"Camat {head.kecamatan_name},", body)],
        ["", ""],
        [Paragraph(officer, body),
         Paragraph(f"<b><u>{head.camat_name or '....................................'}</u></b>"
                   f"<br/>NIP. {head.camat_nip or '-'}", body)],
    ], colWidths=[85 * mm, 85 * mm], rowHeights=[18 * mm, 16 * mm, 16 * mm], hAlign="LEFT",
        style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
    # The signature goes with the last table (or chart) before it: a page holding only a
    # signature would sign nothing.
    tail = story.pop()
    story += [KeepTogether([tail, Spacer(1, 6 * mm), signature])]
    doc.build(story, onFirstPage=letterhead, onLaterPages=letterhead)
    return buffer.getvalue()
