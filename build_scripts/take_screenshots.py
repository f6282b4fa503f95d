"""Screenshots of the real widgets at the officer's 1366×768 screen size, in zh_CN.

    python build_scripts/take_screenshots.py [output folder]   (default: resources/screenshots)

Runs offscreen on a temporary data directory with the bundled fonts, and saves
setup_wizard.png and login.png (each dialog at its natural size, centred on a 1366×768
canvas) and home.png (the main window at 1366×768).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402

from station_desk.app import DemoLogin, open_services  # noqa: E402
from station_desk.services.container import Services  # noqa: E402
from station_desk.ui.application import apply_language, create_application  # noqa: E402
from station_desk.ui.login_dialog import LoginDialog  # noqa: E402
from station_desk.ui.main_window import MainWindow  # noqa: E402
from station_desk.ui.setup_wizard import SetupWizard  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768
DESKTOP_COLOUR = QColor("#3a5f7d")
PASSWORD = "Demo-pass-2026"


def settle(qapp: QApplication) -> None:
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
    login = LoginDialog(services, DemoLogin("admin", PASSWORD))
    login.show()
    settle(qapp)
    on_screen(login).save(str(out / "login.png"))
    login.close()


def shoot_home(qapp: QApplication, services: Services, data_dir: Path, out: Path) -> None:
    principal = services.accounts.authenticate("admin", PASSWORD)
    window = MainWindow(services, principal, data_dir, idle_timeout_ms=0)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    window.show()
    settle(qapp)
    window.grab().save(str(out / "home.png"))
    window.close()


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
        services = open_services(data_dir)
        try:
            shoot_wizard(qapp, services, out)
            shoot_login(qapp, services, out)
            shoot_home(qapp, services, data_dir, out)
        finally:
            services.close()
    print(f"screenshots saved in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots"))
