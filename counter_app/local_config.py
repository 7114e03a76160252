"""Settings of this PC (not of the office): which counter it is, and its printers.

Kept as JSON in the user config directory, so two PCs on one database can be Loket 1
and Loket 2 with their own printers.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from counter_app.domain.errors import ValidationError
from counter_app.paths import config_dir, data_dir, write_private
from counter_app.printing.paper import Output, Paper, PrinterSettings, Transport

ENV_CONFIG = "COUNTER_APP_PC_CONFIG"


def default_ticket_printer() -> PrinterSettings:
    """Out of the box a ticket is saved as PDF, so a new PC works before any printer."""
    return PrinterSettings(Output.PDF_FILE, Paper.THERMAL_80, True, Transport.NETWORK,
                           str(data_dir() / "cetakan"))


def default_slip_printer() -> PrinterSettings:
    """Slips default to PDF files too (80 mm), until an admin sets a printer."""
    return default_ticket_printer()


@dataclass(frozen=True)
class LocalConfig:
    """This PC's counter and printers."""

    counter_number: int | None = None
    ticket_printer: PrinterSettings = field(default_factory=default_ticket_printer)
    slip_printer: PrinterSettings = field(default_factory=default_slip_printer)
    outreach_event_id: int | None = None  # the jemput bola event this PC records at
    letter_printer: PrinterSettings = field(default_factory=lambda: PrinterSettings(
        Output.PDF_FILE, Paper.A4, False, Transport.NETWORK, str(data_dir() / "cetakan")))
    # The scanner driver an admin chose for this PC (an entry point name); "" = the
    # Dukcapil recording station (services/biometric_devices.py).
    capture_driver: str = ""
    # What this PC is, asked at its first start (issue 13): "loket" (a counter, with
    # ``counter_number``), "kiosk", "display" or "backoffice"; "" = not asked yet.
    pc_role: str = ""


# What a PC can be; the app opens in that mode (ui/app.py).
PC_ROLES: dict[str, str] = {
    "loket": "Loket pelayanan",
    "kiosk": "Kios tiket antrean",
    "display": "Layar ruang tunggu",
    "backoffice": "Komputer kantor (tanpa loket)",
}


def config_path() -> Path:
    """Where this PC's settings live (``COUNTER_APP_PC_CONFIG`` overrides it)."""
    return Path(os.environ.get(ENV_CONFIG) or config_dir() / "pc.json")


def _printer_from(data: Any, paper: Paper = Paper.THERMAL_80) -> PrinterSettings:
    default = replace(default_ticket_printer(), paper=paper)
    if not isinstance(data, dict):
        return default
    try:
        return PrinterSettings(
            Output(data.get("output", "pdf_file")), Paper(data.get("paper", paper.value)),
            bool(data.get("cutter", True)), Transport(data.get("transport", "network")),
            str(data.get("target", "")),
        )
    except (ValueError, ValidationError):
        return default


def load() -> LocalConfig:
    """This PC's settings; a missing or damaged file gives the defaults."""
    try:
        data = json.loads(config_path().read_text("utf-8"))
    except (OSError, ValueError):
        return LocalConfig()
    if not isinstance(data, dict):
        return LocalConfig()
    number = data.get("counter_number")
    return LocalConfig(
        counter_number=number if isinstance(number, int) else None,
        ticket_printer=_printer_from(data.get("ticket_printer")),
        slip_printer=_printer_from(data.get("slip_printer")),
        outreach_event_id=event if isinstance(event := data.get("outreach_event_id"), int)
        else None,
        letter_printer=_printer_from(data.get("letter_printer"), Paper.A4),
        capture_driver=driver if isinstance(driver := data.get("capture_driver"), str)
        else "",
        pc_role=role if (role := data.get("pc_role")) in PC_ROLES else "",
    )


def save(config: LocalConfig) -> None:
    """Write this PC's settings (atomically: a crash leaves the old file or the new one)."""
    path = config_path()
    data = asdict(config)
    # Owner-only (0600 in a 0700 folder on Linux), written atomically.
    write_private(path, json.dumps(data, ensure_ascii=False, indent=2, default=str)
                  .encode("utf-8"))


def with_counter(config: LocalConfig, number: int | None) -> LocalConfig:
    """A copy naming another counter."""
    return replace(config, counter_number=number)


def with_event(config: LocalConfig, event_id: int | None) -> LocalConfig:
    """A copy recording at another outreach event (None: at the office)."""
    return replace(config, outreach_event_id=event_id)


def with_capture_driver(config: LocalConfig, driver: str) -> LocalConfig:
    """A copy using another scanner driver ("" for the Dukcapil station)."""
    return replace(config, capture_driver=driver.strip()[:100])


def with_pc_role(config: LocalConfig, role: str, counter_number: int | None = None
                 ) -> LocalConfig:
    """A copy saying what this PC is (and, for a loket, which counter)."""
    if role not in PC_ROLES:
        raise ValidationError("Pilih peran komputer ini.")
    return replace(config, pc_role=role,
                   counter_number=counter_number if role == "loket" else config.counter_number)
