"""A recording put aside half way ("Simpan draf"), as a typed value.

The wizard saves what its pages hold and the Perekaman area resumes it later, maybe
after an update of the app. A stored draft that no longer parses is reported to the
clerk as a ValidationError, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.errors import ValidationError
from counter_app.domain.recording import CardData

UNREADABLE = ("Draf ini tidak dapat dibaca lagi (isinya rusak atau dari versi lama). "
              "Mulai perekaman baru, lalu batalkan draf ini dengan alasan.")


@dataclass(frozen=True)
class DraftContents:
    """What the wizard's pages held when the draft was saved."""

    page: int = 0
    nik: str = ""
    kk: str = ""
    case: CaseType | None = None
    elements: frozenset[DataElement] = frozenset()
    status_perkawinan: str = ""
    documents: Mapping[str, bool] = field(default_factory=dict)
    details: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    card: CardData | None = None

    @property
    def nama(self) -> str:
        """The applicant's name when the data page was reached, else ""."""
        return self.card.nama if self.card else ""

    def to_payload(self) -> dict[str, object]:
        """JSON-friendly form, as stored."""
        return {
            "page": self.page, "nik": self.nik, "kk": self.kk,
            "case": self.case.value if self.case else None,
            "elements": sorted(e.value for e in self.elements),
            "status_perkawinan": self.status_perkawinan,
            "documents": dict(self.documents),
            "details": {code: dict(values) for code, values in self.details.items()},
            "card": self.card.as_dict() if self.card else None, "nama": self.nama,
        }

    @classmethod
    def from_payload(cls, payload: object) -> DraftContents:
        """Parse a stored draft; ValidationError (UNREADABLE) when it does not fit."""
        try:
            if not isinstance(payload, Mapping):
                raise TypeError("payload")
            case = payload.get("case")
            card = payload.get("card")
            documents = payload.get("documents") or {}
            details = payload.get("details") or {}
            if not isinstance(documents, Mapping) or not isinstance(details, Mapping):
                raise TypeError("documents")
            parsed_details: dict[str, dict[str, str]] = {}
            for code, values in details.items():
                if not isinstance(values, Mapping):
                    raise TypeError("details")
                parsed_details[str(code)] = {str(k): str(v) for k, v in values.items()}
                for key, value in parsed_details[str(code)].items():
                    if key == "tanggal" and value:
                        dt.date.fromisoformat(value)
            if card is not None and not isinstance(card, Mapping):
                raise TypeError("card")
            return cls(
                page=int(payload.get("page") or 0),
                nik=str(payload.get("nik") or ""), kk=str(payload.get("kk") or ""),
                case=CaseType(case) if case else None,
                elements=frozenset(DataElement(e) for e in payload.get("elements") or ()),
                status_perkawinan=str(payload.get("status_perkawinan") or ""),
                documents={str(k): bool(v) for k, v in documents.items()},
                details=parsed_details,
                card=CardData.from_dict(card) if card is not None else None)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(UNREADABLE) from exc
