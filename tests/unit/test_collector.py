"""Data kept for the program's life leaves the garbage collector's walks (issue 15)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from station_desk.collector import FULL_AFTER_YOUNG, long_lived_loaded, rare_full_collections


@pytest.fixture
def collector_restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)


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
    class Node:
        partner: object = None

    def cycle() -> weakref.ref[Node]:
        a, b = Node(), Node()
        a.partner, b.partner = b, a
        return weakref.ref(a)

    gc.collect()
    gone = cycle()  # garbage held only by its own cycle, in the youngest generation
    assert gone() is not None
    long_lived_loaded()
    assert gone() is None  # collected before the freeze, not kept frozen
