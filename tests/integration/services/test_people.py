"""One page per person against a real database: the same resident (ID number, or name and
phone) across mediation, volunteers and contacts; another ID number is another person;
sealed youth subjects only for who may open them, masked, and the page audited then."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.contacts import ContactDraft
from station_desk.domain.mediation import (
    CaseDraft,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
    PartyRole,
)
from station_desk.domain.opinions import OpinionDraft
from station_desk.domain.reception import ReceptionDraft, ReceptionKind
from station_desk.domain.volunteers import VolunteerDraft
from station_desk.errors import NotFoundError
from station_desk.services.container import Services
from tests.search_data import BOY, ZHANG, ZHANG_PHONE, SearchRoom, fill_search_room

OTHER_ZHANG = "110105198001010016"  # another 张三


@pytest.fixture(params=["all records", "narrowed by the search keys"])
def room(request: pytest.FixtureRequest, services: Services, admin: Principal, officer: Principal) -> SearchRoom:
    """The room; with the search's memory copy read first (as after the search box opened),
    the page looks only at the records whose keys hold the phone or ID tail — records added
    afterwards included (the change log)."""
    if request.param == "narrowed by the search keys":
        services.search.ensure_index()
    return fill_search_room(services, admin, officer)


def links(services: Services, actor: Principal, kind: str, record_id: str, query: str = "") -> set[tuple[str, str]]:
    page = services.people.page(actor, kind, record_id, query)
    return {(link.kind, link.record_id) for link in page.links}


def test_the_same_resident_across_modules(services: Services, officer: Principal, room: SearchRoom) -> None:
    same_phone = services.contacts.create_person(officer, ContactDraft("张三", None, "楼栋长", mobile=ZHANG_PHONE))
    services.volunteers.create(officer, VolunteerDraft("张三", resident_id=OTHER_ZHANG, phone=ZHANG_PHONE))
    services.contacts.create_person(officer, ContactDraft("张三", None, "", mobile="13700000000"))
    expected = {
        ("mediation", room.case_id), ("volunteers", room.volunteer_id), ("contacts", same_phone.id)
    }
    assert links(services, officer, "volunteers", room.volunteer_id) == expected
    assert links(services, officer, "mediation", room.case_id, "zs") == expected
    assert links(services, officer, "contacts", same_phone.id) >= {("contacts", same_phone.id)}
    page = services.people.page(officer, "volunteers", room.volunteer_id)
    assert page.name == "张三" and page.masked_id.endswith("002X") and "1231" not in page.masked_id
    labels = {link.kind: link.label for link in page.links}
    assert labels["mediation"] == "Party in mediation" and labels["volunteers"] == "Volunteer"
    # the other party of the case is another page
    assert links(services, officer, "mediation", room.case_id, "李四") == {("mediation", room.case_id)}
    with pytest.raises(NotFoundError):
        services.people.page(officer, "meetings", room.meeting_id)


def test_sealed_links_only_for_who_may_open_them_and_audited(
    services: Services, admin: Principal, officer: Principal, aux: Principal, room: SearchRoom
) -> None:
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            received_on=date(2026, 3, 20), source=CaseSource.WALK_IN, dispute_type=DisputeType.NEIGHBOUR,
            kind=MediationKind.POLICE, title="损坏自行车", facts="弄坏邻居的自行车。",
            parties=(
                PartyEntry("张小明", PartyRole.RESPONDENT, resident_id=BOY, guardian_name="张建军",
                           guardian_relation="父亲", guardian_phone="13812340000"),
                PartyEntry("李四", PartyRole.APPLICANT),
            ),
        ),
    )
    page = services.people.page(officer, "mediation", case.id, "张小明")
    sealed = [link for link in page.links if link.sealed]
    assert [(link.record_id, link.title) for link in sealed] == [(room.subject_id, "张某")]
    entries = services.audit.list_entries(admin, AuditFilter(action="view_sealed", record_type="person_page"))
    assert len(entries) == 1 and entries[0].details["subjects"] == [room.subject_id]
    assert "张小明" not in str(entries[0].details)

    aux_page = services.people.page(aux, "mediation", case.id, "张小明")
    assert {link.kind for link in aux_page.links} == {"mediation"}
    assert not any(link.sealed for link in aux_page.links)
    entries = services.audit.list_entries(admin, AuditFilter(action="view_sealed", record_type="person_page"))
    assert len(entries) == 1  # the auxiliary's page linked nothing sealed: nothing to audit


def test_reception_visitors_and_opinion_givers_are_on_the_page(
    services: Services, officer: Principal, room: SearchRoom
) -> None:
    """By ID number, or name and phone where there is no ID; an anonymous opinion is no one's."""
    def visit(name: str, **person: str) -> str:
        draft = ReceptionDraft(datetime(2026, 3, 12, 10, 0), kind=ReceptionKind.CONSULT,
                               name=name, content="咨询居住证办理", **person)
        return services.reception.record(officer, draft).id

    def opinion(name: str, anonymous: bool = False, **person: str) -> str:
        draft = OpinionDraft(date(2026, 3, 13), content="小区北门路灯不亮", name=name,
                             anonymous=anonymous, **person)
        return services.opinions.register(officer, draft).id

    by_id = visit("张三", resident_id=ZHANG, phone=ZHANG_PHONE)
    by_phone = visit("张三", phone=f"+86 {ZHANG_PHONE}")
    visit("张三", phone="13700000000")  # another 张三: another phone, no ID
    visit("张三", resident_id=OTHER_ZHANG, phone=ZHANG_PHONE)  # another ID: another person
    given = opinion("张三", phone=ZHANG_PHONE)
    anonymous = opinion("张三", anonymous=True, phone=ZHANG_PHONE)
    found = links(services, officer, "volunteers", room.volunteer_id)
    assert {(kind, rid) for kind, rid in found if kind in ("reception", "opinions")} == {
        ("reception", by_id), ("reception", by_phone), ("opinions", given)
    }
    assert ("opinions", anonymous) not in found
    # the page opens from a reception entry or an opinion as well: with the ID number, the
    # same page; with name and phone only, the records without an ID number of that phone
    assert links(services, officer, "reception", by_id) == found
    assert links(services, officer, "opinions", given) == {("reception", by_phone), ("opinions", given)}
    with pytest.raises(NotFoundError):
        services.people.page(officer, "opinions", anonymous)
    nameless = visit("")  # a call that left no name
    assert [services.people.names_someone(officer, kind, rid) for kind, rid in (
        ("opinions", anonymous), ("reception", nameless), ("opinions", given),
        ("reception", by_phone), ("volunteers", room.volunteer_id), ("youth", room.volunteer_id),
    )] == [False, False, True, True, True, False]
    page = services.people.page(officer, "reception", by_id)
    labels = {link.kind: (link.label, link.title, link.detail) for link in page.links}
    assert labels["reception"] == ("Reception visitor", "咨询居住证办理", "Walk-in visit　Consultation")
    assert labels["opinions"][0] == "Opinion giver"
    assert {"reception", "opinions"} <= services.people.kinds


