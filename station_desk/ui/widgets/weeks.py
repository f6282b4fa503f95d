"""Stepping through the weeks of a view that shows one week (the duty log, the roster)."""

from __future__ import annotations

from datetime import date, timedelta

WEEK = timedelta(days=7)


class WeekSteps:
    """Previous / next / this week of a view showing the week from `monday`; the view says
    how to show a week (`show_week`) and which day is today (`today`)."""

    monday: date

    def show_week(self, day: date) -> None:
        raise NotImplementedError

    def today(self) -> date:
        return date.today()

    def previous_week(self) -> None:
        self.show_week(self.monday - WEEK)

    def next_week(self) -> None:
        self.show_week(self.monday + WEEK)

    def this_week(self) -> None:
        self.show_week(self.today())
