"""The residents' desk on the home page: opinions past their reply deadline and due today,
and reception follow-ups due (each card red when not zero)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from station_desk.domain.accounts import Principal
from station_desk.i18n import N_
from station_desk.services.opinions import OpinionService
from station_desk.services.reception import ReceptionService

if TYPE_CHECKING:
    from station_desk.services.home import HomeCounter, HomeService


def residents_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    from station_desk.services.home import HomeCounter

    overdue, due_today = OpinionService(home.db, home.now).due_counts(actor, today)
    follow_ups = ReceptionService(home.db, home.now).count_follow_ups_due(actor, today)
    return [
        HomeCounter("opinions_overdue", N_("Opinions past their reply deadline"), overdue, warn=overdue > 0),
        HomeCounter("opinions_due_today", N_("Opinions to answer today"), due_today, warn=due_today > 0),
        HomeCounter("reception_follow_ups", N_("Reception follow-ups due"), follow_ups, warn=follow_ups > 0),
    ]
