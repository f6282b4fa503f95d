"""How audit entries read in the audit page: columns and a one-line summary of the details."""

from __future__ import annotations

import json
from typing import Any

from station_desk.domain.audit import AuditAction, AuditEntry
from station_desk.domain.volunteers import RosterDocument
from station_desk.i18n import N_, _
from station_desk.ui.formatting import local_time, yes_no
from station_desk.ui.widgets.table_model import Column

MAX_VALUE_CHARS = 40

# What each record type (a model's `__audit_name__` or a service's own name) reads as.
RECORD_TYPE_LABELS: dict[str, str] = {
    "user": N_("User account"),
    "setting": N_("Setting"),
    "settings": N_("Settings"),
    "audit": N_("Audit trail"),
    "organisation": N_("Organisation"),
    "contact_person": N_("Contact person"),
    "duty_entry": N_("Duty log entry"),
    "room_opening": N_("Room opening hours"),
    "mediation_case": N_("Mediation case"),
    "mediation_party": N_("Party"),
    "mediation_session": N_("Mediation session"),
    "mediation_statement": N_("Party statement"),
    "mediation_return_visit": N_("Return visit"),
    "mediation_register": N_("Mediation register"),
    "mediation_demo": N_("Mediation demo data"),
    "meeting": N_("Meeting"),
    "meeting_attendee": N_("Meeting attendee"),
    "meeting_agenda_item": N_("Agenda item"),
    "meeting_action_item": N_("Action item"),
    "meeting_amendment": N_("Minutes amendment"),
    "volunteer_team": N_("Volunteer team"),
    "volunteer": N_("Volunteer"),
    "volunteer_commendation": N_("Commendation"),
    "volunteers_demo": N_("Volunteer demo data"),
    "patrol_pattern": N_("Patrol pattern"),
    "patrol_shift": N_("Patrol shift"),
    "patrol_shift_member": N_("Shift member"),
    "youth_subject": N_("Youth subject"),
    "youth_guardian": N_("Guardian"),
    "youth_team_member": N_("Assistance team member"),
    "youth_session": N_("Assistance session"),
    "youth_evaluation": N_("Evaluation"),
    "youth_grade_change": N_("Grade change"),
    "youth_access_grant": N_("Access grant"),
    "youth_statistics": N_("Youth statistics"),
    "backup": N_("Backup"),
    "export": N_("Export"),
}


def record_type_label(record_type: str) -> str:
    """The record type in the current language; an unknown one as stored."""
    if record_type in RECORD_TYPE_LABELS:
        return _(RECORD_TYPE_LABELS[record_type])
    try:
        return RosterDocument(record_type).label
    except ValueError:
        return record_type


def record_type_choices() -> list[tuple[str, str]]:
    """The record-type filter's choices as (label, record type), by label."""
    types = [*RECORD_TYPE_LABELS, *(document.value for document in RosterDocument)]
    return sorted((record_type_label(record_type), record_type) for record_type in types)


def action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def short_value(value: Any) -> str:
    """A stored value as it reads in one line: booleans as Yes/No, long text cut short."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _change(field: str, change: Any) -> str:
    if isinstance(change, dict) and change.get("changed"):
        return _("{field} changed").format(field=field)
    if isinstance(change, dict) and ("old" in change or "new" in change):
        return f"{field}: {short_value(change.get('old'))} → {short_value(change.get('new'))}"
    return f"{field}: {short_value(change)}"


def summarise_details(details: dict[str, Any]) -> str:
    """Changed fields as "field: old → new", created fields as "field=value", others "key: value"."""
    parts: list[str] = []
    for key, value in details.items():
        if key == "changes" and isinstance(value, dict):
            parts.extend(_change(field, change) for field, change in value.items())
        elif key == "fields" and isinstance(value, dict):
            parts.extend(f"{field}={short_value(v)}" for field, v in value.items())
        else:
            parts.append(f"{key}: {short_value(value)}")
    return "; ".join(parts)


def details_tooltip(entry: AuditEntry) -> str:
    return json.dumps(entry.details, ensure_ascii=False, indent=2, sort_keys=True)


AUDIT_COLUMNS = (
    Column(N_("No."), lambda e: str(e.seq)),
    Column(N_("Time"), lambda e: local_time(e.at)),
    Column(N_("User"), lambda e: e.username),
    Column(N_("Action"), lambda e: action_label(e.action)),
    Column(N_("Record type"), lambda e: record_type_label(e.record_type), lambda e: e.record_type),
    Column(N_("Record id"), lambda e: e.record_id),
    Column(N_("Details"), lambda e: summarise_details(e.details), details_tooltip),
)
