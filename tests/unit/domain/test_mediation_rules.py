"""Mediation rules without a database: numbers, transitions, parties and the under-16 rule,
sessions, outcomes, return visits, time limits and the case file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk import i18n
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    ALLOWED_TRANSITIONS,
    DEFAULT_CASE_NUMBER_PATTERN,
    PARTIES,
    REQUIRED_FILE_ITEMS,
    STATEMENTS,
    CaseClosedError,
    CaseDetail,
    CaseDraft,
    CaseOutcome,
    CaseSource,
    CaseStatus,
    DisputeType,
    FileItem,
    IncompleteCaseError,
    MediationDocument,
    MediationKind,
    MediationLimits,
    MediationRowError,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    ReturnVisitEntry,
    Satisfaction,
    SessionEntry,
    StatementEntry,
    VisitMethod,
    check_transition,
    days_left,
    default_routes,
    format_case_number,
    is_overdue,
    is_visit_due,
    return_visit_due,
    validated_draft,
    validated_outcome,
    validated_party,
    validated_pattern,
    validated_session,
    validated_visit,
)
from station_desk.domain.validators import resident_id_check_char
from station_desk.errors import ValidationError

RECEIVED = date(2026, 3, 6)  # a Friday
TODAY = date(2026, 3, 20)
ADULT_ID = "11010519491231002X"  # female, born 1949-12-31
OLD_ID = "440524188001010014"  # male, born 1880-01-01


def make_id(birth: date, male: bool = True, region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{(101 if male else 100):03d}"
    return first17 + resident_id_check_char(first17)


def party_error(party: PartyEntry, received: date = RECEIVED) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validated_party(party, received, TODAY)
    return error.value


# --- labels and enums -----------------------------------------------------------------------

ENUMS = [CaseSource, DisputeType, MediationKind, CaseStatus, CaseOutcome, PartyRole, PartyKind,
         PerformanceStatus, VisitMethod, Satisfaction, FileItem, MediationDocument]


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_every_value_has_a_label(language: str) -> None:
    i18n.set_language(language)
    for enum in ENUMS:
        labels = [member.label for member in enum]
        assert all(labels) and len(set(labels)) == len(labels), enum


def test_default_routes_per_kind() -> None:
    assert "court" in default_routes(MediationKind.POLICE)
    assert default_routes(MediationKind.POLICE) != default_routes(MediationKind.PEOPLES)


# --- case numbers ---------------------------------------------------------------------------


def test_default_pattern() -> None:
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, 1) == "〔2026〕调字第0001号"
    assert format_case_number(DEFAULT_CASE_NUMBER_PATTERN, 2026, 12345) == "〔2026〕调字第12345号"
    assert validated_pattern(f"  {DEFAULT_CASE_NUMBER_PATTERN} ") == DEFAULT_CASE_NUMBER_PATTERN


@pytest.mark.parametrize(
    "pattern",
    ["", "调字第{seq}号", "〔{year}〕调字", "{year}-{seq}-{room}", "{year}-{seq.real}", "{year}-{seq:q}",
     "{year}-{0}", "{year}-{seq", "{year}" + "x" * 60 + "{seq}", "{year}-{seq:0>200}"],
)
def test_bad_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ValidationError) as error:
        validated_pattern(pattern)
    assert error.value.field == "pattern"


def test_other_patterns() -> None:
    assert format_case_number(validated_pattern("和调〔{year}〕{seq:03d}号"), 2027, 7) == "和调〔2027〕007号"
    assert validated_pattern("{seq}/{year}") == "{seq}/{year}"


# --- transitions -----------------------------------------------------------------------------


def test_allowed_transitions() -> None:
    for current, allowed in ALLOWED_TRANSITIONS.items():
        for new in CaseStatus:
            if current is CaseStatus.CLOSED:
                with pytest.raises(CaseClosedError):
                    check_transition(current, new)
            elif new in allowed:
                check_transition(current, new)
            else:
                with pytest.raises(ValidationError):
                    check_transition(current, new)


def test_transition_messages_say_what_to_do() -> None:
    with pytest.raises(ValidationError, match="session before the outcome"):
        check_transition(CaseStatus.REGISTERED, CaseStatus.AGREEMENT)
    with pytest.raises(ValidationError, match="outcome before closing"):
        check_transition(CaseStatus.IN_MEDIATION, CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        check_transition(CaseStatus.CLOSED, CaseStatus.IN_MEDIATION)


# --- parties ---------------------------------------------------------------------------------


def test_gender_and_birth_date_come_from_the_id_number() -> None:
    typed = PartyEntry(" 张三 ", resident_id=" 11010519491231002x ", gender=Gender.MALE,
                       birth_date=date(1990, 1, 1), phone="138 1234 5678")
    party = validated_party(typed, RECEIVED, TODAY)
    assert party.name == "张三"
    assert party.resident_id == ADULT_ID
    assert party.gender is Gender.FEMALE and party.birth_date == date(1949, 12, 31)
    assert party.phone == "13812345678"
    assert party.age_on(RECEIVED) == 76


def test_an_old_15_digit_number_is_upgraded() -> None:
    party = validated_party(PartyEntry("李四", resident_id="110105491231002"), RECEIVED, TODAY)
    assert len(party.resident_id) == 18 and party.birth_date == date(1949, 12, 31)


@pytest.mark.parametrize(
    "number",
    ["11010519491231002Y", "110105194912310021", "11010519490231002X", "1101051949123", "9101051949123100"],
)
def test_invalid_id_numbers_are_refused_at_the_field(number: str) -> None:
    error = party_error(PartyEntry("张三", resident_id=number))
    assert error.field == "resident_id"
    assert isinstance(error, MediationRowError) and error.section == PARTIES and error.row == 0


def test_without_an_id_number_gender_and_birth_date_are_typed() -> None:
    party = validated_party(
        PartyEntry("John Smith", gender=Gender.MALE, birth_date="1985-05-06", id_note="护照 E12345678"),
        RECEIVED, TODAY,
    )
    assert party.gender is Gender.MALE and party.birth_date == date(1985, 5, 6)
    assert party.has_identity
    assert not validated_party(PartyEntry("王五"), RECEIVED, TODAY).has_identity


@pytest.mark.parametrize(
    ("birth", "field"),
    [("2026-02-30", "birth_date"), ("2030-01-01", "birth_date"), ("1700-01-01", "birth_date"),
     ("2026-03-10", "birth_date")],  # the last: born after the case was received
)
def test_impossible_birth_dates_are_refused(birth: str, field: str) -> None:
    assert party_error(PartyEntry("王五", birth_date=birth)).field == field  # type: ignore[arg-type]


def test_a_party_under_16_needs_a_guardian() -> None:
    child = PartyEntry("李小明", PartyRole.RESPONDENT, resident_id=make_id(date(2012, 3, 4)))
    error = party_error(child)
    assert error.field == "guardian_name" and "16" in error.message
    assert party_error(replace(child, guardian_name="李建华")).field == "guardian_relation"
    party = validated_party(
        replace(child, guardian_name="李建华", guardian_relation="父亲", guardian_phone="13900001111"),
        RECEIVED, TODAY,
    )
    assert party.guardian_name == "李建华" and party.guardian_phone == "13900001111"


def test_age_is_taken_on_the_day_the_case_was_received() -> None:
    sixteenth = date(2010, 3, 6)  # turns 16 on RECEIVED
    validated_party(PartyEntry("王小五", resident_id=make_id(sixteenth)), RECEIVED, TODAY)
    day_later = date(2010, 3, 7)  # still 15 on RECEIVED
    assert party_error(PartyEntry("王小五", resident_id=make_id(day_later))).field == "guardian_name"
    # a typed birth date (no ID card) counts too
    assert party_error(PartyEntry("Tom Lee", birth_date=day_later)).field == "guardian_name"


def test_organisations_have_no_id_number_and_keep_their_name() -> None:
    company = PartyEntry("北京安居物业管理有限公司", PartyRole.RESPONDENT, PartyKind.ORGANISATION,
                         id_note="91110105MA01ABCD2X", representative="王经理", gender=Gender.MALE)
    party = validated_party(company, RECEIVED, TODAY)
    assert party.name == "北京安居物业管理有限公司" and party.gender is None
    assert party.representative == "王经理"
    assert party_error(replace(company, resident_id=ADULT_ID)).field == "resident_id"


def test_bad_names_and_phones_are_refused() -> None:
    assert party_error(PartyEntry("张")).field == "name"
    assert party_error(PartyEntry("张三", phone="12345")).field == "phone"


def test_the_same_id_twice_in_one_case_is_refused() -> None:
    draft = CaseDraft(RECEIVED, CaseSource.WALK_IN, DisputeType.NEIGHBOUR, MediationKind.POLICE, "漏水",
                      parties=(PartyEntry("张三", resident_id=ADULT_ID), PartyEntry("张叁", resident_id=ADULT_ID)))
    with pytest.raises(MediationRowError) as error:
        validated_draft(draft, TODAY)
    assert (error.value.row, error.value.field) == (1, "resident_id")


@given(
    birth=st.dates(min_value=date(1930, 1, 1), max_value=RECEIVED),
    male=st.booleans(),
    region=st.sampled_from(["110105", "440524", "310101", "650102"]),
)
def test_any_valid_id_decodes_and_the_guardian_rule_follows_the_age(
    birth: date, male: bool, region: str
) -> None:
    number = make_id(birth, male, region)
    party = PartyEntry("张三", resident_id=number)
    minor = (RECEIVED.year - birth.year - ((RECEIVED.month, RECEIVED.day) < (birth.month, birth.day))) < 16
    if minor:
        assert party_error(party).field == "guardian_name"
        party = replace(party, guardian_name="张大山", guardian_relation="父亲")
    checked = validated_party(party, RECEIVED, TODAY)
    assert checked.birth_date == birth
    assert checked.gender is (Gender.MALE if male else Gender.FEMALE)


# --- the draft -------------------------------------------------------------------------------


def draft(**changes: object) -> CaseDraft:
    values: dict[str, object] = {
        "received_on": RECEIVED, "source": CaseSource.WALK_IN, "dispute_type": DisputeType.NEIGHBOUR,
        "kind": MediationKind.POLICE, "title": "楼上漏水纠纷",
    }
    values.update(changes)
    return CaseDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 101}, "title"),
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"received_on": TODAY + timedelta(days=1)}, "received_on"),
        ({"received_on": date(1980, 1, 1)}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"source": "telepathy"}, "source"),
        ({"kind": "court"}, "kind"),
    ],
)
def test_bad_drafts_are_refused_at_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        validated_draft(draft(**changes), TODAY)
    assert error.value.field == field


def test_a_typed_date_is_accepted() -> None:
    assert validated_draft(draft(received_on="2026年3月6日"), TODAY).received_on == RECEIVED


# --- sessions --------------------------------------------------------------------------------


def session(**changes: object) -> SessionEntry:
    values: dict[str, object] = {"starts_at": datetime(2026, 3, 9, 9, 0), "mediators": "张建国"}
    values.update(changes)
    return SessionEntry(**values)  # type: ignore[arg-type]


def test_a_session_cannot_be_before_the_case_was_received() -> None:
    with pytest.raises(ValidationError) as error:
        validated_session(session(starts_at=datetime(2026, 3, 5, 23, 59)), RECEIVED)
    assert error.value.field == "starts_at" and "2026-03-06" in error.value.message
    assert validated_session(session(starts_at=datetime(2026, 3, 6, 0, 0)), RECEIVED)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": datetime(2026, 3, 9, 8, 0)}, "ends_at"),
        ({"mediators": " "}, "mediators"),
        ({"starts_at": None}, "starts_at"),
    ],
)
def test_bad_sessions_are_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        validated_session(session(**changes), RECEIVED)
    assert error.value.field == field


def test_statements_need_text_and_a_speaker() -> None:
    with pytest.raises(MediationRowError) as error:
        validated_session(session(statements=(StatementEntry("说明", "p1"), StatementEntry(" "))), RECEIVED)
    assert (error.value.section, error.value.row, error.value.field) == (STATEMENTS, 1, "text")
    with pytest.raises(MediationRowError) as error:
        validated_session(session(statements=(StatementEntry("说明"),)), RECEIVED)
    assert error.value.field == "party_id"
    checked = validated_session(session(statements=(StatementEntry("证人证言", speaker="赵大爷"),)), RECEIVED)
    assert checked.statements[0].speaker == "赵大爷"


def test_a_date_only_session_starts_at_midnight() -> None:
    assert validated_session(session(starts_at=date(2026, 3, 9)), RECEIVED).starts_at == datetime(2026, 3, 9)


# --- outcome ---------------------------------------------------------------------------------


def outcome(kind: CaseOutcome = CaseOutcome.AGREEMENT, **changes: object) -> OutcomeEntry:
    values: dict[str, object] = {"outcome": kind, "concluded_on": date(2026, 3, 9), "terms": "赔偿500元"}
    values.update(changes)
    return OutcomeEntry(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (outcome(terms="  \n "), "terms"),
        (outcome(CaseOutcome.NO_AGREEMENT, terms=""), "reason"),
        (outcome(CaseOutcome.TERMINATED, terms=""), "reason"),
        (outcome(CaseOutcome.REFERRED, terms=""), "referred_to"),
        (outcome(concluded_on=date(2026, 3, 5)), "concluded_on"),
        (outcome(concluded_on=TODAY + timedelta(days=1)), "concluded_on"),
        (outcome(concluded_on="2026-02-30"), "concluded_on"),
        (outcome(perform_by=date(2026, 3, 8)), "perform_by"),
        (outcome(outcome="surrender"), "outcome"),
    ],
)
def test_bad_outcomes_are_refused_at_the_field(entry: OutcomeEntry, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        validated_outcome(entry, RECEIVED, TODAY)
    assert error.value.field == field


def test_an_outcome_keeps_only_its_own_fields() -> None:
    agreement = validated_outcome(outcome(reason="无关", routes="无关", perform_by="2026-03-31"), RECEIVED, TODAY)
    assert agreement.terms == "赔偿500元" and agreement.reason == "" and agreement.perform_by == date(2026, 3, 31)
    failure = validated_outcome(
        outcome(CaseOutcome.NO_AGREEMENT, reason="分歧较大", routes="可向法院起诉"), RECEIVED, TODAY
    )
    assert failure.terms == "" and failure.reason == "分歧较大" and failure.routes == "可向法院起诉"


# --- return visits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visit", "field"),
    [
        (ReturnVisitEntry(date(2026, 3, 8)), "visit_date"),  # before the agreement of 9 March
        (ReturnVisitEntry(TODAY + timedelta(days=1)), "visit_date"),
        (ReturnVisitEntry(date(2026, 3, 12), next_due=date(2026, 3, 12)), "next_due"),
        (ReturnVisitEntry(date(2026, 3, 12), method="fax"), "method"),  # type: ignore[arg-type]
    ],
)
def test_bad_visits_are_refused(visit: ReturnVisitEntry, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        validated_visit(visit, date(2026, 3, 9), TODAY)
    assert error.value.field == field


def test_a_visit_on_the_agreement_day_is_fine() -> None:
    visit = validated_visit(
        ReturnVisitEntry(date(2026, 3, 9), VisitMethod.HOME, "张建国", "已履行", Satisfaction.SATISFIED),
        date(2026, 3, 9), TODAY,
    )
    assert visit.satisfaction is Satisfaction.SATISFIED


# --- time limits -----------------------------------------------------------------------------


def test_time_limits() -> None:
    limits = MediationLimits()
    assert limits.due_date(MediationKind.POLICE, RECEIVED) == date(2026, 3, 11)  # Fri → Wed
    assert limits.due_date(MediationKind.PEOPLES, date(2026, 1, 31)) == date(2026, 2, 28)
    holiday = replace(limits, holidays=(date(2026, 3, 9),))
    assert holiday.due_date(MediationKind.POLICE, RECEIVED) == date(2026, 3, 12)
    longer = replace(limits, police_working_days=5, peoples_months=2)
    assert longer.due_date(MediationKind.POLICE, RECEIVED) == date(2026, 3, 13)
    assert longer.due_date(MediationKind.PEOPLES, RECEIVED) == date(2026, 5, 6)


def test_days_left_and_overdue_only_while_open() -> None:
    due = date(2026, 3, 11)
    assert days_left(CaseStatus.REGISTERED, due, date(2026, 3, 9)) == 2
    assert days_left(CaseStatus.IN_MEDIATION, due, date(2026, 3, 13)) == -2
    assert days_left(CaseStatus.AGREEMENT, due, date(2026, 3, 13)) is None
    assert not is_overdue(CaseStatus.IN_MEDIATION, due, due)
    assert is_overdue(CaseStatus.IN_MEDIATION, due, due + timedelta(days=1))
    assert not is_overdue(CaseStatus.NO_AGREEMENT, due, due + timedelta(days=9))
    assert is_visit_due(CaseStatus.AGREEMENT, due, due)
    assert not is_visit_due(CaseStatus.CLOSED, due, due)
    assert not is_visit_due(CaseStatus.AGREEMENT, None, due)


def test_return_visit_due_dates() -> None:
    limits = MediationLimits()
    agreement = outcome(perform_by=date(2026, 3, 20))
    assert return_visit_due(limits, CaseStatus.AGREEMENT, agreement, ()) == date(2026, 3, 27)
    assert return_visit_due(limits, CaseStatus.AGREEMENT, replace(agreement, perform_by=None), ()) == date(2026, 3, 16)
    visits = (ReturnVisitEntry(date(2026, 3, 25), next_due=date(2026, 4, 25), id="a"),
              ReturnVisitEntry(date(2026, 4, 26), id="b"))
    assert return_visit_due(limits, CaseStatus.AGREEMENT, agreement, visits[:1]) == date(2026, 4, 25)
    assert return_visit_due(limits, CaseStatus.AGREEMENT, agreement, visits) is None
    assert return_visit_due(limits, CaseStatus.CLOSED, agreement, ()) is None
    assert return_visit_due(limits, CaseStatus.NO_AGREEMENT, outcome(CaseOutcome.NO_AGREEMENT), ()) is None


def test_limits_are_checked_and_stored_as_json() -> None:
    limits = MediationLimits(5, 2, 10, (date(2026, 10, 1),), (date(2026, 9, 27),))
    assert MediationLimits.from_json(limits.to_json()) == limits
    assert MediationLimits.from_json({"police_working_days": "x"}) == MediationLimits()
    assert MediationLimits.from_json(None) == MediationLimits()
    for bad, field in [(MediationLimits(0), "police_working_days"), (MediationLimits(3, 13), "peoples_months"),
                       (MediationLimits(3, 1, -1), "return_visit_days"),
                       (MediationLimits(holidays=(RECEIVED,), extra_workdays=(RECEIVED,)), "extra_workdays")]:
        with pytest.raises(ValidationError) as error:
            bad.validated()
        assert error.value.field == field


# --- the case file ---------------------------------------------------------------------------


def case(**changes: object) -> CaseDetail:
    values: dict[str, object] = {
        "id": "c1", "case_number": "〔2026〕调字第0001号", "case_year": 2026, "case_seq": 1,
        "received_on": RECEIVED, "source": CaseSource.WALK_IN, "dispute_type": DisputeType.NEIGHBOUR,
        "kind": MediationKind.POLICE, "title": "漏水", "facts": "楼上漏水", "officer": "张建国",
        "status": CaseStatus.AGREEMENT, "due_date": date(2026, 3, 11),
        "parties": (PartyEntry("张三", resident_id=ADULT_ID, id="p1"),
                    PartyEntry("李四", PartyRole.RESPONDENT, id_note="护照", id="p2")),
        "sessions": (session(rights_explained=True, id="s1"),),
        "outcome": outcome(),
    }
    values.update(changes)
    return CaseDetail(**values)  # type: ignore[arg-type]


def test_a_complete_case_file() -> None:
    complete = case()
    assert complete.missing_items == ()
    checks = {check.item: check for check in complete.file_checks}
    assert not checks[FileItem.RETURN_VISIT].present and not checks[FileItem.RETURN_VISIT].required
    assert {item for item, check in checks.items() if check.required} == set(REQUIRED_FILE_ITEMS)
    assert complete.copies == 3


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"facts": ""}, FileItem.REGISTRATION),
        ({"sessions": (session(id="s1"),)}, FileItem.RIGHTS_NOTICE),
        ({"parties": (PartyEntry("王五", id="p3"),)}, FileItem.IDENTITY),
        ({"sessions": ()}, FileItem.RECORD),
        ({"outcome": None}, FileItem.CONCLUSION),
        ({"outcome": outcome(CaseOutcome.NO_AGREEMENT, terms="")}, FileItem.CONCLUSION),
    ],
)
def test_missing_items(changes: dict[str, object], missing: FileItem) -> None:
    assert missing in case(**changes).missing_items


def test_incomplete_case_error_names_the_items() -> None:
    error = IncompleteCaseError((FileItem.RECORD, FileItem.IDENTITY))
    assert error.field == "confirm_incomplete_reason"
    assert FileItem.RECORD.label in error.message and FileItem.IDENTITY.label in error.message


def test_to_update_and_lookups() -> None:
    detail = case()
    update = detail.to_update(title="新标题")
    assert update.id == "c1" and update.title == "新标题" and update.parties == detail.parties
    assert detail.party("p2") is detail.parties[1] and detail.party(None) is None
    assert detail.session("s1") is detail.sessions[0]
    assert detail.agreement is detail.outcome
    assert case(outcome=outcome(CaseOutcome.TERMINATED, reason="x")).agreement is None
