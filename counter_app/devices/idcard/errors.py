"""居民身份证读卡错误: every failure a clerk can meet, in Chinese with what to do.

They subclass the social security card errors (:mod:`counter_app.devices.card.errors`), so the
same watcher machinery (:mod:`counter_app.devices.idcard.watch`), the same JSON shape
(``as_dict``) and the same bridges handle both: :class:`IdNoCardError` is a
:class:`~counter_app.devices.card.errors.NoCardError` ("no card yet", retried, a removal).
"""

from __future__ import annotations

from counter_app.devices.card import errors as card_errors


class IdCardError(card_errors.CardError):
    code = "idcard_error"
    default_message = "读取居民身份证失败。"


class IdLibraryError(IdCardError):
    """The vendor library is not configured, missing, not loadable or not an sdtapi / JSON library."""

    code = "idcard_library"
    default_message = "无法加载身份证阅读器厂商动态库。"
    default_hint = ("请在配置 [idcard] 中设置 library 为阅读器厂商提供的动态库（Linux 为 libsdtapi.so，"
                    "Windows 为 sdtapi.dll），并确认与本程序位数一致。")


class IdNoReaderError(IdCardError):
    code = "idcard_no_reader"
    retryable = True
    default_message = "未找到身份证阅读器（端口打开失败）。"
    default_hint = "请检查阅读器的 USB / 串口连接和驱动；如配置了 idcard.port，请核对端口号（USB 口为 1001～1016，串口为 1～16）。"


class IdNoCardError(IdCardError, card_errors.NoCardError):
    code = "idcard_no_card"
    retryable = True
    default_message = "阅读器上没有居民身份证。"
    default_hint = "请将居民身份证平放在阅读器感应区后重试。"


class IdReadError(IdCardError):
    """The card was found but reading it failed; the vendor's return code is kept."""

    code = "idcard_read"
    retryable = True
    default_message = "居民身份证读取失败。"
    default_hint = "请将身份证平放在感应区、读卡完成前不要移开，然后重试；仍失败时请检查证件是否损坏。"


class IdDataError(IdCardError):
    code = "idcard_data"
    default_message = "居民身份证信息不完整或格式不正确。"
    default_hint = "请重试；仍然失败时请核对证件原件，必要时手工录入。"


class IdContentError(IdDataError, card_errors.CardContentError):
    """The ID card's data cannot be right (an invalid number, control characters, validity ending
    before it starts): refused like the social security card's :class:`CardContentError` (a failed
    read on the audit trail, the problem's name only), worded and coded as :class:`IdDataError`."""

    def __init__(self, label: str, message: str, *, detail: str = ""):
        card_errors.CardError.__init__(self, message, detail=detail)   # not CardContentError's (problems)
        self.labels = [label]
        self.params = (label,)


def data_error(exc: ValueError, *, detail: str = "") -> IdDataError:
    """The error for the ID card data the model refused (``ValueError`` from :mod:`.model`)."""
    from counter_app.devices.idcard.model import ContentProblem

    message = f"居民身份证信息不完整或格式不正确：{exc}。"
    if isinstance(exc, ContentProblem):
        return IdContentError(exc.label, message, detail=detail)
    return IdDataError(message, detail=detail)


# SDT return codes (GA/T 467 security module via the vendor's sdtapi) and what they mean
SDT_OK = 0x90
SDT_FOUND = 0x9F
SDT_NO_CARD = 0x80
SDT_SELECT_FAILED = 0x81

SDT_MESSAGES = {
    0x01: "端口打开失败、端口尚未打开或端口号不合法",
    0x02: "接收阅读器数据超时",
    0x03: "数据传输错误",
    0x05: "安全模块串口不可用",
    0x10: "校验和错误",
    0x11: "长度错误",
    0x21: "命令错误或越权",
    0x23: "无法识别的错误",
    0x24: "未知错误",
    0x31: "卡认证机具失败",
    0x32: "机具认证卡失败",
    0x33: "信息验证错误",
    0x40: "无法识别的卡类型",
    0x41: "读卡操作失败",
    0x47: "取随机数失败",
    0x60: "安全模块自检失败",
    0x66: "安全模块未经授权",
    0x80: "找卡不成功",
    0x81: "选卡不成功",
    0x91: "无此项内容",
}


def sdt_error(step: str, rc: int) -> IdCardError:
    """The error for a non-success SDT return code of ``step`` (SDT_ReadBaseMsg …)."""
    what = SDT_MESSAGES.get(rc, "阅读器未给出说明")
    detail = f"{step}=0x{rc & 0xFF:02X}"
    if rc in (0x80, 0x81):
        return IdNoCardError(hint=f"阅读器提示：{what}。请将居民身份证平放在感应区后重试。", detail=detail)
    if rc in (0x01, 0x02, 0x05, 0x60):
        return IdNoReaderError(f"身份证阅读器无法使用：{what}（返回码 0x{rc & 0xFF:02X}）。", detail=detail)
    return IdReadError(f"居民身份证读取失败：{what}（{step} 返回码 0x{rc & 0xFF:02X}）。", detail=detail)
