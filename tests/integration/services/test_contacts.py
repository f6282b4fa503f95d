"""Contacts (联系单位): organisations and people, search by name, pinyin, organisation, phone."""

from __future__ import annotations

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.errors import NotFoundError, ValidationError
from station_desk.services.container import Services


def _names(found: list) -> list[str]:
    return [person.name for person in found]


@pytest.fixture
def people(services: Services, officer: Principal) -> dict[str, str]:
    """A residents' committee and a property company with four people; name -> id."""
    contacts = services.contacts
    committee = contacts.create_organisation(
        officer,
        OrganisationDraft(
            "和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE, phone="010-64211234"
        ),
    )
    company = contacts.create_organisation(
        officer, OrganisationDraft("安居物业管理有限公司", OrganisationKind.PROPERTY_COMPANY)
    )
    drafts = [
        ContactDraft("张三", committee.id, "主任", mobile="13812345678"),
        ContactDraft("李四", company.id, "经理", landline="010 6421 9876"),
        ContactDraft("王小三", None, "", is_conduct_supervisor=True, mobile="+86 139-0000-1111"),
        ContactDraft("欧阳娜娜", committee.id, "委员"),
    ]
    return {d.name: contacts.create_person(officer, d).id for d in drafts}


def test_create_and_read_back(
    services: Services, officer: Principal, people: dict[str, str]
) -> None:
    person = services.contacts.get_person(officer, people["张三"])
    assert person.organisation_name == "和平里社区居委会"
    assert person.position == "主任" and person.mobile == "13812345678"
    li = services.contacts.get_person(officer, people["李四"])
    assert li.landline == "010-64219876" and li.phone == "010-64219876"
    wang = services.contacts.get_person(officer, people["王小三"])
    assert wang.mobile == "13900001111" and wang.is_conduct_supervisor
    assert wang.organisation_id is None and wang.organisation_name == ""
    organisations = services.contacts.list_organisations(officer)
    assert {(o.name, o.kind, o.people) for o in organisations} == {
        ("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE, 2),
        ("安居物业管理有限公司", OrganisationKind.PROPERTY_COMPANY, 1),
    }
    committee = next(o for o in organisations if o.people == 2)
    assert committee.phone == "010-64211234"
    assert organisations[0].kind.label


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["张三"]),
        ("三", ["王小三", "张三"]),
        ("zs", ["张三"]),
        ("zhangsan", ["张三"]),
        ("ZhangSan", ["张三"]),
        ("zhang san", ["张三"]),
        ("oy", ["欧阳娜娜"]),
        ("居委会", ["欧阳娜娜", "张三"]),
        ("物业", ["李四"]),
        ("138123", ["张三"]),
        ("64219876", ["李四"]),
        ("01064219876", ["李四"]),
        ("经理", ["李四"]),
        ("%", []),
        ("_", []),
        ("nobody", []),
    ],
)
def test_search_people(
    services: Services, aux: Principal, people: dict[str, str], query: str, expected: list[str]
) -> None:
    found = services.contacts.search_people(aux, query)
    assert sorted(_names(found)) == sorted(expected)


def test_search_filters_and_order(
    services: Services, aux: Principal, people: dict[str, str]
) -> None:
    everyone = services.contacts.search_people(aux, "")
    assert _names(everyone) == ["李四", "欧阳娜娜", "王小三", "张三"]  # by pinyin
    supervisors = services.contacts.search_people(aux, "", supervisors_only=True)
    assert _names(supervisors) == ["王小三"]
    committee = services.contacts.get_person(aux, people["张三"]).organisation_id
    members = services.contacts.search_people(aux, "", organisation_id=committee)
    assert _names(members) == ["欧阳娜娜", "张三"]
    assert len(services.contacts.search_people(aux, "", limit=2)) == 2


