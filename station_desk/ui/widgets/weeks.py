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

    def day_shown(self) -> date:
        """Today while this week is shown, else the Monday of the week shown."""
        today = self.today()
        return today if self.monday <= today < self.monday + WEEK else self.monday

    def previous_week(self) -> None:
        self.show_week(self.monday - WEEK)

    def next_week(self) -> None:
        self.show_week(self.monday + WEEK)

    def this_week(self) -> None:
        self.show_week(self.today())
