"""Where a jemput bola packet received at the office stands (``outreach_packets.status``).

A packet sent over the network waits in the inbox until the supervisor reviews and
imports it; a packet brought on a flash disk is stored straight as imported. Only an
imported packet's confirmation is given back to its laptop.
"""

from __future__ import annotations

import enum


class PacketStatus(enum.StrEnum):
    """Waiting in the inbox, or imported."""

    INBOX = "inbox"
    IMPORTED = "imported"
