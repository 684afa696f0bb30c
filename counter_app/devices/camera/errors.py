"""高拍仪 errors: a Chinese ``message`` and ``hint`` for the clerk; ``detail`` only for the log."""

from __future__ import annotations

from counter_app.devices.errors import DeviceError


class CameraError(DeviceError):
    code = "camera"


class CameraNotConfigured(CameraError):
    code = "camera_not_configured"

    def __init__(self):
        super().__init__("本窗口未配置高拍仪（camera.backend = \"none\"）。",
                         "请在设置的 [camera] 中选择 \"qt\"（USB 高拍仪）或 \"directory\"（图片目录）。")


class CameraUnavailable(CameraError):
    """The configured camera is not there (unplugged, no driver, empty folder)."""

    code = "camera_unavailable"


class PageNotFound(CameraError):
    code = "page_not_found"
