"""Keeping Python's garbage collections short, so that they do not freeze the window.

A full collection walks every object the collector tracks while holding the interpreter
lock: no other thread runs meanwhile, the GUI thread included. pypinyin's dictionaries
(about 190,000 lists), the document fonts (about 75,000 objects) and the program's own
modules stay loaded for the program's life, and with them a full collection took 0.1–0.3 s
on the shared 2-core machine at scale 100 — triggered by a worker thread reading a long list,
it stopped the window for that long with no work of its own (issue 15, `bench_screens.py
--trace-stalls`). So once such data is loaded, `long_lived_loaded` moves everything alive
then out of the collections (`gc.freeze`): they walk only what is made afterwards; and in the
window full collections come less often (`rare_full_collections`).

Frozen objects are still freed when their last reference goes; only a reference cycle among
them is never collected. Freezing happens at a few one-off moments (the first background
job, pypinyin's and the fonts' first use), on the GUI thread after a collection of the young
generations, so what can be kept that way is small and bounded. On a worker thread nothing
is collected first: a collection there could delete Qt objects of the GUI thread (a crash).
"""

from __future__ import annotations

import gc
import threading

FULL_AFTER_YOUNG = 100  # full collections after this many of the middle generation (default 10)


def long_lived_loaded() -> None:
    """Data kept for the program's life has just been loaded: take it (and everything else
    alive now) out of the garbage collector's walks."""
    if threading.current_thread() is threading.main_thread():
        gc.collect(1)  # the young generations' garbage is not kept frozen (cheap)
    gc.freeze()


def rare_full_collections() -> None:
    """For the window: a full collection only after FULL_AFTER_YOUNG collections of the
    middle generation (a worker's long read makes hundreds of thousands of objects that live
    until the list is shown; every tenth would have them walked). Garbage cycles that
    outlive the young generations wait longer; the command line keeps Python's default."""
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_AFTER_YOUNG)
