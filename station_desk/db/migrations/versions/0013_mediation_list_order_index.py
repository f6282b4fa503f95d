"""the mediation list's index in the list's whole order

The case list shows the newest live cases first: received on, then the case number (year,
number). Its index held only (deleted_at, received_on), so the last two terms were sorted
apart; with the planner statistics a demo database of 30,000 cases had after its own
`ANALYZE`, SQLite chose to read and sort every case instead (60 ms against 10 for the newest
500; `tests/perf/bench_lists.py`). With the whole order in the index the newest 500 are read
in order and nothing is sorted, whatever the statistics say. The index keeps its name; a
plain index, the same on SQLite and PostgreSQL; on SQLite its statistics are gathered at once
(when the database has any), as in 0012.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

from station_desk.db.migration_shapes import analyse_index

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

INDEX = 'ix_mediation_cases_deleted_at_received_on'
TABLE = 'mediation_cases'


def _index(columns: list[str]) -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.create_index(INDEX, TABLE, columns, unique=False)
    analyse_index(INDEX)


def upgrade() -> None:
    _index(['deleted_at', 'received_on', 'case_year', 'case_seq'])


def downgrade() -> None:
    _index(['deleted_at', 'received_on'])
