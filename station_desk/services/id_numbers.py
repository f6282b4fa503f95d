"""Full ID numbers shown on request. Screens and registers show ID numbers masked; a user
who needs one in full (to read it to a resident, to correct it) asks for it record by record,
and each time is recorded in the audit trail (`VIEW_ID`, with what names the record and why:
"show" from a screen, "edit" to change it). Used by the mediation parties and the opinion
register."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.domain.audit import AuditAction


def reveal_id_in(
    session: Session, record_type: str, record_id: str, number: str | None,
    names: Mapping[str, object], why: str = "show",
) -> str:
    """`number` in full (or ""), the showing audited within `session`."""
    audit_trail.append(session, AuditAction.VIEW_ID, record_type, record_id, {**names, "why": why})
    return number or ""
