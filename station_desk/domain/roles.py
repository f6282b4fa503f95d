"""Roles and what each may do (checked in the service layer, not only by hiding buttons).

- admin (管理员): accounts, settings, the audit trail, full backups to USB (`BACKUP`: a
  backup is the whole database, sealed records included), and everything an officer may do;
- officer (民警): all records, printing, exports (without sealed youth-guidance records:
  only an administrator may include those, `EXPORT_SEALED`);
- auxiliary (辅警): records except sealed youth-guidance records; no exports.
"""

from __future__ import annotations

from enum import StrEnum

from station_desk.domain.enums import LabelledEnum
from station_desk.i18n import N_


class Role(LabelledEnum):
    ADMIN = "admin", N_("Administrator")
    OFFICER = "officer", N_("Police officer")
    AUXILIARY = "auxiliary", N_("Auxiliary police")


class Permission(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT = "view_audit"
    EDIT_RECORDS = "edit_records"
    PRINT = "print"
    EXPORT = "export"
    SEALED_RECORDS = "sealed_records"
    # Put sealed youth-guidance records into an export (every subject, not only one's own):
    # administrators only; officers export their subjects' files one by one (audited).
    EXPORT_SEALED = "export_sealed"
    # Full backups to USB (they hold sealed records): administrators only. The automatic
    # daily backups in the data folder are made by the program, not by a user.
    BACKUP = "backup"


_OFFICER = {Permission.EDIT_RECORDS, Permission.PRINT, Permission.EXPORT, Permission.SEALED_RECORDS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.OFFICER: frozenset(_OFFICER),
    Role.AUXILIARY: frozenset({Permission.EDIT_RECORDS, Permission.PRINT}),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
