"""Switching the interface language: our gettext catalogs and Qt's own qtbase translation.

Qt's catalog translates the texts Qt draws itself (QMessageBox and QWizard buttons, the
context menu of a line edit); installing it sends a LanguageChange event to every widget.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station_desk import i18n

_QT_LOCALES = {"zh_CN": "zh_CN", "zh_TW": "zh_TW", "en": "en_US"}
_installed: list[QTranslator] = []


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_language(qapp: QCoreApplication | None, language: str) -> str:
    """Use `language` for every later `_()` and for Qt's own texts; returns the language used."""
    language = i18n.set_language(language)
    if qapp is None:
        return language
    while _installed:
        qapp.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale(_QT_LOCALES[language]))
    if language != "en":
        translator = QTranslator(qapp)
        if translator.load(f"qtbase_{language}", qt_translations_dir()):
            qapp.installTranslator(translator)
            _installed.append(translator)
    return language
