"""Screenshots of the real widgets at the officer's 1366×768 screen size, in zh_CN.

    python build_scripts/take_screenshots.py [output folder]   (default: resources/screenshots)

Runs offscreen on a temporary data directory with the bundled fonts, and saves setup_wizard.png
and login.png (each dialog at its natural size, centred on a 1366×768 canvas). Then it adds the
demo contacts and meetings and saves meeting_editor.png (the main window with a demo meeting
open in the editor) and page 1 of that meeting's minutes and sign-in sheet, rendered by
poppler's `pdftoppm -r 80`, as minutes_page1.png and sign_in_page1.png. Then it adds the demo
mediation cases and saves mediation_editor.png (a case with an agreement open on its parties)
and the first and last pages of that case's agreement (the last with the signature boxes) as
agreement_page1.png and agreement_page2.png, and
page 1 of its last session record as record_page1.png. Then
the demo volunteers, shifts and duty entries: volunteers.png, roster_week.png and duty_log.png
with page 1 of this week's patrol roster and duty report (roster_page1.png,
duty_report_page1.png); then the demo youth files: youth_list.png (names masked),
youth_editor.png (a file opened on its sessions) and page 1 of that file
(youth_file_page1.png); the residents' desk: reception.png, opinion_reply.png,
opinion_register_page1.png and reply_slip.png. Last, home.png: the home page over all of it
(figures, today and this week, charts) and home_opinions.png (its opinions chart), search.png
(the search box after typing "王") and person.png (the page of a reception visitor); before them the reports page with a 述职报告 draft
(reports.png), that report's first two pages (work_report_page1.png, work_report_page2.png)
and page 1 of last month's 警情通报 and 警情公示 (briefing_page1.png, notice_page1.png).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pypdf import PdfReader  # noqa: E402
from PySide6.QtCore import QPoint, QThreadPool, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402

from station_desk import i18n  # noqa: E402
from station_desk.app import DemoLogin  # noqa: E402
from station_desk.demo.mediation import generate_mediation  # noqa: E402
from station_desk.demo.meetings import generate_meetings  # noqa: E402
from station_desk.demo.residents import generate_residents  # noqa: E402
from station_desk.demo.volunteers import generate_volunteers  # noqa: E402
from station_desk.demo.youth import generate_youth  # noqa: E402
from station_desk.domain.accounts import NewAccount, Principal  # noqa: E402
from station_desk.domain.mediation import CaseDetail, CaseQuery, CaseStatus  # noqa: E402
from station_desk.domain.meetings import (  # noqa: E402
    MeetingDetail,
    MeetingDocument,
    MeetingQuery,
    MeetingStatus,
    MeetingType,
)
from station_desk.domain.reception import ReceptionQuery  # noqa: E402
from station_desk.domain.roles import Role  # noqa: E402
from station_desk.services.container import Services  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402
from station_desk.ui.application import apply_language, create_application  # noqa: E402
from station_desk.ui.home_page import HomePage  # noqa: E402
from station_desk.ui.login_dialog import LoginDialog  # noqa: E402
from station_desk.ui.main_window import MainWindow  # noqa: E402
from station_desk.ui.mediation.page import MediationPage  # noqa: E402
from station_desk.ui.meetings.page import MeetingsPage  # noqa: E402
from station_desk.ui.residents.opinions import OpinionsPage  # noqa: E402
from station_desk.ui.setup_wizard import SetupWizard  # noqa: E402
from station_desk.ui.youth.page import YouthPage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768
DESKTOP_COLOUR = QColor("#3a5f7d")
PASSWORD = "Demo-pass-2026"


def settle(qapp: QApplication) -> None:
    """Events processed, and the pages' reads on worker threads finished and shown."""
    deadline = time.monotonic() + 60
    while QThreadPool.globalInstance().activeThreadCount() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    for _round in range(5):
        qapp.processEvents()


def on_screen(widget: QWidget) -> QPixmap:
    """The widget as drawn, centred on a 1366×768 desktop."""
    canvas = QPixmap(SCREEN_WIDTH, SCREEN_HEIGHT)
    canvas.fill(DESKTOP_COLOUR)
    shot = widget.grab()
    painter = QPainter(canvas)
    painter.drawPixmap(
        QPoint((SCREEN_WIDTH - shot.width()) // 2, (SCREEN_HEIGHT - shot.height()) // 2), shot
    )
    painter.end()
    return canvas


def fill_wizard(wizard: SetupWizard) -> None:
    wizard.next()
    wizard.room_page.station_name.setText("北京市公安局朝阳分局和平里派出所")
    wizard.room_page.room_name.setText("和平里社区警务室")
    wizard.next()
    page = wizard.officer_page
    page.officer_name.setText("张建国")
    page.badge_number.setText("010123")
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD)


