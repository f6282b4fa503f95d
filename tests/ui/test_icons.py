"""Every icon meaning has its bundled picture, so windows paint without qtawesome."""

from __future__ import annotations

import pytest

from station_desk.ui.icons import APP_ICON_SIZES, app_icon_path, icon, icon_names, picture_path


@pytest.mark.parametrize("name", [n for n in icon_names() if n != "app"])
def test_each_icon_is_a_bundled_picture(qapp: object, name: str) -> None:
    assert picture_path(name).is_file(), f"run build_scripts/make_icons.py for {name!r}"
    assert not icon(name).isNull()


def test_app_icon_has_every_window_size(qapp: object) -> None:
    assert all(app_icon_path(size).is_file() for size in APP_ICON_SIZES)
    sizes = {size.width() for size in icon("app").availableSizes()}
    assert sizes == set(APP_ICON_SIZES)


def test_unknown_meaning_is_a_key_error(qapp: object) -> None:
    with pytest.raises(KeyError):
        icon("no-such-meaning")
