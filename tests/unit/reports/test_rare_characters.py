"""Every character the name validator accepts is printed: rare characters (生僻字) of CJK
Extension A, B, C and E in names come out of every document as text (extracted from the PDF)
and are drawn by an embedded face that has them (a fallback face), never as an empty box."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from station_desk import i18n
from station_desk.domain.duty import summarise_duty
from station_desk.domain.mediation import RegisterParty
from station_desk.domain.validators import normalise_person_name
from station_desk.domain.volunteers import RosterWeek, ShiftMember, summarise_hours, week_grid
from station_desk.reports.base import DocumentBase, DocumentContext, text_runs
from station_desk.reports.duty import DutyReport
from station_desk.reports.fonts import HAN_A, HAN_B, SONG, face_for, has_glyph
from station_desk.reports.mediation import MediationAgreement, MediationRecord, MediationRegister
from station_desk.reports.meetings import MeetingMinutes, SignInSheet
from station_desk.reports.rosters import MonthlyHoursReport, VolunteerRosterList, WeeklyPatrolRoster
from station_desk.reports.youth import YouthFile, YouthSessionRecord
from tests.reports_helpers import pdf_fonts, pdf_text, squash
from tests.unit.reports import test_meeting_documents as meetings
from tests.unit.reports import test_roster_documents as rosters
from tests.unit.reports import test_youth_documents as youth
from tests.unit.reports.test_mediation_documents import SESSION, case, parties, register_rows

RARE_NAMES = (
    "𠮷祥",  # 𠮷 U+20BB7, Extension B
    "赵孟𫖯",  # 𫖯 U+2B5AF, Extension C
    "金日䃅",  # 䃅 U+40C5, Extension A
    "王㵘",  # 㵘 U+3D58, Extension A
    "陶𬳶",  # 𬳶 U+2CCF6, Extension E
    "邱𫟅",  # 𫟅 U+2B7C5, Extension C
)
ROOM = "和平里𠮷祥社区警务室"  # drawn on the canvas (running header), not in a paragraph


def _context(**changes: object) -> DocumentContext:
    base = DocumentContext("朝阳分局和平里派出所", ROOM, "赵孟𫖯", meetings.context().printed_at, "zh_CN")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_validator_accepts_the_names_and_a_bundled_face_has_every_character() -> None:
    for name in RARE_NAMES:
        assert normalise_person_name(name) == name
        for char in name:
            face = face_for(char, SONG)
            assert has_glyph(face, char), (char, face)
    assert face_for("𠮷", SONG) == HAN_B and face_for("䃅", SONG) == HAN_A
    assert text_runs("赵孟𫖯", SONG) == [(SONG, "赵孟"), (HAN_B, "𫖯")]


def _agreement() -> DocumentBase:
    named = tuple(replace(p, name=n) for p, n in zip(parties(), RARE_NAMES, strict=False))
    named = (replace(named[0], guardian_name=RARE_NAMES[5]), *named[1:])
    return MediationAgreement(_context(), case(parties=named))


def _record() -> DocumentBase:
    named = tuple(replace(p, name=n) for p, n in zip(parties(), RARE_NAMES, strict=False))
    session = replace(SESSION, mediators="、".join(RARE_NAMES), recorder=RARE_NAMES[1])
    return MediationRecord(_context(), case(parties=named, sessions=(session,)), session)


def _register() -> DocumentBase:
    rows = [
        replace(row, parties=tuple(RegisterParty(n, row.parties[0].role, "") for n in RARE_NAMES))
        for row in register_rows(2)
    ]
    return MediationRegister(_context(), rows, date(2026, 3, 1), date(2026, 3, 31))


def _meeting_with_rare_names():  # noqa: ANN202 - a MeetingDetail
    detail = meetings.meeting(4)
    people = tuple(replace(a, name=n) for a, n in zip(detail.attendees, RARE_NAMES, strict=False))
    return replace(
        detail, attendees=people, host=RARE_NAMES[0], recorder=RARE_NAMES[1], title="𠮷祥社区治保例会"
    )


def _roster() -> DocumentBase:
    week = rosters.full_week(slots=2, members=len(RARE_NAMES))
    shifts = tuple(
        replace(s, members=tuple(ShiftMember(f"m{k}", f"v{k}", n, "", s.members[0].attendance)
                                 for k, n in enumerate(RARE_NAMES)))
        for s in week.shifts
    )
    return WeeklyPatrolRoster(_context(), RosterWeek(week.week_start, week_grid(week.week_start, shifts), shifts))


def _volunteers() -> DocumentBase:
    people = [replace(v, name=n) for v, n in zip(rosters.volunteers(6), RARE_NAMES, strict=True)]
    return VolunteerRosterList(_context(), people, date(2026, 3, 6))


def _hours() -> DocumentBase:
    records = [replace(r, name=RARE_NAMES[int(r.volunteer_id[1:])]) for r in rosters.hours_records(6)]
    report = summarise_hours(records, date(2026, 3, 1), date(2026, 3, 31))
    return MonthlyHoursReport(_context(), report, report.volunteers[:3])


def _duty() -> DocumentBase:
    entries = [replace(e, place="、".join(RARE_NAMES)) for e in rosters.duty_entries(1)]
    data = summarise_duty("u", RARE_NAMES[0], entries, rosters.MONDAY, rosters.MONDAY + timedelta(days=6), 30)
    return DutyReport(_context(), data)


def _youth_file() -> DocumentBase:
    guardians = tuple(replace(g, name=RARE_NAMES[2]) for g in youth.subject().guardians)
    subject = youth.subject(name=RARE_NAMES[0], guardians=guardians, officer_name=RARE_NAMES[1])
    return YouthFile(_context(sealed=True), subject)


def _youth_session() -> DocumentBase:
    subject = youth.subject(name=RARE_NAMES[0])
    entry = youth.session(participants="、".join(RARE_NAMES), conducted_by=RARE_NAMES[1])
    return YouthSessionRecord(_context(sealed=True), subject, entry)


DOCUMENTS = {
    "agreement": (_agreement, (*RARE_NAMES[:4], RARE_NAMES[5])),
    "record": (_record, RARE_NAMES),
    "register": (_register, RARE_NAMES),
    "minutes": (lambda: MeetingMinutes(_context(), _meeting_with_rare_names()), (*RARE_NAMES[:4], "𠮷祥社区治保例会")),
    "sign-in": (lambda: SignInSheet(_context(), _meeting_with_rare_names()), RARE_NAMES[:4]),
    "roster": (_roster, RARE_NAMES),
    "volunteers": (_volunteers, RARE_NAMES),
    "hours": (_hours, RARE_NAMES),
    "duty": (_duty, RARE_NAMES),
    "youth file": (_youth_file, RARE_NAMES[:3]),
    "youth session": (_youth_session, RARE_NAMES),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_rare_characters_print_in_every_document(name: str) -> None:
    i18n.set_language("zh_CN")
    build, expected = DOCUMENTS[name]
    pdf = build().generate()
    text = squash(pdf_text(pdf, "-raw"))
    for rare in expected:
        assert rare in text, (name, rare)
    assert "和平里𠮷祥社区警务室" in text  # the running header on the canvas
    fonts = {font["name"].split("+")[-1]: font for font in pdf_fonts(pdf)}
    assert "HanaMinB" in fonts, fonts
    assert all(font["emb"] == "yes" and font["uni"] == "yes" for font in fonts.values())
