"""Capture devices for fingerprints and irises, behind one small interface.

The real scanners come with vendor SDKs that differ per office; the app talks to them
through ``CaptureDevice``. ``SimulatedDevice`` stands in for demos and tests: it returns
a deterministic template and quality per modality, and fails for the ones it is told
are missing or injured, as a real scanner would read nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from counter_app.domain.errors import CounterError
from counter_app.domain.recording import Modality

MIN_QUALITY = 40


class CaptureFailed(CounterError):
    """The device read nothing usable."""


@dataclass(frozen=True)
class Capture:
    """One captured modality."""

    modality: Modality
    quality: int        # 0-100, as scanners report NFIQ-like scores
    template: bytes     # stored by the device vendor's format; opaque here


class CaptureDevice(Protocol):
    """What the biometrics page needs from a scanner."""

    name: str

    def capture(self, modality: Modality) -> Capture:
        """Capture one finger or iris; CaptureFailed when nothing usable was read."""


@dataclass
class SimulatedDevice:
    """A scanner for demos and tests."""

    name: str = "Perangkat simulasi"
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
