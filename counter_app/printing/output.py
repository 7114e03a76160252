"""The one printing interface for every document.

A document goes out as ESC/POS, to a system printer, or to a PDF file. The record it
prints is always stored before; a failure here raises a PrinterError and loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.domain.errors import PrinterError
from counter_app.printing import escpos_transport
from counter_app.printing.paper import Output, Paper, PrinterSettings


class PdfPrinter(Protocol):
    """Sends PDF bytes to a named system printer (the Qt adapter in the UI does this)."""

    def print_pdf(self, data: bytes, printer_name: str) -> None:
        """Print every page at the PDF's own page size; PrinterError on failure."""


@dataclass(frozen=True)
class Printable:
    """A document ready to print: its PDF and, for thermal paper, its ESC/POS bytes."""

    name: str                                   # file name stem, e.g. "tiket-A-012"
    pdf: Callable[[Paper], bytes]
    escpos: Callable[[Paper, bool], bytes] | None = None


def deliver(document: Printable, settings: PrinterSettings,
            pdf_printer: PdfPrinter | None = None) -> str:
    """Print ``document`` as the settings say; return a short description of where it went."""
    if settings.output is Output.ESCPOS:
        if document.escpos is None:
            raise PrinterError("Dokumen ini tidak dapat dicetak ke printer thermal.")
        data = document.escpos(settings.paper, settings.cutter)
        escpos_transport.send(data, settings.transport, settings.target)
        return f"printer thermal {settings.target}"
    pdf = document.pdf(settings.paper)
    if settings.output is Output.SYSTEM:
        if pdf_printer is None:
            raise PrinterError("Pencetakan ke printer sistem tidak tersedia di sini.")
        pdf_printer.print_pdf(pdf, settings.target)
        return f"printer {settings.target or 'bawaan'}"
    return str(save_pdf(pdf, Path(settings.target or "."), document.name))


PRINTER = "printer "  # how ``deliver`` names a real printer; anything else is a PDF file
NO_PRINTER = "disimpan sebagai PDF (printer belum diatur)"


def printed_as(verb: str, where: str) -> str:
    """What happened, for a message: ``dicetak (printer X)`` or a saved PDF.

    When this PC has no printer set up and the PDF went to a folder: ``disimpan sebagai
    PDF (printer belum diatur): PATH``; never "dicetak" for a paper that did not come out.
    """
    if where.startswith(PRINTER):
        return f"{verb} ({where})"
    if verb.endswith("ulang"):  # a reprint stays a reprint
        return f"{NO_PRINTER.replace('disimpan', 'disimpan ulang')}: {where}"
    return f"{NO_PRINTER}: {where}"


def save_pdf(data: bytes, folder: Path, stem: str) -> Path:
    """Write a PDF into ``folder`` under a safe, unused name."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "dokumen"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{safe}.pdf"
        n = 2
        while path.exists():
            path = folder / f"{safe}-{n}.pdf"
            n += 1
        path.write_bytes(data)
    except OSError as exc:
        raise PrinterError(f"PDF tidak dapat disimpan di {folder} ({exc.strerror}).") from None
    return path
