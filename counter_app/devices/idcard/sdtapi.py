"""居民身份证 through the vendor's ``sdtapi`` library (GA/T 467 security module), via ctypes.

The common interface of the ID card readers (新中新、华视、神思 … all ship it as ``sdtapi.dll`` /
``libsdtapi.so``)::

    int SDT_OpenPort(int iPort);                       0x90 ok
    int SDT_ClosePort(int iPort);
    int SDT_StartFindIDCard(int iPort, unsigned char *pucManaInfo, int iIfOpen);    0x9F found, 0x80 none
    int SDT_SelectIDCard(int iPort, unsigned char *pucManaMsg, int iIfOpen);        0x90 ok, 0x81 failed
    int SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen,
                        unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen);  0x90 ok

Ports: 1001–1016 USB, 1–16 serial; port 0 in the settings means "find it" (USB first).
The text block is decoded by :func:`counter_app.devices.idcard.model.decode_base_message`. The
photo block is the module's compressed "wlt" image; when the library (or ``photo_library``)
exports a decoder it is used: ``int unpack(char *wlt, char *bmp, int type)`` (buffer to buffer,
1 = ok, Linux libwlt) or ``int GetBmp(char *wlt_file, int type)`` (writes ``<file>.bmp`` beside
it, 1 = ok, WltRS). Without one, or when it fails, the record has no photo (the text still counts).
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import tempfile
import threading
import time

from counter_app.devices.idcard import errors as E
from counter_app.devices.idcard._loader import load
from counter_app.devices.idcard.model import IdCardRecord, decode_base_message, sniff_photo_format

FUNCTIONS = ("SDT_OpenPort", "SDT_ClosePort", "SDT_StartFindIDCard", "SDT_SelectIDCard", "SDT_ReadBaseMsg")
AUTO_PORTS = tuple(range(1001, 1017)) + tuple(range(1, 17))
BMP_BUFFER = 38862          # 102×126 24-bit BMP as libwlt writes it (+ slack)

log = logging.getLogger(__name__)

PHOTO_DIR_PREFIX = "idcard-"
_STALE_SECONDS = 600


def _private_runtime_dir() -> str | None:
    """``XDG_RUNTIME_DIR`` when it is this user's private tmpfs folder (0700, owned by us), else None
    (the system's temporary folder; tempfile's folder is 0700 there too)."""
    d = os.environ.get("XDG_RUNTIME_DIR") or ""
    try:
        st = os.stat(d) if d else None
    except OSError:
        return None
    getuid = getattr(os, "getuid", None)      # Unix only: Windows has no XDG_RUNTIME_DIR to trust
    if st is None or getuid is None or st.st_uid != getuid() or st.st_mode & 0o077:
        return None
    return d


def _ours(st: os.stat_result) -> bool:
    """Owned by this user. Windows has no uid (``os.getuid`` is Unix only): its %TEMP% is the
    user's own folder already."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or st.st_uid == getuid()


def _short_path(path: str) -> str:
    """Windows: the 8.3 form of an existing ``path`` (GetShortPathNameW; ASCII wherever the volume
    keeps short names), or ``path`` itself when there is none."""
    kernel32 = getattr(getattr(ctypes, "windll", None), "kernel32", None)
    if kernel32 is None:
        return path
    fn = kernel32.GetShortPathNameW
    fn.argtypes = [ctypes.c_wchar_p, ctypes.c_wchar_p, ctypes.c_uint32]
    fn.restype = ctypes.c_uint32
    size = fn(path, None, 0)
    if not size:
        return path
    buf = ctypes.create_unicode_buffer(size)
    return buf.value if fn(path, buf, size) else path


