"""All mapped models; importing this package registers every table on `Base.metadata`."""

from station_desk.db.models.accounts import Setting, User
from station_desk.db.models.audit import AuditRecord
from station_desk.db.models.base import Base, RecordMixin

__all__ = ["AuditRecord", "Base", "RecordMixin", "Setting", "User"]
