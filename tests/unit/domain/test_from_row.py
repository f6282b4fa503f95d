"""`from_row`: a stored row's values become a record's, enumerations made of their values."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from station_desk.domain.mediation import ReturnVisitEntry, Satisfaction, VisitMethod
from station_desk.domain.records import from_row


def visit_row(**values: object) -> SimpleNamespace:
    stored = {"visit_date": date(2026, 3, 2), "method": "phone", "visitor": "李明", "findings": "",
              "satisfaction": "satisfied", "next_due": None, "id": "v1"}
    return SimpleNamespace(**(stored | values))


def test_fields_typed_as_enumerations_are_made_of_the_stored_values() -> None:
    visit = from_row(ReturnVisitEntry, visit_row())
    assert visit.method is VisitMethod.PHONE
    assert visit.satisfaction is Satisfaction.SATISFIED
    assert (visit.visitor, visit.id) == ("李明", "v1")


@pytest.mark.parametrize("stored", [None, ""])
def test_an_optional_enumeration_is_none_when_nothing_is_stored(stored: str | None) -> None:
    assert from_row(ReturnVisitEntry, visit_row(satisfaction=stored)).satisfaction is None


def test_members_and_given_values_are_kept() -> None:
    visit = from_row(ReturnVisitEntry, visit_row(method=VisitMethod.HOME), satisfaction=None)
    assert visit.method is VisitMethod.HOME
    assert visit.satisfaction is None


def test_a_value_that_is_no_member_is_refused() -> None:
    with pytest.raises(ValueError):
        from_row(ReturnVisitEntry, visit_row(method="pigeon"))
