"""Translation catalogs: extract messages, update the .po files, compile the .mo files.

    python build_scripts/translations.py update    # extract from code, merge into every .po
    python build_scripts/translations.py compile   # .po -> .mo (run after translating)
    python build_scripts/translations.py check     # exit 1 if a message is untranslated or a .mo is stale

Catalogs live in resources/translations/<lang>/LC_MESSAGES/station_desk.po; the message ids
are English, so the `en` catalog is an identity catalog.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
DOMAIN = "station_desk"
LANGUAGES = ("zh_CN", "zh_TW", "en")
KEYWORDS = {"_": None, "N_": None, "Nn_": (1, 2), "ngettext": (1, 2)}


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    template = Catalog(project="Station Desk", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "station_desk"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        template.add(message, None, [(f"station_desk/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="Station Desk", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def save(language: str, catalog: Catalog) -> None:
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def compiled_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":
            for message in catalog:
                if message.id and message in untranslated_messages(catalog):
                    message.string = message.id
        save(language, catalog)
        print(f"{language}: {len(catalog)} messages, {len(untranslated(catalog))} untranslated")


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled_bytes(load(language)))
        print(f"compiled {mo_path(language).relative_to(ROOT)}")


def untranslated_messages(catalog: Catalog) -> list[Message]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message)
    return missing


def untranslated(catalog: Catalog) -> list[str]:
    return [str(m.id) for m in untranslated_messages(catalog)]


def problems() -> list[str]:
    """Messages in the code that a catalog lacks, untranslated ones, and stale .mo files."""
    found = []
    code_ids = {str(m.id) for m in extract() if m.id}
    for language in LANGUAGES:
        catalog = load(language)
        ids = {str(m.id) for m in catalog if m.id}
        found += [f"{language}: not in catalog: {mid!r}" for mid in sorted(code_ids - ids)]
        found += [f"{language}: untranslated: {mid!r}" for mid in untranslated(catalog)]
        if not mo_path(language).exists() or mo_path(language).read_bytes() != compiled_bytes(catalog):
            found.append(f"{language}: {mo_path(language).name} is stale; run compile")
    return found


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        print("\n".join(issues) or "translations: ok")
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
