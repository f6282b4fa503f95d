"""Opening a record found by the search box (or linked from a person's page) on its page.

One function per search kind (`db/search_sources.py`), given the main window's pages, the
services and the signed-in user; a kind added later adds its opener here. Opening a youth
subject goes through its page, which asks for the purpose first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors

Opener = Callable[[Any, Services, Principal, str], object]


def _mediation(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.open_case(record_id)


def _meetings(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.open_meeting(record_id)


def _youth(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.open_subject(record_id)  # asks for the purpose; audited when opened


def _volunteers(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.open_volunteer(record_id)


def _contacts(page: Any, services: Services, principal: Principal, record_id: str) -> object:
    with user_errors(page):
        person = services.contacts.get_person(principal, record_id)
        page.tabs.setCurrentWidget(page.people)
        return page.people.open_record(person)
    return None


def _duty(page: Any, services: Services, principal: Principal, record_id: str) -> object:
    with user_errors(page):
        entry = services.duty.get_entry(principal, record_id)
        page.show_person(entry.user_id)
        page.show_week(entry.starts_at.date())
        page.select(entry.id)
    return None


def _roster(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.edit_shift(record_id)


def _record_page(page: Any, _services: Services, _principal: Principal, record_id: str) -> object:
    return page.open_record(record_id)  # a RecordPage: the reception log, the opinions


OPENERS: Mapping[str, tuple[str, Opener]] = {
    "mediation": ("mediation", _mediation),
    "meetings": ("meetings", _meetings),
    "youth": ("youth", _youth),
    "volunteers": ("volunteers", _volunteers),
    "contacts": ("contacts", _contacts),
    "duty": ("duty", _duty),
    "roster": ("roster", _roster),
    "reception": ("reception", _record_page),
    "opinions": ("opinions", _record_page),
}
"""kind → (the page that shows it, how to open one record there)."""