def shoot_wizard(qapp: QApplication, services: Services, out: Path) -> None:
    wizard = SetupWizard(services)
    wizard.show()
    fill_wizard(wizard)
    settle(qapp)
    on_screen(wizard).save(str(out / "setup_wizard.png"))
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    if wizard.principal is None:
        raise SystemExit("the setup wizard did not finish")


def shoot_login(qapp: QApplication, services: Services, out: Path) -> None:
    label = Vault(services.db.data_dir).label() if services.db.data_dir else None
    login = LoginDialog(services.accounts.authenticate, label, DemoLogin("admin", PASSWORD))
    login.show()
    settle(qapp)
    on_screen(login).save(str(out / "login.png"))
    login.close()


def wait_for(qapp: QApplication, ready: Callable[[], bool], seconds: float = 60) -> None:
    """Process events until `ready()` (work on the thread pool delivers its result)."""
    deadline = time.monotonic() + seconds
    while not ready() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.02)
    settle(qapp)


def with_dialog(window: MainWindow, dialog: QWidget) -> QPixmap:
    """The window with a dialog drawn over it where it stands on the screen."""
    picture = window.grab()
    painter = QPainter(picture)
    offset = window.mapFromGlobal(dialog.mapToGlobal(QPoint(0, 0)))
    if dialog.isWindow():  # offscreen: the dialog's own position, else centred
        offset = QPoint(
            (picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 2
        )
    painter.drawPixmap(offset, dialog.grab())
    painter.end()
    return picture


def shoot_home(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    """home.png: figures, today and this week, and the charts (read in the background)."""
    window = open_page(qapp, services, data_dir, "home")
    home = window.pages["home"]
    assert isinstance(home, HomePage)
    charts = home.charts
    wait_for(
        qapp,
        lambda: home.agenda_ready and None not in (charts.cases, charts.hours, charts.opinions),
    )
    window.grab().save(str(out / "home.png"))
    charts.setCurrentWidget(charts.opinions_view)
    settle(qapp)
    window.grab().save(str(out / "home_opinions.png"))
    window.close()


def shoot_search(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    """search.png: the search box (Ctrl+K) after typing one character, "王"; person.png: the
    page of the reception visitor with records in the most modules."""
    window = open_page(qapp, services, data_dir, "home")
    dialog = window.open_search()
    wait_for(qapp, lambda: dialog._ready)
    dialog.text.setText("王")
    dialog.search()
    settle(qapp)
    with_dialog(window, dialog).save(str(out / "search.png"))
    dialog.close()
    person = window.open_person("reception", richest_visitor(services, window.principal))
    settle(qapp)
    if person is not None:
        with_dialog(window, person).save(str(out / "person.png"))
        person.close()
    window.close()


def richest_visitor(services: Services, principal: Principal) -> str:
    """The reception entry (of the latest 200 with a name) whose person has records in the
    most modules."""
    entries = [e for e in services.reception.list_entries(principal, ReceptionQuery(limit=200)) if e.name]

    def modules(entry_id: str) -> int:
        return len({link.kind for link in services.people.page(principal, "reception", entry_id).links})

    return max((entry.id for entry in entries), key=modules)


def demo_meeting(services: Services) -> MeetingDetail:
    """The demo meetings, and the one to show: the latest held police briefing."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    for username, name in (("aux", "王秀英"), ("aux2", "陈志强")):
        services.accounts.create_account(
            principal, NewAccount(username, name, Role.AUXILIARY, PASSWORD)
        )
    generate_meetings(services, principal, random.Random(20260101), 1)
    query = MeetingQuery(meeting_type=MeetingType.POLICE_BRIEFING, status=MeetingStatus.HELD)
    (chosen,) = services.meetings.list_meetings(principal, query)[:1]
    return services.meetings.get(principal, chosen.id)


def shoot_meeting_editor(
    qapp: QApplication, services: Services, data_dir: Path, meeting: MeetingDetail, out: Path
) -> None:
    principal = services.accounts.authenticate("admin", PASSWORD)
    window = MainWindow(services, principal, data_dir, idle_timeout_ms=0)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    window.show()
    window.open_meeting(meeting.id)
    page = window.pages["meetings"]
    assert isinstance(page, MeetingsPage)
    editor = page.editor
    editor.tabs.setCurrentWidget(editor.agenda)
    editor.agenda.select_row(0)
    settle(qapp)
    window.grab().save(str(out / "meeting_editor.png"))
    window.close()


def demo_case(services: Services) -> CaseDetail:
    """The demo mediation cases, and the one to show: the newest agreement with a session."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    generate_mediation(services, principal, random.Random(20260102), 1)
    for summary in services.mediation.list_cases(principal, CaseQuery(status=CaseStatus.AGREEMENT)):
        case = services.mediation.get(principal, summary.id)
        if case.sessions and len(case.parties) >= 2:
            return case
    raise SystemExit("no demo mediation case with an agreement")


def shoot_mediation(
    qapp: QApplication, services: Services, data_dir: Path, case: CaseDetail, out: Path
) -> None:
    principal = services.accounts.authenticate("admin", PASSWORD)
    window = MainWindow(services, principal, data_dir, idle_timeout_ms=0)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    window.show()
    window.show_page("mediation")
    page = window.pages["mediation"]
    assert isinstance(page, MediationPage)
    page.open_case(case.id)
    page.editor.tabs.setCurrentIndex(1)
    page.editor.party_table.selectRow(0)
    settle(qapp)
    window.grab().save(str(out / "mediation_editor.png"))
    window.close()
    language = i18n.current_language()
    agreement = services.mediation.agreement_pdf(principal, case.id, language)
    render_page1(agreement, out, "agreement_page1")
    last = len(PdfReader(io.BytesIO(agreement)).pages)
    render_page1(agreement, out, "agreement_page2", page=last)  # the signature boxes
    record = services.mediation.record_pdf(principal, case.sessions[-1].id or "", language)
    render_page1(record, out, "record_page1")


def open_page(qapp: QApplication, services: Services, data_dir: Path, key: str) -> MainWindow:
    """The main window at 1366×768 on the page `key`, signed in as the demo admin."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    window = MainWindow(services, principal, data_dir, idle_timeout_ms=0)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    window.show()
    window.show_page(key)
    settle(qapp)
    return window


def shoot_volunteers_and_duty(
    qapp: QApplication, services: Services, data_dir: Path, out: Path
) -> None:
    """The volunteer list, this week's patrol roster, the duty log, and their printed pages."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    generate_volunteers(services, principal, random.Random(20260103), 1)
    for key, name in (
        ("volunteers", "volunteers"),
        ("roster", "roster_week"),
        ("duty", "duty_log"),
    ):
        window = open_page(qapp, services, data_dir, key)
        window.grab().save(str(out / f"{name}.png"))
        window.close()
    language = i18n.current_language()
    today = services.duty.today()
    render_page1(
        services.rosters.weekly_roster_pdf(principal, today, language), out, "roster_page1"
    )
    monday = today - timedelta(days=today.weekday())
    render_page1(
        services.duty.report_pdf(
            principal, principal.user_id, monday, monday + timedelta(days=6), language
        ),
        out,
        "duty_report_page1",
    )


def shoot_youth(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    """The masked youth-guidance list, one file opened on its sessions, and that file's page 1."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    generate_youth(services, principal, random.Random(20260104), 1)
    window = open_page(qapp, services, data_dir, "youth")
    window.grab().save(str(out / "youth_list.png"))
    page = window.pages["youth"]
    assert isinstance(page, YouthPage) and page.editor is not None
    subject = next(s for s in page.rows() if s.next_due is not None)
    purpose = "季度帮教检查"
    dialog = page.open_subject(subject.id)
    assert dialog is not None
    dialog.purpose.setText(purpose)
    dialog.save()
    page.editor.tabs.setCurrentIndex(3)
    settle(qapp)
    window.grab().save(str(out / "youth_editor.png"))
    window.close()
    language = i18n.current_language()
    render_page1(
        services.youth.file_pdf(principal, subject.id, purpose, language), out, "youth_file_page1"
    )


def shoot_residents(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    """The reception log, an opinion opened on its reply, the opinion register's page 1 and
    that opinion's reply slip (after the demo mediation cases, which disputes link to)."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    generate_residents(services, principal, random.Random(20260105), 1)
    window = open_page(qapp, services, data_dir, "reception")
    window.grab().save(str(out / "reception.png"))
    window.close()
    window = open_page(qapp, services, data_dir, "opinions")
    page = window.pages["opinions"]
    assert isinstance(page, OpinionsPage)
    answered = next(row for row in page.rows() if row.replied_on is not None)
    page.open_record(answered.id)
    page.editor.tabs.setCurrentIndex(1)
    settle(qapp)
    window.grab().save(str(out / "opinion_reply.png"))
    window.close()
    language = i18n.current_language()
    today = services.opinions.today()
    register = services.opinions.register_pdf(principal, today - timedelta(days=90), today, language)
    render_page1(register, out, "opinion_register_page1")
    render_page1(services.opinions.reply_slip_pdf(principal, answered.id, language), out, "reply_slip")


def shoot_reports(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    """The reports page with a 述职报告 draft, its first two pages (figures and charts), and
    page 1 of last month's 警情通报 and 警情公示."""
    from station_desk.domain.briefings import BriefingText
    from station_desk.domain.work_reports import Quarter, WorkReportText

    principal = services.accounts.authenticate("admin", PASSWORD)
    today = services.work_reports.today()
    quarter = Quarter.of(today)
    services.work_reports.save_draft(principal, principal.user_id, quarter, WorkReportText(
        "本季度坚持每周下沉社区，走访辖区群众，开展防诈骗宣传，调解邻里纠纷。",
        "夜间巡逻力量不足，部分老旧小区监控覆盖不够。",
        "加强夜间巡逻，推动老旧小区技防建设，继续做好青少年帮教。",
    ))
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    last = today.replace(day=1) - timedelta(days=1)
    services.briefings.save(principal, first, last, BriefingText(
        "近期冒充客服退款诈骗多发，请勿向陌生人转账；电动车请勿进楼充电。", "下月重点整治电动车乱停放。"
    ))
    window = open_page(qapp, services, data_dir, "reports")
    window.grab().save(str(out / "reports.png"))
    window.close()
    language = i18n.current_language()
    report = services.work_reports.report_pdf(principal, principal.user_id, quarter, language)
    render_page1(report, out, "work_report_page1")
    render_page1(report, out, "work_report_page2", page=2)
    render_page1(services.briefings.document_pdf(principal, first, last, language), out, "briefing_page1")
    render_page1(
        services.briefings.document_pdf(principal, first, last, language, public=True), out, "notice_page1"
    )


def render_page1(data: bytes, out: Path, name: str, page: int = 1) -> None:
    """Page `page` (the first by default) of a PDF as `name`.png, at 80 dpi."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is missing: document pages not rendered", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        stem = Path(folder) / name
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(stem),
            ],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), out / f"{name}.png")


def shoot_documents(services: Services, meeting: MeetingDetail, out: Path) -> None:
    """Page 1 of the minutes and of the sign-in sheet, as a reader sees them."""
    principal = services.accounts.authenticate("admin", PASSWORD)
    language = i18n.current_language()
    for document, name in (
        (MeetingDocument.MINUTES, "minutes_page1"),
        (MeetingDocument.SIGN_IN, "sign_in_page1"),
    ):
        data = services.meeting_documents.build(principal, meeting.id, document, language)
        render_page1(data, out, name)


def _quiet_offscreen(mode: QtMsgType, _context: object, message: str) -> None:
    """Drop the offscreen plugin's "does not support propagateSizeHints()" notes."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    qInstallMessageHandler(_quiet_offscreen)
    qapp = create_application()
    apply_language(qapp, "zh_CN")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        services = Vault(data_dir).open_new().services
        try:
            shoot_wizard(qapp, services, out)
            shoot_login(qapp, services, out)
            meeting = demo_meeting(services)
            shoot_meeting_editor(qapp, services, data_dir, meeting, out)
            shoot_documents(services, meeting, out)
            shoot_mediation(qapp, services, data_dir, demo_case(services), out)
            shoot_residents(qapp, services, data_dir, out)
            shoot_volunteers_and_duty(qapp, services, data_dir, out)
            shoot_youth(qapp, services, data_dir, out)
            shoot_reports(qapp, services, data_dir, out)
            shoot_home(qapp, services, data_dir, out)
            shoot_search(qapp, services, data_dir, out)
        finally:
            services.close()
    print(f"screenshots saved in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"))
