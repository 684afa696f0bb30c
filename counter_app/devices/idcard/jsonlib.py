"""居民身份证 through a JSON-returning vendor library (several Linux readers ship one).

The library exports one function, ``const char *<json_function>(void)`` (name configurable,
``idcard.json_function``), that opens the reader, reads the card and returns a JSON object:

- success: the fields, at the top level or under ``data``; keys as the vendors spell them
  (``name``/``姓名``, ``sex``/``gender``, ``nation``/``民族`` (code or name), ``birth``/``born``,
  ``address``, ``idNum``/``id_number``/``cardNo``, ``issuer``/``police``/``签发机关``,
  ``validStart``/``startDate``, ``validEnd``/``endDate`` (``长期`` allowed), photo as base64
  (``photo``/``photoBase64``/``image``) or a file the library wrote (``photoPath``));
- failure: a non-zero ``code``/``errCode``/``retCode``/``result`` with ``message``/``msg``/``errMsg``.

The string is copied at once (``c_char_p``); the library owns its buffer.
"""

from __future__ import annotations

import base64
import binascii
import ctypes
import json
import os
import threading
import time

from counter_app.devices.idcard import errors as E
from counter_app.devices.idcard._loader import load
from counter_app.devices.idcard.model import IdCardRecord, record_from_fields, sniff_photo_format

DEFAULT_FUNCTION = "ReadIDCardJson"
_ALIASES = {
    "name": ("name", "姓名", "partyName", "xm"),
    "sex": ("sex", "gender", "性别", "xb"),
    "ethnicity": ("nation", "ethnicity", "民族", "folk", "mz"),
    "birth": ("birth", "born", "birthday", "birthDate", "出生", "csrq"),
    "address": ("address", "addr", "住址", "zz"),
    "id_number": ("idNum", "id_number", "idNumber", "cardNo", "certNumber", "公民身份号码", "sfzh"),
    "authority": ("issuer", "police", "issuingAuthority", "signingOrganization", "签发机关", "qfjg"),
    "valid_from": ("validStart", "startDate", "effectedDate", "userLifeBegin", "有效期起始", "yxqq"),
    "valid_until": ("validEnd", "endDate", "expiredDate", "userLifeEnd", "有效期截止", "yxqz"),
}
_CODE_KEYS = ("code", "errCode", "errcode", "retCode", "ret", "result", "resultCode")
_MESSAGE_KEYS = ("message", "msg", "errMsg", "errmsg", "error", "retMsg")
_NO_CARD = ("无卡", "未放卡", "未检测到卡", "找卡失败", "寻卡失败", "请放卡", "no card", "card not found")
_NO_READER = ("端口", "设备未连接", "未找到设备", "打开设备失败", "未连接", "no device", "open device", "device not found")


def _first(d: dict, keys: tuple[str, ...]):
    for k in keys:
        if k in d and d[k] not in (None, ""):
            return d[k]
    return None


def parse_json_answer(text: str) -> IdCardRecord:
    """The vendor's JSON answer → record, or the :class:`IdCardError` it means."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise E.IdDataError("身份证阅读器返回的不是合法的 JSON。", detail=text[:80]) from None
    if not isinstance(doc, dict):
        raise E.IdDataError("身份证阅读器返回的 JSON 不是对象。")
    code = _first(doc, _CODE_KEYS)
    message = str(_first(doc, _MESSAGE_KEYS) or "").strip()
    ok_code = code is None or str(code).strip() in ("0", "0x90", "144", "true", "True", "success")
    inner = doc.get("data")
    data = inner if isinstance(inner, dict) else doc
    if not ok_code or (message and _first(data, _ALIASES["id_number"]) is None):
        low = message.lower()
        detail = f"code={code}"
        if any(p in low for p in _NO_CARD) or str(code) in ("128", "0x80"):
            raise E.IdNoCardError(hint=f"阅读器提示：{message or '无卡'}。请将居民身份证平放在感应区后重试。", detail=detail)
        if any(p in low for p in _NO_READER):
            raise E.IdNoReaderError(f"身份证阅读器无法使用：{message}。", detail=detail)
        raise E.IdReadError(f"居民身份证读取失败（返回码 {code}）：{message or '阅读器未给出说明'}。", detail=detail)
    fields_ = {key: str(_first(data, names) or "") for key, names in _ALIASES.items()}
    photo = b""
    b64 = _first(data, ("photo", "photoBase64", "image", "picture", "zp"))
    if isinstance(b64, str):
        try:
            photo = base64.b64decode(b64.split(",", 1)[-1], validate=False)
        except (binascii.Error, ValueError):
            photo = b""
    path = _first(data, ("photoPath", "photo_file", "photoFile", "bmpPath"))
    if not photo and isinstance(path, str) and os.path.isfile(path):
        with open(path, "rb") as fh:
            photo = fh.read()
    try:
        return record_from_fields(fields_, source="json", photo=photo, photo_format=sniff_photo_format(photo))
    except ValueError as exc:
        raise E.data_error(exc) from None


class JsonIdCardReader:
    backend = "json"
    watch_interval = 0.8

    def __init__(self, library_path: str, function: str = DEFAULT_FUNCTION):
        self.library_path = (library_path or "").strip()
        self.function = (function or DEFAULT_FUNCTION).strip()
        self._lock = threading.Lock()

    def _function(self):
        lib = load(self.library_path, setting="idcard.library", required=(self.function,))
        fn = getattr(lib, self.function)
        fn.argtypes = []
        fn.restype = ctypes.c_char_p
        return fn

    def check(self) -> None:
        self._function()

    def read_raw(self) -> str:
        fn = self._function()
        with self._lock:
            raw = fn()
        if raw is None:
            raise E.IdReadError("身份证阅读器接口未返回任何内容。", detail=f"{self.function}=NULL")
        for enc in ("utf-8", "gb18030"):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
        raise E.IdDataError("身份证阅读器返回的文字编码无法识别。")

    def read(self, timeout: float = 0.0) -> IdCardRecord:
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                return parse_json_answer(self.read_raw())
            except E.IdNoCardError:
                if time.monotonic() >= deadline:
                    raise
            time.sleep(0.2)

    def watch(self, on_inserted, on_removed, on_error=None):
        from counter_app.devices.idcard.watch import IdCardWatcher

        return IdCardWatcher(self.read, on_inserted, on_removed, on_error, interval=self.watch_interval).start()

    def close(self) -> None:
        pass
