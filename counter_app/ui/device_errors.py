"""The devices' own errors (读卡器, 身份证阅读器, 指纹采集器) in the clerk's language.

``counter_app.devices`` words its errors in Chinese (``CardError.message`` / ``hint``,
``FingerprintError.message``) for the CLI and the log, and gives each a stable English ``code``;
it knows nothing of Qt (import-linter). Here, at the UI boundary, a code's own message and hint are
worded through tr() (context ``DeviceErrors``). A message the device put together itself (a PC/SC
or vendor return code, a number of seconds) is not its code's default and is shown as it is, in
Chinese; so is an unknown code. tests/unit/app/test_translations.py checks that each entry is the
devices' current default text, so a reworded device message cannot silently stay untranslated.

An error that stays on screen (the card line, the status bar's device list, the fingerprint step's
note) is kept as data, a :class:`DeviceError` (:func:`device_error`), and worded by
:func:`error_text` each time it is shown, so a live language switch re-words it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# code -> (the device's default message, its default hint); fingerprint codes are prefixed, as the
# fingerprint and card codes are separate name spaces
TEXTS: dict[str, tuple[object, object]] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "card_data": (QT_TRANSLATE_NOOP("DeviceErrors", "社会保障卡中的信息不完整或格式不正确。"),
                  QT_TRANSLATE_NOOP("DeviceErrors", "请重试；仍然失败时请参保人到社保卡服务网点检测或补换卡。")),
    "card_error": (QT_TRANSLATE_NOOP("DeviceErrors", "读卡失败。"),
                   ""),
    "card_removed": (QT_TRANSLATE_NOOP("DeviceErrors", "读卡过程中社会保障卡被拔出，信息未读全。"),
                     QT_TRANSLATE_NOOP("DeviceErrors", "请重新插入社会保障卡，读卡完成前不要拔卡，然后重试。")),
    "hsm_required": (QT_TRANSLATE_NOOP("DeviceErrors", "这是第三代社会保障卡，统一读卡接口的普通读卡功能未返回姓名和社会保障号码。"),
                     QT_TRANSLATE_NOOP("DeviceErrors", "需要使用加密机版本的接口（iReadCardBas_HSM_Step1 / iReadCardBas_HSM_Step2）经安全模块读取，请联系信息技术人员开通。")),  # noqa: E501
    "card_content": (QT_TRANSLATE_NOOP("DeviceErrors", "卡内数据有误，请改用身份证或人工核对。"),
                     QT_TRANSLATE_NOOP("DeviceErrors", "请参保人到社保卡服务网点检测或补换卡。")),
    "no_answer": (QT_TRANSLATE_NOOP("DeviceErrors", "读卡器 5 秒内没有应答。"),
                  QT_TRANSLATE_NOOP("DeviceErrors", "请检查读卡器后重新插卡再读；仍然没有应答时请拔插读卡器的 USB 线。")),
    "no_card": (QT_TRANSLATE_NOOP("DeviceErrors", "读卡器中没有社会保障卡。"),
                QT_TRANSLATE_NOOP("DeviceErrors", "请将社会保障卡芯片朝上插入读卡器后重试。")),
    "no_reader": (QT_TRANSLATE_NOOP("DeviceErrors", "未找到读卡器。"),
                  QT_TRANSLATE_NOOP("DeviceErrors", "请检查读卡器的 USB 连接和驱动；如配置了读卡器名称，请核对名称是否正确（counter-app card readers 可列出读卡器）。")),  # noqa: E501
    "no_service": (QT_TRANSLATE_NOOP("DeviceErrors", "智能卡服务（PC/SC）未运行，无法使用读卡器。"),
                   QT_TRANSLATE_NOOP("DeviceErrors", "Linux 上请启动 pcscd 服务（systemctl start pcscd 或 pcscd），Windows 上请启动“Smart Card”服务，然后重试。")),  # noqa: E501
    "reader_busy": (QT_TRANSLATE_NOOP("DeviceErrors", "读卡器正被其他程序占用。"),
                    QT_TRANSLATE_NOOP("DeviceErrors", "请关闭其他正在使用读卡器的程序后重试。")),
    "third_generation": (QT_TRANSLATE_NOOP("DeviceErrors", "这是第三代社会保障卡（规范版本 3.00），姓名和社会保障号码不能通过普通 PC/SC 读卡器明文读取。"),  # noqa: E501
                         QT_TRANSLATE_NOOP("DeviceErrors", "请改用支持全国统一读卡接口的读卡器（配置 card.backend = \"unified\" 并设置 card.unified_library）。")),  # noqa: E501
    "unified_library": (QT_TRANSLATE_NOOP("DeviceErrors", "无法加载全国统一读卡接口动态库。"),
                        QT_TRANSLATE_NOOP("DeviceErrors", "请在配置中设置 card.unified_library 为读卡器厂商提供的动态库路径，并确认与本程序位数一致。")),  # noqa: E501
    "unknown_card": (QT_TRANSLATE_NOOP("DeviceErrors", "无法识别此卡：不是社会保障卡，或卡内没有社会保障应用。"),
                     QT_TRANSLATE_NOOP("DeviceErrors", "请确认插入的是社会保障卡（不是银行卡或其他卡片），芯片朝上插到底后重试。")),
    "idcard_error": (QT_TRANSLATE_NOOP("DeviceErrors", "读取居民身份证失败。"),
                     ""),
    "idcard_data": (QT_TRANSLATE_NOOP("DeviceErrors", "居民身份证信息不完整或格式不正确。"),
                    QT_TRANSLATE_NOOP("DeviceErrors", "请重试；仍然失败时请核对证件原件，必要时手工录入。")),
    "idcard_library": (QT_TRANSLATE_NOOP("DeviceErrors", "无法加载身份证阅读器厂商动态库。"),
                       QT_TRANSLATE_NOOP("DeviceErrors", "请在配置 [idcard] 中设置 library 为阅读器厂商提供的动态库（Linux 为 libsdtapi.so，Windows 为 sdtapi.dll），并确认与本程序位数一致。")),  # noqa: E501
    "idcard_no_card": (QT_TRANSLATE_NOOP("DeviceErrors", "阅读器上没有居民身份证。"),
                       QT_TRANSLATE_NOOP("DeviceErrors", "请将居民身份证平放在阅读器感应区后重试。")),
    "idcard_no_reader": (QT_TRANSLATE_NOOP("DeviceErrors", "未找到身份证阅读器（端口打开失败）。"),
                         QT_TRANSLATE_NOOP("DeviceErrors", "请检查阅读器的 USB / 串口连接和驱动；如配置了 idcard.port，请核对端口号（USB 口为 1001～1016，串口为 1～16）。")),  # noqa: E501
    "idcard_read": (QT_TRANSLATE_NOOP("DeviceErrors", "居民身份证读取失败。"),
                    QT_TRANSLATE_NOOP("DeviceErrors", "请将身份证平放在感应区、读卡完成前不要移开，然后重试；仍失败时请检查证件是否损坏。")),
    "fingerprint.device_absent": (QT_TRANSLATE_NOOP("DeviceErrors", "未检测到指纹采集器"),
                                  ""),
    "fingerprint.busy": (QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器正忙（另一项采集尚未结束）"),
                         QT_TRANSLATE_NOOP("DeviceErrors", "请等待当前采集结束，或先取消当前采集。")),
    "fingerprint.bad_scan": (QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集质量不合格，请重新按压"),
                             ""),
    "fingerprint.cancelled": (QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集已取消"),
                              ""),
    # 电子社保卡 check (counter_app.sync.essc.EsscError; prefixed like the fingerprint codes). A refusal the
    # centre words itself (an expired or forged code) has the centre's code and stays its Chinese.
    "essc.essc_empty": (QT_TRANSLATE_NOOP("DeviceErrors", "没有扫到二维码内容。"),
                        QT_TRANSLATE_NOOP("DeviceErrors", "请参保人打开电子社保卡“亮码”后重新扫码。")),
    "essc.essc_invalid": (QT_TRANSLATE_NOOP("DeviceErrors", "扫到的内容不是电子社保卡二维码。"),
                          QT_TRANSLATE_NOOP("DeviceErrors", "请参保人打开电子社保卡“亮码”后重新扫码。")),
    "essc.offline": (QT_TRANSLATE_NOOP("DeviceErrors", "电子社保卡需联网核验，请读实体卡或身份证"),
                     QT_TRANSLATE_NOOP("DeviceErrors", "中心服务未开通电子社保卡核验。")),
    "essc.not_signed_in": (QT_TRANSLATE_NOOP("DeviceErrors", "未登录中心服务，无法核验电子社保卡。"),
                           QT_TRANSLATE_NOOP("DeviceErrors", "请先联网登录（counter-app login 用户名），或读实体卡、身份证。")),
    "essc.unexpected": (QT_TRANSLATE_NOOP("DeviceErrors", "电子社保卡核验时出现意外错误，请读实体卡或身份证"),
                        ""),
}


# 卡内数据有误 (devices.card.errors.CardContentError, code card_content): the card reader composes its
# message in Chinese from the problems' names (DeviceError.params) and what is wrong with each
# (DeviceError.details); the window composes it again here from those, each through tr()
CONTENT_MESSAGE = QT_TRANSLATE_NOOP("DeviceErrors", "卡内数据有误：%1，请改用身份证或人工核对。")
CONTENT_PROBLEM_DETAIL = QT_TRANSLATE_NOOP("DeviceErrors", "%1（%2）")      # a problem and what is wrong
CONTENT_PROBLEMS_JOINED = QT_TRANSLATE_NOOP("DeviceErrors", "%1；%2")       # one problem after another
CHARACTERS_JOINED = QT_TRANSLATE_NOOP("DeviceErrors", "%1、%2")             # U+0001、U+001B
# the problems' names (devices.card.model.content_problems / decode_name, devices.card.pcsc)
CONTENT_PROBLEMS = (
    QT_TRANSLATE_NOOP("DeviceErrors", "社会保障号码无效"),
    QT_TRANSLATE_NOOP("DeviceErrors", "姓名含控制字符"),
    QT_TRANSLATE_NOOP("DeviceErrors", "社会保障号码不是数字和字母"),
    QT_TRANSLATE_NOOP("DeviceErrors", "姓名不是卡片规定的 GBK 编码"),
    QT_TRANSLATE_NOOP("DeviceErrors", "姓名不是卡片规定的 GBK 编码（疑为 UTF-8 写卡）"),
)


# what a card or an ID card holds that the clerk should check (devices.warnings: {0} → %1 …); the
# dates are worded by CARD_DATE
CARD_WARNINGS = (
    QT_TRANSLATE_NOOP("DeviceErrors", "社会保障卡已过有效期（有效期至 %1），信息仅供核对，请提示参保人申领新卡。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "社会保障卡已过有效期（有效期至 未知），信息仅供核对，请提示参保人申领新卡。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "卡内出生日期（%1）与社会保障号码中的出生日期（%2）不一致，请人工核对身份证件。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "卡内出生日期（%1）晚于今天，请人工核对身份证件。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "卡内性别与社会保障号码不一致，请人工核对身份证件。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "卡内发卡日期（%1）晚于有效期（%2），请人工核对。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "卡内发卡日期（%1）晚于今天，请人工核对。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "居民身份证已过有效期（有效期至 %1），不能作为有效身份证件，请参保人出示有效证件。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "证件上的出生日期（%1）与公民身份号码中的出生日期（%2）不一致，请人工核对证件原件。"),
    QT_TRANSLATE_NOOP("DeviceErrors", "证件上的性别与公民身份号码不一致，请人工核对证件原件。"),
)
# a card's date: %1 year, %2 month, %3 day, %4 and %5 the month and day with two digits
CARD_DATE = QT_TRANSLATE_NOOP("DeviceErrors", "%1年%2月%3日")


# a fingerprint message the device or the workflow put together from a template ({0} → %1 …) and its
# parameters (FingerprintError.composed), worded when the message is the template's; the quality
# grades (fingerprint.base.Quality.label) given as a parameter are worded too
TEMPLATES = (
    QT_TRANSLATE_NOOP("DeviceErrors", "录入的指纹质量%1（特征点 %2 个），请重新录入"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹图像质量较差（特征点仅 %1 个），请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "等待按压手指超时（%1 秒内未采集到指纹）"),
    # a scan's or an enrolment's result as the reader's bridge reports it (CaptureResult.message)
    QT_TRANSLATE_NOOP("DeviceErrors", "采集质量%1（特征点 %2 个）"),
    QT_TRANSLATE_NOOP("DeviceErrors", "录入完成，质量%1"),
)
# the fixed messages a fingerprint reader gives besides its code's default (libfprint's retry reasons,
# Windows Biometric Framework's reject details, the demo and WBF refusals), and the quality grades
PHRASES = (
    # libfprint's device errors (devices.fingerprint.libfprint._DEVICE_ERROR_MESSAGES)
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器出错，请重试"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器通信出错，请重新插拔采集器后重试"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器已被其他程序占用"),
    QT_TRANSLATE_NOOP("DeviceErrors", "采集器中找不到该指纹记录"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器的存储已满"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器过热，请稍候几分钟再试"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹采集器出错（未知错误），请重新插拔采集器后重试"),
    QT_TRANSLATE_NOOP("DeviceErrors", "按压时间太短，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指没有放在采集窗口中央，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "请抬起手指后重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "未能读取指纹，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指位置偏上，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指位置偏下，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指位置偏左，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指位置偏右，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "滑动太快，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "滑动太慢，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹图像质量较差，请重新按压"),
    # an image with no ridge structure (noise, a blank sensor, a smudge: devices.fingerprint.ridges)
    QT_TRANSLATE_NOOP("DeviceErrors", "未采集到清晰的指纹纹线，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "手指歪斜，请摆正后重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "多次按压不一致，请重新按压"),
    QT_TRANSLATE_NOOP("DeviceErrors", "该手指已在本机录入过"),
    QT_TRANSLATE_NOOP("DeviceErrors", "未配置 Windows 生物识别私有指纹库（[fingerprint] wbf_database），不能录入或比对指纹"),
    QT_TRANSLATE_NOOP("DeviceErrors", "该指纹是旧版本录入到 Windows 登录指纹库的，无法比对，请重新采集"),
    QT_TRANSLATE_NOOP("DeviceErrors", "指纹录入未得到私有指纹库的模板标识，未保存（请核对 Windows 生物识别私有指纹库的配置）"),
    QT_TRANSLATE_NOOP("DeviceErrors", "Windows 上不能使用 libfprint 指纹采集器"),
    QT_TRANSLATE_NOOP("DeviceErrors", "各次按压的不是同一手指，请重新录入"),
    QT_TRANSLATE_NOOP("DeviceErrors", "良好"),
    QT_TRANSLATE_NOOP("DeviceErrors", "一般"),
    QT_TRANSLATE_NOOP("DeviceErrors", "较差"),
    # what a reader asks while it waits (devices.fingerprint.base.PROMPT_*: on_prompt)
    QT_TRANSLATE_NOOP("DeviceErrors", "请将手指平放在采集器上"),
    QT_TRANSLATE_NOOP("DeviceErrors", "请抬起手指"),
)


# the heads a bridge puts before a plain sentence (an error that is not the device's own)
HEADS: dict[str, tuple[str, object]] = {
    "card": ("CardBridge", QT_TRANSLATE_NOOP("CardBridge", "读卡失败")),
    "fingerprint": ("FingerprintBridge", QT_TRANSLATE_NOOP("FingerprintBridge", "指纹操作失败")),
}


@dataclass(frozen=True)
class DeviceError:
    """A device error as data, worded by :func:`error_text` when shown: ``code`` (a key of
    :data:`TEXTS`, or the device's own code, or "" for an error that is not the device's), the
    device's Chinese ``message`` and ``hint`` — or, for any other error, the plain sentence of
    ``domain.messages.plain_message`` (worded like :func:`counter_app.ui.messages.plain_text`) —
    and ``head``, a key of :data:`HEADS` put before a plain sentence."""

    code: str = ""
    message: str = ""
    hint: str = ""
    head: str = ""
    template: str = ""                  # a composed message's template ({0} …) and parameters
    params: tuple[str, ...] = ()
    details: tuple[str, ...] = ()       # card_content: what is wrong with each problem of params

    def without_hint(self) -> "DeviceError":
        return replace(self, hint="")


def device_error(err: BaseException, *, head: str = "") -> DeviceError:
    """``err`` as data: a device's error (it has a ``message``) with its code, message and hint;
    anything else as its plain sentence (never the exception's text), headed by ``head``."""
    message = str(getattr(err, "message", "") or "")
    if message:
        return DeviceError(_key(err), message, str(getattr(err, "hint", "") or ""),
                           template=str(getattr(err, "template", "") or ""),
                           params=tuple(str(p) for p in getattr(err, "params", ()) or ()),
                           details=tuple(str(d) for d in getattr(err, "details", ()) or ()))
    return plain_error(err, head=head)


def essc_error(err: BaseException) -> DeviceError:
    """A failed 电子社保卡 check as data: an ``EsscError``'s code (prefixed ``essc.``), message and hint;
    anything else the check's unexpected error (log the exception where it is caught)."""
    from counter_app.sync.essc import EsscError

    if isinstance(err, EsscError):
        return DeviceError(f"essc.{err.code}", err.message, err.hint)
    return DeviceError("essc.unexpected", str(TEXTS["essc.unexpected"][0]))


def plain_error(err: BaseException, *, head: str = "") -> DeviceError:
    """Any error as its plain sentence (:func:`counter_app.ui.messages.plain_text`'s choice, kept as
    data), headed by ``head`` (a key of :data:`HEADS`). Log the exception itself where it is caught."""
    from counter_app.domain.messages import plain_message
    from counter_app.ui.messages import Refusal

    sentence = str(err) if isinstance(err, Refusal) and str(err) else plain_message(err)
    return DeviceError("", sentence, "", head)


def error_text(error: DeviceError) -> str:
    """The error in the language of the UI now: message plus hint, one line each (as
    :func:`device_error_text`), a plain sentence headed as :func:`counter_app.ui.messages.plain_text`."""
    from counter_app.ui.messages import sentence_text

    texts = TEXTS.get(error.code)
    if error.code == "card_content" and error.params:
        message, hint = _content_text(error), _word(error.hint, TEXTS["card_content"][1])
    elif texts:
        message, hint = _word(error.message, texts[0]), _word(error.hint, texts[1])
    else:
        message, hint = sentence_text(error.message), error.hint     # the device's own composition: as it is
    if message == error.message and error.code.startswith("fingerprint."):
        message = _composed(error)
    text = message + (f"\n{hint}" if hint else "")
    if error.head in HEADS:
        context, source = HEADS[error.head]
        text = sentence_text(text, QCoreApplication.translate(context, str(source)))
    return text


def _content_text(error: DeviceError) -> str:
    """卡内数据有误：… composed in the language of the UI from the problems' names and details (a
    detail is an ``IdCheck.error`` sentence, or the code points of control characters)."""
    from counter_app.ui.identifier_errors import identifier_text
    from counter_app.ui.store_errors import fill_params

    def tr(source: str, *params: str) -> str:
        return fill_params(QCoreApplication.translate("DeviceErrors", source), params)

    def joined(items: list[str], source: str) -> str:
        out = items[0]
        for item in items[1:]:
            out = tr(source, out, item)
        return out

    parts = []
    for i, label in enumerate(error.params):
        name = QCoreApplication.translate("DeviceErrors", label) if label in CONTENT_PROBLEMS else label
        detail = error.details[i] if i < len(error.details) else ""
        if detail and label == "姓名含控制字符":
            detail = joined(detail.split("、"), str(CHARACTERS_JOINED))
        elif detail:
            detail = identifier_text(detail)
        parts.append(tr(str(CONTENT_PROBLEM_DETAIL), name, detail) if detail else name)
    return tr(str(CONTENT_MESSAGE), joined(parts, str(CONTENT_PROBLEMS_JOINED)))


def card_warning_text(warnings) -> str:
    """A card's or an ID card's warnings (``devices.warnings.CardWarning``), one line each, in the
    language of the UI; a template not in :data:`CARD_WARNINGS` is said as the device worded it."""
    from counter_app.ui.store_errors import fill_params

    def day(d) -> str:
        return fill_params(QCoreApplication.translate("DeviceErrors", str(CARD_DATE)),
                           (str(d.year), str(d.month), str(d.day), f"{d.month:02d}", f"{d.day:02d}"))

    lines = []
    for w in warnings:
        source = re.sub(r"\{(\d)\}", lambda m: "%" + str(int(m[1]) + 1), w.template)
        if source in CARD_WARNINGS:
            lines.append(fill_params(QCoreApplication.translate("DeviceErrors", source), tuple(day(d) for d in w.dates)))
        else:
            lines.append(w.text())
    return "\n".join(lines)


def _key(err: BaseException) -> str:
    from counter_app.devices.fingerprint.base import FingerprintError

    code = str(getattr(err, "code", ""))
    return f"fingerprint.{code}" if isinstance(err, FingerprintError) else code


def _composed(error: DeviceError) -> str:
    """A fingerprint message that is not its code's default: worded when it is its template's (with
    its parameters) or one of the readers' fixed :data:`PHRASES`; else as it is."""
    from counter_app.ui.store_errors import fill_params

    source = re.sub(r"\{(\d)\}", lambda m: f"%{int(m[1]) + 1}", error.template)
    if error.template and source in TEMPLATES and fill_params(source, error.params) == error.message:
        params = tuple(_phrase(p) for p in error.params)
        return fill_params(QCoreApplication.translate("DeviceErrors", source), params)
    return _phrase(error.message)


def prompt_text(message: str) -> str:
    """What a fingerprint reader says while it waits for a finger (``on_prompt``: a prompt, a retry
    reason, a quality figure) in the language of the UI: one of the readers' fixed :data:`PHRASES` or
    a fingerprint code's default message, or a message composed from one of :data:`TEMPLATES` (its
    figures kept); anything else as it is."""
    if message in PHRASES or any(code.startswith("fingerprint.") and texts[0] == message
                                 for code, texts in TEXTS.items()):
        return QCoreApplication.translate("DeviceErrors", message)
    from counter_app.ui.messages import composed_text

    return composed_text(message, TEMPLATES, "DeviceErrors", _phrase)


def _phrase(chinese: str) -> str:
    return QCoreApplication.translate("DeviceErrors", chinese) if chinese in PHRASES else chinese


def _word(chinese: str, default: object) -> str:
    return QCoreApplication.translate("DeviceErrors", chinese) if chinese and chinese == default else chinese


def quality_word(quality: object) -> str:
    """A scan's quality (devices.fingerprint.base.Quality, or its Chinese label) in the language of the UI."""
    label = str(getattr(quality, "label", quality))
    return QCoreApplication.translate("DeviceErrors", label)


def device_message(err: BaseException) -> str:
    """The error's message (without its hint) in the language of the UI."""
    message = str(getattr(err, "message", "") or "")
    texts = TEXTS.get(_key(err))
    return _word(message, texts[0]) if texts else message


def device_hint(err: BaseException) -> str:
    hint = str(getattr(err, "hint", "") or "")
    texts = TEXTS.get(_key(err))
    return _word(hint, texts[1]) if texts else hint


def device_error_text(err: BaseException) -> str:
    """Message plus hint, one line each (as ``CardError.text()``), in the language of the UI."""
    hint = device_hint(err)
    return device_message(err) + (f"\n{hint}" if hint else "")
