"""Printing a queue ticket: the ticket is stored first, its paper is extra.

A printer failure raises PrinterError and the ticket stays in the queue; the clerk
can reprint it. Only a print that came out is counted, and every one after the first
is recorded as a reprint.
"""

from __future__ import annotations

from counter_app.db import Database
from counter_app.printing.output import PdfPrinter, Printable, deliver
from counter_app.printing.paper import Paper, PrinterSettings
from counter_app.printing.ticket import TicketPrintout, ticket_escpos, ticket_pdf
from counter_app.services.actor import Actor
from counter_app.services.office import get_office
from counter_app.services.queue import TicketInfo, get_ticket, record_print


def ticket_printout(db: Database, ticket: TicketInfo) -> TicketPrintout:
    """What the ticket's paper says."""
    office = get_office(db)
    office_name = office.title if office else "Loket KTP-el"
    return TicketPrintout(
        office_name=office_name, service_name=ticket.service_name, number=ticket.number,
        issued_at=ticket.issued_at, waiting_ahead=ticket.waiting_ahead,
        prepare_hint=ticket.prepare_hint, priority=ticket.priority,
        reprint=ticket.print_count > 0,
    )


def ticket_document(printout: TicketPrintout) -> Printable:
    """The ticket as a printable document (PDF and ESC/POS)."""
    return Printable(
        name=f"tiket-{printout.number}",
        pdf=lambda paper: ticket_pdf(printout, paper),
        escpos=lambda paper, cutter: ticket_escpos(printout, paper, cutter),
    )


def print_ticket(
    db: Database, ticket_id: int, settings: PrinterSettings,
    pdf_printer: PdfPrinter | None = None, actor: Actor | None = None,
) -> tuple[TicketInfo, str]:
    """Print (or reprint) a ticket; returns the ticket and where the paper went."""
    ticket = get_ticket(db, ticket_id)
    where = deliver(ticket_document(ticket_printout(db, ticket)), settings, pdf_printer)
    return record_print(db, ticket_id, actor), where


def ticket_pdf_bytes(db: Database, ticket_id: int, paper: Paper = Paper.THERMAL_80) -> bytes:
    """The ticket's PDF, e.g. for ``ticket issue --out``."""
    return ticket_pdf(ticket_printout(db, get_ticket(db, ticket_id)), paper)
