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
"""

from __future__ import annotations

import gc
import sys

MODULE_STEP = 50        # a settle only after this many modules were imported since the last one

_settled_at: int | None = None   # len(sys.modules) at the last settle


def pause_collection() -> None:
    """The GUI's start-up (its entry points call this first): no collection at all until the
    window has painted its first frame and :func:`settle` runs. Start-up only builds what lives
    as long as the process — the collections it used to trigger (about 60, walking the growing
    heap again and again) found next to nothing, and cost 5.8 % of the instructions to the idle
    window (callgrind)."""
    gc.disable()


def settle() -> bool:
    """Collect from now on, and freeze the objects alive now if this is the first call or
    :data:`MODULE_STEP` modules were imported since the last one; True if it froze."""
    global _settled_at
    gc.enable()
    modules = len(sys.modules)
    if _settled_at is not None and modules - _settled_at < MODULE_STEP:
        return False
    gc.freeze()
    _settled_at = modules
    return True
