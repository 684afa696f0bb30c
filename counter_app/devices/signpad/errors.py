"""Signature pad errors: a Chinese ``message`` and ``hint``; ``detail`` only for the log."""

from __future__ import annotations

from counter_app.devices.errors import DeviceError


class SignpadError(DeviceError):
    code = "signpad"


class HidLibraryError(SignpadError):
    """hidapi cannot be loaded or lacks its functions."""

    code = "hidapi_library"


class SignpadNotFound(SignpadError):
    code = "signpad_not_found"


class SignpadNotConfigured(SignpadError):
    code = "signpad_not_configured"

    def __init__(self, backend: str):
        text = "本窗口未配置签名板" if backend == "none" else "签名板设为屏幕签名（signpad.backend = \"screen\"），须在界面中签名"
        super().__init__(f"{text}。", "使用汉王签名板时请在设置的 [signpad] 中将 backend 设为 \"hid\"。")


class SignatureTimeout(SignpadError):
    code = "signature_timeout"


class SignatureCancelled(SignpadError):
    code = "signature_cancelled"

    def __init__(self, *, by_clerk: bool = False):
        super().__init__("签名已取消。" if by_clerk else "申请人在签名板上取消了签名。")


class EmptySignature(SignpadError):
    code = "signature_empty"

    def __init__(self):
        super().__init__("签名为空：签名板上没有笔迹。", "请申请人在签名板上签名后再按确认。")
