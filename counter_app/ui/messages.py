"""An exception the clerk is shown, in the clerk's language: never raw exception text.

:func:`counter_app.domain.messages.plain_message` chooses one of a small fixed set of Chinese
sentences (``domain.messages.SENTENCES``: 无法连接中心服务…, 本机数据库正忙…) for a technical failure,
or passes on the software's own Chinese message (SyncError…); a TransitionRefused whose reason is
kept as data (domain.refusals.Refusal) is worded by :mod:`counter_app.ui.refusals`. The UI words the
chosen sentence through tr() (context ``Messages``; the Chinese sentence is its key, as for
:mod:`counter_app.ui.words`); the software's own messages are shown as they are. The CLI keeps
the domain's Chinese. The same for a sync error's cause (:func:`cause_text`): the few causes the
sync client gives for a network fault are listed here.

tests/unit/app/test_translations.py checks that every sentence of ``SENTENCES`` is listed here.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Callable, Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

SENTENCES = (
    # counter_app.domain.messages.SENTENCES
    QT_TRANSLATE_NOOP("Messages", "操作未能完成，出现意外错误（已记入日志）。请重试；仍不成功请联系信息技术人员。"),
    QT_TRANSLATE_NOOP("Messages", "连接超时：对方没有及时响应，请稍后重试。"),
    QT_TRANSLATE_NOOP("Messages", "无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。"),
    QT_TRANSLATE_NOOP("Messages", "与中心服务的连接中断。业务已保存在本机，联网后会自动同步。"),
    QT_TRANSLATE_NOOP("Messages", "本机数据库正忙，请稍后重试。"),
    QT_TRANSLATE_NOOP("Messages", "本机数据库读写失败，请联系信息技术人员。"),
    QT_TRANSLATE_NOOP("Messages", "没有权限访问所需的文件或设备，请联系信息技术人员。"),
    QT_TRANSLATE_NOOP("Messages", "找不到所需的文件，请联系信息技术人员。"),
    QT_TRANSLATE_NOOP("Messages", "磁盘空间已满，请联系信息技术人员清理。"),
    QT_TRANSLATE_NOOP("Messages", "设备或文件操作失败，请重试；仍不成功请联系信息技术人员。"),
    # the causes counter_app.sync.client gives a network fault (SyncError.cause)
    QT_TRANSLATE_NOOP("Messages", "连接中心服务超时：中心没有及时响应。"),
    QT_TRANSLATE_NOOP("Messages", "无法连接中心服务：中心服务未运行或网络不通。"),
    QT_TRANSLATE_NOOP("Messages", "与中心服务的连接中断。"),
    QT_TRANSLATE_NOOP("Messages", "中心服务的证书未通过本机验证（证书不受信任、已过期或与地址不符）。"
                                  "请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。"),
    # the address's https / http is not what the server there speaks (sync.client.WrongScheme): cause and message
    QT_TRANSLATE_NOOP("Messages", "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）。"
                                  "请信息技术人员核对中心服务地址（counter-app config show）。"),
    QT_TRANSLATE_NOOP("Messages", "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）。"
                                  "请信息技术人员核对中心服务地址（counter-app config show）。业务已保存在本机，地址改正后会自动同步。"),
    QT_TRANSLATE_NOOP("Messages", "中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对）。"
                                  "请信息技术人员核对中心服务地址（counter-app config show）。"),
    QT_TRANSLATE_NOOP("Messages", "中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对）。"
                                  "请信息技术人员核对中心服务地址（counter-app config show）。业务已保存在本机，地址改正后会自动同步。"),
)


# this workstation's own directory cannot be written (counter_app.paths.refused_home; the same
# Chinese as counter_app.domain.messages.DATA_DIR_READ_ONLY / DATA_DIR_NO_WRITE), %1 the directory
DATA_DIR = {
    "read_only": QT_TRANSLATE_NOOP("Messages", "本机数据目录 %1 只读：所在的文件系统以只读方式挂载，柜面客户端无法写入数据。"
                                               "请信息技术人员将其重新挂载为可写（或换用可写的目录）后重试。"),
    "no_write": QT_TRANSLATE_NOOP("Messages", "本机数据目录 %1 无法写入：当前用户没有该目录的写入权限。"
                                              "请信息技术人员检查该目录的属主和权限（应属于使用柜面客户端的用户）后重试。"),
}


def data_dir_text(kind: str, directory: object) -> str:
    """:func:`counter_app.domain.messages.data_dir_message` in the language of the UI."""
    return QCoreApplication.translate("Messages", str(DATA_DIR[kind])).replace("%1", str(directory))


def refused_home_text(exc: BaseException) -> str | None:
    """Why the start-up failed when ``exc`` is this workstation's own directory refusing writes
    (read-only, or not this user's; counter_app.paths.refused_home tries a real write), in the
    language of the UI; None for any other failure."""
    from counter_app.paths import refused_home

    found = refused_home(exc)
    return data_dir_text(*found) if found is not None else None


class Refusal(ValueError):
    """A refusal the UI words itself (already in the clerk's language, raised on a worker to say
    why an action was not done): :func:`plain_text` shows it as it is."""


def _sentence(chinese: str) -> str:
    return QCoreApplication.translate("Messages", chinese) if chinese in SENTENCES else chinese


def headed_text(what: str, text: str) -> str:
    """``text`` headed by ``what`` (both in the language of the UI already): 「what：text」."""
    if not what:
        return text
    return QCoreApplication.translate("Messages", "%1：%2").replace("%1", what).replace("%2", text)


def plain_text(exc: BaseException, what: str = "") -> str:
    """The sentence to show for ``exc`` in the language of the UI, headed by ``what`` (already
    translated, e.g. tr("打印失败")) when given. Log the exception itself where it is caught."""
    from counter_app.domain.messages import plain_message

    from counter_app.domain.refusals import Refusal as EngineRefusal
    from counter_protocol.sync import Refusal as ProtocolRefusal

    # imported wherever a LoginError was raised; a worker thread may be importing it right now, and
    # a module still being imported may not define the class yet (then no LoginError exists either)
    login_error = getattr(sys.modules.get("counter_app.sync.auth"), "LoginError", None)
    if login_error is not None and isinstance(exc, login_error) and str(exc):
        from counter_app.ui.login_errors import login_text

        return headed_text(what, login_text(str(exc)))
    reason = getattr(exc, "reason", None)
    if isinstance(reason, EngineRefusal):          # the case engine's, kept as data
        from counter_app.ui.refusals import refusal_text

        return headed_text(what, refusal_text(reason))
    if isinstance(exc, Refusal) and str(exc):
        text = str(exc)
    elif isinstance(exc, ProtocolRefusal):       # the centre refused a request: its detail, worded
        from counter_app.ui.centre_words import centre_text

        text = centre_text(plain_message(exc))
    else:
        text = _sentence(plain_message(exc))
    return headed_text(what, text)


def sentence_text(chinese: str, what: str = "") -> str:
    """A sentence :func:`counter_app.domain.messages.plain_message` chose (kept as data, e.g. in a
    ``device_errors.DeviceError``) in the language of the UI now, headed by ``what`` as
    :func:`plain_text`; any other text as it is."""
    return headed_text(what, _sentence(chinese))


def cause_text(exc: BaseException) -> str:
    """What went wrong (a sync error's cause, else :func:`plain_text`), in the language of the UI."""
    from counter_app.domain.messages import cause_message

    return _sentence(cause_message(exc))


def composed_text(message: str, templates: Iterable[object], context: str,
                  word: Callable[[str], str] = lambda param: param) -> str:
    """``message`` worded in the language of the UI when it is one of ``templates`` (Chinese with
    ``%1`` … where the software put in a figure, a time or a word) filled in: that template through
    tr() in ``context``, with the parameters read back from ``message``, each through ``word``
    (:func:`matching_template`); a message no template fits, as it is."""
    from counter_app.ui.store_errors import fill_params

    found = matching_template(message, templates)
    if found is None:
        return message
    template, params = found
    return fill_params(QCoreApplication.translate(context, template), tuple(word(param) for param in params))


def matching_template(message: str, templates: Iterable[object]) -> tuple[str, tuple[str, ...]] | None:
    """The template of ``templates`` that ``message`` fills in, with the parameters read back from it
    (%1 first); of several that fit, the one with the most fixed text. None when none fits. A
    parameter may be empty; one used twice must be the same."""
    return _best_match(message, tuple(map(str, templates)))


@lru_cache(maxsize=4096)
def _best_match(message: str, templates: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """:func:`matching_template`, kept per message: a list view words the same few messages on
    thousands of rows (待同步), and the match is the same in every language."""
    best: tuple[int, str, int, re.Match[str]] | None = None
    for template in templates:
        pattern, literal, count = _template_pattern(template)
        found = pattern.fullmatch(message)
        if found and (best is None or literal > best[0]):      # the most specific template that fits
            best = (literal, template, count, found)
    if best is None:
        return None
    _literal, template, count, found = best
    return template, tuple(found.group(f"p{n}") or "" for n in range(1, count + 1))


@lru_cache(maxsize=512)
def _template_pattern(template: str) -> "tuple[re.Pattern[str], int, int]":
    """The template's pattern (each %N a group p N; a second %N must repeat the first), the length of
    its fixed text, and its highest N: read once per template, not at each message shown."""
    seen: set[str] = set()

    def group(match: "re.Match[str]") -> str:
        n = match[1]
        if n in seen:
            return f"(?P=p{n})"
        seen.add(n)
        return f"(?P<p{n}>.*?)"

    pattern = re.compile(re.sub(r"%(\d)", group, re.escape(template)), re.DOTALL)
    count = max((int(n) for n in re.findall(r"%(\d)", template)), default=0)
    return pattern, len(re.sub(r"%\d", "", template)), count
