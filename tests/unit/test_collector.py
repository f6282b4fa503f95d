"""Data kept for the program's life leaves the garbage collector's walks (issue 15)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from station_desk.collector import (
    FULL_AFTER_YOUNG,
    collect_due_generations,
    long_lived_loaded,
    rare_full_collections,
)


@pytest.fixture
def collector_restored() -> Iterator[None]:
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    if enabled:
        gc.enable()


class Node:
    partner: object = None


def cycle() -> weakref.ref[Node]:
    """Garbage held only by its own cycle (freed by a collection, never by reference counts)."""
    a, b = Node(), Node()
    a.partner, b.partner = b, a
    return weakref.ref(a)


@pytest.mark.usefixtures("collector_restored")
def test_loaded_data_is_no_longer_walked_and_what_comes_later_is() -> None:
    kept = [[n] for n in range(2000)]  # like pypinyin's dictionaries: lists, kept
    long_lived_loaded()
    later = [[n] for n in range(10)]
    walked = {id(o) for o in gc.get_objects()}  # what a full collection walks
    assert not any(id(item) in walked for item in kept)
    assert all(id(item) in walked for item in later)
    assert gc.get_freeze_count() >= len(kept)


@pytest.mark.usefixtures("collector_restored")
def test_the_window_makes_full_collections_rare() -> None:
    young, middle, _full = gc.get_threshold()
    rare_full_collections()
    assert gc.get_threshold() == (young, middle, FULL_AFTER_YOUNG)


@pytest.mark.usefixtures("collector_restored")
def test_young_garbage_is_collected_not_kept() -> None:
    gc.collect()
    gone = cycle()  # garbage held only by its own cycle, in the youngest generation
    assert gone() is not None
    long_lived_loaded()
    assert gone() is None  # collected before the freeze, not kept frozen


@pytest.mark.usefixtures("collector_restored")
def test_the_due_generations_are_collected_on_the_calling_thread() -> None:
    gc.disable()  # as in the window: only `collect_due_generations` collects
    gc.collect()
    gc.set_threshold(50, 10, 10)
    gone = cycle()
    assert collect_due_generations() == 0  # nothing due yet: the garbage stays
    assert gone() is not None
    keep = [[n] for n in range(60)]  # allocations past the youngest generation's threshold
    assert collect_due_generations() > 0
    assert gone() is None
    assert gc.get_count()[0] < 50 and len(keep) == 60