def test_the_search_keys_point_at_the_persons_records(
    services: Services, admin: Principal, officer: Principal
) -> None:
    """Before the search's memory copy is read the page looks through every record; once read,
    the records whose keys hold the phone or ID tail (new ones too), and those only."""
    assert services.search.records_with([ZHANG_PHONE]) is None
    services.search.ensure_index()
    room = fill_search_room(services, admin, officer)
    visit = services.reception.record(officer, ReceptionDraft(
        datetime(2026, 3, 12, 10, 0), name="张三", phone=ZHANG_PHONE, content="咨询居住证办理"
    ))
    among = services.search.records_with([ZHANG_PHONE[-11:], "91002x"])
    assert among is not None
    assert among["mediation"] == {room.case_id} and among["volunteers"] == {room.volunteer_id}
    assert among["reception"] == {visit.id} and not among["contacts"]
    page = services.people.page(officer, "volunteers", room.volunteer_id)
    assert {(link.kind, link.record_id) for link in page.links} == {
        ("reception", visit.id), ("volunteers", room.volunteer_id), ("mediation", room.case_id)
    }


def test_a_visitor_who_left_only_a_name_has_a_page_of_that_visit(
    services: Services, officer: Principal, room: SearchRoom
) -> None:
    """No phone, no ID number: nothing can be matched, but the page shows the visit itself."""
    def visit() -> str:
        draft = ReceptionDraft(datetime(2026, 3, 12, 10, 0), name="张三", content="问路")
        return services.reception.record(officer, draft).id

    first, second = visit(), visit()
    assert links(services, officer, "reception", first) == {("reception", first)}
    assert links(services, officer, "reception", second) == {("reception", second)}
