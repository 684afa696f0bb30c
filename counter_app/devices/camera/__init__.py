"""高拍仪 document camera (材料电子化, 7.2): one interface, several backends.

A :class:`DocumentCamera` delivers one still photo of the material on the camera's plate as an
encoded image (JPEG/PNG bytes, whatever the device gives); :mod:`.processing` turns it into the
archive page (auto-crop, de-skew, grey, 200 dpi, ≤ 300 KB).

Backends (``[camera] backend``):

- ``qt``        — a UVC camera through Qt Multimedia (QCamera + QImageCapture). Qt lives only in
  the UI layer, so this backend is :class:`counter_app.ui.camera_backend.QtDocumentCamera`;
  :func:`open_camera` here refuses it with a clear message and the UI / CLI open it themselves;
- ``directory`` — still images from a folder (each capture takes the first in name order and
  removes it) or one image file: for tests and for machines without a camera. Only when the
  settings say so, never as a silent fallback;
- ``none``      — no document camera at this window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from counter_app.devices.camera.errors import CameraError, CameraNotConfigured, CameraUnavailable

if TYPE_CHECKING:
    from counter_app.config import Settings

__all__ = ["CameraError", "CameraNotConfigured", "CameraUnavailable", "DocumentCamera", "open_camera"]


class DocumentCamera(Protocol):
    backend: str

    def describe(self) -> str:
        """The device in the clerk's words (for 设备状态 and doctor)."""

    def capture(self, timeout: float = 10.0) -> bytes:
        """One still photo, encoded (JPEG/PNG). Raises :class:`CameraError`."""

    def close(self) -> None: ...


def open_camera(settings: "Settings") -> DocumentCamera:
    """The non-Qt camera the settings choose. ``qt`` is opened by the UI layer
    (``counter_app.ui.camera_backend.open_document_camera``), which also handles the others."""
    cfg = settings.camera
    backend = cfg.backend.value
    if backend == "directory":
        from counter_app.devices.camera.directory import DirectoryCamera

        return DirectoryCamera(cfg.source)
    if backend == "qt":
        raise CameraError("高拍仪使用 Qt 多媒体后端，须由界面或 counter-app camera 命令打开。",
                          detail="qt backend requested from the devices layer")
    raise CameraNotConfigured()
