"""SQLAlchemy 2 typed ORM tables. Only services and migrations use them."""

from counter_app.models.base import Base
from counter_app.models.office import Counter, Office, Region, Setting
from counter_app.models.users import AuditHead, AuditLog, User

__all__ = ["AuditHead", "AuditLog", "Base", "Counter", "Office", "Region", "Setting", "User"]
