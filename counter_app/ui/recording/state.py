"""What the wizard's pages share: where, who, and what each page has settled so far.

Each page writes what it settled into the one ``WizardState`` (the identify page its
NIK as it is typed, the others when the clerk moves on with "Lanjut") and reads the
earlier pages' results from it, so no page reaches into a sibling widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.db import Database
from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.coverage import DisabilityKind
from counter_app.domain.nik import NikInfo
from counter_app.domain.recording import CardData, MismatchNote
from counter_app.domain.recording_draft import DraftContents
from counter_app.domain.wilayah import Wilayah
from counter_app.services import recording as rec
from counter_app.services.actor import Actor
from counter_app.services.biometric_devices import CaptureSetup
from counter_app.services.office import OfficeProfile


@dataclass
class WizardState:
    """The recording in progress, shared by the six pages and the wizard."""

    db: Database
    actor: Actor
    office: OfficeProfile
    wilayah: Wilayah
    capture: CaptureSetup
    ticket_id: int | None = None
    ticket_number: str | None = None
    outreach_event_id: int | None = None
    # The draft this recording was resumed from (each page fills itself from it once).
    draft_id: int | None = None
    draft: DraftContents | None = None
    # 1. identify: the NIK as soon as it is valid, the returning applicant's data.
    nik: NikInfo | None = None
    lookup: rec.ApplicantLookup | None = None
    nik_text: str = ""
    kk_text: str = ""
    # 2. case
    case: CaseType | None = None
    elements: frozenset[DataElement] = frozenset()
    status_perkawinan: str = ""
    # 3. documents (and a supervisor's approval to go on without some)
    documents: dict[str, bool] = field(default_factory=dict)
    document_labels: dict[str, str] = field(default_factory=dict)
    document_details: dict[str, dict[str, str]] = field(default_factory=dict)
    override: rec.OverrideGrant | None = None
    # 4. data (with the reason for each disagreement with the NIK, and for sex the
    # supervisor's approval), 5. biometrics
    card: CardData | None = None
    nik_notes: dict[str, MismatchNote] = field(default_factory=dict)
    nik_approval: rec.OverrideGrant | None = None
    disabilities: frozenset[DisabilityKind] = frozenset()  # only with consent (page 4)
    biometrics: rec.BiometricsInput | None = None
