"""audit chain key: the HMAC key of the audit chain, inside the (now encrypted) database

Existing entries keep their plain SHA-256 links and stay verifiable as before; from the next
entry on the chain is keyed, and the first keyed entry covers the last plain hash, so the
older part cannot be rewritten without the key either.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'audit_chain_key',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('keyed_from_seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_key')),
    )
    last = op.get_bind().execute(sa.text("SELECT coalesce(max(seq), 0) FROM audit_log")).scalar()
    op.bulk_insert(table, [{"id": 1, "key": secrets.token_hex(32), "keyed_from_seq": int(last or 0) + 1}])


def downgrade() -> None:
    op.drop_table('audit_chain_key')
