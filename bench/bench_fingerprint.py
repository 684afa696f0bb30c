"""``bench fingerprint``: verify of a matching print through our libfprint backend vs raw PyGObject.

Both sides use libfprint's virtual_image device fed the same NIST print (whorl) and the same
enrolled template, alternating run by run in one process:

- ours: ``LibfprintDevice.verify`` (private GLib context thread, futures, prompts, timeout
  watchdog, template checks),
- baseline: ``FPrint.Device.verify_sync`` called directly on the main thread.

A match costs ~0.5 s of bozorth3 in libfprint itself, so the ratio shows our overhead. Extra lines:
median capture time (with minutiae detection) and verify medians for a match and a non-match.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from bench.common import BenchResult

RUNS = 5


def run() -> BenchResult:
    from counter_app.devices.fingerprint.base import PROMPT_PLACE_FINGER
    from counter_app.devices.fingerprint.libfprint import load_fprint, open_device
    from tests.support.fprint import VirtualImageFeeder

    FPrint, GLib, _Gio = load_fprint()
    tmp = tempfile.TemporaryDirectory(prefix="bench-fprint-")
    old_env = os.environ.get("FP_VIRTUAL_IMAGE")
    ours_sock = os.path.join(tmp.name, "ours.sock")
    raw_sock = os.path.join(tmp.name, "raw.sock")
    try:
        os.environ["FP_VIRTUAL_IMAGE"] = ours_sock
        ours = open_device()
        ours_feed = VirtualImageFeeder(ours_sock)
        ours.add_prompt_listener(ours_feed.on_prompt)
        ours_feed.script(["whorl"] * 5)
        template = ours.enroll(timeout=10).template

        os.environ["FP_VIRTUAL_IMAGE"] = raw_sock
        ctx = FPrint.Context.new()
        raw = next(d for d in ctx.get_devices() if d.get_driver() == "virtual_image")
        raw.open_sync(None)
        raw_feed = VirtualImageFeeder(raw_sock)
        state = {"needed": False}

        def on_status(dev, _pspec):
            needed = bool(dev.get_finger_status() & FPrint.FingerStatusFlags.NEEDED)
            if needed and not state["needed"]:
                raw_feed.on_prompt(PROMPT_PLACE_FINGER)
            state["needed"] = needed

        raw.connect("notify::finger-status", on_status)
        raw_print = FPrint.Print.deserialize(template)

        ours_match, raw_match, ours_nomatch, capture = [], [], [], []
        for i in range(RUNS + 1):          # first round is warm-up
            ours_feed.script(["whorl"])
            t0 = time.perf_counter()
            r = ours.verify(template, timeout=10)
            t1 = time.perf_counter()
            assert r.match
            raw_feed.script(["whorl"])
            t2 = time.perf_counter()
            match, _scan = raw.verify_sync(raw_print, None, None, None)
            t3 = time.perf_counter()
            assert match
            ours_feed.script(["tented_arch"])
            t4 = time.perf_counter()
            assert not ours.verify(template, timeout=10).match
            t5 = time.perf_counter()
            ours_feed.script(["whorl"])
            t6 = time.perf_counter()
            ours.capture(timeout=10)
            t7 = time.perf_counter()
            if i:
                ours_match.append(t1 - t0)
                raw_match.append(t3 - t2)
                ours_nomatch.append(t5 - t4)
                capture.append(t7 - t6)
        raw.close_sync(None)
        ours.close()
        ours_feed.close()
        raw_feed.close()
    finally:
        if old_env is None:
            os.environ.pop("FP_VIRTUAL_IMAGE", None)
        else:
            os.environ["FP_VIRTUAL_IMAGE"] = old_env
        tmp.cleanup()
    med = statistics.median
    return BenchResult(
        name="fingerprint",
        ours=med(ours_match),
        baseline=med(raw_match),
        goal=1.2,
        extra=[
            f"fingerprint verify (match) median: ours {med(ours_match) * 1000:.0f} ms, raw verify_sync {med(raw_match) * 1000:.0f} ms",
            f"fingerprint verify (no match) median: {med(ours_nomatch) * 1000:.1f} ms",
            f"fingerprint capture median (image + minutiae): {med(capture) * 1000:.1f} ms",
        ],
    )
