"""An audit entry as a sentence in the user's language: who did what to which record (by its
human name: a case number, a person, a meeting's title), with the changed fields by their
labels and their values as the screens show them ("Attendance: Not yet marked → Absent").

The exact stored diff stays available: `entry_details()` gives every field untruncated and the
stored JSON, for the details pane under the audit list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from station_desk.domain.audit import AuditAction, AuditEntry
from station_desk.domain.contacts import OrganisationKind
from station_desk.domain.duty import DutyActivity
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    CaseOutcome,
    CaseSource,
    CaseStatus,
    DisputeType,
    MediationKind,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    Satisfaction,
    VisitMethod,
)
from station_desk.domain.meetings import ActionStatus, AttendeeKind, MeetingStatus, MeetingType
from station_desk.domain.roles import Role
from station_desk.domain.volunteers import Attendance, TeamKind, VolunteerRole, VolunteerStatus
from station_desk.domain.youth import (
    ClosureReason,
    MemberKind,
    RiskGrade,
    SessionKind,
    SubjectStatus,
    TeamRole,
    YouthGroup,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.ui.audit.model import action_label, record_type_label
from station_desk.ui.formatting import local_time, yes_no
from station_desk.ui.widgets.table_model import Column

MAX_VALUE_CHARS = 40
MAX_CHANGES_IN_SENTENCE = 3
_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")

# What each stored field reads as (form labels; a trailing colon is dropped).
FIELD_LABELS: dict[str, str] = {
    "title": N_("Title"), "name": N_("Name"), "starts_at": N_("Starts at:"),
    "ends_at": N_("Ends:"), "place": N_("Place"), "host": N_("Host"), "recorder": N_("Recorder"),
    "status": N_("Status"), "summary": N_("Summary"), "notes": N_("Notes"),
    "meeting_type": N_("Meeting type"), "attendance": N_("Attendance"), "present": N_("Present"),
    "absence_reason": N_("Absence reason"), "role": N_("Role"), "kind": N_("Kind"),
    "organisation": N_("Organisation"), "description": N_("Description"), "owner": N_("Owner"),
    "due_date": N_("Due date:"), "progress": N_("Progress"), "discussion": N_("Discussion"),
    "decisions": N_("Decisions"), "section": N_("Section"), "text": N_("Text:"),
    "phone": N_("Phone"), "address": N_("Address"), "resident_id": N_("ID number"),
    "gender": N_("Gender"), "birth_date": N_("Birth date"), "mobile": N_("Mobile"),
    "landline": N_("Landline"), "position": N_("Position"), "case_number": N_("Case number"),
    "received_on": N_("Received on"), "source": N_("Source"), "dispute_type": N_("Dispute type"),
    "facts": N_("Facts"), "officer": N_("Handling officer:"), "outcome": N_("Outcome"),
    "terms": N_("Agreed terms"), "visit_date": N_("Date"), "method": N_("Method"),
    "visitor": N_("Visited by"), "findings": N_("Findings"), "satisfaction": N_("Satisfaction"),
    "next_due": N_("Next visit due"), "activity": N_("Activity"), "in_beat": N_("In the beat"),
    "day": N_("Date"), "opens_at": N_("Opens"), "closes_at": N_("Closes"), "staff": N_("Staff"),
    "route": N_("Route"), "seats": N_("Seats"), "team_id": N_("Team"), "skills": N_("Skills"),
    "join_date": N_("Joined"), "insurance_until": N_("Insured until"),
    "allowance": N_("Allowance"), "check_in": N_("Check-in"), "check_out": N_("Check-out"),
    "username": N_("Username"), "display_name": N_("Display name"), "active": N_("Active"),
    "password_hash": N_("Password:"), "badge_number": N_("Badge number"),
    "guardian_name": N_("Guardian"), "rights_explained": N_("Rights explained"),
    "mediators": N_("Mediators"), "participants": N_("Participants"), "result": N_("Result"),
    "performance_status": N_("Performance:"), "concluded_on": N_("Date"),
    "closed_on": N_("Closed on"), "area": N_("Area"), "vest_issued": N_("Vest issued"),
    "card_issued": N_("Card issued"), "valid_from": N_("Valid from"),
    "valid_until": N_("Valid until"), "locked_until": N_("Locked until"),
    "last_login_at": N_("Last sign-in"), "failed_logins": N_("Failed sign-ins"),
    "is_conduct_supervisor": N_("Conduct supervisor"), "perform_by": N_("Perform by"),
    "matters_in_dispute": N_("Matters in dispute"), "responsibilities": N_("Responsibilities:"),
    "referred_to": N_("Referred to:"), "id_note": N_("Other identity proof:"),
    "representative": N_("Legal representative:"), "guardian_relation": N_("Guardian's relation:"),
    "guardian_phone": N_("Guardian's phone:"), "facts_checked": N_("Facts checked"),
    "performance_method": N_("How performed:"), "performance_note": N_("Note"),
    "routes": N_("Routes open to the parties:"), "organisation_id": N_("Organisation"),
    "volunteer_id": N_("Volunteer"), "start_time": N_("Start"), "end_time": N_("End"),
    "agenda_item_id": N_("Agenda item"), "awarded_by": N_("Awarded by"),
    "leader_id": N_("Leader"), "ref_id": N_("Contact"), "user_id": N_("User"),
    "outcome_reason": N_("Reason"), "party_names": N_("Parties"), "expected": N_("Invited"),
    "document": N_("Document"), "files": N_("Files"), "purpose": N_("Purpose"),
    "reason": N_("Reason"), "problem": N_("Problem"), "target": N_("Saved to"),
    # youth guidance
    "plan_goals": N_("Goals"), "plan_measures": N_("Measures"),
    "plan_interval_days": N_("Days between sessions"), "closure_note": N_("Closing note"),
    "closure_reason": N_("Closure reason"), "member_kind": N_("Member"),
    "youth_group": N_("Group"), "risk_grade": N_("Risk grade"), "grade": N_("Grade"),
    "school_or_work": N_("School or work"), "registered_on": N_("Registered on"),
    "held_on": N_("Date"), "evaluated_on": N_("Date"), "changed_on": N_("Date"),
    "next_steps": N_("Next steps"), "evaluator": N_("Evaluator"),
    "conducted_by": N_("Conducted by"), "assessment": N_("Assessment"),
    "state": N_("State of the youth"), "content": N_("Content"), "relation": N_("Relation"),
    "unit": N_("Work unit"), "speaker": N_("Speaker"), "awarded_on": N_("Awarded on"),
    "weekdays": N_("Weekdays"), "overnight": N_("Overnight"), "reviewed": N_("Reviewed"),
}
# Fields kept in the stored details only: ids, search keys and row order say nothing to a reader.
HIDDEN_FIELDS = frozenset({"id", "search_keys", "sort_key", "position", "case_year", "case_seq"})

# Stored values that are enum members: by field, or by (record type, field) where it differs.
FIELD_ENUMS: dict[str, type[Enum]] = {
    "meeting_type": MeetingType, "attendance": Attendance, "source": CaseSource,
    "dispute_type": DisputeType, "outcome": CaseOutcome, "performance_status": PerformanceStatus,
    "method": VisitMethod, "satisfaction": Satisfaction, "activity": DutyActivity,
    "gender": Gender, "youth_group": YouthGroup, "risk_grade": RiskGrade, "grade": RiskGrade,
    "member_kind": MemberKind, "closure_reason": ClosureReason,
}
RECORD_FIELD_ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("meeting", "status"): MeetingStatus,
    ("meeting_action_item", "status"): ActionStatus,
    ("meeting_attendee", "kind"): AttendeeKind,
    ("mediation_case", "status"): CaseStatus,
    ("mediation_case", "kind"): MediationKind,
    ("mediation_party", "kind"): PartyKind,
    ("mediation_party", "role"): PartyRole,
    ("organisation", "kind"): OrganisationKind,
    ("volunteer_team", "kind"): TeamKind,
    ("volunteer", "role"): VolunteerRole,
    ("volunteer", "status"): VolunteerStatus,
    ("user", "role"): Role,
    ("youth_subject", "status"): SubjectStatus,
    ("youth_team_member", "role"): TeamRole,
    ("youth_session", "kind"): SessionKind,
}


def shown_field(field: str) -> bool:
    """Whether a stored field is worth a line of its own (not an id or a search key)."""
    return field not in HIDDEN_FIELDS and not field.endswith("_id")


def field_label(field: str) -> str:
    """A stored field's name as the forms call it; an unknown one readable as it is."""
    if field in FIELD_LABELS:
        return _(FIELD_LABELS[field]).rstrip(":：")
    return field.replace("_", " ")