def _ansi_path(path: str) -> bytes:
    """``path`` as a vendor's ``GetBmp(char *)`` reads it. On Windows the DLL takes an ANSI string
    (the system code page, CP936 on Chinese Windows), not UTF-8: a path with other than ASCII
    characters (a clerk's Chinese account name in %TEMP%) goes as its 8.3 short form, then encoded
    "mbcs", strictly — :class:`UnicodeEncodeError` when the code page cannot say it (no photo then).
    Elsewhere: the file system's encoding."""
    if sys.platform != "win32":
        return os.fsencode(path)
    if not path.isascii():
        path = _short_path(path)
    return path.encode("mbcs")


def _remove_stale_photo_dirs(parent: str | None) -> None:
    """Photo folders a killed reader left behind (ours, older than ten minutes)."""
    import shutil

    base = parent or tempfile.gettempdir()
    try:
        names = [n for n in os.listdir(base) if n.startswith(PHOTO_DIR_PREFIX)]
    except OSError:
        return
    now = time.time()
    for name in names:
        path = os.path.join(base, name)
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if _ours(st) and os.path.isdir(path) and not os.path.islink(path) and now - st.st_mtime > _STALE_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


class SdtapiIdCardReader:
    """Reads through ``sdtapi``; calls are serialised (vendor libraries are not re-entrant)."""

    backend = "sdtapi"
    watch_interval = 0.8        # seconds between polls: the module has no "card placed" event

    def __init__(self, library_path: str, port: int = 0, photo_library: str = ""):
        self.library_path = (library_path or "").strip()
        self.photo_library = (photo_library or "").strip()
        if port < 0:
            raise E.IdLibraryError(f"idcard.port 应为 0（自动）或端口号，当前为 {port}。")
        self.port = port
        self._found_port: int | None = None
        self._lock = threading.Lock()

    # -- library -----------------------------------------------------------------------------
    def _library(self) -> ctypes.CDLL:
        lib = load(self.library_path, setting="idcard.library", required=FUNCTIONS)
        lib.SDT_OpenPort.argtypes = [ctypes.c_int]
        lib.SDT_ClosePort.argtypes = [ctypes.c_int]
        lib.SDT_StartFindIDCard.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.SDT_SelectIDCard.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.SDT_ReadBaseMsg.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint),
                                        ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint), ctypes.c_int]
        for name in FUNCTIONS:
            getattr(lib, name).restype = ctypes.c_int
        return lib

    def _photo_decoder(self, lib):
        plib = load(self.photo_library, setting="idcard.photo_library", required=()) if self.photo_library else lib
        if hasattr(plib, "unpack"):
            plib.unpack.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
            plib.unpack.restype = ctypes.c_int
            return "unpack", plib.unpack
        if hasattr(plib, "GetBmp"):
            plib.GetBmp.argtypes = [ctypes.c_char_p, ctypes.c_int]
            plib.GetBmp.restype = ctypes.c_int
            return "GetBmp", plib.GetBmp
        return None, None

    def check(self) -> None:
        """Raise :class:`IdLibraryError` unless the library loads and exports the SDT functions."""
        self._library()

    def photo_support(self) -> str:
        """The name of the photo decoder the library exports ("unpack", "GetBmp") or ""."""
        return self._photo_decoder(self._library())[0] or ""

    def find_port(self) -> int:
        """The port the reader answers on (the configured one, or the first of USB 1001–1016, serial 1–16)."""
        lib = self._library()
        with self._lock:
            return self._open_port(lib)

    def _open_port(self, lib) -> int:
        candidates = (self.port,) if self.port else (
            ((self._found_port,) if self._found_port else ()) + AUTO_PORTS)
        for port in candidates:
            if lib.SDT_OpenPort(port) == E.SDT_OK:
                self._found_port = port
                return port
        where = f"端口 {self.port}" if self.port else "USB 端口 1001～1016 和串口 1～16"
        raise E.IdNoReaderError(f"未找到身份证阅读器：{where}均打开失败。", detail="SDT_OpenPort")

    # -- reading -----------------------------------------------------------------------------
    def read(self, timeout: float = 0.0) -> IdCardRecord:
        """One read; with ``timeout`` > 0, "no card" is retried until it passes."""
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                return self._read_once()
            except E.IdNoCardError:
                if time.monotonic() >= deadline:
                    raise
            time.sleep(0.2)

    def _read_once(self) -> IdCardRecord:
        lib = self._library()
        with self._lock:
            port = self._open_port(lib)
            try:
                mana = ctypes.create_string_buffer(8)
                rc = lib.SDT_StartFindIDCard(port, mana, 0)
                if rc != E.SDT_FOUND:
                    raise E.sdt_error("SDT_StartFindIDCard", rc)
                rc = lib.SDT_SelectIDCard(port, mana, 0)
                if rc != E.SDT_OK:
                    raise E.sdt_error("SDT_SelectIDCard", rc)
                text, photo = ctypes.create_string_buffer(1024), ctypes.create_string_buffer(2048)
                text_len, photo_len = ctypes.c_uint(0), ctypes.c_uint(0)
                rc = lib.SDT_ReadBaseMsg(port, text, ctypes.byref(text_len), photo, ctypes.byref(photo_len), 0)
                if rc != E.SDT_OK:
                    raise E.sdt_error("SDT_ReadBaseMsg", rc)
            finally:
                lib.SDT_ClosePort(port)
            raw_text = text.raw[:min(text_len.value, len(text))]
            wlt = photo.raw[:min(photo_len.value, len(photo))]
            image = self._decode_photo(lib, wlt) if wlt else b""
        try:
            return decode_base_message(raw_text, source="sdtapi", photo=image, photo_format=sniff_photo_format(image))
        except ValueError as exc:
            raise E.data_error(exc, detail=f"{len(raw_text)} bytes") from None

    def _decode_photo(self, lib, wlt: bytes) -> bytes:
        """The vendor decoder's bitmap, or b"" (no decoder, or it failed: the text still counts).
        A failure nobody expected (the DLL faulting, a path it cannot be given, a folder that cannot
        be written) is logged by its kind only — never the path (the clerk's account name) nor data."""
        try:
            return self._run_decoder(lib, wlt)
        except Exception as exc:     # the photo is optional, the card's text is not
            log.warning("ID card photo decoder failed (%s): the read has no photo", type(exc).__name__)
            return b""

    def _run_decoder(self, lib, wlt: bytes) -> bytes:
        kind, fn = self._photo_decoder(lib)
        if kind == "unpack":
            out = ctypes.create_string_buffer(BMP_BUFFER)
            if fn(wlt, out, 1) != 1:
                return b""
            data = out.raw
            if data.startswith(b"BM") and len(data) >= 6:
                size = int.from_bytes(data[2:6], "little")
                return data[:size] if 0 < size <= len(data) else data
            return b""
        if kind == "GetBmp":
            # the vendor decoder takes a path: the card's photo goes to a private (0700) folder, in
            # the session's tmpfs (XDG_RUNTIME_DIR) when there is one so it never reaches a disk,
            # removed when decoded; a process killed meanwhile (kill -9) leaves it there until the
            # next decode here or the end of the session (tmpfs). On Windows the DLL may still hold
            # zp.bmp open when the folder goes: that leftover goes at a later read, too
            parent = _private_runtime_dir()
            _remove_stale_photo_dirs(parent)
            with tempfile.TemporaryDirectory(prefix=PHOTO_DIR_PREFIX, dir=parent, ignore_cleanup_errors=True) as d:
                wlt_path = os.path.join(d, "zp.wlt")
                fd = os.open(wlt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(wlt)
                if fn(_ansi_path(wlt_path), 2) != 1:
                    return b""
                bmp_path = os.path.join(d, "zp.bmp")
                if not os.path.exists(bmp_path):
                    return b""
                with open(bmp_path, "rb") as fh:
                    return fh.read()
        return b""

    def watch(self, on_inserted, on_removed, on_error=None):
        from counter_app.devices.idcard.watch import IdCardWatcher

        return IdCardWatcher(self.read, on_inserted, on_removed, on_error, interval=self.watch_interval).start()

    def close(self) -> None:
        pass
