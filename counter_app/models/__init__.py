"""SQLAlchemy 2 typed ORM tables. Only services and migrations use them."""

from counter_app.models.base import Base
from counter_app.models.fulfilment import (
    Batch,
    BatchItem,
    BlankoEntry,
    BlankoStock,
    DayClosure,
    Pickup,
    Suket,
)
from counter_app.models.office import Counter, Office, Region, Setting
from counter_app.models.queue import (
    CounterService,
    QueueSequence,
    QueueService,
    Ticket,
    TicketEvent,
)
from counter_app.models.recording import (
    Applicant,
    Application,
    ApplicationDocument,
    Biometrics,
    OutreachEvent,
    RecordingDraft,
    SigningKey,
    SlipSequence,
)
from counter_app.models.users import AuditHead, AuditHeadSignature, AuditLog, User

__all__ = [
    "Batch", "BatchItem", "BlankoEntry", "BlankoStock", "DayClosure", "Pickup", "Suket",
    "Applicant", "Application", "ApplicationDocument", "Biometrics", "OutreachEvent",
    "RecordingDraft", "SigningKey", "SlipSequence",
    "AuditHead", "AuditHeadSignature", "AuditLog", "Base", "Counter", "CounterService",
    "Office", "QueueSequence", "QueueService", "Region", "Setting", "Ticket", "TicketEvent", "User",
]