def _enum_label(record_type: str, field: str, value: str) -> str | None:
    enum = RECORD_FIELD_ENUMS.get((record_type, field)) or FIELD_ENUMS.get(field)
    if enum is None:
        return None
    try:
        return str(enum(value).label)  # type: ignore[attr-defined]
    except ValueError:
        return None


def value_text(value: Any, record_type: str = "", field: str = "", limit: int = 0) -> str:
    """A stored value as the screens show it; cut to `limit` characters when given."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ngettext("{n} item", "{n} items", len(value)).format(n=len(value))
    if isinstance(value, dict):
        return ", ".join(f"{field_label(k)} {value_text(v)}" for k, v in value.items())
    text = str(value)
    text = _enum_label(record_type, field, text) or text
    if moment := _MOMENT.fullmatch(text):
        text = f"{moment.group(1)} {moment.group(2)}"
    if limit and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _labelled(label: str, value: str) -> str:
    return _("{label}: {value}").format(label=label, value=value)


def _changes(entry: AuditEntry, limit: int) -> list[str]:
    changes = entry.details.get("changes")
    if not isinstance(changes, dict):
        return []
    lines = []
    for field, change in changes.items():
        if not shown_field(field):
            continue
        label = field_label(field)
        if isinstance(change, dict) and change.get("changed"):
            lines.append(_("{field} changed").format(field=label))
        elif isinstance(change, dict):
            old = value_text(change.get("old"), entry.record_type, field, limit)
            new = value_text(change.get("new"), entry.record_type, field, limit)
            lines.append(_labelled(label, f"{old} → {new}"))
        else:
            lines.append(_labelled(label, value_text(change, entry.record_type, field, limit)))
    return lines


def _other_details(entry: AuditEntry, limit: int) -> list[str]:
    """What an entry holds besides changed or created fields (a print's document...)."""
    return [
        _labelled(field_label(key), value_text(value, entry.record_type, key, limit))
        for key, value in entry.details.items()
        if key not in ("changes", "fields") and shown_field(key)
    ]


def record_text(entry: AuditEntry, name: str) -> str:
    """The record as the sentence names it: its type, and its name when it has one."""
    kind = record_type_label(entry.record_type) if entry.record_type else ""
    if not name:
        return kind
    return _("{type} “{name}”").format(type=kind, name=name) if kind else name


_SENTENCES = {
    AuditAction.CREATE: N_("{user} created {record}"),
    AuditAction.UPDATE: N_("{user} changed {record}"),
    AuditAction.DELETE: N_("{user} deleted {record}"),
    AuditAction.RESTORE: N_("{user} restored {record}"),
    AuditAction.PRINT: N_("{user} printed {record}"),
    AuditAction.EXPORT: N_("{user} exported {record}"),
}


def sentence(entry: AuditEntry, name: str = "") -> str:
    """One line saying what happened, e.g. "admin changed Meeting “2026年12月治保例会”:
    Attendance: Not yet marked → Absent"."""
    user = entry.username or _("the system")
    record = record_text(entry, name)
    try:
        action = AuditAction(entry.action)
    except ValueError:
        action = None
    if action in _SENTENCES and record:
        text = _(_SENTENCES[action]).format(user=user, record=record)  # type: ignore[index]
    else:
        label = action.label if action is not None else entry.action
        text = f"{user}: {label}" + (f" — {record}" if record else "")
    shown = _changes(entry, MAX_VALUE_CHARS) or _other_details(entry, MAX_VALUE_CHARS)
    if not shown:
        return text
    more = len(shown) - MAX_CHANGES_IN_SENTENCE
    listed = _("; ").join(shown[:MAX_CHANGES_IN_SENTENCE])
    if more > 0:
        listed += " " + ngettext("(and {n} more)", "(and {n} more)", more).format(n=more)
    return _labelled(text, listed)


def entry_details(entry: AuditEntry, name: str = "") -> str:
    """The whole entry for the details pane: the sentence, every field in full, the stored
    record id and the exact stored details (JSON)."""
    lines = [sentence(entry, name), ""]
    lines += _changes(entry, 0) or _other_details(entry, 0)
    fields = entry.details.get("fields")
    if isinstance(fields, dict):
        lines += [
            _labelled(field_label(key), value_text(value, entry.record_type, key))
            for key, value in fields.items()
            if shown_field(key)
        ]
    lines += ["", _("Record id: {id}").format(id=entry.record_id or "—"), _("Stored details:")]
    lines.append(json.dumps(entry.details, ensure_ascii=False, indent=2, sort_keys=True))
    return "\n".join(lines)


@dataclass(frozen=True)
class ReadEntry:
    """An audit entry with the human name of its record ("" when it has none or is sealed)."""

    entry: AuditEntry
    name: str = ""


AUDIT_COLUMNS = (
    Column(N_("No."), lambda r: str(r.entry.seq)),
    Column(N_("Time"), lambda r: local_time(r.entry.at)),
    Column(N_("User"), lambda r: r.entry.username),
    Column(N_("Action"), lambda r: action_label(r.entry.action)),
    Column(
        N_("Record type"),
        lambda r: record_type_label(r.entry.record_type),
        lambda r: r.entry.record_type,
    ),
    Column(N_("Record"), lambda r: r.name, lambda r: r.entry.record_id),
    Column(N_("What happened"), lambda r: sentence(r.entry, r.name)),
)
