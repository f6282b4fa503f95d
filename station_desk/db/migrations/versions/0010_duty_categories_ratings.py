"""duty-log categories (社区警务工作类别), the 述职报告 draft, the 警情通报's own text, and the
report a meeting hears with the attendees' 评议

Duty entries: the stored activities map onto the community-policing work categories; the
eight older values keep their codes (visit → 走访调查, patrol → 治安巡逻, publicity → 警务宣传,
mediation → 矛盾化解, reception → 警务室接待, meeting, training, other), anything else a
database may hold becomes `other`. Downgrading maps the three new categories (监督检查,
情报信息, 为民服务) to `other`, which the older program knows.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import station_desk.db.models.base
from station_desk.db.migration_shapes import create_index, record_columns

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# stored activity before → work category now (codes as in domain/duty.DutyActivity)
CATEGORY_OF = {
    'visit': 'visit', 'patrol': 'patrol', 'publicity': 'publicity', 'mediation': 'mediation',
    'reception': 'reception', 'meeting': 'meeting', 'training': 'training', 'other': 'other',
}
NEW_CATEGORIES = ('inspection', 'intelligence', 'service')


def _map_activities(mapping: dict[str, str], default: str, known: tuple[str, ...]) -> None:
    entries = sa.table('duty_entries', sa.column('activity', sa.String))
    for old, new in mapping.items():
        if old != new:
            op.execute(entries.update().where(entries.c.activity == old).values(activity=new))
    op.execute(entries.update().where(entries.c.activity.not_in(known)).values(activity=default))


def upgrade() -> None:
    _map_activities(CATEGORY_OF, 'other', tuple(CATEGORY_OF.values()) + NEW_CATEGORIES)
    op.create_table('work_reports',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('plans', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('finalised_at', station_desk.db.models.base.UTCDateTime(), nullable=True),
    *record_columns(),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_work_reports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_reports'))
    )
    create_index('work_reports', 'ix_work_reports_deleted_at', ['deleted_at'])
    create_index('work_reports', 'ix_work_reports_user_id_year_quarter', ['user_id', 'year', 'quarter'], unique=True)

    op.create_table('police_briefings',
    sa.Column('date_from', sa.Date(), nullable=False),
    sa.Column('date_to', sa.Date(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    *record_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_police_briefings'))
    )
    create_index('police_briefings', 'ix_police_briefings_deleted_at', ['deleted_at'])
    create_index('police_briefings', 'ix_police_briefings_date_from_date_to', ['date_from', 'date_to'], unique=True)

    op.create_table('meeting_reports',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('work_report_id', sa.String(length=36), nullable=True),
    sa.Column('briefing_id', sa.String(length=36), nullable=True),
    sa.Column('review_result', sa.Text(), nullable=False),
    *record_columns(),
    sa.ForeignKeyConstraint(['briefing_id'], ['police_briefings.id'], name=op.f('fk_meeting_reports_briefing_id_police_briefings')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_reports_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['work_report_id'], ['work_reports.id'], name=op.f('fk_meeting_reports_work_report_id_work_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_reports'))
    )
    create_index('meeting_reports', 'ix_meeting_reports_deleted_at', ['deleted_at'])
    create_index('meeting_reports', 'ix_meeting_reports_meeting_id', ['meeting_id'], unique=True)

    op.create_table('meeting_ratings',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('rating', sa.String(length=16), nullable=False),
    sa.Column('remarks', sa.String(length=500), nullable=False),
    *record_columns(),
    sa.ForeignKeyConstraint(['attendee_id'], ['meeting_attendees.id'], name=op.f('fk_meeting_ratings_attendee_id_meeting_attendees')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_ratings_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_ratings'))
    )
    create_index('meeting_ratings', 'ix_meeting_ratings_deleted_at', ['deleted_at'])
    create_index('meeting_ratings', 'ix_meeting_ratings_meeting_id', ['meeting_id'])


def downgrade() -> None:
    op.drop_table('meeting_ratings')
    op.drop_table('meeting_reports')
    op.drop_table('police_briefings')
    op.drop_table('work_reports')
    older = {new: 'other' for new in NEW_CATEGORIES}
    _map_activities(older, 'other', tuple(CATEGORY_OF))
