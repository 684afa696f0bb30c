"""Windows Biometric Framework backend (Windows 生物识别框架) through ctypes on ``winbio.dll``.

Applicants' fingerprints go into a **private pool** with its own template database, never into
the system pool: the system pool is Windows sign-in (Windows Hello) — a template enrolled there
belongs to the calling Windows account (its SID), so an applicant's finger would unlock the
clerk's session, and all applicants would share the clerk's identity (Microsoft: "Private Sensor
Pool", "Sensor Pools", WinBioEnrollCommit). The session is opened as
``WinBioOpenSession(WINBIO_TYPE_FINGERPRINT, WINBIO_POOL_PRIVATE, WINBIO_FLAG_DEFAULT, [unit id],
1, &database)``, ``database`` the GUID the installer registered (``[fingerprint] wbf_database``,
installer/windows/README.md); in a private pool every enrolment gets a GUID identity of its own.
Without that setting enrolment and verification are refused — there is no fallback.

WBF keeps templates in that database and never hands them out, so this backend's "template"
bytes are a reference: ``WBF1`` + sub-factor byte + the raw ``WINBIO_IDENTITY`` (a GUID) the
enrolment committed. Verification asks WBF to match the live finger against that identity, so a
reference verifies only on the workstation whose database holds it. Capture of a raw image needs
the ``WINBIO_FLAG_RAW`` session (administrator rights); without it capture reports that clearly.

The DLL is reached only through :func:`_winbio` (tests give it a function table of their own:
no Windows here). Exercised on Windows by the tests marked ``windows``.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
import uuid
from ctypes import POINTER, Structure, Union, byref, c_ubyte, c_ushort, c_void_p, c_wchar
from ctypes import c_uint32 as c_ulong  # Windows ULONG is 32-bit

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
)

WINBIO_TYPE_FINGERPRINT = 0x00000008
WINBIO_POOL_SYSTEM = 1                # Windows sign-in: never used for applicants
WINBIO_POOL_PRIVATE = 2
WINBIO_ID_TYPE_GUID = 2
WINBIO_ID_TYPE_SID = 3
WINBIO_FLAG_DEFAULT = 0
WINBIO_FLAG_RAW = 0x00000001
WINBIO_DB_DEFAULT = 1                 # ((GUID*)1)
WINBIO_NO_PURPOSE_AVAILABLE = 0
WINBIO_DATA_FLAG_RAW = 0x20
WINBIO_I_MORE_DATA = 0x00090001

E_ACCESSDENIED = 0x80070005
WINBIO_E_UNKNOWN_ID = 0x80098003
WINBIO_E_CANCELED = 0x80098004
WINBIO_E_NO_MATCH = 0x80098005
WINBIO_E_CAPTURE_ABORTED = 0x80098006
WINBIO_E_BAD_CAPTURE = 0x80098008
WINBIO_E_DEVICE_BUSY = 0x80098010
WINBIO_E_INVALID_UNIT = 0x80098002
WINBIO_E_DUPLICATE_ENROLLMENT = 0x8009801A

# WINBIO_ANSI_381 sub-factors (WINBIO_ANSI_381_POS_*)
_SUBFACTOR = {
    Finger.right_thumb: 1, Finger.right_index: 2, Finger.right_middle: 3, Finger.right_ring: 4,
    Finger.right_little: 5, Finger.left_thumb: 6, Finger.left_index: 7, Finger.left_middle: 8,
    Finger.left_ring: 9, Finger.left_little: 10,
}

_REJECT = {  # WINBIO_FP_* reject details
    1: "手指位置偏上，请重新按压", 2: "手指位置偏下，请重新按压", 3: "手指位置偏左，请重新按压",
    4: "手指位置偏右，请重新按压", 5: "滑动太快，请重新按压", 6: "滑动太慢，请重新按压",
    7: "指纹图像质量较差，请重新按压", 8: "手指歪斜，请摆正后重新按压", 9: "按压时间太短，请重新按压",
    10: "多次按压不一致，请重新按压",
}


class _Version(Structure):
    _fields_ = [("MajorVersion", c_ulong), ("MinorVersion", c_ulong)]


class WINBIO_UNIT_SCHEMA(Structure):
    _fields_ = [
        ("UnitId", c_ulong), ("PoolType", c_ulong), ("BiometricFactor", c_ulong),
        ("SensorSubType", c_ulong), ("Capabilities", c_ulong),
        ("DeviceInstanceId", c_wchar * 256), ("Description", c_wchar * 256),
        ("Manufacturer", c_wchar * 256), ("Model", c_wchar * 256), ("SerialNumber", c_wchar * 256),
        ("FirmwareVersion", _Version),
    ]


class _AccountSid(Structure):
    _fields_ = [("Size", c_ulong), ("Data", c_ubyte * 68)]


class _IdentityValue(Union):
    _fields_ = [("Null", c_ulong), ("Wildcard", c_ulong), ("TemplateGuid", c_ubyte * 16),
                ("AccountSid", _AccountSid)]


class WINBIO_IDENTITY(Structure):
    _fields_ = [("Type", c_ulong), ("Value", _IdentityValue)]


class WINBIO_BIR_HEADER_HINT(Structure):  # only the offsets we read from a captured sample
    _fields_ = [("HeaderBlock_Offset", c_ulong), ("HeaderBlock_Size", c_ulong),
                ("StandardDataBlock_Offset", c_ulong), ("StandardDataBlock_Size", c_ulong)]


class GUID(Structure):
    _fields_ = [("Data1", c_ulong), ("Data2", c_ushort), ("Data3", c_ushort), ("Data4", c_ubyte * 8)]


MAGIC = b"WBF1"
DATABASE_SETTING = "[fingerprint] wbf_database"


class WbfDatabaseMissingError(BackendUnavailableError):
    """No private template database configured: applicants are never enrolled into Windows sign-in."""
    code = "wbf_database_missing"
    hint = ("申请人的指纹不能录入 Windows 登录（Windows Hello）的指纹库：请由安装人员按 installer/windows/README.md "
            "创建 Windows 生物识别私有指纹库，并在配置文件 [fingerprint] 节填写 wbf_database = \"{GUID}\"。")

    def __init__(self):
        super().__init__("未配置 Windows 生物识别私有指纹库（[fingerprint] wbf_database），不能录入或比对指纹")


def database_id(text: str) -> GUID:
    """The GUID of ``[fingerprint] wbf_database`` (braces optional); :class:`WbfDatabaseMissingError`
    when it is empty (the settings refuse a malformed or nil one)."""
    text = (text or "").strip()
    if not text:
        raise WbfDatabaseMissingError()
    try:
        value = uuid.UUID(text.strip("{}"))
    except ValueError:
        raise WbfDatabaseMissingError() from None
    if value.int == 0:
        raise WbfDatabaseMissingError()
    return GUID.from_buffer_copy(value.bytes_le)


def _winbio():
    if sys.platform != "win32":
        raise BackendUnavailableError("Windows 生物识别框架仅在 Windows 上可用",
                                      hint="Linux / 统信 UOS 请在配置中选择 libfprint。")
    try:
        lib = ctypes.WinDLL("winbio.dll")  # type: ignore[attr-defined]
    except OSError as exc:
        raise BackendUnavailableError("无法加载 winbio.dll（Windows 生物识别服务未安装）",
                                      detail=str(exc)) from None
    lib.WinBioFree.argtypes = [c_void_p]
    return lib


def _hr(code: int) -> int:
    return code & 0xFFFFFFFF


def _error(hr: int, reject: int = 0, *, what: str = "") -> FingerprintError:
    hr = _hr(hr)
    if hr == WINBIO_E_BAD_CAPTURE:
        return BadScanError(_REJECT.get(reject, "指纹采集质量不合格，请重新按压"), reason=f"wbf_reject_{reject}")
    if hr in (WINBIO_E_CANCELED, WINBIO_E_CAPTURE_ABORTED):
        return CancelledError()
    if hr == WINBIO_E_DEVICE_BUSY:
        return DeviceBusyError()
    if hr == WINBIO_E_INVALID_UNIT:
        return DeviceAbsentError()
    if hr == WINBIO_E_UNKNOWN_ID:
        return TemplateError("Windows 生物识别库中找不到该指纹模板（可能已被删除），请重新采集")
    if hr == E_ACCESSDENIED:
        return DeviceFailureError("没有权限访问指纹采集器（采集原始图像需要管理员权限）")
    return DeviceFailureError(f"指纹采集器出错（{what} 0x{hr:08X}）")


def _units(lib) -> list[WINBIO_UNIT_SCHEMA]:
    arr = POINTER(WINBIO_UNIT_SCHEMA)()
    count = ctypes.c_size_t(0)
    hr = lib.WinBioEnumBiometricUnits(WINBIO_TYPE_FINGERPRINT, byref(arr), byref(count))
    if _hr(hr) != 0:
        raise _error(hr, what="WinBioEnumBiometricUnits")
    try:
        return [WINBIO_UNIT_SCHEMA.from_buffer_copy(arr[i]) for i in range(count.value)]
    finally:
        lib.WinBioFree(arr)


def list_devices() -> list[DeviceInfo]:
    lib = _winbio()
    return [DeviceInfo(id=str(u.UnitId), name=u.Description or u.Model, driver=u.Manufacturer,
                       backend="wbf", enroll_stages=0) for u in _units(lib)]


class WbfDevice(FingerprintDevice):
    """One WBF fingerprint unit in a private pool on the configured database (``database``: its
    GUID, None when not configured: then nothing opens). Calls block (run them off the GUI thread)."""

    backend = "wbf"

    def __init__(self, lib, unit: WINBIO_UNIT_SCHEMA, database: GUID | None = None):
        self._lib = lib
        self._unit = unit
        self._database = database
        self._session = c_ulong(0)
        self._busy = threading.Lock()
        self._cancelled = threading.Event()
        self.listeners = _Listeners()

    @property
    def info(self) -> DeviceInfo:
        u = self._unit
        return DeviceInfo(id=str(u.UnitId), name=u.Description or u.Model, driver=u.Manufacturer,
                          backend="wbf", enroll_stages=0)

    def open(self, raw: bool = False) -> None:
        """A private-pool session on this unit and the configured database (never the system pool)."""
        if self._database is None:
            raise WbfDatabaseMissingError()
        units = (c_ulong * 1)(self._unit.UnitId)
        hr = self._lib.WinBioOpenSession(
            WINBIO_TYPE_FINGERPRINT, WINBIO_POOL_PRIVATE, WINBIO_FLAG_RAW if raw else WINBIO_FLAG_DEFAULT,
            units, ctypes.c_size_t(1), byref(self._database), byref(self._session))
        if _hr(hr) != 0:
            raise _error(hr, what="WinBioOpenSession")

    def _require_session(self) -> None:
        if self._database is None:
            raise WbfDatabaseMissingError()
        if not self._session.value:
            raise DeviceFailureError("指纹采集器未打开")

    def _begin(self, timeout: float | None):
        if not self._busy.acquire(blocking=False):
            raise DeviceBusyError()
        self._cancelled.clear()
        timer = None
        if timeout is not None:
            timer = threading.Timer(timeout, self._timeout_fire)
            timer.daemon = True
            timer.start()
        self._timed_out = False
        return timer

    def _timeout_fire(self):
        self._timed_out = True
        self.cancel()

    def _end(self, timer) -> None:
        if timer is not None:
            timer.cancel()
        self._busy.release()

    def _check(self, hr: int, reject: int, what: str, timeout: float | None) -> None:
        if _hr(hr) in (0, WINBIO_I_MORE_DATA):
            return
        err = _error(hr, reject, what=what)
        if isinstance(err, CancelledError) and self._timed_out:
            raise FingerprintTimeoutError(timeout or 0)
        raise err

    def capture(self, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                on_prompt: PromptCallback | None = None, accept_poor: bool = False) -> CaptureResult:
        timer = self._begin(timeout)
        try:
            t0 = time.perf_counter()
            self.listeners.emit(PROMPT_PLACE_FINGER, on_prompt)
            unit, sample, size, reject = c_ulong(0), c_void_p(), ctypes.c_size_t(0), c_ulong(0)
            hr = self._lib.WinBioCaptureSample(self._session, WINBIO_NO_PURPOSE_AVAILABLE, WINBIO_DATA_FLAG_RAW,
                                               byref(unit), byref(sample), byref(size), byref(reject))
            self._check(hr, reject.value, "WinBioCaptureSample", timeout)
            try:
                blob = ctypes.string_at(sample, size.value)
            finally:
                self._lib.WinBioFree(sample)
            # The BIR's standard data block is an ANSI 381 record; the grey image follows its
            # headers (general 36 bytes + first view 14 bytes).
            hint = WINBIO_BIR_HEADER_HINT.from_buffer_copy(blob[:ctypes.sizeof(WINBIO_BIR_HEADER_HINT)])
            record = blob[hint.StandardDataBlock_Offset:hint.StandardDataBlock_Offset + hint.StandardDataBlock_Size]
            width = int.from_bytes(record[28:30], "big") if len(record) > 50 else 0
            height = int.from_bytes(record[30:32], "big") if len(record) > 50 else 0
            image = record[50:50 + width * height]
            return CaptureResult(width, height, bytes(image), minutiae=0, quality=Quality.fair,
                                 seconds=time.perf_counter() - t0)
        finally:
            self._end(timer)

    def enroll(self, finger: Finger = Finger.right_index, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_progress: ProgressCallback | None = None,
               on_prompt: PromptCallback | None = None, keep_image: bool = False) -> EnrollResult:
        subfactor = _SUBFACTOR[Finger(finger)]
        self._require_session()
        timer = self._begin(timeout)
        try:
            hr = self._lib.WinBioEnrollBegin(self._session, ctypes.c_ubyte(subfactor), self._unit.UnitId)
            self._check(hr, 0, "WinBioEnrollBegin", timeout)
            done, retries = 0, 0
            while True:
                self.listeners.emit(PROMPT_PLACE_FINGER, on_prompt)
                reject = c_ulong(0)
                hr = self._lib.WinBioEnrollCapture(self._session, byref(reject))
                if _hr(hr) == WINBIO_E_BAD_CAPTURE:
                    retries += 1
                    self.listeners.emit(_REJECT.get(reject.value, "请重新按压"), on_prompt)
                    continue
                self._check(hr, reject.value, "WinBioEnrollCapture", timeout)
                done += 1
                if on_progress:
                    on_progress(done, 0)       # WBF does not say how many samples it needs
                if _hr(hr) != WINBIO_I_MORE_DATA:
                    break
            identity, is_new = WINBIO_IDENTITY(), ctypes.c_ubyte(0)
            hr = self._lib.WinBioEnrollCommit(self._session, byref(identity), byref(is_new))
            if _hr(hr) == WINBIO_E_DUPLICATE_ENROLLMENT:
                raise BadScanError("该手指已在本机录入过", reason="duplicate")
            self._check(hr, 0, "WinBioEnrollCommit", timeout)
            if identity.Type != WINBIO_ID_TYPE_GUID:      # a private pool names each template by a GUID
                raise DeviceFailureError("指纹录入未得到私有指纹库的模板标识，未保存（请核对 Windows 生物识别私有指纹库的配置）")
            template = MAGIC + bytes([subfactor]) + bytes(identity)
            return EnrollResult(template=template, finger=Finger(finger), stages=done, quality=Quality.good,
                                minutiae=0, device=self.info.id, backend="wbf", retries=retries)
        except FingerprintError:
            self._lib.WinBioEnrollDiscard(self._session)
            raise
        finally:
            self._end(timer)

    def verify(self, template: bytes, *, timeout: float | None = DEFAULT_TIMEOUT_S,
               on_prompt: PromptCallback | None = None) -> VerifyResult:
        if not template.startswith(MAGIC) or len(template) != 5 + ctypes.sizeof(WINBIO_IDENTITY):
            raise TemplateError("该指纹模板不是本机 Windows 生物识别框架录入的，无法比对")
        subfactor = template[4]
        identity = WINBIO_IDENTITY.from_buffer_copy(template[5:])
        if identity.Type != WINBIO_ID_TYPE_GUID:     # an earlier release enrolled into the clerk's Windows account
            raise TemplateError("该指纹是旧版本录入到 Windows 登录指纹库的，无法比对，请重新采集")
        self._require_session()
        timer = self._begin(timeout)
        try:
            t0 = time.perf_counter()
            self.listeners.emit(PROMPT_PLACE_FINGER, on_prompt)
            unit, match, reject = c_ulong(0), ctypes.c_ubyte(0), c_ulong(0)
            hr = self._lib.WinBioVerify(self._session, byref(identity), ctypes.c_ubyte(subfactor),
                                        byref(unit), byref(match), byref(reject))
            if _hr(hr) == WINBIO_E_NO_MATCH:
                return VerifyResult(match=False, seconds=time.perf_counter() - t0)
            self._check(hr, reject.value, "WinBioVerify", timeout)
            return VerifyResult(match=bool(match.value), seconds=time.perf_counter() - t0)
        finally:
            self._end(timer)

    def cancel(self) -> None:
        if self._session.value:
            self._lib.WinBioCancel(self._session)

    def close(self) -> None:
        if self._session.value:
            self.cancel()
            self._lib.WinBioCloseSession(self._session)
            self._session = c_ulong(0)


def open_device(device_id: str = "", *, database: str = "") -> WbfDevice:
    """The unit (first one unless ``device_id``) in a private pool on ``database`` (the
    ``[fingerprint] wbf_database`` GUID); :class:`WbfDatabaseMissingError` without one."""
    lib = _winbio()
    guid = database_id(database)
    units = _units(lib)
    if device_id:
        units = [u for u in units if str(u.UnitId) == device_id]
    if not units:
        raise DeviceAbsentError()
    dev = WbfDevice(lib, units[0], guid)
    dev.open()
    return dev