def test_aux_may_edit_and_changes_are_audited(
    services: Services, aux: Principal, admin: Principal, people: dict[str, str]
) -> None:
    person_id = people["张三"]
    before = services.contacts.get_person(aux, person_id)
    updated = services.contacts.update_person(
        aux,
        person_id,
        ContactDraft("张三丰", before.organisation_id, "副主任", True, "13812345679", "", "老住户"),
    )
    assert updated.name == "张三丰" and updated.is_conduct_supervisor and updated.notes == "老住户"
    assert _names(services.contacts.search_people(aux, "zsf")) == ["张三丰"]
    entries = services.audit.list_entries(admin, AuditFilter(record_id=person_id))
    actions = [e.action for e in entries]
    assert actions == ["update", "create"]
    changes = entries[0].details["changes"]
    assert changes["name"] == {"old": "张三", "new": "张三丰"}
    assert "search_keys" not in changes
    assert entries[0].username == "aux"


def test_soft_delete_and_restore_person(
    services: Services, officer: Principal, admin: Principal, people: dict[str, str]
) -> None:
    person_id = people["李四"]
    services.contacts.delete_person(officer, person_id)
    assert "李四" not in _names(services.contacts.search_people(officer, ""))
    deleted = services.contacts.search_people(officer, "李四", include_deleted=True)
    assert _names(deleted) == ["李四"] and deleted[0].is_deleted
    with pytest.raises(NotFoundError):
        services.contacts.update_person(officer, person_id, ContactDraft("李四"))
    restored = services.contacts.restore_person(officer, person_id)
    assert not restored.is_deleted
    assert "李四" in _names(services.contacts.search_people(officer, ""))
    actions = [
        e.action for e in services.audit.list_entries(admin, AuditFilter(record_id=person_id))
    ]
    assert actions == ["restore", "delete", "create"]


def test_soft_delete_and_restore_organisation(
    services: Services, officer: Principal, people: dict[str, str]
) -> None:
    committee = services.contacts.get_person(officer, people["张三"]).organisation_id
    assert committee is not None
    services.contacts.delete_organisation(officer, committee)
    assert [o.name for o in services.contacts.list_organisations(officer)] == [
        "安居物业管理有限公司"
    ]
    # its people stay, still showing the organisation's name
    assert (
        services.contacts.get_person(officer, people["张三"]).organisation_name
        == "和平里社区居委会"
    )
    with pytest.raises(ValidationError) as error:
        services.contacts.create_person(officer, ContactDraft("赵六", committee))
    assert error.value.field == "organisation_id"
    everything = services.contacts.list_organisations(officer, include_deleted=True)
    assert len(everything) == 2
    restored = services.contacts.restore_organisation(officer, committee)
    assert not restored.is_deleted and restored.people == 2


def test_organisation_filters(
    services: Services, officer: Principal, people: dict[str, str]
) -> None:
    found = services.contacts.list_organisations(officer, query="物业")
    assert [o.name for o in found] == ["安居物业管理有限公司"]
    schools = services.contacts.list_organisations(officer, kind=OrganisationKind.SCHOOL)
    assert schools == []


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ContactDraft(""), "name"),
        (ContactDraft("张"), "name"),
        (ContactDraft("张三", mobile="1234"), "mobile"),
        (ContactDraft("张三", landline="12"), "landline"),
        (ContactDraft("张三", position="长" * 65), "position"),
        (ContactDraft("张三", organisation_id="no-such-id"), "organisation_id"),
    ],
)
def test_bad_person_input_is_refused_at_the_field(
    services: Services, officer: Principal, draft: ContactDraft, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.contacts.create_person(officer, draft)
    assert error.value.field == field
    assert services.contacts.search_people(officer, "") == []


def test_bad_organisation_input_is_refused(services: Services, officer: Principal) -> None:
    with pytest.raises(ValidationError) as error:
        services.contacts.create_organisation(officer, OrganisationDraft("  "))
    assert error.value.field == "name"
    with pytest.raises(ValidationError) as error:
        services.contacts.create_organisation(officer, OrganisationDraft("某单位", phone="abc"))
    assert error.value.field == "phone"
    services.contacts.create_organisation(officer, OrganisationDraft("某单位"))
    with pytest.raises(ValidationError, match="already exists") as error:
        services.contacts.create_organisation(officer, OrganisationDraft(" 某单位 "))
    assert error.value.field == "name"
