"""Demo contacts and meetings (demo/meetings.py): a year of every type, realistic,
obeying the meeting rules, carry-over chains consistent, reproducible, scaled by years."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from station_desk import demo
from station_desk.demo import DEMO_PASSWORD, fill_demo
from station_desk.demo.meetings import generate_meetings
from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    ActionStatus,
    MeetingDetail,
    MeetingDocument,
    MeetingQuery,
    MeetingStatus,
    MeetingType,
    validated_update,
)
from station_desk.services.container import Services
from tests.reports_helpers import pdf_text, squash


def demo_room(services: Services, scale: int = 1, seed: int = 7) -> tuple[Principal, int]:
    fill_demo(services)  # the room and its accounts (the generators are switched off here)
    admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
    return admin, generate_meetings(services, admin, random.Random(seed), scale)


@pytest.fixture
def room(
    fresh_services: Services, monkeypatch: pytest.MonkeyPatch
) -> tuple[Services, Principal, int, list[MeetingDetail]]:
    monkeypatch.setattr(demo, "GENERATORS", ())
    admin, made = demo_room(fresh_services)
    summaries = fresh_services.meetings.list_meetings(admin, MeetingQuery(limit=10_000))
    details = [fresh_services.meetings.get(admin, s.id) for s in summaries]
    return fresh_services, admin, made, details


def test_contacts_with_conduct_supervisors(room) -> None:
    services, admin, _made, _meetings = room
    organisations = services.contacts.list_organisations(admin)
    assert len(organisations) == 6
    assert {"和平里社区居民委员会", "和平里第一小学"} <= {o.name for o in organisations}
    people = services.contacts.search_people(admin)
    assert 20 <= len(people) <= 30
    assert len(services.contacts.search_people(admin, supervisors_only=True)) >= 3
    assert [p.name for p in services.contacts.search_people(admin, "lgl")] == ["刘桂兰"]
    assert all(p.mobile.startswith("1") and len(p.mobile) == 11 for p in people)


def test_a_year_of_every_type(room) -> None:
    _services, _admin, made, meetings = room
    kinds = Counter(m.meeting_type for m in meetings)
    assert set(kinds) == set(MeetingType)
    assert kinds[MeetingType.POLICE_BRIEFING] >= 13  # monthly, plus the coming ones
    assert kinds[MeetingType.SECURITY_COMMITTEE] >= 13
    assert kinds[MeetingType.ACCOUNTABILITY] >= 4
    assert kinds[MeetingType.JOINT] >= 5 and kinds[MeetingType.TEAM] >= 5
    assert made > 800
    today = date.today()
    assert min(m.starts_at.date() for m in meetings) <= today - timedelta(days=330)
    assert max(m.starts_at.date() for m in meetings) > today
    briefing = next(m for m in meetings if m.meeting_type is MeetingType.POLICE_BRIEFING)
    assert briefing.title == f"{briefing.starts_at.year}年{briefing.starts_at.month}月警情通报会"


def test_past_meetings_are_minuted_and_coming_ones_planned(room) -> None:
    _services, _admin, _made, meetings = room
    today = date.today()
    past = [m for m in meetings if m.starts_at.date() < today]
    coming = [m for m in meetings if m.starts_at.date() >= today]
    assert coming and all(m.status is MeetingStatus.PLANNED for m in coming)
    statuses = Counter(m.status for m in past)
    assert statuses[MeetingStatus.FINALISED] > 30 and 1 <= statuses[MeetingStatus.HELD] <= 2
    for meeting in past:
        assert meeting.unmarked_count == 0 and meeting.present_count > 0
        assert meeting.agenda[0].discussion.strip()
        assert meeting.host and meeting.recorder and meeting.ends_at > meeting.starts_at
    absent = [a for m in past for a in m.attendees if a.present is False]
    assert absent and all(a.absence_reason for a in absent)
    assert any(m.amendments for m in past)
    assert all(m.is_finalised for m in past if m.amendments)
    for meeting in coming:
        assert meeting.unmarked_count == len(meeting.attendees)
        assert not meeting.own_actions


def test_every_meeting_obeys_the_rules(room) -> None:
    _services, _admin, _made, meetings = room
    for meeting in meetings:
        validated_update(meeting.to_update())  # raises on any broken rule


def test_carried_items_form_consistent_chains(room) -> None:
    services, admin, _made, meetings = room
    by_id = {a.id: a for m in meetings for a in m.actions}
    carried = [a for a in by_id.values() if a.is_carried]
    assert len(carried) >= 5
    assert all(a.carried_from_meeting_title for a in carried)
    for item in carried:
        assert by_id[item.carried_from_id].status == item.status  # one status per chain
        assert by_id[item.carried_from_id].description == item.description
    assert Counter(a.status for a in carried)[ActionStatus.DONE] >= 3
    overview = services.meetings.action_overview(admin, date.today())
    open_rows = [row for row in overview if row.status.is_open]
    assert open_rows and overview[: len(open_rows)] == open_rows
    assert any(row.carried and row.first_meeting_id != row.meeting_id for row in overview)


def test_audit_chain_holds_and_documents_print(room) -> None:
    services, admin, _made, meetings = room
    assert services.audit.verify().ok
    finalised = next(m for m in meetings if m.is_finalised)
    data = services.meeting_documents.build(admin, finalised.id, MeetingDocument.MINUTES, "zh_CN")
    text = squash(pdf_text(data))
    assert squash(finalised.title) in text
    assert squash(finalised.agenda[0].discussion)[:30] in text


def test_same_seed_same_meetings_and_scale_adds_years(
    data_dir, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import new_room

    monkeypatch.setattr(demo, "GENERATORS", ())
    results = []
    for name, scale in (("one", 1), ("two", 1), ("four", 4)):
        services = new_room(tmp_path / name)
        try:
            admin, made = demo_room(services, scale)
            titles = [
                m.title for m in services.meetings.list_meetings(admin, MeetingQuery(limit=10_000))
            ]
            results.append((made, titles))
        finally:
            services.close()
    assert results[0] == results[1]
    assert len(results[2][1]) > 1.8 * len(results[0][1])  # scale 4: two years of meetings
