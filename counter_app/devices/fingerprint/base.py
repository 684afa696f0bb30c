"""Backend-neutral fingerprint device interface (指纹采集器).

Every backend (libfprint on Linux/UOS, the Windows Biometric Framework, the explicit demo) offers
the same operations: open, capture an image with quality feedback, enroll (multi-stage) to an
opaque template (bytes), verify a live finger against a template, cancel, close.

Methods block until the operation ends and are meant to be called from a worker thread (the UI
goes through :mod:`counter_app.ui.fingerprint_bridge`); :meth:`FingerprintDevice.cancel` may be
called from any thread. Errors are :class:`FingerprintError` subclasses whose ``str()`` is a
Chinese message for the clerk.
"""

from __future__ import annotations

import abc
import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Optional

#: ``on_progress(completed_stages, total_stages)`` after each accepted enroll stage.
ProgressCallback = Callable[[int, int], None]
#: ``on_prompt(message)``: a Chinese prompt or quality feedback to show the clerk / applicant.
PromptCallback = Callable[[str], None]

DEFAULT_TIMEOUT_S = 30.0


class Finger(str, Enum):
    """Which finger (手指); values are stable identifiers stored with the template."""

    right_thumb = "right_thumb"
    right_index = "right_index"
    right_middle = "right_middle"
    right_ring = "right_ring"
    right_little = "right_little"
    left_thumb = "left_thumb"
    left_index = "left_index"
    left_middle = "left_middle"
    left_ring = "left_ring"
    left_little = "left_little"

    @property
    def label(self) -> str:
        return FINGER_LABELS[self]


FINGER_LABELS = {
    Finger.right_thumb: "右手拇指",
    Finger.right_index: "右手食指",
    Finger.right_middle: "右手中指",
    Finger.right_ring: "右手无名指",
    Finger.right_little: "右手小指",
    Finger.left_thumb: "左手拇指",
    Finger.left_index: "左手食指",
    Finger.left_middle: "左手中指",
    Finger.left_ring: "左手无名指",
    Finger.left_little: "左手小指",
}


class Quality(str, Enum):
    """Scan quality (采集质量) judged from the number of minutiae found in the image, and poor when
    the image shows no ridge structure (:mod:`counter_app.devices.fingerprint.ridges`)."""

    good = "good"
    fair = "fair"
    poor = "poor"

    @property
    def label(self) -> str:
        return {"good": "良好", "fair": "一般", "poor": "较差"}[self.value]


# Minutiae thresholds for the quality grade. bozorth3 needs a dozen or more to match reliably;
# NIST's examples give 30-60 on a clean print.
GOOD_MINUTIAE = 25
FAIR_MINUTIAE = 12


def grade_quality(minutiae: int, coherence: float | None = None) -> Quality:
    """``coherence``: the image's ridge coherence (None: not measured). Noise gives many spurious
    minutiae, so an image without ridges is poor whatever its minutiae count."""
    from counter_app.devices.fingerprint.ridges import has_ridges

    if not has_ridges(coherence):
        return Quality.poor
    if minutiae >= GOOD_MINUTIAE:
        return Quality.good
    if minutiae >= FAIR_MINUTIAE:
        return Quality.fair
    return Quality.poor


PROMPT_PLACE_FINGER = "请将手指平放在采集器上"
PROMPT_LIFT_FINGER = "请抬起手指"


@dataclass(frozen=True)
class DeviceInfo:
    id: str              # stable id of the device within its backend
    name: str            # human-readable name reported by the driver
    driver: str
    backend: str         # libfprint | wbf | demo
    enroll_stages: int = 1

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "driver": self.driver, "backend": self.backend,
                "enroll_stages": self.enroll_stages}


@dataclass(frozen=True)
class CaptureResult:
    """One scanned image: 8-bit grey, ``width × height`` bytes, row-major."""

    width: int
    height: int
    image: bytes
    minutiae: int
    quality: Quality
    seconds: float = 0.0
    coherence: float | None = None     # ridge coherence (ridges.py); None: not measured

    @property
    def message(self) -> str:
        return f"采集质量{self.quality.label}（特征点 {self.minutiae} 个）"


@dataclass(frozen=True)
class EnrollResult:
    """An enrolled template. ``template`` is opaque bytes only the same backend can verify."""

    template: bytes
    finger: Finger
    stages: int
    quality: Quality
    minutiae: int
    device: str
    backend: str
    image: Optional[bytes] = None      # last stage image (8-bit grey) if the backend gives one
    image_size: tuple[int, int] | None = None
    retries: int = 0
    coherence: float | None = None     # the lowest ridge coherence of the stages' images; None: not measured

    @property
    def digest(self) -> str:
        return template_digest(self.template)


@dataclass(frozen=True)
class VerifyResult:
    match: bool
    seconds: float = 0.0
    quality: Optional[Quality] = None

    @property
    def message(self) -> str:
        return "指纹比对一致" if self.match else "指纹比对不一致"


def template_digest(template: bytes) -> str:
    """SHA-256 of a template: identifies it in logs and outbox entries without the bytes."""
    return hashlib.sha256(template).hexdigest()


