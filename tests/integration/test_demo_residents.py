"""The residents' desk demo: a year of visits, calls and opinions, consistent with the rules
(deadlines over the calendar, replies after receipt, links both ways), reproducible."""

from __future__ import annotations

import random
from datetime import date, timedelta

from station_desk.demo.mediation import generate_mediation
from station_desk.demo.residents import generate_residents
from station_desk.domain.accounts import Principal
from station_desk.domain.opinions import OpinionQuery, OpinionSource
from station_desk.domain.reception import ReceptionKind, ReceptionQuery
from station_desk.services.container import Services


def test_a_year_of_the_residents_desk(services: Services, admin: Principal) -> None:
    generate_mediation(services, admin, random.Random(1), 1)
    made = generate_residents(services, admin, random.Random(2), 1)
    assert made == 800 + 120
    today = services.reception.today()
    year = (today - timedelta(days=365), today)
    reception = services.reception.figures(admin, *year)
    assert reception.total == 800 and all(reception.by_kind.values())
    assert 0 < reception.to_mediation <= reception.by_kind[ReceptionKind.DISPUTE]
    assert reception.to_opinion > 0
    figures = services.opinions.figures(admin, *year)
    assert figures.received == 120
    assert figures.on_time_percent is not None and 80 <= figures.on_time_percent < 100
    assert figures.satisfied_percent is not None and figures.satisfied_percent >= 70
    overdue, due_today = services.opinions.due_counts(admin)
    assert due_today >= 1
    opinions = services.opinions.list_opinions(admin, OpinionQuery(limit=1000))
    for row in opinions:
        assert row.replied_on is None or row.replied_on >= row.received_on
        assert row.due_on >= row.received_on
    linked = [o for o in opinions if o.source is OpinionSource.RECEPTION]
    opinion = services.opinions.get(admin, linked[0].id)
    assert services.reception.get(admin, opinion.reception_id or "").opinion_id == opinion.id
    entries = services.reception.list_entries(admin, ReceptionQuery(kind=ReceptionKind.DISPUTE, limit=1000))
    case_entry = next(e for e in entries if e.linked)
    entry = services.reception.get(admin, case_entry.id)
    assert services.reception.for_case(admin, entry.mediation_case_id or "").id == entry.id
    assert services.audit.verify().ok
    assert min(e.received_at.date() for e in entries) >= date.today() - timedelta(days=366)
