"""The columns of the roster's lists about a shift: its date, weekday, time, route and team
(of a row with `starts_at`, `ends_at`, `route` and `team_name`)."""

from __future__ import annotations

from station_desk.domain.volunteers import weekday_label
from station_desk.i18n import N_
from station_desk.ui.widgets.table_model import Column

SHIFT_DATE = Column(N_("Date"), lambda s: f"{s.starts_at:%Y-%m-%d}")
SHIFT_DAY = Column(N_("Day"), lambda s: weekday_label(s.starts_at.isoweekday()))
SHIFT_TIME = Column(N_("Time"), lambda s: f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}")
SHIFT_ROUTE = Column(N_("Route or area"), lambda s: s.route)
SHIFT_TEAM = Column(N_("Team"), lambda s: s.team_name)
SHIFT_HEAD = (SHIFT_DATE, SHIFT_DAY, SHIFT_TIME, SHIFT_ROUTE, SHIFT_TEAM)
