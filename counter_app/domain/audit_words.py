"""Audit events in words a supervisor reads, not the codes the log stores (issue 13).

The log keeps its codes (``application.record``, ``{"route": "FORWARD"}``): they are
what the hash chain signs. The audit screen shows ``event_label`` and ``details_lines``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from counter_app.domain.batches import ItemState
from counter_app.domain.cases import CASE_KEY_LABELS, ELEMENT_LABELS
from counter_app.domain.clock import local
from counter_app.domain.coverage import (
    CHANNEL_LABELS,
    DEFAULT_OUTREACH_KINDS,
    SYSTEM_OUTREACH_KINDS,
    TARGET_LABELS,
)
from counter_app.domain.home_visit import HomeVisitStatus
from counter_app.domain.lifecycle import ACTION_LABELS, Status
from counter_app.domain.queue import TicketStatus
from counter_app.domain.recording import MISMATCH_REASON_LABELS
from counter_app.domain.rejection import REJECT_LABELS
from counter_app.domain.roles import Role
from counter_app.domain.routing import ROUTE_LABELS

EVENT_WORDS: dict[str, str] = {
    "login.ok": "Masuk", "login.failed": "Gagal masuk", "login.locked": "Akun terkunci",
    "logout": "Keluar",
    "ticket.issued": "Tiket diambil", "ticket.reprinted": "Tiket dicetak ulang",
    "ticket.called": "Tiket dipanggil", "ticket.recalled": "Tiket dipanggil ulang",
    "ticket.no_show": "Tiket tidak hadir", "ticket.restored": "Tiket dikembalikan ke antrean",
    "ticket.transferred": "Tiket dialihkan", "ticket.started": "Mulai dilayani",
    "ticket.finished": "Selesai dilayani",
    "application.record": "Perekaman disimpan", "application.cancel": "Permohonan dibatalkan",
    "application.import": "Perekaman jemput bola diimpor",
    "application.misprint_correction": "Koreksi salah cetak",
    "application.nik_mismatch": "NIK tidak sesuai data",
    "application.override": "Persetujuan supervisor dipakai",
    "application.prr": "Cetak bagi yang sudah rekam",
    "application.reopen": "Permohonan dibuka lagi",
    "application.spoil": "Blanko gagal cetak", "application.suket": "SUKET diterbitkan",
    "application.print": "KTP-el dicetak",
    "recording.cancel": "Perekaman dibatalkan",
    "draft.save": "Draf perekaman disimpan", "draft.recorded": "Draf menjadi perekaman",
    "biometrics.photo": "Foto diambil", "biometrics.signature": "Tanda tangan diambil",
    "biometrics.exception_photo": "Foto pengecualian biometrik",
    "override.grant": "Persetujuan supervisor",
    "blanko.received": "Blanko diterima", "blanko.correction": "Koreksi stok blanko",
    "batch.create": "Batch dibuat", "batch.send": "Batch dikirim ke Disdukcapil",
    "batch.item_rejected": "Berkas ditolak Disdukcapil",
    "batch.item_returned": "Berkas dikembalikan Disdukcapil",
    "batch.item_received": "Berkas diterima kembali",
    "suket.renew": "SUKET diperpanjang",
    "slip.reprint": "Tanda terima dicetak ulang", "slip.reissue": "Tanda terima diterbitkan ulang",
    "day.close": "Tutup layanan", "day.close_tickets": "Tiket tersisa ditutup",
    "day.figures": "Angka harian diarsipkan", "day.late_change": "Perubahan setelah tutup",
    "day.reopen": "Layanan dibuka kembali", "day.unlock": "Kunci hari dibuka",
    "setting.change": "Pengaturan diubah", "service.save": "Layanan antrean diubah",
    "office.init": "Kantor disiapkan", "office.day_off.add": "Hari libur kantor ditambah",
    "office.day_off.remove": "Hari libur kantor dihapus",
    "user.create": "Pengguna dibuat", "user.locked": "Pengguna dikunci",
    "user.password_changed": "Kata sandi diganti",
    "user.password_reset": "Kata sandi diatur ulang", "user.profile": "Profil pengguna diubah",
    "export.full_nik": "Ekspor NIK lengkap",
    "key.register": "Kunci PC didaftarkan", "key.revoke": "Kunci PC dicabut",
    "key.rotate": "Kunci PC diganti",
    "backup.make": "Cadangan dibuat", "backup.failed": "Cadangan gagal",
    "backup.restore": "Cadangan dipulihkan", "backup.restore_refused": "Pemulihan ditolak",
    "ikd.activation": "Aktivasi IKD", "contact.add": "Kontak pemohon dicatat",
    "home_visit.request": "Permintaan kunjungan rumah",
    "home_visit.plan": "Kunjungan rumah dijadwalkan",
    "home_visit.done": "Kunjungan rumah selesai",
    "home_visit.cancel": "Kunjungan rumah dibatalkan",
    "coverage.import": "Daftar penduduk diimpor", "coverage.export": "Daftar sasaran diekspor",
    "coverage.recorded_elsewhere": "Tercatat rekam di tempat lain",
    "coverage.targets": "Sasaran diubah",
    "outreach.create": "Kegiatan jemput bola dibuat", "outreach.plan": "Jemput bola direncanakan",
    "outreach.export": "Paket jemput bola diekspor",
    "outreach.import": "Paket jemput bola diimpor",
    "outreach.event_import": "Kegiatan jemput bola diimpor",
    "outreach.inbox": "Paket jemput bola diterima",
    "outreach.conflict_hold": "Konflik jemput bola ditahan",
    "outreach.conflict_resolve": "Konflik jemput bola diselesaikan",
    "outreach.join": "Laptop jemput bola disiapkan", "outreach.pair": "Laptop dipasangkan",
    "outreach.unpair": "Pasangan laptop dilepas", "outreach.office_key": "Kunci kantor jemput bola",
    "outreach.purge": "Data laptop dihapus",
    "wilayah.import": "Wilayah diimpor", "cli.command": "Perintah baris perintah",
}
for _action, _label in ACTION_LABELS.items():
    EVENT_WORDS.setdefault(f"application.{_action.value}", f"Permohonan {_label}")

GROUP_WORDS: dict[str, str] = {
    "login": "Masuk", "ticket": "Tiket", "application": "Permohonan", "blanko": "Blanko",
    "batch": "Batch", "day": "Layanan harian", "setting": "Pengaturan", "user": "Pengguna",
    "export": "Ekspor", "slip": "Tanda terima", "key": "Kunci", "backup": "Cadangan",
    "outreach": "Jemput bola", "coverage": "Cakupan", "office": "Kantor",
}

FIELD_WORDS: dict[str, str] = {
    "route": "Tempat cetak", "route_reason": "Alasan tempat cetak",
    "on_behalf": "Atas nama kepala Disdukcapil", "status": "Status",
    "from": "Dari", "to": "Ke", "case": "Jenis permohonan", "nik": "NIK", "nama": "Nama",
    "reason": "Alasan", "copy": "Cetakan ke", "key_id": "Kunci", "sha256": "Sidik SHA-256",
    "issued": "Tiket", "recordings": "Perekaman", "not_served": "Tidak terlayani",
    "username": "Nama pengguna", "full_name": "Nama lengkap", "role": "Peran", "nip": "NIP",
    "jabatan": "Jabatan", "quantity": "Jumlah", "serial": "Nomor seri",
    "blanko_serial": "Nomor seri blanko", "blanko_taken": "Blanko keluar dari stok",
    "counter": "Loket", "service": "Layanan",
    "prefix": "Kode layanan", "name": "Nama", "expected_ready": "Perkiraan siap",
    "slip_number": "Tanda terima", "receiver": "Penerima", "items": "Berkas", "day": "Tanggal",
    "value": "Nilai", "count": "Jumlah", "number": "Nomor", "priority": "Prioritas",
    "source": "Sumber", "changed_elements": "Elemen berubah", "documents_missing":
    "Dokumen kurang", "note": "Catatan", "phone": "Telepon", "kelurahan": "Kelurahan",
    # Issue 13 review: every key the demo office writes, in words.
    "changed": "Elemen berubah", "ticket_id": "Tiket", "counters": "Jumlah loket",
    "kecamatan": "Kecamatan", "kota": "Kota", "workstation": "PC", "automatic": "Otomatis",
    "file": "Berkas", "size": "Ukuran (bita)", "courier": "Kurir", "batch": "Batch",
    "code": "Alasan penolakan", "reject_code": "Alasan penolakan", "state": "Keadaan berkas",
    "channel": "Saluran", "purpose": "Keperluan", "restored": "Dikembalikan ke antrean",
    "specific": "Dipanggil khusus", "outcome": "Catatan layanan",
    "from_counter": "Dari loket", "from_service": "Dari layanan", "to_service": "Ke layanan",
    "call": "Panggilan ke", "calls": "Jumlah panggilan", "activated": "Diaktifkan",
    "phone_model": "Model ponsel", "central_reference": "Rujukan data pusat",
    "held": "Ditahan", "slip_lost": "Tanda terima hilang", "mismatches": "Ketidaksesuaian NIK",
    "supervisor": "Supervisor", "approved_by": "Disetujui oleh", "element": "Elemen",
    "entered": "Diisi", "reason_text": "Keterangan", "kind": "Jenis kegiatan",
    "place": "Tempat", "target_kind": "Jenis sasaran", "targets": "Jumlah sasaran",
    "planned_date": "Tanggal rencana", "event": "Kegiatan", "team": "Tim",
    "recorded": "Sudah rekam", "replaced_rows": "Baris diganti", "rows": "Baris",
    "total": "Jumlah", "before": "Batas tanggal", "moved": "Permohonan dipindah",
    "moved_to": "Dipindah ke", "added": "Ditambah", "removed": "Dihapus",
}

# The options of a command-line command (cli.command rows): the command's own words
# are in the subject, so ``command`` and ``<group>_command`` are not repeated.
CLI_ARG_WORDS: dict[str, str] = {
    "action": "Tindakan", "kind": "Jenis", "day": "Tanggal", "date": "Tanggal",
    "reason": "Alasan", "json": "Keluaran JSON", "all": "Semua", "start": "Dari tanggal",
    "end": "Sampai tanggal", "out": "Berkas keluaran", "name": "Nama", "status": "Status",
    "note": "Catatan", "nik": "NIK", "slip": "Tanda terima", "service": "Layanan",
    "priority": "Prioritas", "counter": "Loket", "deep": "Mendalam", "days": "Jumlah hari",
    "seed": "Benih acak", "place": "Tempat", "team": "Tim", "phone": "Telepon",
    "kelurahan": "Kelurahan", "receiver": "Penerima", "xlsx": "Berkas XLSX",
    "paper": "Kertas", "preview": "Pratinjau", "yes": "Dikonfirmasi", "to": "Ke",
    "from": "Dari", "before": "Sebelum", "keep": "Simpan", "window": "Jendela",
}

TICKET_SOURCES = {"kiosk": "Kios antrean", "counter": "Loket", "cli": "Baris perintah"}
RECEIVERS = {"self": "Pemohon sendiri", "family": "Keluarga"}
CONTACT_PURPOSES = {"cakupan": "Cakupan perekaman", "pengambilan": "Pengambilan KTP-el",
                    "ulang_tahun_17": "Ulang tahun ke-17", "lainnya": "Lainnya"}
MISMATCH_ELEMENTS = {"tanggal_lahir": "Tanggal lahir", "jenis_kelamin": "Jenis kelamin"}
SETTING_WORDS = {
    "office.demo": "Kantor contoh", "queue.priority_policy": "Aturan antrean prioritas",
    "display.running_text": "Teks berjalan layar antrean",
    "display.announcement": "Pengumuman layar antrean", "office.hours": "Jam layanan",
    "blanko.threshold": "Batas peringatan stok blanko",
    "batch.overdue_days": "Batas hari batch terlambat",
    "pickup.uncollected_days": "Batas hari belum diambil",
    "pickup.archive_days": "Batas hari diarsipkan", "security.idle_minutes":
    "Menit diam sebelum terkunci", "outreach.kinds": "Jenis kegiatan jemput bola",
    "suket.off_reason": "Alasan SUKET dihentikan",
    "suket.on_behalf": "SUKET atas nama kepala Disdukcapil",
}

_ROUTE_VALUES = {route.value: label for route, label in ROUTE_LABELS.items()}
_STATUS_VALUES = {status.value: status.label for status in Status}
_TICKET_VALUES = {status.value: status.label for status in TicketStatus}
_HOME_VISIT_VALUES = {status.value: status.label for status in HomeVisitStatus}
_ACTION_VALUES = {action.value: label for action, label in ACTION_LABELS.items()}
_VALUE_WORDS: dict[str, Mapping[str, str]] = {
    "case": CASE_KEY_LABELS,
    "changed": {e.value: label for e, label in ELEMENT_LABELS.items()},
    "changed_elements": {e.value: label for e, label in ELEMENT_LABELS.items()},
    "code": {r.value: label for r, label in REJECT_LABELS.items()},
    "reject_code": {r.value: label for r, label in REJECT_LABELS.items()},
    "state": {s.value: s.label for s in ItemState},
    "channel": {c.value: label for c, label in CHANNEL_LABELS.items()},
    "purpose": CONTACT_PURPOSES,
    "kind": {**DEFAULT_OUTREACH_KINDS, **SYSTEM_OUTREACH_KINDS},
    "target_kind": {t.value: label for t, label in TARGET_LABELS.items()},
    "source": TICKET_SOURCES,
    "receiver": RECEIVERS,
    "role": {r.value: r.label for r in Role},
    "element": MISMATCH_ELEMENTS,
    "reason": {r.value: label for r, label in MISMATCH_REASON_LABELS.items()},
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def event_label(kind: str) -> str:
    """``application.record`` -> ``Perekaman disimpan``; an unknown code in readable form."""
    if kind in EVENT_WORDS:
        return EVENT_WORDS[kind]
    group, _, rest = kind.partition(".")
    head = GROUP_WORDS.get(group, group.replace("_", " ").capitalize())
    return f"{head}: {rest.replace('_', ' ')}" if rest else head


def date_words(text: str) -> str:
    """An ISO date ("2026-11-23") or moment as the office writes it; other text as is."""
    if _ISO_DATE.match(text):
        try:
            return f"{dt.date.fromisoformat(text):%d-%m-%Y}"
        except ValueError:
            return text
    if _ISO_MOMENT.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is not None:
            moment = local(moment)
        return f"{moment:%d-%m-%Y %H.%M}"
    return text


def _status_words(group: str) -> Mapping[str, str]:
    if group == "ticket":
        return _TICKET_VALUES
    if group == "home_visit":
        return _HOME_VISIT_VALUES
    return {**_TICKET_VALUES, **_HOME_VISIT_VALUES, **_STATUS_VALUES}


def _value(key: str, value: Any, group: str = "") -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(_value(key, v, group) for v in value) or "-"
    if isinstance(value, dict):
        return "; ".join(f"{_field(k)} {_value(k, v, group)}"
                         for k, v in value.items()) or "-"
    text = str(value)
    if key in {"route", "from", "to"} and text in _ROUTE_VALUES:
        return _ROUTE_VALUES[text]
    if key in {"status", "from", "to"} and text in _status_words(group):
        return _status_words(group)[text]
    if key == "action" and text in _ACTION_VALUES:
        return _ACTION_VALUES[text]
    words = _VALUE_WORDS.get(key)
    if words is not None and text in words:
        return words[text]
    if _CODE.match(text):  # a code this module does not know yet: at least in words
        return text.replace("_", " ")
    return date_words(text)


def _field(key: str) -> str:
    return FIELD_WORDS.get(key, key.replace("_", " ").capitalize())


def _cli_lines(data: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in data.items():
        if key == "command" or key.endswith("_command"):
            continue
        label = CLI_ARG_WORDS.get(key, f"Opsi --{key.replace('_', '-')}")
        text = "ya" if value is True else date_words(str(value))
        lines.append(f"{label}: {text}")
    return lines


def details_lines(stored: str, kind: str = "") -> list[str]:
    """A stored before/after (JSON) as ``Label: value`` lines; plain text as it is.

    ``kind`` (the event's code) decides what a status means: a ticket's "done" is
    "Selesai", an application's "received" is "Diterima dari Disdukcapil".
    """
    if not stored:
        return []
    try:
        data = json.loads(stored)
    except ValueError:
        return [date_words(stored)]
    group = kind.partition(".")[0]
    if isinstance(data, dict):
        if kind == "cli.command":
            return _cli_lines(data)
        return [f"{_field(k)}: {_value(k, v, group)}" for k, v in data.items()]
    return [_value("", data, group)]


def details_text(stored: str, kind: str = "") -> str:
    """``details_lines`` joined for one table cell (one line each)."""
    return "\n".join(details_lines(stored, kind))


def subject_text(kind: str, subject: str) -> str:
    """The subject column: a day as dd-mm-yyyy, a setting by its name, else as stored."""
    if kind == "setting.change" and subject in SETTING_WORDS:
        return SETTING_WORDS[subject]
    if kind == "coverage.targets":
        return _VALUE_WORDS["target_kind"].get(subject, subject)
    return date_words(subject)
