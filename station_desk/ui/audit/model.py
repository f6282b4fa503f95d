"""How audit record types and actions read in the audit page (the entries themselves read as
sentences: `ui/audit/reading.py`)."""

from __future__ import annotations

from station_desk.domain.audit import AuditAction
from station_desk.domain.volunteers import RosterDocument
from station_desk.i18n import N_, _

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
