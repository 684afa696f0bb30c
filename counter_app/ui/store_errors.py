"""The local store's problems (无法打开本地数据库, 密钥环, 备份恢复) in the clerk's language.

``counter_app.storage.db`` words a store problem in Chinese for the CLI and the log and keeps its
``code`` and ``params`` (``StoreError.of``, ``db.MESSAGES``); it knows nothing of Qt. Here, at the UI
boundary, a code's message is worded through tr() (context ``StoreErrors``), its parameters put in
as they come — but for the few fixed phrases the store gives as a parameter (why a file is damaged,
the keyring's install hint), worded too. A message that is not its code's (an older or newer
wording, a composed message without a code) is shown as it is, in Chinese. A reason the store composed
(``db.Reason``: a truncated file's sizes, an unknown schema, a failed write) is worded from its code
(:data:`REASONS`); a system's own text in it (an errno's words, SQLite's message) is shown as its
plain sentence instead.
tests/unit/app/test_translations.py checks that :data:`TEXTS` is ``db.MESSAGES``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# code -> the Chinese with %1, %2 … for the parameters (db.MESSAGES with {0}, {1} …)
TEXTS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "no_backup": QT_TRANSLATE_NOOP("StoreErrors", "没有可用的备份：%1"),
    "backup_unusable": QT_TRANSLATE_NOOP("StoreErrors", "不能用该文件恢复（%1）：%2。本地数据库未改动。"),
    "restore_failed": QT_TRANSLATE_NOOP("StoreErrors", "恢复失败（%1）：%2。本地数据库未改动。"),
    "keyring_plaintext": QT_TRANSLATE_NOOP("StoreErrors", "%1：本地数据库的密钥只保存在系统密钥环中。%2"),
    "no_keyring": QT_TRANSLATE_NOOP("StoreErrors", "本机没有可用的系统密钥环，本地数据库的密钥无处保存。%1"),
    "keyring_failed": QT_TRANSLATE_NOOP(
        "StoreErrors", "无法从系统密钥环取得本地数据库的密钥（%1）。请解锁系统密钥环后重试，或联系信息技术人员。"),
    "keyring_locked": QT_TRANSLATE_NOOP(
        "StoreErrors", "系统密钥环已锁定，取不到本地数据库的密钥。"
                       "请解锁系统密钥环（重新登录桌面，或在“密码和密钥”中解锁“登录”密钥环）后重试；本机数据没有丢失。"),
    "key_missing": QT_TRANSLATE_NOOP(
        "StoreErrors", "本地数据库 %1 已加密，但系统密钥环中没有它的密钥（密钥环被清空，或换了系统用户）。"
                       "请联系信息技术人员；不要删除数据库文件。"),
    "encrypt_failed": QT_TRANSLATE_NOOP("StoreErrors", "本地数据库加密失败（校验不通过），原文件未改动：%1"),
    "directory": QT_TRANSLATE_NOOP("StoreErrors", "%1 是一个目录，不是本地数据库文件"),
    "too_new": QT_TRANSLATE_NOOP(
        "StoreErrors", "本地数据库 %1 由更新版本的程序写入（结构版本 %2），本程序无法安全使用它。"
                       "请安装最新版本的柜面客户端，或联系信息技术人员。"),
    "corrupt": QT_TRANSLATE_NOOP(
        "StoreErrors", "本地数据库已损坏（%1）：%2。最近的可用备份：%3（%4）。"
                       "可运行 counter-app store restore 恢复该备份（损坏的文件会保留，不会删除），备份之后办理的业务需从中心同步或补录。"),
    "corrupt_no_backup": QT_TRANSLATE_NOOP(
        "StoreErrors", "本地数据库已损坏（%1）：%2。没有可用的备份。请联系信息技术人员，不要删除该文件。"),
    "open_failed": QT_TRANSLATE_NOOP("StoreErrors", "无法打开本地数据库 %1：%2"),
    "disk_full": QT_TRANSLATE_NOOP(
        "StoreErrors", "无法打开本地数据库 %1：磁盘空间已满（%2 所在的磁盘没有剩余空间）。数据库没有损坏，不要用备份恢复；"
                       "请清理磁盘空间（或请信息技术人员扩容）后重试。"),
    "migration_header": QT_TRANSLATE_NOOP("StoreErrors", "迁移脚本缺少 revision / down_revision：%1"),
}

# the reasons the store composes (db.REASONS, a db.Reason parameter) -> the Chinese with %1, %2 …; a
# system's own text among their parameters (the last) is shown as its plain sentence (Reason.plain)
REASONS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "not_whole_pages": QT_TRANSLATE_NOOP("StoreErrors", "文件大小 %1 字节不是整页，文件被截断"),
    "shorter_than_header": QT_TRANSLATE_NOOP("StoreErrors", "文件只有 %1 字节，文件头记载 %2 字节，文件被截断"),
    "not_a_store": QT_TRANSLATE_NOOP("StoreErrors", "不是柜面客户端的本地数据库"),
    "unknown_schema": QT_TRANSLATE_NOOP(
        "StoreErrors", "不是本程序能使用的本地数据库（结构版本 %1 本程序不认识：可能是中心服务的数据库，或更新版本程序的备份）"),
    "cannot_write": QT_TRANSLATE_NOOP("StoreErrors", "无法写入 %1（%2）"),
    "failure": "%1",
}

# the fixed phrases the store gives as parameters (db.damage_of, db._sqlite_reason, db.backup_problem,
# crypto.keyring_install_hint, crypto's refusal of a plaintext keyring); any other parameter as it is
PHRASES = (
    QT_TRANSLATE_NOOP("StoreErrors", "文件为空（0 字节）"),
    QT_TRANSLATE_NOOP("StoreErrors", "不是数据库文件"),
    QT_TRANSLATE_NOOP("StoreErrors", "这是一个目录，不是数据库文件"),
    QT_TRANSLATE_NOOP("StoreErrors", "数据库文件结构损坏"),
    QT_TRANSLATE_NOOP("StoreErrors", "不是数据库文件或密钥不符"),
    QT_TRANSLATE_NOOP("StoreErrors", "数据库文件无法读取"),
    QT_TRANSLATE_NOOP("StoreErrors", "文件不存在"),
    QT_TRANSLATE_NOOP("StoreErrors", "这不是一个文件"),
    QT_TRANSLATE_NOOP("StoreErrors", "当前密钥环后端以明文文件保存密钥，不安全，已拒绝使用"),
    QT_TRANSLATE_NOOP("StoreErrors", "请使用 Windows 凭据管理器（以本工作站的 Windows 用户登录，不要用“临时配置文件”）。"),
    QT_TRANSLATE_NOOP("StoreErrors", "请安装并启用系统密钥环（Secret Service）：在 Debian / 统信 UOS / 麒麟上以管理员执行 "
                                     "sudo apt install gnome-keyring（或 keepassxc 并启用其 Secret Service），"
                                     "然后注销并重新登录桌面，密钥环随登录解锁。"),
)


def fill_params(text: str, params: tuple[str, ...]) -> str:
    """``%1`` … replaced in one pass, so a "%2" inside a parameter (a path) is never read again."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
            n = int(text[i + 1]) - 1
            out.append(params[n] if 0 <= n < len(params) else "")
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _phrase(param: str) -> str:
    code = getattr(param, "code", None)      # a db.Reason: worded from its code and parameters
    if code in REASONS:
        from counter_app.ui.messages import sentence_text

        params = list(getattr(param, "params", ()))
        plain = str(getattr(param, "plain", "") or "")
        if plain and params:
            params[-1] = sentence_text(plain)   # never the system's own (English) text
        source = str(REASONS[code])
        return fill_params(QCoreApplication.translate("StoreErrors", source) if source != "%1" else source, tuple(params))
    return QCoreApplication.translate("StoreErrors", param) if param in PHRASES else param


def store_error_text(exc: BaseException) -> str:
    """A StoreError's message in the language of the UI (its Chinese when its code is unknown here or
    its message is not its code's)."""
    code, params = str(getattr(exc, "code", "") or ""), tuple(getattr(exc, "params", ()) or ())
    source = TEXTS.get(code)
    if source is None or fill_params(str(source), params) != str(exc):
        return str(exc)
    return fill_params(QCoreApplication.translate("StoreErrors", str(source)), tuple(_phrase(p) for p in params))
