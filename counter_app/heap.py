"""The garbage collector in a long-running desktop process (the window, the sync agent).

CPython's full collection (its oldest generation) walks every object the collector tracks. Once
the window is up that is the whole of PySide6's wrappers, SQLAlchemy's and pydantic's schemas and
our modules — about 340,000 objects, walked in 140–170 ms on a counter PC by whichever thread
happens to allocate at that moment. Measured in ``bench ui-stall``: a 172 ms stall of the window
when a worker thread triggered one. Those objects live as long as the process, so walking them
again finds nothing.

:func:`settle` moves every object alive now out of the collector's sight (``gc.freeze``), so later
collections walk only what was made since: when the window has painted its first frame (start-up
runs without collections: :func:`pause_collection`), when its first work is done, and again
whenever many modules were imported since (the first notice renders with reportlab, the first
sync loads the protocol models), which is when the long-lived heap grows. Garbage cycles alive
at that moment are kept for good; that is bounded, because a settle freezes at most once per
:data:`MODULE_STEP` newly imported modules.

The window's process collects on one thread only (:func:`collect_on_one_thread`): the automatic
collector stays off, and the GUI thread calls :func:`collect_due` on a timer
(``counter_app.ui.gui_collector``). CPython runs an automatic collection on whichever thread
allocates past the threshold; a QObject in a garbage cycle (a dropped dialog, a relay, a timer's
owner) was then destroyed on that thread, a worker of the pool or the card watcher, while Qt
objects may only be destroyed on their own. A CI run of the suite ended that way: "QBasicTimer::stop:
Failed. Possibly trying to stop from a different thread", then a segmentation fault.
"""

from __future__ import annotations

import gc
import sys

MODULE_STEP = 50        # a settle only after this many modules were imported since the last one

_settled_at: int | None = None   # len(sys.modules) at the last settle
_one_thread = False              # collect_on_one_thread(): the automatic collector stays off for good
_paused = False                  # pause_collection() until the next settle(): collect_due() waits too
_long_lived_total = 0            # collect_due(): objects in the oldest generation after its last collection
_long_lived_pending = 0          # and those moved into it since


def pause_collection() -> None:
    """The GUI's start-up (its entry points call this first): no collection at all until the
    window has painted its first frame and :func:`settle` runs. Start-up only builds what lives
    as long as the process — the collections it used to trigger (about 60, walking the growing
    heap again and again) found next to nothing, and cost 5.8 % of the instructions to the idle
    window (callgrind)."""
    global _paused
    _paused = True
    gc.disable()


def settle() -> bool:
    """Collect from now on, and freeze the objects alive now if this is the first call or
    :data:`MODULE_STEP` modules were imported since the last one; True if it froze."""
    global _settled_at, _paused, _long_lived_total, _long_lived_pending
    _paused = False
    if not _one_thread:
        gc.enable()
    modules = len(sys.modules)
    if _settled_at is not None and modules - _settled_at < MODULE_STEP:
        return False
    gc.freeze()
    _settled_at = modules
    _long_lived_total = _long_lived_pending = 0      # the oldest generation is empty now (collect_due)
    return True


def collect_on_one_thread() -> None:
    """From now on no collection runs by itself: the thread that calls :func:`collect_due` (the GUI
    thread, on a timer) is the only one that collects. :func:`settle` still freezes, but no longer
    turns the automatic collector back on."""
    global _one_thread
    _one_thread = True
    gc.disable()


def collecting() -> bool:
    """Whether garbage cycles are collected now: by the automatic collector, or (one thread
    collecting) by :func:`collect_due` once start-up's pause is over."""
    return not _paused if _one_thread else gc.isenabled()


def collect_due() -> int | None:
    """The collection CPython's automatic collector would have run by now, run on the calling
    thread; the generation collected, or None.

    As CPython (3.10–3.13) decides: nothing while no more container objects than the youngest
    generation's threshold were made since the last collection; the oldest generation once its
    count is past its threshold too, and then only when the objects moved into it since its last
    collection are more than a quarter of those it held after that collection (without that
    rule a full collection of a large heap ran every 70,000 allocations); else the middle one
    once its count is past its threshold; else the youngest."""
    global _long_lived_total, _long_lived_pending
    if _paused:
        return None
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    if not thresholds[0] or counts[0] <= thresholds[0]:
        return None
    oldest = len(counts) - 1
    if oldest >= 2 and thresholds[oldest] and counts[oldest] > thresholds[oldest] \
            and _long_lived_pending > _long_lived_total // 4:
        gc.collect(oldest)
        _long_lived_total = len(gc.get_objects(oldest))
        _long_lived_pending = 0
        return oldest
    if oldest >= 2 and thresholds[1] and counts[1] > thresholds[1]:
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        found = gc.collect(1)
        _long_lived_pending += max(young - found, 0)     # the survivors moved into the oldest generation
        return 1
    gc.collect(0)
    return 0
