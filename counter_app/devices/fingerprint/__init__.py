"""Fingerprint capture (指纹采集): a backend-neutral device interface and its backends.

``open_fingerprint(settings)`` opens the backend the settings choose (libfprint, Windows
Biometric Framework, or the explicit demo); ``list_fingerprint_devices(settings)`` lists what that
backend sees. Everything raises :class:`FingerprintError` subclasses with Chinese messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from counter_app.devices.fingerprint.base import (  # noqa: F401  (public API)
    BackendUnavailableError,
    BadScanError,
    CancelledError,
    CaptureResult,
    DeviceAbsentError,
    DeviceBusyError,
    DeviceFailureError,
    DeviceInfo,
    EnrollResult,
    Finger,
    FingerprintDevice,
    FingerprintError,
    FingerprintTimeoutError,
    Quality,
    TemplateError,
    VerifyResult,
    template_digest,
)

if TYPE_CHECKING:
    from counter_app.config import Settings


class FingerprintDisabledError(FingerprintError):
    code = "disabled"
    hint = "如需采集指纹，请在配置文件 [fingerprint] 节把 backend 设为 libfprint 或 wbf。"

    def __init__(self):
        super().__init__("本工作站未启用指纹采集（fingerprint.backend = none）")


def _backend(settings: "Settings") -> str:
    value = settings.fingerprint.backend
    return getattr(value, "value", value)


def open_fingerprint(settings: "Settings", *, device_id: str = "") -> FingerprintDevice:
    """Open the configured backend's device (first one unless ``device_id``)."""
    backend = _backend(settings)
    if backend == "libfprint":
        from counter_app.devices.fingerprint.libfprint import open_device

        return open_device(device_id)
    if backend == "wbf":
        from counter_app.devices.fingerprint.wbf import open_device as open_wbf

        return open_wbf(device_id, database=settings.fingerprint.wbf_database)
    if backend == "demo":
        from counter_app.devices.fingerprint.demo import DemoFingerprintDevice

        dev = DemoFingerprintDevice()
        dev.open()
        return dev
    raise FingerprintDisabledError()


def list_fingerprint_devices(settings: "Settings") -> list[DeviceInfo]:
    backend = _backend(settings)
    if backend == "libfprint":
        from counter_app.devices.fingerprint.libfprint import list_devices

        return list_devices()
    if backend == "wbf":
        from counter_app.devices.fingerprint.wbf import list_devices as list_wbf

        return list_wbf()
    if backend == "demo":
        from counter_app.devices.fingerprint.demo import DemoFingerprintDevice

        return [DemoFingerprintDevice().info]
    return []
