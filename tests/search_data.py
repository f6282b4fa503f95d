"""A small room for the search, home and person-page tests: one resident (张三, ID ending
1002X, phone ending 5678) who is a party in a mediation case and a patrol volunteer, a contact
王小三 of the residents' committee, a meeting, a duty entry and a youth subject (sealed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.mediation import (
    CaseDraft,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
    PartyRole,
)
from station_desk.domain.meetings import MeetingDraft, MeetingType
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.volunteers import TeamDraft, TeamKind, VolunteerDraft
from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup
from station_desk.services.container import Services

ZHANG = "11010519491231002X"  # 张三
LI = "440524188001010014"  # 李四
BOY = "11010520100520131" + resident_id_check_char("11010520100520131")  # 张小明, sealed
ZHANG_PHONE = "13812345678"


@dataclass(frozen=True)
class SearchRoom:
    case_id: str
    volunteer_id: str
    contact_id: str
    meeting_id: str
    duty_id: str
    subject_id: str


def fill_search_room(services: Services, admin: Principal, officer: Principal) -> SearchRoom:
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            received_on=date(2026, 3, 6), source=CaseSource.WALK_IN,
            dispute_type=DisputeType.NEIGHBOUR, kind=MediationKind.POLICE, title="楼上漏水纠纷",
            facts="楼上漏水致楼下厨房受损。",
            parties=(
                PartyEntry("张三", PartyRole.APPLICANT, resident_id=ZHANG, phone=ZHANG_PHONE),
                PartyEntry("李四", PartyRole.RESPONDENT, resident_id=LI),
            ),
        ),
    )
    team = services.volunteers.create_team(officer, TeamDraft("巡逻一队", TeamKind.PATROL))
    volunteer = services.volunteers.create(
        officer, VolunteerDraft("张三", resident_id=ZHANG, phone=ZHANG_PHONE, team_id=team.id)
    )
    committee = services.contacts.create_organisation(
        officer, OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE)
    )
    contact = services.contacts.create_person(
        officer, ContactDraft("王小三", committee.id, "主任", mobile="13900001111")
    )
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.SECURITY_COMMITTEE, "三月治保例会", datetime(2026, 3, 10, 9, 0))
    )
    duty = services.duty.add_entry(
        officer,
        DutyEntryDraft(
            officer.user_id, datetime(2026, 3, 9, 9, 0), datetime(2026, 3, 9, 11, 0),
            DutyActivity.PATROL, place="和平里小区北门", notes="夜间巡逻检查",
        ),
    )
    subject = services.youth.register(
        officer,
        SubjectDraft(
            name="张小明", group=YouthGroup.BAD_BEHAVIOUR, risk_grade=RiskGrade.YELLOW,
            reason="多次夜不归宿。", resident_id=BOY, registered_on=date(2026, 3, 2),
            guardians=(GuardianEntry("张建军", "父亲", "13812340000"),),
        ),
    )
    return SearchRoom(case.id, volunteer.id, contact.id, meeting.id, duty.id, subject.id)
