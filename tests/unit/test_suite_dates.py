"""The tests read the day when they run, not when their module is imported.

A module that kept `TODAY = date.today()` compared it with the program's own today; a run of
the suite that crossed midnight failed five tests (the CI run of 2026-12-08 00:05). What a
module evaluates on import (its constants, default arguments and decorators such as
`pytest.mark.parametrize`) may therefore not read the clock.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CLOCK_READS = {("date", "today"), ("datetime", "now"), ("datetime", "today")}


def reads_the_clock(node: ast.AST) -> bool:
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and (call.func.value.id, call.func.attr) in CLOCK_READS
        for call in ast.walk(node)
    )


def evaluated_on_import(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The parts of a module's (or class's) statements that run when it is imported."""
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from statement.decorator_list
            yield from statement.args.defaults
            yield from (d for d in statement.args.kw_defaults if d is not None)
        elif isinstance(statement, ast.ClassDef):
            yield from statement.decorator_list
            yield from evaluated_on_import(statement.body)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr)):
            yield statement


def clock_reads_on_import(source: str) -> list[int]:
    tree = ast.parse(source)
    return [node.lineno for node in evaluated_on_import(tree.body) if reads_the_clock(node)]


def test_no_test_module_reads_the_clock_when_imported() -> None:
    found = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if (lines := clock_reads_on_import(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_sees_constants_defaults_and_decorators() -> None:
    source = '''
TODAY = date.today()
LATER = 1

def helper(day=date.today(), *, at=datetime.now()):
    return date.today()  # read when called: fine

@pytest.mark.parametrize("month", [datetime.today().month])
def test_x(month):
    pass

class Case:
    STARTED = datetime.now()
'''
    assert clock_reads_on_import(source) == [2, 5, 5, 8, 13]
