"""Page 6, Tinjauan: everything on one page and where the card will be printed."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

from counter_app.domain.cases import ELEMENT_LABELS, case_label
from counter_app.domain.eligibility import Eligibility
from counter_app.domain.recording import Modality
from counter_app.domain.reference import JENIS_KELAMIN
from counter_app.domain.routing import ROUTE_EXPLANATIONS
from counter_app.services import recording as rec
from counter_app.ui.messages import MessageLine
from counter_app.ui.recording.state import WizardState


class ReviewPage(QWizardPage):
    """Everything on one page, and where the card will be printed, in plain words."""

    def __init__(self, state: WizardState, save: Callable[[], None],
                 assess: Callable[[], rec.Assessment]) -> None:
        super().__init__()
        self.state = state
        self._start_save = save
        self.saving = False
        self.saved = False
        self._assess = assess
        self.setTitle("6. Tinjauan")
        self.setSubTitle("Periksa sekali lagi bersama pemohon, lalu simpan.")
        self.summary = QLabel(objectName="reviewSummary", wordWrap=True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.route = QLabel(objectName="reviewRoute", wordWrap=True)
        self.route.setStyleSheet("font-size: 12pt; font-weight: bold; color: #0b4f8a;")
        self.error = MessageLine("reviewError")
        layout = QVBoxLayout(self)
        layout.addWidget(self.route)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        state = self.state
        case, card, bio = state.case, state.card, state.biometrics
        if case is None or card is None or bio is None:  # earlier pages let nothing through
            return
        assessed: list[rec.Assessment] = []
        if not self.error.attempt(lambda: assessed.append(self._assess())):
            return
        checked = assessed[0]
        route_text = (f"{ROUTE_EXPLANATIONS[checked.route]} Alasan: {checked.route_reason}.")
        verdict = checked.eligibility
        if verdict is not None and verdict.status is Eligibility.RECORD_ONLY:
            route_text += f" {verdict.message}"
        self.route.setText(route_text)
        self.error.error("\n".join(checked.problems))
        kelurahan = state.wilayah.get(card.kelurahan_code)
        elements = ", ".join(ELEMENT_LABELS[e] for e in sorted(state.elements))
        docs = state.documents
        exceptions = [Modality(k).label for k, v in bio.modalities.items()
                      if v.get("status") == "exception"]
        rows = [
            ("NIK", state.nik_text), ("Nomor KK", state.kk_text),
            ("Permohonan", case_label(case, state.elements)
             + (f" ({elements})" if elements else "")),
            ("Nama", card.nama), ("Tempat/tgl lahir",
                                  f"{card.tempat_lahir}, {card.tanggal_lahir:%d-%m-%Y}"),
            ("Jenis kelamin", JENIS_KELAMIN.get(card.jenis_kelamin, card.jenis_kelamin)),
            ("Agama", card.agama), ("Status perkawinan", card.status_perkawinan),
            ("Pekerjaan", card.pekerjaan), ("Kewarganegaraan", card.kewarganegaraan),
            ("Golongan darah", card.golongan_darah),
            ("Alamat", f"{card.alamat} RT {card.rt} RW {card.rw}, "
                       f"{kelurahan.name if kelurahan else card.kelurahan_code}"
                       + (" (luar domisili)" if checked.outside_domicile else "")),
            ("NIK tidak sesuai data", "; ".join(
                f"{m.message.split(' NIK tetap')[0]} Alasan: "
                f"{state.nik_notes[m.element].shown() if m.element in state.nik_notes else '-'}"
                + (f" (disetujui {state.nik_approval.username})"
                   if m.element == "jenis_kelamin" and state.nik_approval else "")
                for m in checked.mismatches) or "-"),
            ("Disabilitas", ", ".join(sorted(k.value for k in state.disabilities))
             + " (dengan persetujuan)" if state.disabilities else "-"),
            ("Dokumen", "; ".join(f"{label}{'' if docs.get(code) else ' (BELUM ADA)'}"
                                  for code, label in state.document_labels.items())),
            ("Persetujuan", f"{state.override.username}: {state.override.reason}"
             if state.override else "-"),
            ("Biometrik", "lengkap" + (f"; pengecualian: {', '.join(exceptions)}"
                                       if exceptions else "")),
            ("Tiket antrean", state.ticket_number or "-"),
        ]
        if checked.valid_until is not None:
            rows.insert(3, ("Berlaku sampai", f"{checked.valid_until:%d-%m-%Y} (sesuai KITAP)"))
        self.summary.setText("<table cellpadding='3'>" + "".join(
            f"<tr><td><b>{label}</b></td><td>{escape(value, quote=False)}</td></tr>"
            for label, value in rows) + "</table>")

    def validatePage(self) -> bool:
        """Finish starts the save in the background; the wizard closes when it succeeded."""
        if self.saved:
            return True
        if not self.saving:
            self.saving = True
            self._start_save()
        return False


