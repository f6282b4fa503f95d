"""Volunteers and teams (群防群治队伍): create, edit, search by pinyin, commend, leaders, audit,
the roster list as PDF and .xlsx."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_desk.documents import ROSTER_LIST, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.enums import Gender
from station_desk.domain.volunteers import (
    ANY_TIME,
    CommendationEntry,
    DayPart,
    TeamDraft,
    TeamKind,
    VolunteerDraft,
    VolunteerQuery,
    VolunteerRole,
    VolunteerStatus,
)
from station_desk.errors import PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from station_desk.services.output import save_document
from tests.reports_helpers import pdf_fonts, pdf_text, squash

ID_FEMALE = "11010519491231002X"


def valid_id(first17: str) -> str:
    from station_desk.domain.validators import resident_id_check_char

    return first17 + resident_id_check_char(first17)


def team(services: Services, actor: Principal, name: str = "巡逻一队", kind: TeamKind = TeamKind.PATROL) -> str:
    return services.volunteers.create_team(actor, TeamDraft(name, kind, area="北区")).id


def volunteer(services: Services, actor: Principal, name: str, team_id: str | None, **values: object):
    return services.volunteers.create(actor, VolunteerDraft(name, team_id=team_id, **values))  # type: ignore[arg-type]


def test_create_volunteer_derives_gender_and_birth_from_the_id(services: Services, officer: Principal) -> None:
    team_id = team(services, officer)
    created = volunteer(
        services, officer, " 张 三 ", team_id, resident_id=ID_FEMALE, gender=Gender.MALE,
        phone="138 0013 8000", role=VolunteerRole.LEADER, skills=("急救、电工",),
        join_date=date(2024, 3, 1), vest_issued=True, insurance_until=date(2027, 1, 31),
        allowance="交通补贴50元/月", contact_notes="每月电话联系一次",
        availability=frozenset({(2, DayPart.EVENING), (4, DayPart.EVENING)}), max_shifts_per_week=2,
    )
    assert created.name == "张三"
    assert created.gender is Gender.FEMALE and created.birth_date == date(1949, 12, 31)
    assert created.phone == "13800138000"
    assert created.skills == ("急救", "电工")
    assert created.team_name == "巡逻一队"
    again = services.volunteers.get(officer, created.id)
    assert again == created
    assert again.availability == frozenset({(2, DayPart.EVENING), (4, DayPart.EVENING)})


def test_foreign_volunteer_without_id_and_uyghur_name(services: Services, officer: Principal) -> None:
    team_id = team(services, officer, "平安志愿者", TeamKind.SAFETY_VOLUNTEERS)
    anna = volunteer(services, officer, "Anna Schmidt", team_id, gender=Gender.FEMALE, id_note="护照 C12345678")
    maimaiti = volunteer(services, officer, "买买提·艾力", team_id, resident_id=valid_id("65010219880520117"))
    assert anna.resident_id == "" and anna.gender is Gender.FEMALE and anna.id_note == "护照 C12345678"
    assert maimaiti.name == "买买提·艾力" and maimaiti.gender is Gender.MALE


def test_bad_input_is_refused_with_the_field(services: Services, officer: Principal) -> None:
    cases = [
        (VolunteerDraft(""), "name"),
        (VolunteerDraft("张三", resident_id="110105194912310036"), "resident_id"),
        (VolunteerDraft("张三", phone="12345"), "phone"),
        (VolunteerDraft("张三", join_date=date(2099, 1, 1)), "join_date"),
        (VolunteerDraft("张三", max_shifts_per_week=99), "max_shifts_per_week"),
        (VolunteerDraft("张三", team_id="no-such-team"), "team_id"),
    ]
    for draft, field in cases:
        with pytest.raises(ValidationError) as caught:
            services.volunteers.create(officer, draft)
        assert caught.value.field == field


def test_resident_id_belongs_to_one_volunteer(services: Services, officer: Principal) -> None:
    volunteer(services, officer, "张三", None, resident_id=ID_FEMALE)
    with pytest.raises(ValidationError, match="张三"):
        volunteer(services, officer, "李四", None, resident_id=ID_FEMALE)


def test_search_by_characters_pinyin_initials_team_status_phone(services: Services, officer: Principal) -> None:
    one = team(services, officer, "巡逻一队")
    two = team(services, officer, "巡逻二队")
    volunteer(services, officer, "张三", one, phone="13800001111")
    volunteer(services, officer, "单田芳", two, phone="13900002222")
    paused = volunteer(services, officer, "欧阳娜娜", one, status=VolunteerStatus.PAUSED)

    def names(**query: object) -> list[str]:
        return [v.name for v in services.volunteers.search(officer, VolunteerQuery(**query))]  # type: ignore[arg-type]

    assert names(text="zs") == ["张三"]
    assert names(text="zhangsan") == ["张三"]
    assert names(text="三") == ["张三"]
    assert names(text="stf") == ["单田芳"]
    assert names(text="oy") == ["欧阳娜娜"]
    assert names(text="0002222") == ["单田芳"]
    assert names(team_id=one) == ["欧阳娜娜", "张三"]
    assert names(statuses=frozenset({VolunteerStatus.PAUSED})) == ["欧阳娜娜"]
    services.volunteers.delete(officer, paused.id)
    assert names(team_id=one) == ["张三"]
    assert "欧阳娜娜" in names(team_id=one, include_deleted=True)


def test_team_leader_rules(services: Services, officer: Principal) -> None:
    one = team(services, officer)
    other = team(services, officer, "巡逻二队")
    leader = volunteer(services, officer, "张三", one)
    outsider = volunteer(services, officer, "李四", other)
    draft = services.volunteers.get_team(officer, one).to_draft(leader_id=leader.id)
    assert services.volunteers.update_team(officer, one, draft).leader_name == "张三"
    with pytest.raises(ValidationError, match="leader"):
        services.volunteers.update_team(officer, one, replace(draft, leader_id=outsider.id))
    services.volunteers.set_status(officer, leader.id, VolunteerStatus.LEFT)
    assert services.volunteers.get_team(officer, one).leader_id is None
    with pytest.raises(ValidationError, match="already exists"):
        services.volunteers.create_team(officer, TeamDraft("巡逻一队"))


def test_team_with_members_cannot_be_deleted(services: Services, officer: Principal) -> None:
    one = team(services, officer)
    person = volunteer(services, officer, "张三", one)
    with pytest.raises(ValidationError, match="move them"):
        services.volunteers.delete_team(officer, one)
    services.volunteers.set_status(officer, person.id, VolunteerStatus.LEFT)
    services.volunteers.delete_team(officer, one)
    assert services.volunteers.list_teams(officer) == []
    teams = services.volunteers.list_teams(officer, include_deleted=True)
    assert teams[0].is_deleted and teams[0].members == 0


def test_team_choices_are_the_live_teams_by_name(services: Services, officer: Principal) -> None:
    """What a team filter offers (issue 15: names only, without the member counts)."""
    two = team(services, officer, "巡逻二队")
    one = team(services, officer, "巡逻一队")
    gone = team(services, officer, "巡逻三队")
    services.volunteers.delete_team(officer, gone)
    expected = [(t.id, t.name) for t in services.volunteers.list_teams(officer)]
    assert services.volunteers.team_choices(officer) == expected
    assert {team_id for team_id, _name in expected} == {one, two}


def test_commendations(services: Services, officer: Principal) -> None:
    person = volunteer(services, officer, "张三", None)
    detail = services.volunteers.add_commendation(
        officer, person.id, CommendationEntry(date(2026, 6, 1), "优秀平安志愿者", "街道办事处")
    )
    assert [c.title for c in detail.commendations] == ["优秀平安志愿者"]
    with pytest.raises(ValidationError):
        services.volunteers.add_commendation(officer, person.id, CommendationEntry(date(2099, 1, 1), "x"))
    after = services.volunteers.remove_commendation(officer, detail.commendations[0].id or "")
    assert after.commendations == ()


def test_changes_are_audited_and_auxiliary_may_edit(services: Services, officer: Principal, aux: Principal) -> None:
    person = volunteer(services, aux, "张三", None)
    services.volunteers.update(officer, person.id, person.to_draft(phone="13800001111"))
    entries = services.audit.list_entries(
        admin_of(services), AuditFilter(record_type="volunteer", record_id=person.id)
    )
    actions = [e.action for e in entries]
    assert "create" in actions and "update" in actions


def admin_of(services: Services) -> Principal:
    from tests.conftest import ADMIN_PASSWORD

    return services.accounts.authenticate("admin", ADMIN_PASSWORD)


def test_roster_list_pdf_masks_ids_and_full_ids_need_export(
    services: Services, officer: Principal, aux: Principal
) -> None:
    one = team(services, officer)
    volunteer(services, officer, "张三", one, resident_id=ID_FEMALE, phone="13800001111",
              role=VolunteerRole.LEADER)
    volunteer(services, officer, "Anna Schmidt", one, id_note="护照 C12345678")
    pdf = services.volunteers.roster_list_pdf(officer, "en")
    text = squash(pdf_text(pdf, "-raw"))
    assert "张三" in text and "AnnaSchmidt" in text
    assert ID_FEMALE not in text and "002X" in text
    assert "C12345678" not in text and "*****5678" in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    full = squash(pdf_text(services.volunteers.roster_list_pdf(officer, "en", show_full_ids=True), "-raw"))
    assert ID_FEMALE in full
    with pytest.raises(PermissionDeniedError):
        services.volunteers.roster_list_pdf(aux, "en", show_full_ids=True)


def test_roster_list_xlsx_reads_back(services: Services, officer: Principal) -> None:
    one = team(services, officer)
    volunteer(services, officer, "张三", one, resident_id=ID_FEMALE, join_date=date(2024, 3, 1))
    data = services.volunteers.roster_list_xlsx(officer)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[2]
    first = dict(zip(header, rows[3], strict=False))
    assert first["Name"] == "张三"
    assert first["Resident ID"] == "**************002X"
    assert first["Joined"].date() == date(2024, 3, 1)


def test_save_document_writes_and_audits(
    services: Services, officer: Principal, tmp_path: Path
) -> None:
    data = services.volunteers.roster_list_xlsx(officer)
    request = Request(subject="all", fmt="xlsx")
    path = save_document(services, officer, ROSTER_LIST, request, data, tmp_path / "花名册.xlsx")
    assert path.read_bytes() == data
    entries = services.audit.list_entries(admin_of(services), AuditFilter(action="export"))
    assert any(e.details.get("document") == "roster-list" for e in entries)


def test_attendee_candidates_for_meetings(services: Services, officer: Principal) -> None:
    one = team(services, officer)
    volunteer(services, officer, "张三", one, role=VolunteerRole.LEADER)
    volunteer(services, officer, "李四", one, status=VolunteerStatus.LEFT)
    found = services.volunteers.attendee_candidates(officer, "zs")
    assert [(c.name, c.organisation) for c in found] == [("张三", "巡逻一队")]
    assert services.volunteers.attendee_candidates(officer, "ls") == []


def test_any_time_is_the_default_availability(services: Services, officer: Principal) -> None:
    assert volunteer(services, officer, "张三", None).availability == ANY_TIME


def test_roster_list_is_read_as_rows_alike(services: Services, officer: Principal) -> None:
    """The roster list (read as plain rows) holds what `get` (a model) gives of each live
    volunteer who has not left, commendations included, leaders first within a team."""
    first, second = team(services, officer, "巡逻一队"), team(services, officer, "巡逻二队")
    member = volunteer(
        services, officer, "王五", first, resident_id=ID_FEMALE, phone="13800138000",
        skills=("急救",), availability=frozenset({(2, DayPart.EVENING)}), join_date=date(2024, 3, 1),
    )
    leader = volunteer(services, officer, "张三", first, role=VolunteerRole.LEADER)
    other = volunteer(services, officer, "李四", second)
    loner = volunteer(services, officer, "赵六", None)
    gone = volunteer(services, officer, "钱七", second)
    services.volunteers.set_status(officer, gone.id, VolunteerStatus.LEFT)
    deleted = volunteer(services, officer, "孙八", first)
    services.volunteers.delete(officer, deleted.id)
    services.volunteers.add_commendation(
        officer, member.id, CommendationEntry(date(2026, 6, 1), "优秀平安志愿者", "街道办事处")
    )
    services.volunteers.add_commendation(officer, member.id, CommendationEntry(date(2026, 1, 5), "先进个人"))

    listed = services.volunteers.roster_list(officer)
    assert [v.id for v in listed] == [leader.id, member.id, other.id, loner.id]
    assert listed == [services.volunteers.get(officer, v.id) for v in listed]
    assert [c.title for c in listed[1].commendations] == ["先进个人", "优秀平安志愿者"]
    with_left = services.volunteers.roster_list(officer, second, include_left=True)
    assert [v.id for v in with_left] == [other.id, gone.id]  # by pinyin: li, qian
