"""A page module no test imports, importing another (`tests.ui.preload_probe`): the main
window imports that one first, in a turn of its own
(`test_a_module_is_imported_ahead_after_its_own_imports_each_in_a_turn`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import tests.ui.preload_probe  # noqa: F401 - what the test sees imported first

if TYPE_CHECKING:  # not imported ahead
    import tests.ui.page_import_probe  # noqa: F401
