"""search index: one row of search keys per searchable record (全局搜索)

The rows are derived from the records: a database from before this revision gets them on
first use (`db/search_index.ensure_built`), so this migration only makes the table.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from station_desk.db.migration_shapes import create_index, drop_indexes

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'search_entries',
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('sealed', sa.Boolean(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('detail', sa.String(length=200), nullable=False),
        sa.Column('sort_key', sa.String(length=32), nullable=False),
        sa.Column('keys', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'record_id', name=op.f('pk_search_entries')),
    )
    create_index('search_entries', 'ix_search_entries_kind_sort_key', ['kind', 'sort_key'])


def downgrade() -> None:
    drop_indexes('search_entries', 'ix_search_entries_kind_sort_key')
    op.drop_table('search_entries')
