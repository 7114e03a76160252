"""One application as a JSON document, for support and integration (headless recording).

``applications record FILE.json`` reads a document of this shape, checks it against
``SCHEMA`` (every problem at once), then through the same rules as the wizard, and saves
it in one transaction audited as the logged-in user. The README documents the fields with
one example per case type.

A supervisor's approval (documents missing, or a sex that disagrees with the NIK) cannot
be typed into a file: it is given only when the user running the command is a supervisor,
whose password the command has just checked.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from counter_app.db import Database
from counter_app.domain.cases import CaseType, DataElement
from counter_app.domain.clock import office_day, utc_now
from counter_app.domain.errors import NotAllowed, ValidationError
from counter_app.domain.recording import CardData, MismatchNote, MismatchReason, Modality
from counter_app.domain.roles import Permission, Role
from counter_app.services.actor import Actor
from counter_app.services.recording import (
    BiometricsInput,
    OverrideGrant,
    RecordingInput,
    RecordingResult,
    approve_as_supervisor,
    assess_recording,
    save_recording,
)

_TEXT = {"type": "string", "maxLength": 200}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_DIGITS16 = {"type": "string", "pattern": r"^[0-9 .\-]{16,24}$"}
_BASE64 = {"type": "string", "minLength": 4, "maxLength": 8_000_000}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Permohonan KTP-el (applications record)",
    "type": "object",
    "additionalProperties": False,
    "required": ["nik", "kk", "case", "card", "documents", "biometrics"],
    "properties": {
        "nik": _DIGITS16,
        "kk": _DIGITS16,
        "case": {"enum": [c.value for c in CaseType]},
        "changed_elements": {"type": "array", "uniqueItems": True,
                             "items": {"enum": [e.value for e in DataElement]}},
        "card": {
            "type": "object",
            "additionalProperties": False,
            "required": ["nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
                         "golongan_darah", "agama", "status_perkawinan", "pekerjaan",
                         "kewarganegaraan", "alamat", "rt", "rw", "kelurahan_code"],
            "properties": {
                "nama": _TEXT, "tempat_lahir": _TEXT, "tanggal_lahir": _DATE,
                "jenis_kelamin": {"enum": ["L", "P"]}, "golongan_darah": _TEXT,
                "agama": _TEXT, "status_perkawinan": _TEXT, "pekerjaan": _TEXT,
                "kewarganegaraan": {"enum": ["WNI", "WNA"]}, "alamat": _TEXT,
                "rt": {"type": "string", "maxLength": 3},
                "rw": {"type": "string", "maxLength": 3},
                "kelurahan_code": {"type": "string", "maxLength": 13},
                "phone": {"type": "string", "maxLength": 20},
            },
        },
        "documents": {"type": "array", "uniqueItems": True,
                      "items": {"type": "string", "maxLength": 30}},
        "document_details": {
            "type": "object",
            "additionalProperties": {
                "type": "object", "additionalProperties": False,
                "properties": {"nomor": {"type": "string", "maxLength": 60},
                               "tanggal": _DATE, "berlaku_sampai": _DATE},
            },
        },
        "nik_mismatch_reasons": {
            "type": "object", "additionalProperties": False,
            "patternProperties": {"^(tanggal_lahir|jenis_kelamin)$": {
                "type": "object", "additionalProperties": False, "required": ["reason"],
                "properties": {"reason": {"enum": [r.value for r in MismatchReason]},
                               "text": {"type": "string", "maxLength": 200}}}},
        },
        "supervisor_approval": {
            "type": "object", "additionalProperties": False, "required": ["reason"],
            "properties": {"reason": {"type": "string", "minLength": 5, "maxLength": 300}},
        },
        "ticket_id": {"type": "integer", "minimum": 1},
        "outreach_event_id": {"type": "integer", "minimum": 1},
        "biometrics": {
            "type": "object",
            "additionalProperties": False,
            "required": ["photo", "modalities"],
            "properties": {
                "photo": _BASE64,
                "signature": _BASE64,
                "signature_exception": {"type": "string", "maxLength": 200},
                "exception_photo": _BASE64,
                "device": {"type": "string", "maxLength": 60},
                "modalities": {
                    "type": "object", "additionalProperties": False,
                    "patternProperties": {
                        "^(" + "|".join(m.value for m in Modality) + ")$": {
                            "type": "object", "additionalProperties": False,
                            "required": ["status"],
                            "properties": {
                                "status": {"enum": ["captured", "exception"]},
                                "quality": {"type": "integer", "minimum": 0,
                                            "maximum": 100},
                                "reason": {"type": "string", "maxLength": 200}}}},
                },
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)


def _where(error: SchemaError) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return path.lstrip(".") or "dokumen"


def _message(error: SchemaError) -> str:
    """One schema problem in Bahasa Indonesia, naming the field."""
    where = _where(error)
    kind = error.validator
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return f"{where}: isian '{missing}' wajib ada."
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{where}: isian tidak dikenal: {', '.join(map(str, extra))[:120]}."
    if kind == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{where}: nilai {str(error.instance)[:40]!r} tidak dikenal (pilih: {allowed})."
    if kind == "type":
        words = {"string": "teks", "object": "objek", "array": "daftar",
                 "integer": "bilangan bulat"}
        return f"{where}: harus {words.get(str(error.validator_value), error.validator_value)}."
    if kind == "pattern":
        if error.validator_value == _DATE["pattern"]:
            return f"{where}: tanggal ditulis TTTT-BB-HH."
        return f"{where}: harus 16 angka."
    if kind in ("maxLength", "minLength"):
        limit = error.validator_value
        return (f"{where}: paling banyak {limit} karakter." if kind == "maxLength"
                else f"{where}: minimal {limit} karakter.")
    if kind in ("minimum", "maximum"):
        return f"{where}: nilai di luar batas."
    if kind == "uniqueItems":
        return f"{where}: ada isian yang tertulis dua kali."
    return f"{where}: tidak sah."


def _bytes(text: str | None, where: str, problems: list[str]) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        problems.append(f"{where}: bukan base64 yang sah.")
        return None


def _known_document_codes() -> set[str]:
    from counter_app.domain import cases

    docs = [d for group in cases.REQUIRED_DOCUMENTS.values() for d in group]
    docs += [d for group in cases.ELEMENT_PROOFS.values() for d in group]
    docs += [d for group in cases.COMBINED_DOCUMENTS.values() for d in group]
    return {d.code for d in docs} | {cases.MARRIAGE_PROOF.code}


def parse_document(data: object, actor: Actor) -> tuple[RecordingInput, str]:
    """The document as the service's input; ValidationError listing every problem.

    ``actor`` gives a supervisor's approval when the document asks for one and the actor
    is a supervisor; anyone else asking for it is refused (NotAllowed).
    """
    problems = [_message(e) for e in sorted(_VALIDATOR.iter_errors(data),
                                            key=lambda e: list(map(str, e.absolute_path)))]
    if problems:
        raise ValidationError(problems[0], problems=problems)
    assert isinstance(data, Mapping)
    raw_card = dict(data["card"])
    try:
        born = dt.date.fromisoformat(raw_card["tanggal_lahir"])
    except ValueError:
        problems.append("card.tanggal_lahir: bukan tanggal yang ada.")
        born = dt.date(1900, 1, 1)
    for name, value in (data.get("document_details") or {}).items():
        for key in ("tanggal", "berlaku_sampai"):
            if key in value:
                try:
                    dt.date.fromisoformat(value[key])
                except ValueError:
                    problems.append(f"document_details.{name}.{key}: bukan tanggal yang ada.")
    known = _known_document_codes()
    problems += [f"documents: kode dokumen '{code[:30]}' tidak dikenal."
                 for code in data["documents"] if code not in known]
    bio = data["biometrics"]
    photo = _bytes(bio.get("photo"), "biometrics.photo", problems)
    signature = _bytes(bio.get("signature"), "biometrics.signature", problems)
    exception_photo = _bytes(bio.get("exception_photo"), "biometrics.exception_photo",
                             problems)
    approval = ""
    if "supervisor_approval" in data:
        if actor.role is not Role.SUPERVISOR:
            raise NotAllowed("Persetujuan supervisor hanya bila perintah dijalankan oleh "
                             "supervisor (--user supervisor).")
        actor.require(Permission.OVERRIDE)
        approval = str(data["supervisor_approval"]["reason"])
    if problems:
        raise ValidationError(problems[0], problems=problems)
    card = CardData(**{**raw_card, "tanggal_lahir": born, "phone": raw_card.get("phone", "")})
    return RecordingInput(
        nik=data["nik"], kk=data["kk"], case_type=CaseType(data["case"]), card=card,
        documents={code: True for code in data["documents"]},
        biometrics=BiometricsInput(photo, signature, bio["modalities"], exception_photo,
                                   bio.get("signature_exception", ""),
                                   bio.get("device", "") or "berkas JSON"),
        changed_elements=frozenset(DataElement(e) for e in data.get("changed_elements", [])),
        document_details={k: dict(v) for k, v in (data.get("document_details") or {}).items()},
        ticket_id=data.get("ticket_id"),
        outreach_event_id=data.get("outreach_event_id"),
        nik_notes={k: MismatchNote(MismatchReason(v["reason"]), v.get("text", ""))
                   for k, v in (data.get("nik_mismatch_reasons") or {}).items()},
        ), approval


def record_document(db: Database, actor: Actor, data: object,
                    now: dt.datetime | None = None) -> RecordingResult:
    """Check a whole document and save it (one transaction, audited as ``actor``).

    Refused whole when anything is wrong: the ValidationError's ``problems`` lists every
    problem found, the schema's first, then the wizard's rules.
    """
    actor.require(Permission.SERVE)
    recording, approval = parse_document(data, actor)
    moment = (now or utc_now()).replace(microsecond=0)
    if approval:
        # The supervisor running the command approves: one single-use grant row each for
        # the documents and the NIK, exactly as a supervisor's password check makes them.
        def grant() -> OverrideGrant:
            return approve_as_supervisor(db, actor, approval, clerk=actor, nik=recording.nik,
                                         case_type=recording.case_type, now=moment)

        recording = dataclasses.replace(recording, override=grant(), nik_approval=grant())
    checked = assess_recording(db, recording, office_day(moment))
    if checked.problems:
        raise ValidationError(checked.problems[0], problems=list(checked.problems))
    return save_recording(db, actor, recording, now=moment)
