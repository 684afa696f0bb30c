"""Explicit demo backend (演示采集器): only when settings choose ``fingerprint.backend = "demo"``.

Never a silent fallback. It behaves like a real device — stages, prompts, timeouts, cancel —
so screens and workflows can be shown without hardware. The "finger" on the glass is set with
:meth:`DemoFingerprintDevice.present`; a template remembers whose finger it was, so verify
matches the same finger only. Templates carry a ``DEMO1`` prefix: no real backend accepts them.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time

from counter_app.devices.fingerprint.base import (
    DEFAULT_TIMEOUT_S,
    PROMPT_PLACE_FINGER,
    BadScanError,
    CancelledError,
    CaptureResult,
    DeviceFailureError,
    DeviceInfo,
    EnrollResult,
    Finger,
    FingerprintDevice,
    FingerprintTimeoutError,
    ProgressCallback,
    PromptCallback,
    Quality,
    TemplateError,
    VerifyResult,
    _Listeners,
    grade_quality,
)

MAGIC = b"DEMO1"
WIDTH, HEIGHT = 128, 128


def _synthetic_image(seed: str) -> bytes:
    """Concentric ridges whose centre depends on ``seed``: a stand-in image, not a print."""
    h = hashlib.sha256(seed.encode()).digest()
    cx, cy = 40 + h[0] % 48, 40 + h[1] % 48
    period = 5 + h[2] % 3
    out = bytearray(WIDTH * HEIGHT)
    for y in range(HEIGHT):
        for x in range(WIDTH):
            r = math.hypot(x - cx, y - cy)
            out[y * WIDTH + x] = 255 if int(r / period) % 2 else 40
    return bytes(out)


class DemoFingerprintDevice(FingerprintDevice):
    backend = "demo"

    def __init__(self, *, scan_delay: float = 0.05, stages: int = 5):
        self.scan_delay = scan_delay
        self._stages = stages
        self._finger_on_glass: str | None = "demo-applicant"
        self._queue: list[object] = []
        self._cancel = threading.Event()
        self._busy = threading.Lock()
        self._opened = False
        self.listeners = _Listeners()

    @property
    def info(self) -> DeviceInfo:
        return DeviceInfo(id="demo", name="演示指纹采集器", driver="demo", backend="demo",
                          enroll_stages=self._stages)

    # -- scripting the demo -------------------------------------------------------------

    def present(self, who: str | None) -> None:
        """What the next scans see: an applicant's finger (any label) or ``None`` (no finger)."""
        self._finger_on_glass = who

    def script(self, items: list[object]) -> None:
        """Per-scan outcomes before falling back to :meth:`present`: a label, ``None`` or
        ``"bad"`` (a poor scan)."""
        self._queue.extend(items)

    # -- device -------------------------------------------------------------------------

    def open(self) -> None:
        self._opened = True

    def _scan(self, timeout: float | None, on_prompt: PromptCallback | None) -> str:
        if not self._opened:
            raise DeviceFailureError("指纹采集器尚未打开")
        self.listeners.emit(PROMPT_PLACE_FINGER, on_prompt)
        who = self._queue.pop(0) if self._queue else self._finger_on_glass
        wait = self.scan_delay if who is not None else (timeout if timeout is not None else 1e9)
        if self._cancel.wait(wait):
            self._cancel.clear()
            raise CancelledError()
        if who is None:
            raise FingerprintTimeoutError(timeout or 0)
        if who == "bad":
            raise BadScanError(reason="poor_quality")
        return str(who)

    def _guard(self):
        if not self._busy.acquire(blocking=False):
            from counter_app.devices.fingerprint.base import DeviceBusyError

            raise DeviceBusyError()
        self._cancel.clear()

    def capture(self, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                on_prompt: PromptCallback | None = None, accept_poor: bool = False) -> CaptureResult:
        self._guard()
        try:
            t0 = time.perf_counter()
            who = self._scan(timeout, on_prompt)
            return CaptureResult(WIDTH, HEIGHT, _synthetic_image(who), minutiae=40,
                                 quality=grade_quality(40), seconds=time.perf_counter() - t0)
        finally:
            self._busy.release()

    def enroll(self, finger: Finger = Finger.right_index, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_progress: ProgressCallback | None = None,
               on_prompt: PromptCallback | None = None, keep_image: bool = False) -> EnrollResult:
        self._guard()
        try:
            retries = 0
            seen: list[str] = []
            while len(seen) < self._stages:
                try:
                    seen.append(self._scan(timeout, on_prompt))
                except BadScanError as exc:
                    retries += 1
                    self.listeners.emit(str(exc), on_prompt)
                    continue
                if on_progress:
                    on_progress(len(seen), self._stages)
            if len(set(seen)) != 1:
                raise BadScanError("各次按压的不是同一手指，请重新录入", reason="finger_changed")
            body = json.dumps({"who": seen[0], "finger": Finger(finger).value}, sort_keys=True).encode()
            image = _synthetic_image(seen[0]) if keep_image else None
            return EnrollResult(
                template=MAGIC + body, finger=Finger(finger), stages=self._stages,
                quality=Quality.good, minutiae=40, device="demo", backend="demo", image=image,
                image_size=(WIDTH, HEIGHT) if image else None, retries=retries)
        finally:
            self._busy.release()

    def verify(self, template: bytes, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_prompt: PromptCallback | None = None) -> VerifyResult:
        if not template.startswith(MAGIC):
            raise TemplateError("该指纹模板不是演示采集器录入的，演示模式无法比对")
        try:
            enrolled = json.loads(template[len(MAGIC):])
        except ValueError:
            raise TemplateError("指纹模板无效或已损坏，无法比对") from None
        self._guard()
        try:
            t0 = time.perf_counter()
            who = self._scan(timeout, on_prompt)
            return VerifyResult(match=(who == enrolled.get("who")), seconds=time.perf_counter() - t0)
        finally:
            self._busy.release()

    def cancel(self) -> None:
        if self._busy.locked():
            self._cancel.set()

    def close(self) -> None:
        self.cancel()
        self._opened = False
