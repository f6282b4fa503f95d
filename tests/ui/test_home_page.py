"""The home page: station, room, officer on duty, today's date per language, counters."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, DutyEntryDraft, week_start
from station_desk.domain.volunteers import ShiftDraft, TeamDraft, VolunteerDraft
from station_desk.services.container import Services
from station_desk.services.home import HomeCounter, HomeSummary
from station_desk.ui.formatting import long_date
from station_desk.ui.home_page import HomePage
from station_desk.ui.language import apply_language
from station_desk.ui.main_window import MainWindow
from station_desk.ui.worklist import WorkItemsDialog
from tests.conftest import SETUP


def shown(qtbot: QtBot, page: HomePage) -> HomePage:
    """The page once its figures, read on a worker thread, are shown."""
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.reading(), timeout=30_000)
    return page


def test_shows_room_officer_date_and_counters(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal, aux: Principal
) -> None:
    page = shown(qtbot, HomePage(services, officer))
    assert page.room.text() == SETUP.room_name
    assert page.station.text() == SETUP.station_name
    assert page.officer.text() == "Officer on duty: 李明"
    assert page.today.text() == f"Today: {long_date(date.today())}"
    captions = {card.caption.text(): card.value.text() for card in page.counter_cards()}
    assert "Active accounts" not in captions and "Audit entries today" not in captions
    admin_page = shown(qtbot, HomePage(services, admin))
    captions = {card.caption.text(): card.value.text() for card in admin_page.counter_cards()}
    assert captions["Active accounts"] == "3"
    assert int(captions["Audit entries today"]) > 0
    aux_page = shown(qtbot, HomePage(services, aux))  # 辅警, not 值班民警; no officer's target
    assert aux_page.officer.text() == "Auxiliary police on duty: 王芳"
    keys = {card.key for card in aux_page.counter_cards()}
    assert not keys & {"active_accounts", "audit_today", "duty_hours_week"}


def test_refresh_replaces_the_counters(qtbot: QtBot, services: Services, admin: Principal) -> None:
    page = shown(qtbot, HomePage(services, admin))
    summary = HomeSummary(
        "站", "室", "张建国", date(2026, 11, 30), [HomeCounter("x", "Late", 2, True)]
    )
    page.show_summary(summary)
    cards = page.counter_cards()
    assert [(c.caption.text(), c.value.text()) for c in cards] == [("Late", "2")]
    assert "b00020" in cards[0].value.styleSheet()


def test_long_date_per_language(qapp) -> None:
    day = date(2026, 11, 30)
    apply_language(qapp, "zh_CN")
    assert long_date(day) == "2026年11月30日 星期一"
    apply_language(qapp, "zh_TW")
    assert long_date(day) == "2026年11月30日 星期一"
    apply_language(qapp, "en")
    assert long_date(day) == "Monday, 30 November 2026"


def _past_shift_without_attendance(services: Services, actor: Principal, people: int) -> None:
    team_id = services.volunteers.create_team(actor, TeamDraft("巡逻一队")).id
    ids = [
        services.volunteers.create(actor, VolunteerDraft(name, team_id=team_id)).id
        for name in ("赵一", "钱二", "孙三")[:people]
    ]
    start = datetime.combine(date.today() - timedelta(days=3), time(19))
    services.rosters.create_shift(
        actor,
        ShiftDraft(
            start, start + timedelta(hours=2), "A线", team_id, people, member_ids=tuple(ids)
        ),
    )


def test_duty_hours_and_attendance_to_review(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    monday = week_start(date.today())
    services.duty.add_entry(
        officer,
        DutyEntryDraft(
            officer.user_id,
            datetime.combine(monday, time(8, 0)),
            datetime.combine(monday, time(12, 30)),
            DutyActivity.PATROL,
            place="北区",
        ),
    )
    _past_shift_without_attendance(services, officer, 2)
    page = shown(qtbot, HomePage(services, officer))
    cards = {card.key: card for card in page.counter_cards()}
    duty = cards["duty_hours_week"]
    assert duty.caption.text() == "Hours in the beat this week"
    assert duty.value.text() == "4.5 / 30"
    review = cards["attendance_to_review"]
    assert review.caption.text() == "Patrol attendance to review"
    assert review.value.text() == "2" and "b00020" in review.value.styleSheet()

    with qtbot.waitSignal(page.open_duty_requested):
        qtbot.mouseClick(duty, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.open_attendance_review_requested):
        review.setFocus()
        qtbot.keyClick(review, Qt.Key.Key_Return)
    with qtbot.assertNotEmitted(page.open_duty_requested):
        qtbot.mouseClick(cards["open_actions"], Qt.MouseButton.LeftButton)


def test_youth_sessions_due_card_opens_youth_guidance(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal
) -> None:
    from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup

    today = date.today()
    services.youth.register(
        officer,
        SubjectDraft(
            name="张小明",
            group=YouthGroup.IDLE,
            risk_grade=RiskGrade.YELLOW,
            reason="辍学在家。",
            birth_date=date(today.year - 15, 1, 1),
            registered_on=today - timedelta(days=40),
            guardians=(GuardianEntry("张建军", "父亲", "13812345678"),),
        ),
    )
    page = shown(qtbot, HomePage(services, officer))
    card = {card.key: card for card in page.counter_cards()}["youth_sessions_due"]
    assert card.caption.text() == "Youth guidance sessions due"
    assert card.value.text() == "1" and "b00020" in card.value.styleSheet()
    assert card.toolTip() == "Show the records counted"
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    dialog = next(d for d in page.findChildren(WorkItemsDialog) if d.isVisible())
    [item] = dialog.list.items()
    assert (item.kind, item.title) == ("youth", "张某")
    with qtbot.waitSignal(page.open_record_requested) as opened:
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert opened.args == ["youth", item.record_id]
    aux_page = shown(qtbot, HomePage(services, aux))
    assert "youth_sessions_due" not in {card.key for card in aux_page.counter_cards()}


def test_shown_by_the_window_the_page_reads_once_it_has_painted(
    qtbot: QtBot, services: Services, data_dir: Path, officer: Principal
) -> None:
    """The first reading waits for the window's first paint (a worker reading meanwhile would
    share the interpreter lock with it), and starts anyway if the window is not painted."""
    window = MainWindow(services, officer, data_dir)
    qtbot.addWidget(window)
    page = window.pages["home"]
    assert isinstance(page, HomePage)
    assert not page.has_read and page.reading() and page.counter_cards() == []
    window.show()
    qtbot.waitUntil(lambda: not page.reading(), timeout=30_000)
    assert page.has_read and page.counter_cards()
    hidden = MainWindow(services, officer, data_dir)  # never shown
    qtbot.addWidget(hidden)
    unpainted = hidden.pages["home"]
    assert isinstance(unpainted, HomePage)
    qtbot.waitUntil(lambda: not unpainted.reading(), timeout=30_000)
    assert unpainted.counter_cards()
