"""`i18n.CompiledCatalog` (the catalog looked up where it lies in the .mo file, issue 15)
answers exactly as `gettext.GNUTranslations` for every message and plural of every shipped
catalog, and refuses a file it cannot bisect."""

from __future__ import annotations

import gettext
import io
import struct

import pytest

from station_desk import i18n
from station_desk.paths import translations_dir


def _shipped(language: str) -> tuple[bytes, gettext.GNUTranslations]:
    path = gettext.find(i18n.DOMAIN, str(translations_dir()), [language])
    assert path is not None
    with open(path, "rb") as file:
        data = file.read()
    return data, gettext.GNUTranslations(io.BytesIO(data))


@pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
def test_answers_as_gnu_translations(language: str) -> None:
    data, reference = _shipped(language)
    catalog = i18n.CompiledCatalog(data)
    singular = [key for key in reference._catalog if isinstance(key, str) and key]  # type: ignore[attr-defined]
    assert len(singular) > 1000
    for message in singular:
        assert catalog.gettext(message) == reference.gettext(message)
    plurals = [
        original.decode().split("\x00")
        for original in (catalog._original(index) for index in range(catalog._count))
        if b"\x00" in original
    ]
    assert plurals
    for one, many in plurals:
        for n in (0, 1, 2, 5, 21, 101):
            assert catalog.ngettext(one, many, n) == reference.ngettext(one, many, n)
    assert catalog.gettext("Not a message of ours") == "Not a message of ours"
    assert catalog.ngettext("one file", "{n} files", 1) == "one file"
    assert catalog.ngettext("one file", "{n} files", 3) == "{n} files"


def test_switching_language_uses_it() -> None:
    i18n.set_language("zh_CN")
    assert isinstance(i18n._translation, i18n.CompiledCatalog)
    assert i18n._("Audit trail") == "审计日志"
    i18n.set_language("en")


def _catalog_bytes(messages: list[tuple[bytes, bytes]]) -> bytes:
    """A .mo file of `messages` (in the order given), as msgfmt lays it out."""
    count = len(messages)
    originals, translations = 28, 28 + 8 * count
    text = 28 + 16 * count
    table_o, table_t, blob = b"", b"", b""
    for original, _translation in messages:
        table_o += struct.pack("<2I", len(original), text + len(blob))
        blob += original + b"\x00"
    for _original, translation in messages:
        table_t += struct.pack("<2I", len(translation), text + len(blob))
        blob += translation + b"\x00"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals, translations, 0, 0)
    return header + table_o + table_t + blob


def test_refuses_what_it_cannot_bisect() -> None:
    header = b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n"
    sorted_ok = _catalog_bytes([(b"", header), (b"a", b"A"), (b"b", b"B")])
    assert i18n.CompiledCatalog(sorted_ok).gettext("b") == "B"
    messages = [(f"m{index:04}".encode(), b"x") for index in range(300)]
    with pytest.raises(ValueError):  # out of order
        i18n.CompiledCatalog(_catalog_bytes([(b"", header), *reversed(messages)]))
    assert i18n.CompiledCatalog(_catalog_bytes([(b"", header), *messages])).gettext("m0299") == "x"
    latin = header.replace(b"UTF-8", b"ISO-8859-1")
    with pytest.raises(ValueError):
        i18n.CompiledCatalog(_catalog_bytes([(b"", latin), (b"a", b"A")]))
    with pytest.raises(ValueError):
        i18n.CompiledCatalog(b"\xde\x12\x04\x95" + bytes(24))  # big-endian
