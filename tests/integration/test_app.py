"""The composition root's start-up work that runs without a window."""

from __future__ import annotations

from station_desk.app import on_services_opened, start_daily_backup
from station_desk.paths import backups_dir
from station_desk.services.container import Services


def test_first_start_of_the_day_makes_a_checked_local_backup(services: Services) -> None:
    start_daily_backup(services).join(timeout=60)
    made = list(backups_dir(services.db.data_dir).iterdir())  # type: ignore[arg-type]
    assert len(made) == 1 and made[0].stat().st_size > 0
    start_daily_backup(services).join(timeout=60)  # the same day: nothing new
    assert len(list(backups_dir(services.db.data_dir).iterdir())) == 1  # type: ignore[arg-type]


def test_opening_the_database_also_dates_open_cases_and_opinions_with_the_official_holidays(
    services: Services,
) -> None:
    from station_desk.services.holidays import OPINION_YEARS_KEY, unapplied_years

    on_services_opened(services, backup_delay_s=0).join(timeout=60)
    with services.db.session() as session:
        assert unapplied_years(session) == set()
        assert unapplied_years(session, OPINION_YEARS_KEY) == set()  # and open opinions
