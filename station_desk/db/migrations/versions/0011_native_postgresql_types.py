"""native PostgreSQL types: record ids as `uuid`, UTC times as `timestamp with time zone`, the
station's JSON as `jsonb`

On PostgreSQL the records' ids and the foreign keys to them become `uuid` (`USING col::uuid`;
the foreign-key constraints are dropped and put back around the change); references that may
hold other text (authors, "" for the program; the audit trail's and search index's record ids)
stay text. The UTC timestamps (`UTCDateTime`: created/updated/deleted, the audit entry's
time, sign-in and station bookkeeping) were `timestamp without time zone` holding UTC; they
become `timestamptz` (`USING col AT TIME ZONE 'UTC'`), so the server knows they are UTC. The
local, naive times (duty hours, meetings, shifts, receptions) stay as they are. The station's
JSON text (import summaries, the rooms' last values, conflict values) becomes `jsonb`
(`USING col::jsonb`); the audit entries' details stay text, as they are hashed. A database
created by this program's migrations on PostgreSQL already has the times native (the earlier
migrations name `UTCDateTime`, which renders so): only its ids and JSON change. Each column
is altered only when it still has the old type. It runs in the schema being migrated (a station's room
schemas too). On SQLite, which has no zone, nothing changes.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# the UTCDateTime columns at this revision, per table
UTC_COLUMNS: dict[str, tuple[str, ...]] = {
    'audit_log': ('at',),
    'settings': ('updated_at',),
    'station_rooms': ('registered_at', 'last_import_at'),
    'station_imports': ('imported_at',),
    'station_conflicts': ('resolved_at',),
    'users': ('locked_until', 'last_login_at', 'created_at', 'updated_at', 'deleted_at'),
    'meeting_amendments': ('at', 'created_at', 'updated_at', 'deleted_at'),
    'work_reports': ('finalised_at', 'created_at', 'updated_at', 'deleted_at'),
    **{
        table: ('created_at', 'updated_at', 'deleted_at')
        for table in (
            'contact_people', 'duty_entries', 'mediation_cases', 'mediation_parties',
            'mediation_return_visits', 'mediation_sessions', 'mediation_statements',
            'meeting_action_items', 'meeting_agenda_items', 'meeting_attendees',
            'meeting_ratings', 'meeting_reports', 'meetings', 'organisations',
            'patrol_patterns', 'patrol_shift_members', 'patrol_shifts', 'police_briefings',
            'reception_entries', 'resident_opinions', 'room_openings',
            'volunteer_commendations', 'volunteer_teams', 'volunteers', 'youth_access_grants',
            'youth_evaluations', 'youth_grade_changes', 'youth_guardians', 'youth_sessions',
            'youth_subjects', 'youth_team_members',
        )
    },
}

# the RecordId columns at this revision (ids and the foreign keys to them), per table
RECORD_ID_COLUMNS: dict[str, tuple[str, ...]] = {
    'contact_people': ('organisation_id',),
    'duty_entries': ('user_id',),
    'mediation_parties': ('case_id',),
    'mediation_return_visits': ('case_id',),
    'mediation_sessions': ('case_id',),
    'meeting_agenda_items': ('meeting_id',),
    'meeting_amendments': ('meeting_id',),
    'meeting_attendees': ('meeting_id',),
    'patrol_patterns': ('team_id',),
    'reception_entries': ('mediation_case_id',),
    'volunteers': ('team_id',),
    'work_reports': ('user_id',),
    'youth_subjects': ('officer_user_id',),
    'mediation_statements': ('session_id', 'party_id'),
    'meeting_action_items': ('meeting_id', 'agenda_item_id', 'carried_from_id'),
    'meeting_ratings': ('meeting_id', 'attendee_id'),
    'meeting_reports': ('meeting_id', 'work_report_id', 'briefing_id'),
    'patrol_shifts': ('team_id', 'pattern_id'),
    'resident_opinions': ('reception_id',),
    'volunteer_commendations': ('volunteer_id',),
    'youth_access_grants': ('subject_id', 'user_id'),
    'youth_evaluations': ('subject_id',),
    'youth_guardians': ('subject_id',),
    'youth_sessions': ('subject_id',),
    'youth_team_members': ('subject_id',),
    'patrol_shift_members': ('shift_id', 'volunteer_id'),
    'youth_grade_changes': ('subject_id', 'evaluation_id'),
}
RECORD_ID_COLUMNS = {
    table: ('id', *RECORD_ID_COLUMNS.get(table, ()))
    for table in (
        *RECORD_ID_COLUMNS, 'mediation_cases', 'meetings', 'organisations', 'police_briefings',
        'room_openings', 'users', 'volunteer_teams',
    )
}

# the JSONText columns at this revision, per table
JSON_COLUMNS: dict[str, tuple[str, ...]] = {
    'station_imports': ('summary',),
    'station_record_states': ('room_values',),
    'station_conflicts': ('station_value', 'room_value'),
}


def _column_types() -> dict[tuple[str, str], str]:
    """(table, column) → data type of the listed columns in the schema being migrated."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    )
    return {(table, column): kind for table, column, kind in rows}


def _foreign_keys(tables: set[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of the foreign keys of `tables` in the schema being migrated."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT cl.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
        "JOIN pg_class cl ON cl.oid = con.conrelid "
        "JOIN pg_namespace ns ON ns.oid = cl.relnamespace "
        "WHERE con.contype = 'f' AND ns.nspname = current_schema()"
    )
    return [(table, name, definition) for table, name, definition in rows if table in tables]


def _alter_ids(from_type: str, to_type: str, using: str) -> None:
    """The record ids and their foreign keys: the constraints go, the types change, they return."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    types = _column_types()
    if not any(types.get((table, 'id')) == from_type for table in RECORD_ID_COLUMNS):
        return
    keys = _foreign_keys(set(RECORD_ID_COLUMNS))
    for table, name, _definition in keys:
        op.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    _alter(RECORD_ID_COLUMNS, from_type, to_type, using)
    for table, name, definition in keys:
        op.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')


def _alter(columns: dict[str, tuple[str, ...]], from_type: str, to_type: str, using: str) -> None:
    """ALTER the listed columns that have `from_type` to `to_type`, converted by `using`
    (a format with {column}), one ALTER TABLE per table; only on PostgreSQL."""
    if op.get_bind().dialect.name != 'postgresql':
        return
    types = _column_types()
    for table, names in columns.items():
        changes = [
            f'ALTER COLUMN "{name}" TYPE {to_type} USING ' + using.format(column=f'"{name}"')
            for name in names
            if types.get((table, name)) == from_type
        ]
        if changes:
            op.execute(f'ALTER TABLE "{table}" ' + ', '.join(changes))


def upgrade() -> None:
    _alter_ids('character varying', 'uuid', '{column}::uuid')
    _alter(UTC_COLUMNS, 'timestamp without time zone', 'timestamptz', "{column} AT TIME ZONE 'UTC'")
    _alter(JSON_COLUMNS, 'text', 'jsonb', '{column}::jsonb')


def downgrade() -> None:
    _alter_ids('uuid', 'varchar(36)', '{column}::text')
    _alter(UTC_COLUMNS, 'timestamp with time zone', 'timestamp', "{column} AT TIME ZONE 'UTC'")
    _alter(JSON_COLUMNS, 'jsonb', 'text', '{column}::text')
