"""SQLAlchemy 2 typed ORM tables. Only services and migrations use them."""

from counter_app.models.base import Base
from counter_app.models.coverage import (
    ApplicationDisability,
    ContactLog,
    HomeVisitRequest,
    OutreachPlan,
    OutreachPlanTarget,
    RecordedElsewhere,
    Resident,
    ResidentImport,
)
from counter_app.models.fulfilment import (
    Batch,
    BatchItem,
    BlankoEntry,
    BlankoStock,
    DayClosure,
    Pickup,
    Suket,
    SupersededDayReport,
)
from counter_app.models.office import Counter, Office, OfficeDayOff, Region, Setting
from counter_app.models.outreach import (
    OutreachConflict,
    OutreachLaptop,
    OutreachOfficeKey,
    OutreachPacket,
    OutreachProfile,
    OutreachRecord,
)
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
    IkdActivation,
    OutreachEvent,
    OverrideGrant,
    RecordingDraft,
    SigningKey,
    SlipSequence,
)
from counter_app.models.users import AuditHead, AuditHeadSignature, AuditLog, LoginSession, User

__all__ = [
    "Batch", "BatchItem", "BlankoEntry", "BlankoStock", "DayClosure", "Pickup", "Suket",
    "SupersededDayReport",
    "Applicant", "Application", "ApplicationDocument", "Biometrics", "OutreachEvent",
    "OverrideGrant", "RecordingDraft", "SigningKey", "SlipSequence", "IkdActivation",
    "OutreachConflict", "OutreachLaptop", "OutreachOfficeKey", "OutreachPacket",
    "OutreachProfile", "OutreachRecord",
    "AuditHead", "AuditHeadSignature", "AuditLog", "Base", "LoginSession", "Counter",
    "CounterService",
    "Office", "OfficeDayOff", "QueueSequence",
    "QueueService", "Region", "Setting", "Ticket", "TicketEvent", "User",
    "ApplicationDisability", "ContactLog", "HomeVisitRequest", "OutreachPlan",
    "OutreachPlanTarget", "RecordedElsewhere", "Resident", "ResidentImport",
]
