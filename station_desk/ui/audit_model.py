"""How audit entries read in the audit page: columns and a one-line summary of the details."""

from __future__ import annotations

import json
from typing import Any

from station_desk.domain.audit import AuditAction, AuditEntry
from station_desk.i18n import N_, _
from station_desk.ui.formatting import local_time, yes_no
from station_desk.ui.table_model import Column

MAX_VALUE_CHARS = 40


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
    Column(N_("Record type"), lambda e: e.record_type),
    Column(N_("Record id"), lambda e: e.record_id),
    Column(N_("Details"), lambda e: summarise_details(e.details), details_tooltip),
)
