"""Every message in the code is translated in every catalog, and the .mo files are current."""

from __future__ import annotations

from build_scripts.translations import problems
from station_desk import i18n


def test_catalogs_are_complete_and_compiled() -> None:
    assert problems() == []


def test_switching_language_translates() -> None:
    i18n.set_language("zh_CN")
    assert i18n._("Audit trail") == "审计日志"
    i18n.set_language("zh_TW")
    assert i18n._("Audit trail") == "審計日誌"
    i18n.set_language("en")
    assert i18n._("Audit trail") == "Audit trail"
