"""station: rooms, imports, the rooms' audit links, record states, conflicts

Filled only in a station's database (PostgreSQL); empty in a room's file.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import station_desk.db.models.base
from station_desk.db.migration_shapes import create_index

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = station_desk.db.models.base.UTCDateTime
    op.create_table('station_rooms',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('station_name', sa.String(length=100), nullable=False),
    sa.Column('schema_name', sa.String(length=40), nullable=False),
    sa.Column('registered_at', utc(), nullable=False),
    sa.Column('registered_by', sa.String(length=64), nullable=False),
    sa.Column('last_import_at', utc(), nullable=True),
    sa.Column('last_package_at', sa.String(length=40), nullable=False),
    sa.Column('audit_seq', sa.Integer(), nullable=False),
    sa.Column('audit_head', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_rooms')),
    sa.UniqueConstraint('schema_name', name=op.f('uq_station_rooms_schema_name'))
    )
    op.create_table('station_audit_links',
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['station_rooms.id'], name=op.f('fk_station_audit_links_room_id_station_rooms')),
    sa.PrimaryKeyConstraint('room_id', 'seq', name=op.f('pk_station_audit_links'))
    )
    op.create_table('station_imports',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('folder', sa.String(length=255), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('package_created_at', sa.String(length=40), nullable=False),
    sa.Column('period_from', sa.String(length=10), nullable=False),
    sa.Column('period_to', sa.String(length=10), nullable=False),
    sa.Column('include_sealed', sa.Boolean(), nullable=False),
    sa.Column('imported_at', utc(), nullable=False),
    sa.Column('imported_by', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['station_rooms.id'], name=op.f('fk_station_imports_room_id_station_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_imports'))
    )
    create_index('station_imports', 'ix_station_imports_manifest_sha256', ['manifest_sha256'])
    create_index('station_imports', 'ix_station_imports_room_id', ['room_id'])
    op.create_table('station_record_states',
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_key', sa.String(length=80), nullable=False),
    sa.Column('package_created_at', sa.String(length=40), nullable=False),
    sa.Column('room_values', sa.Text(), nullable=False),
    sa.Column('deleted_in_room', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['station_rooms.id'], name=op.f('fk_station_record_states_room_id_station_rooms')),
    sa.PrimaryKeyConstraint('room_id', 'table_name', 'record_key', name=op.f('pk_station_record_states'))
    )
    op.create_table('station_conflicts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_key', sa.String(length=80), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('station_value', sa.Text(), nullable=False),
    sa.Column('room_value', sa.Text(), nullable=False),
    sa.Column('station_changed_at', sa.String(length=40), nullable=False),
    sa.Column('station_changed_by', sa.String(length=64), nullable=False),
    sa.Column('room_changed_at', sa.String(length=40), nullable=False),
    sa.Column('room_changed_by', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('kept', sa.String(length=16), nullable=False),
    sa.Column('resolved_at', utc(), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['station_imports.id'], name=op.f('fk_station_conflicts_import_id_station_imports')),
    sa.ForeignKeyConstraint(['room_id'], ['station_rooms.id'], name=op.f('fk_station_conflicts_room_id_station_rooms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station_conflicts'))
    )
    create_index('station_conflicts', 'ix_station_conflicts_room_id_status', ['room_id', 'status'])


def downgrade() -> None:
    op.drop_table('station_conflicts')
    op.drop_table('station_record_states')
    op.drop_table('station_imports')
    op.drop_table('station_audit_links')
    op.drop_table('station_rooms')
