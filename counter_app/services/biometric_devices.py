"""Where fingerprints and irises come from: the Dukcapil station, a driver, or the simulator.

In a kecamatan the fingers, irises, face and signature are captured by Dukcapil's own
recording station (its application and its certified devices). A real office therefore
records, by default, that the capture was done on the station, with the station's
reference (issue 20). An office or vendor that connects a scanner to this app adds a
driver: a Python package that registers a ``CaptureDevice`` factory in the entry point
group ``counter_app.capture_devices``; an admin chooses it per PC under Pengaturan.
``SimulatedDevice`` exists for the demo office and the tests only, and says so.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Protocol

from counter_app.domain.errors import CounterError, ValidationError
from counter_app.domain.recording import SIMULATED_DEVICE, STATION_DEVICE, Modality

MIN_QUALITY = 40
ENTRY_POINT_GROUP = "counter_app.capture_devices"


class CaptureFailed(CounterError):
    """The device read nothing usable."""


@dataclass(frozen=True)
class Capture:
    """One captured modality."""

    modality: Modality
    quality: int        # 0-100, as scanners report NFIQ-like scores
    template: bytes     # stored by the device vendor's format; opaque here


class CaptureDevice(Protocol):
    """The contract of a scanner driver: what the biometrics page needs from it.

    A driver is any object with a ``name`` (shown to the clerk and stored with the
    recording) and ``capture(modality)``, which returns a ``Capture`` or raises
    ``CaptureFailed`` with a message in Bahasa Indonesia when nothing usable was read.
    """

    name: str

    def capture(self, modality: Modality) -> Capture:
        """Capture one finger or iris; CaptureFailed when nothing usable was read."""


@dataclass
class SimulatedDevice:
    """A scanner for the demo office and tests: its "captures" are made up."""

    name: str = SIMULATED_DEVICE
    unreadable: frozenset[Modality] = field(default_factory=frozenset)
    seed: str = "loket"

    def capture(self, modality: Modality) -> Capture:
        """A deterministic capture, or CaptureFailed for an unreadable modality."""
        if modality in self.unreadable:
            raise CaptureFailed(f"{modality.label} tidak terbaca oleh perangkat. Ulangi, atau "
                                "tandai sebagai pengecualian dengan alasannya.")
        digest = hashlib.sha256(f"{self.seed}:{modality.value}".encode()).digest()
        quality = MIN_QUALITY + digest[0] % (100 - MIN_QUALITY)
        return Capture(modality, quality, digest)


class CaptureMode(enum.StrEnum):
    """How this PC's recordings get their fingers and irises."""

    STATION = "station"      # confirmed as captured on the Dukcapil station (default)
    DRIVER = "driver"        # a scanner driver installed as a package
    SIMULATED = "simulated"  # the demo office only


@dataclass(frozen=True)
class CaptureSetup:
    """What the biometrics page works with on this PC."""

    mode: CaptureMode
    device_name: str
    device: CaptureDevice | None = None
    notice: str = ""  # said on the page, e.g. the simulator's warning


@dataclass(frozen=True)
class DriverInfo:
    """A scanner driver found among the installed packages."""

    name: str       # the entry point's name, stored in this PC's settings
    target: str     # "module:attribute", for the admin's screen
    package: str    # the distribution that registered it


def installed_drivers() -> dict[str, DriverInfo]:
    """The scanner drivers registered under ``counter_app.capture_devices``."""
    found: dict[str, DriverInfo] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        package = ep.dist.name if ep.dist is not None else ""
        found[ep.name] = DriverInfo(ep.name, ep.value, package)
    return found


def load_driver(name: str) -> CaptureDevice:
    """Start the driver ``name``; a clear message when it is missing or fails to start."""
    matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not matches:
        raise ValidationError(f"Driver perangkat biometrik '{name[:40]}' tidak terpasang di "
                              "komputer ini.")
    try:
        factory: Callable[[], CaptureDevice] = matches[0].load()
        device = factory()
    except CounterError:
        raise
    except Exception as exc:  # a third party's code: whatever it raises is its failure
        raise CaptureFailed(f"Driver perangkat biometrik '{name[:40]}' gagal dimulai: "
                            f"{str(exc)[:200]}") from exc
    if not callable(getattr(device, "capture", None)) or not isinstance(
            getattr(device, "name", None), str):
        raise CaptureFailed(f"Driver '{name[:40]}' tidak memenuhi antarmuka CaptureDevice "
                            "(perlu name dan capture).")
    return device


def capture_setup(demo_office: bool, driver: str | None) -> CaptureSetup:
    """This PC's capture source.

    The simulator only in the demo office; else the driver the admin chose for this PC;
    else the Dukcapil recording station.
    """
    if demo_office:
        return CaptureSetup(CaptureMode.SIMULATED, SIMULATED_DEVICE, SimulatedDevice(),
                            "Perangkat simulasi — hanya untuk kantor contoh.")
    if driver:
        try:
            device = load_driver(driver)
        except CounterError as exc:
            return CaptureSetup(CaptureMode.STATION, STATION_DEVICE,
                                notice=f"{exc.message} Dipakai mode stasiun Dukcapil.")
        return CaptureSetup(CaptureMode.DRIVER, device.name[:60], device)
    return CaptureSetup(CaptureMode.STATION, STATION_DEVICE)
