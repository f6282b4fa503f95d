"""Switching the interface language: our gettext catalogs and Qt's own qtbase translation.

Qt's catalog translates the texts Qt draws itself (QMessageBox and QWizard buttons, the
context menu of a line edit, Qt's own file dialog); installing it sends a LanguageChange event
to every widget. Qt 6 moved the mnemonic of some texts ("&Look in:", "Files of &type:" in the
file dialog) while the shipped Chinese catalogs still hold them without it ("Look in:"),
and some under their Qt 5 class: `MnemonicFallback` looks such a text up again without its
"&" and under the old class.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station_desk import i18n

_QT_LOCALES = {"zh_CN": "zh_CN", "zh_TW": "zh_TW", "en": "en_US"}
_installed: list[QTranslator] = []


# Qt 6 classes whose texts the Chinese catalogs still hold under their Qt 5 class (the file
# dialog's "Folder" in its type column).
_MOVED_CONTEXTS = {"QAbstractFileIconProvider": ("QFileIconProvider", "QFileDialog")}


class MnemonicFallback(QTranslator):
    """Qt's catalog again, for texts it misses only because Qt moved their mnemonic: the
    text is looked up without "&" (installed after `catalog`, so asked first)."""

    def __init__(self, catalog: QTranslator) -> None:
        super().__init__(catalog.parent())
        self._catalog = catalog

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        for where in (context, *_MOVED_CONTEXTS.get(context, ())):
            for text in dict.fromkeys((source, source.replace("&", ""))):
                found = self._catalog.translate(where, text, disambiguation, n)
                if found:
                    return found
        return None  # not translated here: Qt asks the next catalog

    def isEmpty(self) -> bool:
        return self._catalog.isEmpty()


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
            fallback = MnemonicFallback(translator)
            for installed in (translator, fallback):
                qapp.installTranslator(installed)
                _installed.append(installed)
    return language
