"""Role checks that hold in the service layer; a refusal is itself audited."""

from __future__ import annotations

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.roles import Permission
from station_desk.errors import PermissionDeniedError
from station_desk.i18n import _


def require(db: Database, actor: Principal, permission: Permission, what: str = "") -> None:
    """Raise PermissionDeniedError (after auditing the refusal) unless `actor` may do it."""
    if actor.can(permission):
        return
    with db.session(actor) as session:
        audit_trail.append(
            session, AuditAction.DENIED, what, details={"permission": str(permission)}
        )
    raise PermissionDeniedError(
        _("Your role ({role}) does not allow this.").format(role=actor.role.label)
    )