# --------------------------------------------------------------------------- errors


class FingerprintError(Exception):
    """A fingerprint problem; ``str(exc)`` is the Chinese message for the clerk."""

    code = "error"
    hint = ""
    # a message put together from a template ({0}, {1} …) and its parameters keeps both (:meth:`composed`),
    # so the window can word it in its own language
    template = ""
    params: tuple[str, ...] = ()

    def __init__(self, message: str, *, hint: str = "", detail: str = ""):
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint
        self.detail = detail   # technical detail (driver error text) for the log

    @classmethod
    def composed(cls, template: str, *params: object, **kw: Any) -> "FingerprintError":
        """The error with the message ``template.format(*params)``, keeping the template and parameters."""
        texts = tuple(str(p) for p in params)
        err = cls(template.format(*texts), **kw)
        err.template, err.params = template, texts
        return err

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}


class DeviceAbsentError(FingerprintError):
    code = "device_absent"
    hint = "请检查指纹采集器是否连接好（USB 线、驱动），或在配置中选择正确的采集器类型。"

    def __init__(self, message: str = "未检测到指纹采集器", **kw):
        super().__init__(message, **kw)


class BackendUnavailableError(FingerprintError):
    code = "backend_unavailable"
    hint = "安装指纹组件（Linux：libfprint-2-2 与 gir1.2-fprint-2.0；Windows：Windows 生物识别服务）。"


class DeviceBusyError(FingerprintError):
    code = "busy"
    hint = "请等待当前采集结束，或先取消当前采集。"

    def __init__(self, message: str = "指纹采集器正忙（另一项采集尚未结束）", **kw):
        super().__init__(message, **kw)


class FingerprintTimeoutError(FingerprintError):
    code = "timeout"
    hint = "请参保人将手指平放在采集器上后重试。"

    def __init__(self, seconds: float, **kw):
        self.template, self.params = "等待按压手指超时（{0} 秒内未采集到指纹）", (f"{seconds:g}",)
        super().__init__(self.template.format(*self.params), **kw)
        self.seconds = seconds


class BadScanError(FingerprintError):
    """The scan was unusable; the applicant should press again (可重试)."""

    code = "bad_scan"
    hint = "请擦净手指和采集窗口，手指平放并稍用力按压后重试。"
    retryable = True

    def __init__(self, message: str = "指纹采集质量不合格，请重新按压", *, reason: str = "", **kw):
        super().__init__(message, **kw)
        self.reason = reason


class CancelledError(FingerprintError):
    code = "cancelled"
    hint = ""

    def __init__(self, message: str = "指纹采集已取消", **kw):
        super().__init__(message, **kw)


class TemplateError(FingerprintError):
    code = "bad_template"
    hint = "该指纹模板无法在本采集器上使用，请重新采集。"


class DeviceFailureError(FingerprintError):
    code = "device_failure"
    hint = "请重新插拔采集器后重试；仍不行请联系信息技术人员。"


# --------------------------------------------------------------------------- interface


class FingerprintDevice(abc.ABC):
    """One opened (or openable) fingerprint device. Use as a context manager."""

    backend: str = ""

    @property
    @abc.abstractmethod
    def info(self) -> DeviceInfo: ...

    @property
    def enroll_stages(self) -> int:
        return self.info.enroll_stages

    @abc.abstractmethod
    def open(self) -> None:
        """Open the device; raises :class:`DeviceAbsentError` when it is gone."""

    @abc.abstractmethod
    def capture(self, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                on_prompt: PromptCallback | None = None, accept_poor: bool = False) -> CaptureResult:
        """Wait for a finger and return the image with its quality grade (a poor image raises
        :class:`BadScanError` unless ``accept_poor``)."""

    @abc.abstractmethod
    def enroll(self, finger: Finger = Finger.right_index, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_progress: ProgressCallback | None = None,
               on_prompt: PromptCallback | None = None, keep_image: bool = False) -> EnrollResult:
        """Multi-stage enrolment; ``on_progress(done, total)`` after each accepted stage
        (``keep_image``: the result carries the last stage's image, for the clerk's check).

        Retryable bad scans during enrolment are reported through ``on_prompt`` and the stage is
        repeated; ``timeout`` applies to each stage.
        """

    @abc.abstractmethod
    def verify(self, template: bytes, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_prompt: PromptCallback | None = None) -> VerifyResult:
        """Scan a finger and compare it with ``template``."""

    @abc.abstractmethod
    def cancel(self) -> None:
        """Cancel the operation in progress (any thread); it raises :class:`CancelledError`."""

    @abc.abstractmethod
    def close(self) -> None:
        """Cancel whatever runs and release the device. Safe to call twice."""

    def __enter__(self) -> "FingerprintDevice":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class _Listeners:
    """Extra prompt listeners (the test feeder, a diagnostics panel) beside the per-call one."""

    items: list[PromptCallback] = field(default_factory=list)

    def emit(self, message: str, per_call: PromptCallback | None) -> None:
        for fn in list(self.items) + ([per_call] if per_call else []):
            fn(message)
