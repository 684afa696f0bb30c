"""高拍仪 through Qt Multimedia: a UVC document camera (QCamera → QMediaCaptureSession →
QImageCapture). It implements the devices-layer camera interface
(:class:`counter_app.devices.camera.DocumentCamera`) but lives in the UI layer, the only one that
may import Qt — as the fingerprint bridge wraps its device for Qt.

In the window, use it asynchronously: :meth:`QtDocumentCamera.request` → ``captured(bytes)`` or
``failed(str)`` (the camera's signals arrive on the GUI thread; the page processing then runs on
the task runner). :meth:`QtDocumentCamera.capture` waits in a local event loop — for the
``counter-app camera capture`` command only.

:func:`open_document_camera` opens whatever ``[camera] backend`` says (the still-image backend
comes from the devices layer).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QLoggingCategory, QObject, QTimer, Signal

from counter_app.devices.camera.errors import CameraError, CameraNotConfigured, CameraUnavailable

# Qt Multimedia's FFmpeg plugin announces every optional library it cannot find (VA-API,
# PipeWire…) as a warning, and its FFmpeg version as info; neither concerns a document camera.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false")


def _multimedia():
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:   # e.g. libpulse missing: Qt Multimedia's FFmpeg plugin needs it
        raise CameraUnavailable("Qt 多媒体组件无法加载，不能使用高拍仪。",
                                "请安装系统软件包 libpulse0 后重试（见 installer/system-packages.txt）。",
                                detail=str(exc)) from None
    return QtMultimedia


def video_inputs() -> list:
    return list(_multimedia().QMediaDevices.videoInputs())


def find_video_input(hint: str = ""):
    """The camera whose description contains ``hint`` (any camera when empty), or raise."""
    inputs = video_inputs()
    if not inputs:
        raise CameraUnavailable("没有找到高拍仪（系统中没有摄像头设备）。",
                                "请检查高拍仪 USB 连接和驱动；没有高拍仪的窗口可把 camera.backend 设为 \"none\"。")
    if not hint:
        return inputs[0]
    for dev in inputs:
        if hint.lower() in dev.description().lower():
            return dev
    names = "、".join(d.description() for d in inputs)
    raise CameraUnavailable(f"没有名称包含「{hint}」的摄像头（现有：{names}）。", "请修改设置 camera.device，或留空使用第一个摄像头。")


def best_format(formats):
    """The largest resolution (then the highest frame rate) a camera offers, or None."""
    if not formats:
        return None
    return max(formats, key=lambda f: (f.resolution().width() * f.resolution().height(), f.maxFrameRate()))


class QtDocumentCamera(QObject):
    backend = "qt"
    captured = Signal(bytes)
    failed = Signal(str)

    def __init__(self, device_hint: str = "", parent: QObject | None = None):
        super().__init__(parent)
        mm = _multimedia()
        QCamera, QImageCapture, QMediaCaptureSession = mm.QCamera, mm.QImageCapture, mm.QMediaCaptureSession
        self._device = find_video_input(device_hint)
        self._camera = QCamera(self._device, self)
        best = best_format(self._device.videoFormats())
        if best is not None:                   # a 高拍仪 offers its sensor's full size: pages need it
            self._camera.setCameraFormat(best)
        self._capture = QImageCapture(self)
        self._capture.setQuality(QImageCapture.Quality.VeryHighQuality)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._pending = False
        self._capture.imageCaptured.connect(self._on_image)
        self._capture.errorOccurred.connect(lambda _id, _err, text: self._fail(f"高拍仪拍照失败：{text}"))
        self._capture.readyForCaptureChanged.connect(self._on_ready)
        self._camera.errorOccurred.connect(lambda _err, text: self._fail(f"高拍仪出错：{text}"))

    def describe(self) -> str:
        return self._device.description()

    def start(self) -> None:
        self._camera.start()

    def request(self) -> None:
        """Take one photo; the answer is ``captured`` or ``failed``."""
        self._pending = True
        if not self._camera.isActive():
            self._camera.start()
        self._on_ready(self._capture.isReadyForCapture())

    def _on_ready(self, ready: bool) -> None:
        if ready and self._pending:
            self._pending = False
            self._capture.capture()

    def _on_image(self, _id: int, image) -> None:
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "JPG", 95)
        buf.close()
        self.captured.emit(bytes(data.data()))

    def _fail(self, message: str) -> None:
        self._pending = False
        self.failed.emit(message)

    def capture(self, timeout: float = 10.0) -> bytes:
        """Blocking capture in a local event loop (command line only)."""
        loop = QEventLoop()
        result: dict = {}
        def got(data: bytes) -> None:
            result.setdefault("data", data)
            loop.quit()

        def failed(text: str) -> None:
            result.setdefault("error", text)
            loop.quit()

        self.captured.connect(got)
        self.failed.connect(failed)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        self.request()
        if "data" not in result and "error" not in result:
            loop.exec()
        if "data" in result:
            return result["data"]
        raise CameraError(result.get("error") or f"高拍仪在 {timeout:g} 秒内没有返回照片。", "请检查高拍仪连接后重试。")

    def close(self) -> None:
        self._camera.stop()


def ensure_application():
    """A QGuiApplication for the command line (offscreen when there is no display)."""
    import os

    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["counter-app"])
    return app


def open_document_camera(settings, parent: QObject | None = None):
    """The camera ``[camera]`` chooses: Qt Multimedia, the still-image folder, or none (raises)."""
    cfg = settings.camera
    if cfg.backend.value == "qt":
        return QtDocumentCamera(cfg.device, parent)
    if cfg.backend.value == "none":
        raise CameraNotConfigured()
    from counter_app.devices.camera import open_camera

    return open_camera(settings)
