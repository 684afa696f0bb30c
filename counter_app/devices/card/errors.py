"""读卡错误：each failure a clerk can meet, with a clear Chinese message and what to do.

``code`` is a stable English identifier (JSON output, tests); ``message`` and ``hint`` are the
Chinese text for the clerk; ``retryable`` says whether simply trying again may succeed.
"""

from __future__ import annotations

from datetime import date


class CardError(Exception):
    code = "card_error"
    retryable = False
    default_message = "读卡失败。"
    default_hint = ""

    def __init__(self, message: str | None = None, *, hint: str | None = None, detail: str = ""):
        self.message = message or self.default_message
        self.hint = self.default_hint if hint is None else hint
        self.detail = detail            # technical detail (status word, PC/SC code) for logs
        super().__init__(self.message)

    def text(self) -> str:
        """Message plus hint, one line each, for dialogs and the CLI."""
        return self.message + (f"\n{self.hint}" if self.hint else "")

    def as_dict(self) -> dict:
        return {"error": self.code, "message": self.message, "hint": self.hint,
                "retryable": self.retryable, "detail": self.detail}


class PcscServiceError(CardError):
    code = "no_service"
    default_message = "智能卡服务（PC/SC）未运行，无法使用读卡器。"
    default_hint = "Linux 上请启动 pcscd 服务（systemctl start pcscd 或 pcscd），Windows 上请启动“Smart Card”服务，然后重试。"


class NoReaderError(CardError):
    code = "no_reader"
    default_message = "未找到读卡器。"
    default_hint = "请检查读卡器的 USB 连接和驱动；如配置了读卡器名称，请核对名称是否正确（counter-app card readers 可列出读卡器）。"


class NoCardError(CardError):
    code = "no_card"
    retryable = True
    default_message = "读卡器中没有社会保障卡。"
    default_hint = "请将社会保障卡芯片朝上插入读卡器后重试。"


class CardRemovedError(CardError):
    code = "card_removed"
    retryable = True
    default_message = "读卡过程中社会保障卡被拔出，信息未读全。"
    default_hint = "请重新插入社会保障卡，读卡完成前不要拔卡，然后重试。"


# How long a read may wait for the reader / card to answer once it has begun (the CLI, the watcher
# and the window's 读卡中… deadline all use this bound).
READ_ANSWER_SECONDS = 5


class NoAnswerError(CardError):
    """The reader or card stopped answering in the middle of a read (not a removal)."""

    code = "no_answer"
    retryable = True
    default_message = f"读卡器 {READ_ANSWER_SECONDS} 秒内没有应答。"
    default_hint = "请检查读卡器后重新插卡再读；仍然没有应答时请拔插读卡器的 USB 线。"

    def __init__(self, seconds: float = READ_ANSWER_SECONDS, *, detail: str = ""):
        self.seconds = seconds
        super().__init__(None if seconds == READ_ANSWER_SECONDS else f"读卡器 {seconds:g} 秒内没有应答。",
                         detail=detail or f"no answer within {seconds:g} s")


class ReaderBusyError(CardError):
    code = "reader_busy"
    retryable = True
    default_message = "读卡器正被其他程序占用。"
    default_hint = "请关闭其他正在使用读卡器的程序后重试。"


class UnknownCardError(CardError):
    code = "unknown_card"
    default_message = "无法识别此卡：不是社会保障卡，或卡内没有社会保障应用。"
    default_hint = "请确认插入的是社会保障卡（不是银行卡或其他卡片），芯片朝上插到底后重试。"


class CardDataError(CardError):
    code = "card_data"
    default_message = "社会保障卡中的信息不完整或格式不正确。"
    default_hint = "请重试；仍然失败时请参保人到社保卡服务网点检测或补换卡。"


class CardContentError(CardDataError):
    """卡内数据有误：the card answered, but what it holds cannot be right (an invalid 社会保障号码,
    control characters or a foreign encoding in the name). ``labels`` name the problems without
    the card's data (the audit trail records them); ``details`` say what is wrong with each ("" for
    none). The message composes both in Chinese (the CLI, the log); the window composes them again
    in its own language from ``params`` (the labels) and ``details`` (counter_app.ui.device_errors)."""

    code = "card_content"
    default_message = "卡内数据有误，请改用身份证或人工核对。"
    default_hint = "请参保人到社保卡服务网点检测或补换卡。"

    def __init__(self, problems: "list[tuple[str, str]] | tuple[()]" = (), *, detail: str = ""):
        self.labels = [label for label, _ in problems]
        self.params = tuple(self.labels)      # carried into the window's DeviceError for its audit
        self.details = tuple(why for _, why in problems)
        said = "；".join(f"{label}（{why}）" if why else label for label, why in problems)
        super().__init__(f"卡内数据有误：{said}，请改用身份证或人工核对。" if said else None, detail=detail)

    def audit_text(self) -> str:
        return "卡内数据有误：" + "；".join(self.labels)


