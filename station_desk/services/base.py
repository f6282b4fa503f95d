"""What every record service holds: the database and the clock.

`now` is a parameter so that tests can fix the time; `today()` is the local date of it, what
"today" means for deadlines, reminders and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from station_desk.db.database import Database
from station_desk.db.models.base import utcnow


class RecordService:
    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.now = now

    def today(self) -> date:
        """The local date of `now()`."""
        return self.now().astimezone().date()
