"""Paper and printer settings shared by every printed document."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counter_app.domain.errors import ValidationError


class Paper(enum.StrEnum):
    """Paper a document is laid out for."""

    THERMAL_58 = "58mm"
    THERMAL_80 = "80mm"
    A6 = "A6"
    A4 = "A4"


@dataclass(frozen=True)
class ThermalProfile:
    """A thermal roll: printable dots, characters per line, the escpos profile to use."""

    width_mm: float
    dots: int
    columns: int
    escpos_profile: str


THERMAL: dict[Paper, ThermalProfile] = {
    # POS-5890: the common 58 mm printers (384 dots, 32 columns of font A).
    Paper.THERMAL_58: ThermalProfile(58, 384, 32, "POS-5890"),
    # TM-T20II: the common 80 mm printers (576 dots, 48 columns of font A).
    Paper.THERMAL_80: ThermalProfile(80, 576, 48, "TM-T20II"),
}


class Output(enum.StrEnum):
    """Where a document goes."""

    ESCPOS = "escpos"      # raw ESC/POS bytes to a thermal printer
    SYSTEM = "system"      # the PDF to a system printer through Qt
    PDF_FILE = "pdf_file"  # the PDF saved to a folder


class Transport(enum.StrEnum):
    """How ESC/POS bytes reach the printer."""

    NETWORK = "network"    # TCP port 9100 (host or host:port)
    CUPS = "cups"          # lp -o raw -d QUEUE (Linux, macOS)
    WINDOWS = "windows"    # a Windows printer queue, raw datatype
    FILE = "file"          # a file or device path (/dev/usb/lp0), or for testing


@dataclass(frozen=True)
class PrinterSettings:
    """One PC's printer for one kind of document."""

    output: Output = Output.PDF_FILE
    paper: Paper = Paper.THERMAL_80
    cutter: bool = True
    transport: Transport = Transport.NETWORK
    target: str = ""  # ESC/POS: host[:port], queue name or path; SYSTEM: printer name;
    # PDF_FILE: folder

    def __post_init__(self) -> None:
        if self.output is Output.ESCPOS and self.paper not in THERMAL:
            raise ValidationError("Printer ESC/POS hanya untuk kertas 58 mm atau 80 mm.")
        if self.output is Output.ESCPOS and not self.target.strip():
            raise ValidationError("Isi alamat, nama antrean, atau berkas printer ESC/POS.")
