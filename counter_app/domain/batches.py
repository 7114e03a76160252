"""The states of a batch to Disdukcapil (surat pengantar) and of each item in it.

```
batch:  draft --send (with a courier)--> sent
item:   pending --+--> received  (the card came back; the application is ready)
        missing --+--> returned  (sent back unprinted with a reason; the office decides)
           ^      '--> rejected  (refused by Disdukcapil with a reason code)
           '-- pending (not back: "hilang/tidak ada")
```
The values are the ones stored in ``batches.status`` and ``batch_items.state``.
"""

from __future__ import annotations

import enum


class BatchStatus(enum.StrEnum):
    """Whether a batch has left the office."""

    DRAFT = "draft"
    SENT = "sent"

    @property
    def label(self) -> str:
        """The status as the clerk reads it."""
        return "Terkirim" if self is BatchStatus.SENT else "Draf"


class ItemState(enum.StrEnum):
    """What became of one application sent in a batch."""

    PENDING = "pending"
    RECEIVED = "received"
    MISSING = "missing"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        """The state as the clerk reads it."""
        return ITEM_STATE_LABELS[self]

    @property
    def out(self) -> bool:
        """Still out at Disdukcapil: the application may not go in another batch."""
        return self in OUT_STATES


ITEM_STATE_LABELS: dict[ItemState, str] = {
    ItemState.PENDING: "Belum kembali", ItemState.RECEIVED: "Diterima kembali",
    ItemState.MISSING: "Hilang/tidak ada", ItemState.RETURNED: "Dikembalikan (bermasalah)",
    ItemState.REJECTED: "Ditolak"}
# Not yet back: a batch item in one of these states still holds its application.
OUT_STATES = frozenset({ItemState.PENDING, ItemState.MISSING})
# What a clerk may record for an item that is out (a rejection has its own action).
MARKABLE_STATES = frozenset({ItemState.RECEIVED, ItemState.MISSING, ItemState.RETURNED})
