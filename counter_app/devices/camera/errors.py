"""高拍仪 errors: a Chinese ``message`` and ``hint`` for the clerk; ``detail`` only for the log."""

from __future__ import annotations


class CameraError(Exception):
    code = "camera"

    def __init__(self, message: str, hint: str = "", *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail

    def text(self) -> str:
        return f"{self.message}{self.hint}" if self.hint else self.message

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint}


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
