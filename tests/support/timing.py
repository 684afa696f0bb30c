"""Timing a span of our code inside the test process.

The pytest process ends the full suite with well over a million objects the garbage collector
tracks, and a full collection then takes 1–2 s, landing on whichever test happens to allocate
(CI once saw /metrics take 1.6 s that way). A test that bounds how long *our* code takes measures
inside :func:`without_collections`, so the bound is about the code and not the test process's
heap. The product's own processes manage their collector themselves (``counter_app.heap``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_collections() -> Iterator[None]:
    """No garbage collection in this process while the block runs; the collector's state is
    restored afterwards (a test that runs with it disabled keeps it disabled)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
