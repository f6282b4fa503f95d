"""`from_row`: a stored row's values become a record's, enumerations made of their values."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from station_desk.domain.enums import Gender
from station_desk.domain.mediation import PartyKind, PartyRole
from station_desk.domain.records import from_row


@dataclass(frozen=True)
class Party:
    name: str
    role: PartyRole
    kind: PartyKind
    gender: Gender | None = None


def party_row(**values: object) -> SimpleNamespace:
    return SimpleNamespace(**({"name": "王芳", "role": "respondent", "kind": "person"} | values))


def test_fields_typed_as_enumerations_are_made_of_the_stored_values() -> None:
    party = from_row(Party, party_row(gender="female"))
    assert party.role is PartyRole.RESPONDENT
    assert party.kind is PartyKind.PERSON
    assert party.gender is Gender.FEMALE
    assert party.name == "王芳"


@pytest.mark.parametrize("stored", [None, ""])
def test_an_optional_enumeration_is_none_when_nothing_is_stored(stored: str | None) -> None:
    assert from_row(Party, party_row(gender=stored)).gender is None


def test_members_and_given_values_are_kept() -> None:
    party = from_row(Party, party_row(role=PartyRole.APPLICANT, gender=None), kind=PartyKind.ORGANISATION)
    assert party.role is PartyRole.APPLICANT
    assert party.kind is PartyKind.ORGANISATION


def test_a_value_that_is_no_member_is_refused() -> None:
    with pytest.raises(ValueError):
        from_row(Party, party_row(role="bystander", gender=None))
