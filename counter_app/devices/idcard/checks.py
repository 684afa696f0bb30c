"""Doctor check for the 居民身份证 reader (身份证阅读器)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from counter_app.health import FAIL, OK, WARN, Check

if TYPE_CHECKING:
    from counter_app.devices.idcard.sdtapi import SdtapiIdCardReader

NAME = "idcard_reader"


def checks(settings) -> list[Check]:
    from counter_app.devices.idcard import IdCardError, library_path, open_idcard_reader

    backend = settings.idcard.backend.value
    if backend == "none":
        return [Check(NAME, OK, "本工作站未启用身份证阅读器。")]
    if backend == "demo":
        return [Check(NAME, WARN, "身份证阅读器使用演示后端，不会读取真实身份证。",
                      "正式使用前请在配置 [idcard] 中把 backend 设为 sdtapi 或 json 并设置 library。")]
    try:
        reader = open_idcard_reader(settings)
        reader.check()
        if backend == "sdtapi":
            sdtapi = cast("SdtapiIdCardReader", reader)     # what open_idcard_reader gives for this backend
            port = sdtapi.find_port()
            photo = sdtapi.photo_support()
            photo_text = f"照片解码：{photo}" if photo else "库中无照片解码函数（unpack / GetBmp），读卡不含照片"
            return [Check(NAME, OK, f"身份证阅读器就绪：{library_path(settings)}，端口 {port}（{photo_text}）")]
    except IdCardError as err:
        return [Check(NAME, FAIL, err.message, err.hint)]
    return [Check(NAME, OK, f"身份证阅读器接口库已加载：{library_path(settings)}（函数 {settings.idcard.json_function}）")]
