"""Audit events in words a supervisor reads, not the codes the log stores (issue 13).

The log keeps its codes (``application.record``, ``{"route": "FORWARD"}``): they are
what the hash chain signs. The audit screen shows ``event_label`` and ``details_lines``.
"""

from __future__ import annotations

import json
from typing import Any

from counter_app.domain.lifecycle import ACTION_LABELS, Status
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
    "backup.restore": "Cadangan dipulihkan",
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
    "blanko_serial": "Nomor seri blanko", "counter": "Loket", "service": "Layanan",
    "prefix": "Kode layanan", "name": "Nama", "expected_ready": "Perkiraan siap",
    "slip_number": "Tanda terima", "receiver": "Penerima", "items": "Berkas", "day": "Tanggal",
    "value": "Nilai", "count": "Jumlah", "number": "Nomor", "priority": "Prioritas",
    "source": "Sumber", "changed_elements": "Elemen berubah", "documents_missing":
    "Dokumen kurang", "note": "Catatan", "phone": "Telepon", "kelurahan": "Kelurahan",
}
_ROUTE_VALUES = {route.value: label for route, label in ROUTE_LABELS.items()}
_STATUS_VALUES = {status.value: status.label for status in Status}
_ACTION_VALUES = {action.value: label for action, label in ACTION_LABELS.items()}


def event_label(kind: str) -> str:
    """``application.record`` -> ``Perekaman disimpan``; an unknown code in readable form."""
    if kind in EVENT_WORDS:
        return EVENT_WORDS[kind]
    group, _, rest = kind.partition(".")
    head = GROUP_WORDS.get(group, group.replace("_", " ").capitalize())
    return f"{head}: {rest.replace('_', ' ')}" if rest else head


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value) or "-"
    if isinstance(value, dict):
        return "; ".join(f"{_field(k)} {_value(k, v)}" for k, v in value.items()) or "-"
    text = str(value)
    if key in {"route", "from", "to"} and text in _ROUTE_VALUES:
        return _ROUTE_VALUES[text]
    if key in {"status", "from", "to"} and text in _STATUS_VALUES:
        return _STATUS_VALUES[text]
    if key == "action" and text in _ACTION_VALUES:
        return _ACTION_VALUES[text]
    return text


def _field(key: str) -> str:
    return FIELD_WORDS.get(key, key.replace("_", " ").capitalize())


def details_lines(stored: str) -> list[str]:
    """A stored before/after (JSON) as ``Label: value`` lines; plain text as it is."""
    if not stored:
        return []
    try:
        data = json.loads(stored)
    except ValueError:
        return [stored]
    if isinstance(data, dict):
        return [f"{_field(k)}: {_value(k, v)}" for k, v in data.items()]
    return [_value("", data)]


def details_text(stored: str) -> str:
    """``details_lines`` joined for one table cell (one line each)."""
    return "\n".join(details_lines(stored))

