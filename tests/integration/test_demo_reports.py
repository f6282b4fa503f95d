"""Demo 述职报告, briefings and reviews: on top of the demo meetings, each held 述职会 hears the
officer's finalised report of the quarter before and is rated by every attendee who came, each
held 警情通报会 the previous month's briefing."""

from __future__ import annotations

import random
from datetime import date

import pytest

from station_desk import demo
from station_desk.demo.reports import generate_reports
from station_desk.domain.meetings import MeetingQuery, MeetingStatus, MeetingType
from station_desk.domain.work_reports import Quarter
from station_desk.services.container import Services
from tests.integration.test_demo_meetings import demo_room


def test_reports_briefings_and_reviews(fresh_services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "GENERATORS", ())
    services = fresh_services
    admin, _made = demo_room(services)
    made = generate_reports(services, admin, random.Random(3), 1)
    assert made > 0
    officer = next(a for a in services.accounts.list_accounts(admin) if a.username == "officer")
    reports = services.work_reports.list_reports(admin)
    assert reports and all(r.is_final and r.user_id == officer.id for r in reports)
    assert all(r.quarter.last_day < date.today() for r in reports)
    assert services.briefings.list_briefings(admin)
    held = [
        m for m in services.meetings.list_meetings(admin, MeetingQuery(limit=10_000))
        if m.status is not MeetingStatus.PLANNED and m.starts_at.date() <= date.today()
    ]
    accountability = [m for m in held if m.meeting_type is MeetingType.ACCOUNTABILITY]
    assert accountability
    for meeting in accountability:
        review = services.meeting_reviews.get(admin, meeting.id)
        detail = services.meetings.get(admin, meeting.id)
        came = [a.name for a in detail.attendees if a.present]
        assert [r.name for r in review.ratings] == came
        report = next(r for r in reports if r.id == review.work_report_id)
        assert report.quarter == Quarter.of(meeting.starts_at.date()).previous()
        assert str(len(came)) in review.result
    briefings = [m for m in held if m.meeting_type is MeetingType.POLICE_BRIEFING]
    assert all(services.meeting_reviews.get(admin, m.id).briefing_id for m in briefings[1:])