class ThirdGenerationCardError(CardError):
    code = "third_generation"
    default_message = "这是第三代社会保障卡（规范版本 3.00），姓名和社会保障号码不能通过普通 PC/SC 读卡器明文读取。"
    default_hint = "请改用支持全国统一读卡接口的读卡器（配置 card.backend = \"unified\" 并设置 card.unified_library）。"


class UnifiedLibraryError(CardError):
    code = "unified_library"
    default_message = "无法加载全国统一读卡接口动态库。"
    default_hint = "请在配置中设置 card.unified_library 为读卡器厂商提供的动态库路径，并确认与本程序位数一致。"


class UnifiedReaderError(CardError):
    """The vendor library returned non-zero; its own error text is kept in ``vendor_text``."""

    code = "unified_reader"
    retryable = True

    def __init__(self, return_code: int, vendor_text: str):
        self.return_code = return_code
        self.vendor_text = vendor_text
        super().__init__(
            f"统一读卡接口读卡失败（返回码 {return_code}）：{vendor_text or '读卡器未给出错误说明'}",
            hint="请检查卡片是否插好、读卡器是否连接，然后重试。",
            detail=f"iReadCardBas={return_code}",
        )


class HsmRequiredError(CardError):
    code = "hsm_required"
    default_message = "这是第三代社会保障卡，统一读卡接口的普通读卡功能未返回姓名和社会保障号码。"
    default_hint = ("需要使用加密机版本的接口（iReadCardBas_HSM_Step1 / iReadCardBas_HSM_Step2）"
                    "经安全模块读取，请联系信息技术人员开通。")


class ExpiredCardWarning:
    """过期卡：a warning, not an error — the data still shows."""

    code = "expired"

    def __init__(self, expiry_date: date | None):
        from counter_app.devices.warnings import CARD_EXPIRED, CARD_EXPIRED_UNKNOWN, CardWarning

        self.expiry_date = expiry_date
        warning = CardWarning(CARD_EXPIRED, (expiry_date,)) if expiry_date else CardWarning(CARD_EXPIRED_UNKNOWN)
        self.message = warning.text()

    def __str__(self) -> str:
        return self.message


# -- PC/SC return codes → clear errors --------------------------------------------------------

_NO_SERVICE = {0x8010001D, 0x8010001E, 0x80100013}          # no service, stopped, comm error
_NO_READER = {0x8010002E, 0x80100009, 0x80100017}           # none available, unknown, unavailable
_NO_CARD = {0x8010000C, 0x80100067}                          # no smartcard, unpowered
PCSC_REMOVED = {0x80100069, 0x80100016, 0x80100068, 0x8010002F, 0x80100003}  # removed, not transacted, reset, lost, stale handle
_BUSY = {0x8010000B}
_UNRESPONSIVE = {0x80100066, 0x8010000F}


def error_from_pcsc(rc: int, *, during_read: bool = False) -> CardError:
    """Map a PC/SC return code to a :class:`CardError` (``during_read``: a card was being read)."""
    rc &= 0xFFFFFFFF
    detail = f"PC/SC 0x{rc:08X}"
    if rc in _NO_SERVICE:
        return PcscServiceError(detail=detail)
    if rc in _NO_READER:
        return NoReaderError(detail=detail)
    if rc in _NO_CARD:
        return (CardRemovedError if during_read else NoCardError)(detail=detail)
    if rc in PCSC_REMOVED:
        return CardRemovedError(detail=detail)
    if rc in _BUSY:
        return ReaderBusyError(detail=detail)
    if rc in _UNRESPONSIVE:
        return UnknownCardError("卡片无响应：可能插反、芯片脏污，或不是社会保障卡。", detail=detail)
    return CardError(f"读卡器返回错误（0x{rc:08X}）。", hint="请重新插卡后重试；仍然失败时请重启读卡器。", detail=detail)
