"""Jemput bola at the office: where a received packet stands, how a held one was settled.

A packet sent over the network waits in the inbox until the supervisor reviews and
imports it; a packet brought on a flash disk is stored straight as imported. Only an
imported packet's confirmation is given back to its laptop.
"""

from __future__ import annotations

from enum import StrEnum


class PacketStatus(StrEnum):
    """Waiting in the inbox, or imported."""

    INBOX = "inbox"
    IMPORTED = "imported"


class ConflictResolution(StrEnum):
    """How the supervisor settled a held recording (``outreach_conflicts.resolution``).

    A held recording's NIK already had an application running at the office: it waits
    (OPEN, stored as the empty string) until the supervisor keeps the office's
    application (DISCARD the laptop's recording) or takes the laptop's (REPLACE: the
    office's application is cancelled).
    """

    OPEN = ""
    REPLACE = "replace"
    DISCARD = "discard"
