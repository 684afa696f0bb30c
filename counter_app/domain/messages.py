"""Plain Chinese for an exception the clerk is shown (界面提示): never raw exception text.

The software's own errors already carry the clerk's Chinese message (TransitionRefused, CardError,
LoginError, SyncError, DocumentError…): they are shown as they are. Anything else — a refused
connection (``ConnectError [Errno 111]``), a full disk, a locked database, a programming error —
becomes one plain sentence; the exception itself goes to the (masked) log, not to the screen.
Pure: looks at exception types by name, imports nothing that does I/O.
"""

from __future__ import annotations

import errno
import re

_CJK = re.compile(r"[\u3400-\u9fff]")
# raw technical text that must never reach the clerk even inside a Chinese message
_RAW = re.compile(r"Errno|Traceback|Error\b|Exception\b|0x[0-9a-f]{6,}|File \"", re.I)

GENERIC = "操作未能完成，出现意外错误（已记入日志）。请重试；仍不成功请联系信息技术人员。"


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def plain_message(exc: BaseException, what: str = "") -> str:
    """The sentence to show for ``exc`` (prefixed with ``what``, e.g. "打印失败", when given)."""
    text = _plain(exc)
    return f"{what}：{text}" if what else text


def cause_message(exc: BaseException) -> str:
    """What went wrong, for a command that is not retried by itself and says its own consequence:
    a sync error's ``cause`` (its message without "稍后会自动重试" / "联网后会自动同步"), else
    :func:`plain_message`."""
    cause = getattr(exc, "cause", None)
    return cause if isinstance(cause, str) and cause else plain_message(exc)


def _plain(exc: BaseException) -> str:
    names = _names(exc)
    if "TimeoutException" in names or isinstance(exc, TimeoutError):
        return "连接超时：对方没有及时响应，请稍后重试。"
    if names & {"ConnectError", "ConnectTimeout"} or isinstance(exc, ConnectionRefusedError):
        return "无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。"
    if names & {"TransportError", "NetworkError", "RemoteProtocolError"} or isinstance(exc, ConnectionError):
        return "与中心服务的连接中断。业务已保存在本机，联网后会自动同步。"
    if "OperationalError" in names and "locked" in str(exc):
        return "本机数据库正忙，请稍后重试。"
    if "OperationalError" in names or "DatabaseError" in names:
        return "本机数据库读写失败，请联系信息技术人员。"
    if isinstance(exc, PermissionError):
        return "没有权限访问所需的文件或设备，请联系信息技术人员。"
    if isinstance(exc, FileNotFoundError):
        return "找不到所需的文件，请联系信息技术人员。"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "磁盘空间已满，请联系信息技术人员清理。"
    message = str(getattr(exc, "reason", None) or getattr(exc, "detail", None) or exc).strip()
    if message and _CJK.search(message) and not _RAW.search(message):
        return message                      # the software's own Chinese message
    if isinstance(exc, OSError):
        return "设备或文件操作失败，请重试；仍不成功请联系信息技术人员。"
    return GENERIC
