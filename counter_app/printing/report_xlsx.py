"""The report's figures as a spreadsheet: one sheet per table, numbers as numbers."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from counter_app.domain.cases import CASE_KEY_LABELS
from counter_app.domain.routing import ROUTE_LABELS, Route
from counter_app.printing.coverage_section import coverage_sheets


def _times(s: Any) -> list[int | None]:
    """Average wait, longest wait, average service (seconds); empty cells without tickets.

    A service nobody used has no waiting time: an empty cell, not 0 seconds.
    """
    called = s.served + s.no_show
    return [s.avg_wait_s if called else None, s.max_wait_s if called else None,
            s.avg_service_s if s.served else None]


def report_xlsx(report: Any) -> bytes:
    """An .xlsx of the same figures as the PDF (durations in seconds)."""
    book = Workbook()
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    q = report.queue
    sheets.append(("Antrean", ["layanan", "nama", "tiket", "dilayani", "tidak_hadir",
                               "tidak_terlayani", "rata_tunggu_detik", "tunggu_terlama_detik",
                               "rata_layanan_detik"],
                   [[s.prefix, s.name, s.issued, s.served, s.no_show, s.not_served,
                     *_times(s)] for s in q.by_service]
                   + [["Jumlah", "", q.issued, q.served, q.no_show, q.not_served,
                       *_times(q)]]))
    r = report.recordings
    sheets.append(("Perekaman", ["uraian", "jumlah"],
                   [*[[f"jenis: {CASE_KEY_LABELS.get(k, k)}", v] for k, v in r.by_case.items()],
                    *[[ROUTE_LABELS[Route(k)], v] for k, v in r.by_route.items()],
                    ["luar domisili", r.outside_domicile],
                    ["NIK tidak sesuai data", r.nik_mismatch],
                    ["biometrik direkam di stasiun Dukcapil", r.station],
                    ["usia 16 tahun", r.age_16],
                    ["pengecualian biometrik", r.biometric_exceptions],
                    *[[f"jemput bola: {k}", v] for k, v in r.outreach.items()],
                    ["jumlah", r.total]]))
    sheets.append(("Aktivasi IKD", ["uraian", "jumlah"],
                   [["berhasil", report.ikd.activated],
                    ["belum berhasil", report.ikd.not_activated],
                    ["jumlah", report.ikd.total]]))
    p, b = report.printing, report.blanko
    sheets.append(("Pencetakan", ["uraian", "jumlah"],
                   [["dicetak", p.printed], ["rusak", p.spoiled], ["suket", p.suket]]))
    sheets.append(("Blanko", ["uraian", "jumlah"],
                   [["saldo awal", b.opening], ["diterima", b.received], ["dipakai", b.used],
                    ["rusak", b.spoiled], ["koreksi", b.corrected], ["saldo akhir", b.closing]]))
    f, k = report.forwarding, report.pickups
    sheets.append(("Pengiriman", ["uraian", "jumlah"],
                   [["batch dikirim", f.batches], ["berkas dikirim", f.items_sent],
                    ["berkas kembali", f.items_received], ["berkas ditolak", f.items_rejected],
                    ["berkas dikembalikan", f.items_returned],
                    ["berkas terlambat", f.overdue]]))
    sheets.append(("Pengambilan", ["uraian", "jumlah"],
                   [["diserahkan", k.handed_over],
                    *[[f"menunggu {age} hari", n] for age, n in k.pending_by_age.items()],
                    ["jumlah menunggu", k.pending]]))
    sheets.append(("Petugas", ["petugas", "tiket_dilayani", "perekaman", "rata_layanan_detik"],
                   [[c.name, c.tickets_served, c.recordings,
                     c.avg_service_s if c.tickets_served else None]
                    for c in report.clerks]))
    sheets.append(("Per jam", ["jam", "kedatangan", "panggilan"],
                   [[h.hour, h.arrivals, h.calls] for h in report.hourly]))
    figures = ["tiket", "dilayani", "tidak_hadir", "perekaman", "dicetak", "blanko_rusak",
               "suket", "berkas_dikirim", "diserahkan", "aktivasi_ikd"]
    if report.days:
        sheets.append(("Per hari", ["tanggal", *figures],
                       [[d.date, d.issued, d.served, d.no_show, d.recordings, d.printed,
                         d.spoiled, d.suket, d.items_sent, d.handed_over, d.ikd]
                        for d in report.days]))
    if report.months:
        sheets.append(("Per bulan", ["tahun", "bulan", "hari", *figures],
                       [[m.year, m.month, m.days, m.issued, m.served, m.no_show, m.recordings,
                         m.printed, m.spoiled, m.suket, m.items_sent, m.handed_over, m.ikd]
                        for m in report.months]))
    if report.spoiled_list:
        sheets.append(("Blanko rusak", ["tanggal", "tanda_terima", "nomor_seri", "alasan"],
                       [[s["date"], s["slip_number"], s["blanko_serial"], s["reason"]]
                        for s in report.spoiled_list]))
    sheets += coverage_sheets(report)
    first = True
    for title, header, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for index, _ in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
        if title == "Per hari":
            for cell in sheet["A"][1:]:
                cell.number_format = "DD-MM-YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
