"""Layering contract: fails when a layer reaches past its neighbour.

- Qt (PySide6, qtawesome) only in station_desk/ui/ and the composition root app.py;
- ui/ never touches the database (no SQLAlchemy, sqlite3 or station_desk.db);
- domain/ imports no other layer; db/ no services or ui; services/ no ui;
- reports/ and exchange/ take domain objects: no db, services, ui or Qt.
Run: python build_scripts/check_layers.py  (exit 1 with the violations listed)
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "station_desk"
QT = ("PySide6", "shiboken6", "qtawesome")
DATABASE = ("sqlalchemy", "sqlite3", "alembic", "station_desk.db")

# layer (first folder under station_desk/, or the module name) -> forbidden import prefixes
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": QT + DATABASE + ("station_desk.services", "station_desk.ui", "station_desk.reports",
                               "station_desk.exchange", "reportlab"),
    "db": QT + ("station_desk.services", "station_desk.ui", "station_desk.reports",
                "station_desk.exchange"),
    "services": QT + ("station_desk.ui",),
    "demo": QT + ("station_desk.ui",),  # fills a room through the services
    "reports": QT + DATABASE + ("station_desk.services", "station_desk.ui"),
    "exchange": QT + DATABASE[:-1] + ("station_desk.ui",),
    "ui": DATABASE,
    "cli": QT,
    "paths.py": QT + DATABASE,
    "i18n.py": QT + DATABASE,
    "errors.py": QT + DATABASE,
    "settings.py": QT,
    "instance_lock.py": QT + DATABASE,
    "files.py": QT + DATABASE + ("station_desk.exchange", "station_desk.services", "station_desk.ui"),
    "kdf.py": QT + DATABASE + ("station_desk.exchange", "station_desk.services", "station_desk.ui"),
    "__main__.py": QT,
    "selftest.py": QT,
    "modules.py": QT + DATABASE + ("station_desk.ui",),  # names the pages, imports no screen
}


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def layer_of(path: Path, package: Path = PACKAGE) -> str:
    return path.relative_to(package).parts[0]


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        forbidden = FORBIDDEN.get(layer_of(path, package), ())
        for line, module in imported_modules(path):
            if any(module == bad or module.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(package.parent)}:{line}: imports {module}")
    return found


def main() -> int:
    problems = violations()
    for problem in problems:
        print(problem)
    print("layering: ok" if not problems else f"layering: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
