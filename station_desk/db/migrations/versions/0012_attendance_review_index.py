"""an index for the attendance rows to review: forgotten check-outs

The rows to review (`services/rosters.py`: attendance not taken on a shift that is over, and
check-outs missing or closed at the shift's end, not yet reviewed) were found by reading
every live member of every shift (135,000 at demo scale 100: 130 ms, part of the home page's
figures): the condition is an OR of three kinds of row, and nothing indexed the missing
check-out. The service now reads each kind through an index — attendance not taken and
closed check-outs through `ix_patrol_shift_members_attendance`, missing check-outs
(check_out IS NULL, check_in IS NOT NULL) through this one. A plain index, the same on
SQLite and PostgreSQL; on SQLite its planner statistics are gathered at once (when the
database has any).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

from station_desk.db.migration_shapes import analyse_index

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

INDEX = 'ix_patrol_shift_members_check_out_check_in'


def upgrade() -> None:
    op.create_index(INDEX, 'patrol_shift_members', ['check_out', 'check_in'], unique=False)
    analyse_index(INDEX)


def downgrade() -> None:
    op.drop_index(INDEX, table_name='patrol_shift_members')
