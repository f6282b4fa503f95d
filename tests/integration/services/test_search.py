"""One search box (全局搜索) against a real database: one and two characters, pinyin and
initials, phone and ID tails across modules; sealed youth subjects only for who may open
them, masked; the keys follow every change; a database from before the index is filled."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import delete, select

from station_desk.db.models import SearchEntry
from station_desk.domain.accounts import Principal
from station_desk.domain.opinions import OpinionCategory, OpinionDraft
from station_desk.domain.reception import ReceptionChannel, ReceptionDraft
from station_desk.domain.volunteers import VolunteerDraft
from station_desk.errors import PermissionDeniedError
from station_desk.services.container import Services
from tests.search_data import SearchRoom, fill_search_room


@pytest.fixture
def room(services: Services, admin: Principal, officer: Principal) -> SearchRoom:
    return fill_search_room(services, admin, officer)


def found(services: Services, actor: Principal, query: str) -> dict[str, list[str]]:
    return {
        group.kind: [hit.record_id for hit in group.hits]
        for group in services.search.search(actor, query)
    }


def test_one_character_finds_people_in_three_modules(services: Services, officer: Principal, room: SearchRoom) -> None:
    hits = found(services, officer, "三")
    assert hits["mediation"] == [room.case_id]
    assert hits["volunteers"] == [room.volunteer_id]
    assert hits["contacts"] == [room.contact_id]
    assert hits["meetings"] == [room.meeting_id]  # 三月治保例会


def test_two_characters_pinyin_and_initials(services: Services, officer: Principal, room: SearchRoom) -> None:
    assert found(services, officer, "小三") == {"contacts": [room.contact_id]}
    by_initials = found(services, officer, "zs")
    assert by_initials["mediation"] == [room.case_id]
    assert by_initials["volunteers"] == [room.volunteer_id]
    assert found(services, officer, "wangxiaosan") == {"contacts": [room.contact_id]}
    assert found(services, officer, "Zhang San")["volunteers"] == [room.volunteer_id]


def test_phone_and_id_tails(services: Services, officer: Principal, room: SearchRoom) -> None:
    by_phone = found(services, officer, "5678")
    assert by_phone["mediation"] == [room.case_id]
    assert by_phone["volunteers"] == [room.volunteer_id]
    assert found(services, officer, "1111") == {"contacts": [room.contact_id]}
    for tail in ("002x", "1002X", "31002X"):
        by_id = found(services, officer, tail)
        assert by_id["mediation"] == [room.case_id]
        assert by_id["volunteers"] == [room.volunteer_id]
    # the birth date in the middle of the number is not a key
    assert "volunteers" not in found(services, officer, "19491231")


def test_numbers_titles_places(services: Services, officer: Principal, room: SearchRoom) -> None:
    case = services.mediation.get(officer, room.case_id)
    assert found(services, officer, case.case_number)["mediation"] == [room.case_id]
    assert found(services, officer, "漏水") == {"mediation": [room.case_id]}
    assert found(services, officer, "北门") == {"duty": [room.duty_id]}
    assert found(services, officer, "") == {}


def test_youth_only_for_who_may_open_them_and_masked(
    services: Services, admin: Principal, officer: Principal, aux: Principal, room: SearchRoom
) -> None:
    [group] = [g for g in services.search.search(officer, "zxm") if g.kind == "youth"]
    [hit] = group.hits
    assert (hit.record_id, hit.title, hit.sealed) == (room.subject_id, "张某", True)
    assert "小明" not in hit.title + hit.detail
    assert found(services, admin, "张小明")["youth"] == [room.subject_id]
    for query in ("张小明", "zxm", "张", "1316"[-4:], "小明"):
        assert "youth" not in found(services, aux, query)
    with pytest.raises(PermissionDeniedError):
        services.search.search(aux, "张", kind="youth")


def test_keys_follow_every_change(services: Services, officer: Principal, room: SearchRoom) -> None:
    volunteer = services.volunteers.get(officer, room.volunteer_id)
    services.volunteers.update(
        officer, room.volunteer_id, VolunteerDraft("赵六", phone="13700009999", team_id=volunteer.team_id)
    )
    assert "volunteers" not in found(services, officer, "zs")
    assert found(services, officer, "zl")["volunteers"] == [room.volunteer_id]
    assert found(services, officer, "9999")["volunteers"] == [room.volunteer_id]
    services.volunteers.delete(officer, room.volunteer_id)
    assert "volunteers" not in found(services, officer, "赵六")


def test_a_database_without_entries_is_filled_on_first_search(
    services: Services, officer: Principal, room: SearchRoom
) -> None:
    with services.db.session() as session:
        session.execute(delete(SearchEntry))
    services.search._ready = False
    services.search._seq = -1
    assert found(services, officer, "zs")["volunteers"] == [room.volunteer_id]
    with services.db.session() as session:
        kinds = set(session.scalars(select(SearchEntry.kind)))
    assert kinds == {"mediation", "volunteers", "contacts", "meetings", "duty", "youth", "_built"}


def test_a_change_before_the_first_build_does_not_stop_it(
    services: Services, officer: Principal, room: SearchRoom
) -> None:
    with services.db.session() as session:
        session.execute(delete(SearchEntry))
    services.search._ready = False
    services.search._seq = -1
    services.volunteers.update(officer, room.volunteer_id, VolunteerDraft("赵六"))  # hook: 1 entry
    assert found(services, officer, "zs")["mediation"] == [room.case_id]  # still built whole


def test_reception_entries_and_opinions_are_found(services: Services, officer: Principal) -> None:
    """The residents' desk in the search box: a caller by name, phone tail and what was said."""
    services.reception.record(
        officer,
        ReceptionDraft(
            received_at=datetime(2026, 12, 1, 9, 30), channel=ReceptionChannel.PHONE,
            name="欧阳娜", phone="13912340077", content="咨询居住证办理",
        ),
    )
    services.opinions.register(
        officer,
        OpinionDraft(
            received_on=services.opinions.today(), category=OpinionCategory.SECURITY,
            content="建议小区东门加装路灯", name="欧阳娜", phone="13912340077",
        ),
    )
    assert {"reception", "opinions"} <= set(found(services, officer, "欧阳"))
    assert {"reception", "opinions"} <= set(found(services, officer, "0077"))
    assert set(found(services, officer, "路灯")) == {"opinions"}


def test_bulk_inserts_are_indexed_and_seen_at_once(services: Services, admin: Principal) -> None:
    """The demo writes cases with executemany (no ORM objects): the hook indexes them from the
    rows, and the change log brings them into the memory copy of a search already in use."""
    import random

    from station_desk.demo.mediation import generate_mediation
    from station_desk.domain.mediation import CaseQuery

    assert services.search.search(admin, "调字") == []  # built (empty) and read into memory
    generate_mediation(services, admin, random.Random(7), 1)
    newest = services.mediation.list_cases(admin, CaseQuery(limit=1))[0]
    groups = services.search.search(admin, newest.case_number)
    assert [hit.record_id for group in groups for hit in group.hits] == [newest.id]
    party = newest.party_names.split("、")[0]
    assert newest.id in {hit.record_id for g in services.search.search(admin, party, limit=500) for hit in g.hits}
