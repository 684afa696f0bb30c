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
TIMEOUT = "连接超时：对方没有及时响应，请稍后重试。"
UNREACHABLE = "无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。"
CONNECTION_LOST = "与中心服务的连接中断。业务已保存在本机，联网后会自动同步。"
DATABASE_BUSY = "本机数据库正忙，请稍后重试。"
DATABASE_FAILED = "本机数据库读写失败，请联系信息技术人员。"
NO_PERMISSION = "没有权限访问所需的文件或设备，请联系信息技术人员。"
FILE_MISSING = "找不到所需的文件，请联系信息技术人员。"
DISK_FULL = "磁盘空间已满，请联系信息技术人员清理。"
OS_FAILED = "设备或文件操作失败，请重试；仍不成功请联系信息技术人员。"
# this workstation's own directory cannot be written (counter_app.paths.unwritable_dir), %1 the
# directory: said for what it is, not as NO_PERMISSION's 文件或设备 (data_dir_message)
DATA_DIR_READ_ONLY = ("本机数据目录 %1 只读：所在的文件系统以只读方式挂载，柜面客户端无法写入数据。"
                      "请信息技术人员将其重新挂载为可写（或换用可写的目录）后重试。")
DATA_DIR_NO_WRITE = ("本机数据目录 %1 无法写入：当前用户没有该目录的写入权限。"
                     "请信息技术人员检查该目录的属主和权限（应属于使用柜面客户端的用户）后重试。")
DATA_DIR_TEMPLATES = (DATA_DIR_READ_ONLY, DATA_DIR_NO_WRITE)


def data_dir_message(kind: str, directory: object) -> str:
    """Why this workstation's directory cannot be written, naming it: ``kind`` is
    ``counter_app.paths.READ_ONLY`` ("read_only") or ``NO_WRITE_PERMISSION`` ("no_write")."""
    return (DATA_DIR_READ_ONLY if kind == "read_only" else DATA_DIR_NO_WRITE).replace("%1", str(directory))


# every sentence chosen here (not the software's own messages, passed on as they are): the UI words
# each of them in the clerk's language (counter_app.ui.messages)
SENTENCES = (GENERIC, TIMEOUT, UNREACHABLE, CONNECTION_LOST, DATABASE_BUSY, DATABASE_FAILED, NO_PERMISSION,
             FILE_MISSING, DISK_FULL, OS_FAILED)


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
        return TIMEOUT
    if names & {"ConnectError", "ConnectTimeout"} or isinstance(exc, ConnectionRefusedError):
        return UNREACHABLE
    if names & {"TransportError", "NetworkError", "RemoteProtocolError"} or isinstance(exc, ConnectionError):
        return CONNECTION_LOST
    if "OperationalError" in names and "locked" in str(exc):
        return DATABASE_BUSY
    if "OperationalError" in names and "disk is full" in str(exc):   # SQLite's SQLITE_FULL
        return DISK_FULL
    if "OperationalError" in names and "readonly database" in str(exc):
        return NO_PERMISSION
    if "OperationalError" in names or "DatabaseError" in names:
        return DATABASE_FAILED
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno == errno.EROFS):
        return NO_PERMISSION
    if isinstance(exc, FileNotFoundError):
        return FILE_MISSING
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return DISK_FULL
    # the software's own Chinese message: a refusal's reason kept as words, a centre's detail (its
    # ``reason`` is then the machine's code, e.g. "forbidden", never shown), or the message itself
    for candidate in (getattr(exc, "reason", None), getattr(exc, "detail", None), exc):
        message = str(candidate or "").strip()
        if message and _CJK.search(message) and not _RAW.search(message):
            return message
    if isinstance(exc, OSError):
        return OS_FAILED
    return GENERIC
