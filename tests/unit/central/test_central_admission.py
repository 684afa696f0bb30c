"""The centre's load limit decides from what the worker holds and how fast it has been answering."""

from __future__ import annotations

import time

from counter_central.observability import LoadLimits, OpsMiddleware


def _mw(**limits) -> OpsMiddleware:
    return OpsMiddleware(app=None, limits=LoadLimits(**limits))


def test_hard_cap_refuses_beyond_max_inflight():
    mw = _mw(max_inflight=4)
    mw.inflight = 3
    assert mw._admit() is None
    mw.inflight = 4
    assert mw._admit() == "inflight"


def test_refuses_when_what_it_holds_would_take_longer_than_the_queue_limit():
    mw = _mw(max_inflight=1000, max_queue_seconds=5.0)
    now = time.monotonic()
    mw._done.extend(now - 1.9 + i * 0.1 for i in range(20))  # 20 answers over the last 1.9 s: ~10 per second
    mw.inflight = 40                                         # 4 s of work: admitted
    assert mw._admit() is None
    mw.inflight = 60                                         # 6 s of work: refused
    assert mw._admit() == "queue"


def test_no_estimate_without_recent_answers():
    mw = _mw(max_inflight=1000, max_queue_seconds=0.001)
    mw.inflight = 500                                        # a cold worker takes up to its cap
    assert mw._admit() is None
    mw._done.extend([time.monotonic() - 60] * 50)            # answers long ago do not count
    assert mw._admit() is None
