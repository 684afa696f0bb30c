"""libfprint backend through PyGObject (Linux / UOS): ``gi.require_version("FPrint", "2.0")``.

Threading: libfprint's ``*_sync`` calls spin the *global* default GLib context, which is also the
context Qt's GUI thread dispatches on Linux — two threads would fight over it and callbacks would
land on the GUI thread. So each backend instance owns one dedicated thread with a private
GMainContext pushed as its thread-default: libfprint's async API attaches its sockets, tasks and
timeouts to that context, and all of libfprint's callbacks (including the 0.5 s bozorth3 match)
run there. Callers block on a :class:`concurrent.futures.Future` from any thread; the GUI thread
never waits (see ``counter_app.ui.fingerprint_bridge``).

Only device enumeration (``FpContext``) must iterate the global default context. Once a
QCoreApplication exists, Qt's GUI thread owns that context for good (it pushes it as its
thread-default), so no other thread can iterate it — a ``*_sync`` call from a worker thread would
hang there. Enumeration therefore runs on the owner (the GUI thread, for a few milliseconds) or,
when nobody owns it (CLI, tests), on the worker while it holds the context.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable

from counter_app.devices.fingerprint.base import (
    DEFAULT_TIMEOUT_S,
    PROMPT_PLACE_FINGER,
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
    ProgressCallback,
    PromptCallback,
    Quality,
    TemplateError,
    VerifyResult,
    _Listeners,
    grade_quality,
)
from counter_app.devices.fingerprint.ridges import NO_RIDGES_MESSAGE, has_ridges, ridge_coherence

log = logging.getLogger(__name__)

_ENUM_WAIT_S = 10.0


def load_fprint():
    """``(FPrint, GLib, Gio)`` or :class:`BackendUnavailableError` with the reason in Chinese."""
    try:
        import gi

        gi.require_version("FPrint", "2.0")
        from gi.repository import FPrint, Gio, GLib
    except ImportError as exc:
        if sys.platform == "win32":   # the Windows bundle has no PyGObject: the setting is what to change
            raise BackendUnavailableError(
                "Windows 上不能使用 libfprint 指纹采集器", detail=str(exc),
                hint='Windows 上请在配置文件 [fingerprint] 节设置 backend = "wbf"（并按 installer/windows/README.md '
                     '配置 wbf_database），或在首次运行向导中选择“Windows 生物识别框架（WBF）”。') from None
        raise BackendUnavailableError(
            "未安装 PyGObject，无法使用 libfprint 指纹采集器", detail=str(exc)) from None
    except ValueError as exc:  # Namespace FPrint not available
        raise BackendUnavailableError(
            "找不到 libfprint 的 GObject 接口（FPrint-2.0.typelib）",
            hint="安装 gir1.2-fprint-2.0 与 libfprint-2-2；非标准位置请设置 GI_TYPELIB_PATH。",
            detail=str(exc)) from None
    return FPrint, GLib, Gio


_FINGERS = {
    Finger.right_thumb: "RIGHT_THUMB", Finger.right_index: "RIGHT_INDEX",
    Finger.right_middle: "RIGHT_MIDDLE", Finger.right_ring: "RIGHT_RING",
    Finger.right_little: "RIGHT_LITTLE", Finger.left_thumb: "LEFT_THUMB",
    Finger.left_index: "LEFT_INDEX", Finger.left_middle: "LEFT_MIDDLE",
    Finger.left_ring: "LEFT_RING", Finger.left_little: "LEFT_LITTLE",
}

_RETRY_MESSAGES = {
    "TOO_SHORT": "按压时间太短，请重新按压",
    "CENTER_FINGER": "手指没有放在采集窗口中央，请重新按压",
    "REMOVE_FINGER": "请抬起手指后重新按压",
    "GENERAL": "未能读取指纹，请重新按压",
}


class _GLibWorker:
    """A thread running a private GMainContext; :meth:`submit` runs a callable on it."""

    def __init__(self, name: str = "fprint"):
        self.FPrint, self.GLib, self.Gio = load_fprint()
        self._ready = threading.Event()
        self._setup_error: BaseException | None = None
        self.devices: list[Any] = []
        self.context: Any = None
        self._enumerated = False
        if self.GLib.MainContext.default().is_owner():
            # This thread owns the global default context (Qt's GUI thread does, for good, once
            # a QCoreApplication exists): enumerate here, nobody else could.
            self._enumerate_here()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._setup_error is not None:
            raise self._setup_error

    def _run(self) -> None:
        GLib = self.GLib
        try:
            if not self._enumerated:
                self._enumerate()
        except BaseException as exc:  # reported to the constructor
            self._setup_error = exc
            self._ready.set()
            return
        self.main_context = GLib.MainContext.new()
        self.main_context.push_thread_default()
        self._loop = GLib.MainLoop.new(self.main_context, False)
        self._ready.set()
        try:
            self._loop.run()
        finally:
            self.main_context.pop_thread_default()

    def _enumerate_here(self) -> None:
        # fp_context_enumerate() spins g_main_context_iteration(NULL): the global default context.
        self.context = self.FPrint.Context.new()
        self.devices = list(self.context.get_devices())
        self._enumerated = True

    def _enumerate(self) -> None:
        """Enumerate devices from the worker thread.

        Nobody owns the default context (CLI, tests without Qt): take it for these few ms.
        Another thread owns it (Qt's GUI thread pushes it as its thread-default and keeps it):
        hand the enumeration to that thread as an idle source and wait for it.
        """
        default = self.GLib.MainContext.default()
        if default.acquire():
            try:
                self._enumerate_here()
            finally:
                default.release()
            return
        done = threading.Event()
        failure: list[BaseException] = []

        def on_owner(*_a):
            try:
                self._enumerate_here()
            except BaseException as exc:
                failure.append(exc)
            done.set()
            return False

        source = self.GLib.idle_source_new()
        source.set_callback(on_owner)
        source.attach(default)
        if not done.wait(_ENUM_WAIT_S):
            source.destroy()
            raise DeviceFailureError(
                "指纹组件初始化失败：GLib 主循环没有响应",
                hint="图形界面需启用 Qt 的 GLib 事件循环（不要设置 QT_NO_GLIB=1）。")
        if failure:
            raise failure[0]

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def submit(self, fn: Callable[[], Any]) -> Future:
        """Run ``fn()`` on the worker; the future gets its return value or exception."""
        fut: Future = Future()

        def _call(*_a):
            if fut.set_running_or_notify_cancel():
                try:
                    fut.set_result(fn())
                except BaseException as exc:
                    fut.set_exception(exc)
            return False

        if threading.current_thread() is self._thread:
            _call()
            return fut
        source = self.GLib.idle_source_new()
        source.set_callback(_call)
        source.attach(self.main_context)
        return fut

    def call(self, fn: Callable[[], Any]) -> Any:
        return self.submit(fn).result()

    def stop(self) -> None:
        if self._thread.is_alive() and getattr(self, "_loop", None) is not None:
            self.submit(self._loop.quit)
            self._thread.join(timeout=5)


def _error_from_glib(FPrint, Gio, exc, *, seconds: float | None, timed_out: bool) -> FingerprintError:
    """Translate a GLib.Error from libfprint into the project's Chinese errors."""
    text = getattr(exc, "message", str(exc))
    if exc.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
        if timed_out:
            return FingerprintTimeoutError(seconds or 0, detail=text)
        return CancelledError(detail=text)
    if exc.matches(FPrint.device_retry_quark(), exc.code):
        name = FPrint.DeviceRetry(exc.code).value_nick.upper().replace("-", "_")
        return BadScanError(_RETRY_MESSAGES.get(name, _RETRY_MESSAGES["GENERAL"]), reason=name.lower(), detail=text)
    if exc.matches(FPrint.device_error_quark(), exc.code):
        code = FPrint.DeviceError(exc.code)
        if code == FPrint.DeviceError.BUSY:
            return DeviceBusyError(detail=text)
        if code == FPrint.DeviceError.REMOVED:
            return DeviceAbsentError("指纹采集器已被拔出", detail=text)
        if code == FPrint.DeviceError.NOT_OPEN:
            return DeviceFailureError("指纹采集器尚未打开", detail=text)
        if code == FPrint.DeviceError.DATA_INVALID:
            return TemplateError("指纹模板无效或已损坏", detail=text)
        if code == FPrint.DeviceError.NOT_SUPPORTED:
            return DeviceFailureError("该指纹采集器不支持此操作", detail=text)
        return _device_failure(_nick(FPrint.DeviceError, exc.code), exc.code, text)
    return _device_failure("", getattr(exc, "code", -1), text)


# FpDeviceError codes (by their nick, stable across libfprint versions) → what the clerk reads;
# libfprint's own English (``text``) goes to the log only
_DEVICE_ERROR_MESSAGES = {
    "general": "指纹采集器出错，请重试",
    "proto": "指纹采集器通信出错，请重新插拔采集器后重试",
    "already-open": "指纹采集器已被其他程序占用",
    "data-not-found": "采集器中找不到该指纹记录",
    "data-full": "指纹采集器的存储已满",
    "data-duplicate": "该手指已在本机录入过",
    "too-hot": "指纹采集器过热，请稍候几分钟再试",
}


def _nick(enum: Any, code: int) -> str:
    try:
        return str(enum(code).value_nick)
    except (ValueError, TypeError, AttributeError):    # a code this GI binding does not know
        return ""


def _device_failure(nick: str, code: Any, text: str) -> DeviceFailureError:
    log.warning("fingerprint device error %s (%s): %s", nick or "unknown", code, text)
    message = _DEVICE_ERROR_MESSAGES.get(nick, "指纹采集器出错（未知错误），请重新插拔采集器后重试")
    return DeviceFailureError(message, detail=f"{nick or code}: {text}")


class LibfprintDevice(FingerprintDevice):
    """A libfprint device (USB sensor, or ``virtual_image`` under ``FP_VIRTUAL_IMAGE``)."""

    backend = "libfprint"

    def __init__(self, worker: _GLibWorker, dev: Any, *, owns_worker: bool = True):
        self._w = worker
        self._dev = dev
        self._owns_worker = owns_worker
        self.FPrint, self.GLib, self.Gio = worker.FPrint, worker.GLib, worker.Gio
        self._op_lock = threading.Lock()
        self._cancellable: Any = None
        self._opened = False
        self._closed = False
        self._prompt: PromptCallback | None = None
        self._needed = False
        self.listeners = _Listeners()
        self._info = DeviceInfo(
            id=dev.get_device_id(), name=dev.get_name(), driver=dev.get_driver(),
            backend=self.backend, enroll_stages=int(dev.get_nr_enroll_stages()))
        worker.call(lambda: dev.connect("notify::finger-status", self._on_finger_status))

    # -- properties ---------------------------------------------------------------------

    @property
    def info(self) -> DeviceInfo:
        return self._info

    @property
    def worker_thread(self) -> threading.Thread:
        return self._w.thread

    def add_prompt_listener(self, fn: PromptCallback) -> None:
        """Also call ``fn(message)`` for every prompt (runs on the fprint thread)."""
        self.listeners.items.append(fn)

    def remove_prompt_listener(self, fn: PromptCallback) -> None:
        if fn in self.listeners.items:
            self.listeners.items.remove(fn)

    def _on_finger_status(self, dev, _pspec) -> None:
        needed = bool(dev.get_finger_status() & self.FPrint.FingerStatusFlags.NEEDED)
        if needed and not self._needed:   # entering "needs a finger": one prompt per scan
            self._emit(PROMPT_PLACE_FINGER)
        self._needed = needed

    def _emit(self, message: str) -> None:
        try:
            self.listeners.emit(message, self._prompt)
        except Exception:  # a listener must not break the device thread
            log.exception("fingerprint prompt listener failed")

    # -- plumbing -----------------------------------------------------------------------

    def _run(self, start: Callable[[Any, Callable], None], *, timeout: float | None,
             on_prompt: PromptCallback | None) -> Any:
        """Start an async libfprint call on the worker and wait for its finish value."""
        if self._closed:
            raise DeviceFailureError("指纹采集器已关闭")
        if not self._op_lock.acquire(blocking=False):
            raise DeviceBusyError()
        result: Future = Future()
        timed_out = False
        try:
            self._prompt = on_prompt

            def begin():
                self._cancellable = self.Gio.Cancellable()

                def done(value=None, error=None):
                    if not result.done():
                        if error is not None:
                            result.set_exception(error)
                        else:
                            result.set_result(value)
                start(self._cancellable, done)

            self._w.call(begin)
            try:
                return result.result(timeout=timeout)
            except FutureTimeout:
                timed_out = True
                self._w.call(self._cancellable.cancel)
                return result.result(timeout=10)
        except self.GLib.Error as exc:
            raise _error_from_glib(self.FPrint, self.Gio, exc, seconds=timeout, timed_out=timed_out) from None
        finally:
            self._prompt = None
            self._cancellable = None
            self._op_lock.release()

    def _finish(self, finish: Callable[[Any], Any], done: Callable) -> Callable:
        def _cb(_dev, res, *_a):
            try:
                done(finish(res))
            except BaseException as exc:
                done(error=exc)
        return _cb

    # -- operations ---------------------------------------------------------------------

    def open(self) -> None:
        if self._opened:
            return
        try:
            self._run(lambda c, done: self._dev.open(c, self._finish(self._dev.open_finish, done)),
                      timeout=15, on_prompt=None)
        except DeviceFailureError as exc:
            raise DeviceAbsentError(f"无法打开指纹采集器“{self._info.name}”", detail=exc.detail) from None
        self._opened = True

    def _minutiae(self, image) -> int:
        """Detect minutiae (runs in libfprint's thread pool) and count them."""
        def start(c, done):
            image.detect_minutiae(c, self._finish(image.detect_minutiae_finish, done))
        self._run_nested(start)
        return len(image.get_minutiae() or [])

    def _run_nested(self, start) -> Any:
        # Used while the operation lock is held by the caller (capture → minutiae).
        fut: Future = Future()

        def begin():
            def done(value=None, error=None):
                fut.set_exception(error) if error is not None else fut.set_result(value)
            start(None, done)
        self._w.call(begin)
        try:
            return fut.result(timeout=30)
        except self.GLib.Error as exc:
            raise _error_from_glib(self.FPrint, self.Gio, exc, seconds=None, timed_out=False) from None

    def capture(self, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                on_prompt: PromptCallback | None = None, accept_poor: bool = False) -> CaptureResult:
        t0 = time.perf_counter()
        image = self._run(
            lambda c, done: self._dev.capture(True, c, self._finish(self._dev.capture_finish, done)),
            timeout=timeout, on_prompt=on_prompt)
        minutiae = self._minutiae(image)
        data = bytes(image.get_data())
        coherence = ridge_coherence(image.get_width(), image.get_height(), data)
        quality = grade_quality(minutiae, coherence)
        result = CaptureResult(width=image.get_width(), height=image.get_height(),
                               image=data, minutiae=minutiae, quality=quality,
                               seconds=time.perf_counter() - t0, coherence=coherence)
        if not has_ridges(coherence) and not accept_poor:
            raise BadScanError(NO_RIDGES_MESSAGE, reason="no_ridges",
                               detail=f"ridge coherence {coherence:.3f}, {minutiae} minutiae")
        if quality is Quality.poor and not accept_poor:
            raise BadScanError.composed("指纹图像质量较差（特征点仅 {0} 个），请重新按压", minutiae, reason="poor_quality")
        return result

    def enroll(self, finger: Finger = Finger.right_index, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_progress: ProgressCallback | None = None,
               on_prompt: PromptCallback | None = None, keep_image: bool = False) -> EnrollResult:
        FPrint = self.FPrint
        total = self.enroll_stages
        stage_minutiae: list[int] = []
        stage_coherence: list[float] = []
        last_image: list[Any] = []
        retries = 0
        # Each stage restarts the clock: the timeout is "no finger for this long".
        last_activity = [time.monotonic()]

        def progress(_dev, completed, fp_print, error, *_a):
            nonlocal retries
            last_activity[0] = time.monotonic()
            if error is not None:
                retries += 1
                err = _error_from_glib(FPrint, self.Gio, error, seconds=timeout, timed_out=False)
                self._emit(str(err))
                return
            image = fp_print.props.image if fp_print is not None else None
            if image is not None:
                stage_minutiae.append(len(image.get_minutiae() or []))
                stage_coherence.append(ridge_coherence(image.get_width(), image.get_height(),
                                                       bytes(image.get_data())))
                last_image[:] = [image]
            if on_progress is not None:
                try:
                    on_progress(int(completed), total)
                except Exception:
                    log.exception("enroll progress callback failed")

        def start(c, done):
            template = FPrint.Print.new(self._dev)
            template.props.finger = getattr(FPrint.Finger, _FINGERS[Finger(finger)])
            self._dev.enroll(template, c, progress, (), self._finish(self._dev.enroll_finish, done))

        enrolled = self._run_with_idle_timeout(start, timeout, last_activity, on_prompt)
        minutiae = min(stage_minutiae) if stage_minutiae else 0
        coherence = min(stage_coherence) if stage_coherence else None
        image = last_image[0] if (keep_image and last_image) else None
        return EnrollResult(
            template=bytes(enrolled.serialize()), finger=Finger(finger), stages=total,
            quality=grade_quality(minutiae, coherence), minutiae=minutiae, device=self._info.id or self._info.driver,
            backend=self.backend, image=bytes(image.get_data()) if image is not None else None,
            image_size=(image.get_width(), image.get_height()) if image is not None else None,
            retries=retries, coherence=coherence)

    def _run_with_idle_timeout(self, start, timeout, last_activity, on_prompt):
        """Like :meth:`_run` but the timeout counts from the last stage, not from the start."""
        if timeout is None:
            return self._run(start, timeout=None, on_prompt=on_prompt)
        stop = threading.Event()
        fired = [False]

        def watchdog():
            while not stop.wait(0.1):
                if time.monotonic() - last_activity[0] > timeout:
                    fired[0] = True
                    self.cancel()
                    return
        threading.Thread(target=watchdog, name="fprint-watchdog", daemon=True).start()
        try:
            return self._run(start, timeout=None, on_prompt=on_prompt)
        except CancelledError:
            if fired[0]:
                raise FingerprintTimeoutError(timeout) from None
            raise
        finally:
            stop.set()

    def verify(self, template: bytes, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_prompt: PromptCallback | None = None) -> VerifyResult:
        FPrint = self.FPrint
        try:
            enrolled = FPrint.Print.deserialize(bytes(template))
        except self.GLib.Error as exc:
            raise TemplateError("指纹模板无效或已损坏，无法比对", detail=exc.message) from None
        if not enrolled.compatible(self._dev):
            raise TemplateError(f"该指纹模板由其他采集器（{enrolled.props.driver}）录入，本采集器无法比对")
        t0 = time.perf_counter()

        def start(c, done):
            def finish(res):
                match, _scan = self._dev.verify_finish(res)
                return bool(match)
            self._dev.verify(enrolled, c, None, None, self._finish(finish, done))

        match = self._run(start, timeout=timeout, on_prompt=on_prompt)
        return VerifyResult(match=match, seconds=time.perf_counter() - t0)

    def cancel(self) -> None:
        def _cancel():
            if self._cancellable is not None:
                self._cancellable.cancel()
        if self._w.thread.is_alive():
            self._w.call(_cancel)

    def close(self) -> None:
        if self._closed:
            return
        try:
            if self._opened:
                # Closing during an operation fails with BUSY: cancel first, wait for it to end.
                self.cancel()
                got = self._op_lock.acquire(timeout=10)
                try:
                    fut: Future = Future()

                    def begin():
                        def cb(_d, res, *_a):
                            try:
                                self._dev.close_finish(res)
                                fut.set_result(None)
                            except BaseException as exc:
                                fut.set_exception(exc)
                        self._dev.close(None, cb)
                    self._w.call(begin)
                    try:
                        fut.result(timeout=10)
                    except Exception as exc:  # closing must not raise into the caller
                        log.warning("closing fingerprint device failed: %s", exc)
                finally:
                    if got:
                        self._op_lock.release()
                self._opened = False
        finally:
            self._closed = True
            if self._owns_worker:
                self._w.stop()


# ------------------------------------------------------------------------------ discovery


def list_devices() -> list[DeviceInfo]:
    """Devices libfprint sees now (opens nothing)."""
    worker = _GLibWorker("fprint-list")
    try:
        return [DeviceInfo(id=d.get_device_id(), name=d.get_name(), driver=d.get_driver(),
                           backend="libfprint", enroll_stages=int(d.get_nr_enroll_stages()))
                for d in worker.devices]
    finally:
        worker.stop()


def open_device(device_id: str = "") -> LibfprintDevice:
    """Open the device with ``device_id`` (or the first one). Raises :class:`DeviceAbsentError`."""
    worker = _GLibWorker()
    try:
        devices = worker.devices
        if device_id:
            devices = [d for d in devices if device_id in (d.get_device_id(), d.get_driver())]
        if not devices:
            extra = f"（未找到“{device_id}”）" if device_id else ""
            raise DeviceAbsentError(f"未检测到指纹采集器{extra}")
        dev = LibfprintDevice(worker, devices[0])
        dev.open()
        return dev
    except BaseException:
        worker.stop()
        raise


def virtual_image_socket() -> str | None:
    """Socket path of libfprint's virtual_image test device, if configured."""
    return os.environ.get("FP_VIRTUAL_IMAGE") or None
