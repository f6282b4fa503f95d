"""Issue 15: a page the window shows reads its list on a worker thread and fills it when
read (the window paints the page at once); a read made meanwhile on the GUI thread (after an
edit) is not overwritten by the older rows arriving later; record editors are built when
first needed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import CaseDraft, CaseSource, DisputeType, MediationKind
from station_desk.domain.volunteers import ShiftDraft, TeamDraft, VolunteerDraft
from station_desk.services.container import Services
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.roster.page import RosterPage
from tests.ui.helpers import MakeWindow


def register(services: Services, officer: Principal, title: str) -> str:
    draft = CaseDraft(
        date.today(), CaseSource.WALK_IN, DisputeType.PROPERTY_MANAGEMENT, MediationKind.PEOPLES, title
    )
    return services.mediation.register_case(officer, draft).id


def test_the_case_list_is_read_on_a_worker_thread_and_the_editor_built_when_opened(
    qtbot: QtBot, make_window: MakeWindow, services: Services, officer: Principal
) -> None:
    case_id = register(services, officer, "楼上漏水")
    window = make_window(officer)
    window.show_page("mediation")
    page = window.pages["mediation"]
    assert isinstance(page, MediationPage)
    assert page.reading() and page.rows() == []  # painted before the rows are read
    assert page.list.count.text() == "Reading…"
    qtbot.waitUntil(lambda: not page.reading())
    assert [row.id for row in page.rows()] == [case_id]
    assert page.list.count.text() == "1 case"
    assert page.stack.count() == 1  # the list only: no editor yet
    page.select(case_id)
    page.open_selected()
    assert page.is_editing() and page.editor.record is not None
    assert page.editor.record.id == case_id


def test_rows_read_meanwhile_are_not_replaced_by_an_older_read(
    qtbot: QtBot, make_window: MakeWindow, services: Services, officer: Principal
) -> None:
    first = register(services, officer, "楼上漏水")
    window = make_window(officer)
    window.show_page("mediation")
    page = window.pages["mediation"]
    assert isinstance(page, MediationPage)
    QThreadPool.globalInstance().waitForDone(30_000)  # read (one case), not yet delivered
    second = register(services, officer, "噪音扰民")
    page.refresh()  # as after an edit: read at once, on the GUI thread
    assert {row.id for row in page.rows()} == {first, second}
    qtbot.wait(50)  # the older read's rows arrive now: dropped
    assert not page.reading()
    assert {row.id for row in page.rows()} == {first, second}


def test_the_roster_week_and_its_teams_are_read_on_a_worker_thread(
    qtbot: QtBot, make_window: MakeWindow, services: Services, officer: Principal
) -> None:
    team = services.volunteers.create_team(officer, TeamDraft("巡逻一队"))
    volunteer = services.volunteers.create(officer, VolunteerDraft("赵敏", team_id=team.id))
    today = date.today()
    shift = services.rosters.create_shift(
        officer,
        ShiftDraft(
            datetime.combine(today, time(19)),
            datetime.combine(today, time(21)),
            "A线",
            team.id,
            2,
            member_ids=(volunteer.id,),
        ),
    )
    window = make_window(officer)
    window.show_page("roster")
    page = window.pages["roster"]
    assert isinstance(page, RosterPage)
    assert page.reading() and page.week.summary.text() == "Reading…"
    qtbot.waitUntil(lambda: not page.reading())
    assert [s.id for s in page.week.shifts()] == [shift.id]
    assert "赵敏" in page.week.grid_cell_text(shift.id)
    assert page.week.team.findData(team.id) > 0  # the team filter offers the team
    page.week.show_week(today + timedelta(days=7))  # a read of its own (on the GUI thread)
    assert page.week.shifts() == ()


def test_garbage_is_collected_on_the_gui_thread_only(qtbot: QtBot) -> None:
    """A collection started by a worker could free Qt objects of the GUI thread (a crash):
    once jobs run, automatic collection is off and a timer of the GUI thread collects."""
    import gc
    import threading
    import weakref

    from station_desk.ui.widgets.jobs import run_in_background

    results: list[object] = []
    run_in_background(lambda: threading.current_thread().name, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert results[0] != threading.main_thread().name
    assert not gc.isenabled()

    class Node:
        partner: object = None

    collected_on: list[str] = []
    a, b = Node(), Node()
    a.partner, b.partner = b, a
    gone = weakref.ref(a)
    weakref.finalize(a, lambda: collected_on.append(threading.current_thread().name))
    del a, b
    keep = [[n] for n in range(2 * gc.get_threshold()[0])]  # past the youngest threshold
    qtbot.waitUntil(lambda: gone() is None, timeout=3000)
    assert collected_on == [threading.main_thread().name] and keep


def test_workers_give_the_interpreter_back_to_the_gui_thread_soon(qtbot: QtBot) -> None:
    """Once jobs run, a worker holding the interpreter lock lets the GUI thread have it after
    1 ms, not Python's 5 (the GUI thread waits that long after each Qt call that let go)."""
    import sys

    from station_desk.ui.widgets.jobs import SWITCH_INTERVAL_S, run_in_background

    results: list[object] = []
    run_in_background(lambda: 1, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert sys.getswitchinterval() == SWITCH_INTERVAL_S < 0.005
