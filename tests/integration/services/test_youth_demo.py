"""The youth-guidance demo generator (demo/youth.py): a realistic, valid caseload."""

from __future__ import annotations

import random

from station_desk import demo
from station_desk.demo.youth import SUBJECTS_PER_SCALE, generate_youth
from station_desk.domain.accounts import Principal
from station_desk.domain.youth import MemberKind, SubjectStatus
from station_desk.services.container import Services


def test_the_generator_runs_after_the_contacts_and_volunteers_it_draws_from() -> None:
    order = [generator.__name__ for generator in demo.GENERATORS]
    youth = order.index(generate_youth.__name__)
    assert youth > order.index("generate_meetings")  # the contacts are made with the meetings
    assert youth > order.index("generate_volunteers")


def test_demo_subjects_have_full_files(
    services: Services, admin: Principal, officer: Principal
) -> None:
    created = generate_youth(services, admin, random.Random("youth"), 1)
    rows = services.youth.list_subjects(admin)
    assert 12 <= len(rows) <= SUBJECTS_PER_SCALE
    assert created > len(rows) * 5
    assert all(row.masked_name.endswith("某") for row in rows)
    assert {row.status for row in rows} == {SubjectStatus.OPEN, SubjectStatus.CLOSED}
    assert len({row.group for row in rows}) >= 4 and len({row.risk_grade for row in rows}) == 3
    assert {row.officer_user_id for row in rows} == {admin.user_id, officer.user_id}
    assert any(row.under_14 for row in rows)
    assert services.youth.due_sessions(admin)  # some reminders are due or overdue
    full = [services.youth.open_file(admin, row.id, "test") for row in rows]
    assert all(f.plan is not None and f.team and f.grade_history for f in full)
    assert sum(len(f.sessions) for f in full) >= len(full) * 2
    assert any(f.evaluations for f in full)
    assert all(f.team[0].kind is MemberKind.USER for f in full)
    assert all(f.guardians for f in full if f.age_at_registration < 18)
    assert services.audit.verify().ok
