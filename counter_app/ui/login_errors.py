"""Why a sign-in failed (登录、现场授权、上门认证第二名工作人员), in the clerk's language.

``counter_app.sync.auth`` raises ``LoginError`` with a Chinese sentence for the CLI and the log; the
centre's own refusals of a login (``counter_central.core.login``) come back as the same kind of
sentence. Here, at the UI boundary, each such sentence is listed (context ``LoginErrors``; a figure,
a time or a word the software put in is ``%1`` …) and worded through tr() when shown, with the
words it put in (审批人的, 授权 …, the keyring's install hint) worded too. A sentence not listed is
shown as it is. tests/unit/app/test_login_words.py checks that every ``raise LoginError`` of
``sync.auth`` is listed here and that the listed centre refusals are the centre's.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEMPLATES = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    # counter_app.sync.auth: signing in
    QT_TRANSLATE_NOOP("LoginErrors", "请输入%1用户名和密码"),
    QT_TRANSLATE_NOOP("LoginErrors", "%1用户名太长（最多 %2 个字符），请核对"),
    QT_TRANSLATE_NOOP("LoginErrors", "%1密码太长（最多 %2 个字符），请核对"),
    QT_TRANSLATE_NOOP("LoginErrors", "%1用户名含有无法识别的字符，请重新输入"),
    QT_TRANSLATE_NOOP("LoginErrors", "%1密码含有无法识别的字符（不是 UTF-8 文本），请重新输入"),
    QT_TRANSLATE_NOOP("LoginErrors", "动态验证码应为 6 位数字"),
    QT_TRANSLATE_NOOP("LoginErrors", "用户名或密码不正确"),
    QT_TRANSLATE_NOOP("LoginErrors", "中心服务的证书未通过本机验证，不能联网登录；该账号从未在本机联网登录过，也不能离线登录。"
                                     "请信息技术人员在本机安装本单位的 CA 证书（见部署说明「TLS」一节）。"),
    QT_TRANSLATE_NOOP("LoginErrors", "中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，"
                                     "或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。"
                                     "该账号从未在本机联网登录过，也不能离线登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "中心服务的答复无法识别（HTTP %1），不能联网登录：中心服务地址可能指向了别的网站或代理的登录页，"
                                     "或中心服务的版本与本机不符。请信息技术人员核对中心服务地址（counter-app config show）。"),
    QT_TRANSLATE_NOOP("LoginErrors", "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对），不能联网登录。"
                                     "请信息技术人员核对中心服务地址（counter-app config show）。"
                                     "该账号从未在本机联网登录过，也不能离线登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "中心服务地址是 http，但该地址的服务只接受 https（可能应为 https:// 或端口不对），不能联网登录。"
                                     "请信息技术人员核对中心服务地址（counter-app config show）。"
                                     "该账号从未在本机联网登录过，也不能离线登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "无法连接中心服务，且该账号从未在本机联网登录过，不能离线登录。请检查网络后重试。"),
    QT_TRANSLATE_NOOP("LoginErrors", "该账号已被中心停用，不能离线登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "本机未开启离线登录。请检查网络后联网登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "距上次联网登录已超过 %1 天，不能再离线登录。请联网登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "连续 %1 次密码错误，账号在本机已锁定至 %2（北京时间），请稍后再试或联网登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "本机保存的离线登录凭据无效或已被改动，不能离线登录。请联网登录一次。"),
    QT_TRANSLATE_NOOP("LoginErrors", "用户名或密码不正确（离线登录）"),
    QT_TRANSLATE_NOOP("LoginErrors", "请输入动态验证码（身份验证器上的 6 位数字）"),
    QT_TRANSLATE_NOOP("LoginErrors", "该账号使用动态验证码，本机还没有离线验证所需的密钥。请联网登录一次。"),
    QT_TRANSLATE_NOOP("LoginErrors", "连续 %1 次验证失败，账号在本机已锁定至 %2（北京时间），请稍后再试或联网登录。"),
    QT_TRANSLATE_NOOP("LoginErrors", "动态验证码不正确或已使用过（离线登录）"),
    # counter_app.sync.auth: another user signs in on this screen for one action (现场授权, 第二名工作人员)
    QT_TRANSLATE_NOOP("LoginErrors", "无法连接中心服务，且该%1从未在本机联网登录过，不能离线%2。"),
    QT_TRANSLATE_NOOP("LoginErrors", "该%1距上次联网登录时间过长，不能离线%2。请联网后再%2。"),
    QT_TRANSLATE_NOOP("LoginErrors", "该%1在本机已锁定至 %2（北京时间），请稍后再试或联网%3。"),
    QT_TRANSLATE_NOOP("LoginErrors", "连续 %1 次密码错误，该%2在本机已锁定至 %3（北京时间），请稍后再试或联网%4。"),
    QT_TRANSLATE_NOOP("LoginErrors", "本机保存的%1离线凭据无效或已被改动，不能离线%2。"),
    QT_TRANSLATE_NOOP("LoginErrors", "%1用户名或密码不正确（离线）"),
    # counter_app.sync.keystore.problem: the keyring cannot keep this workstation's secrets (%1: the
    # backend's name; %2: storage.crypto.keyring_install_hint, worded as the store's messages word it)
    QT_TRANSLATE_NOOP("LoginErrors", "没有可用的系统密钥环（%1），登录凭据无处安全保存。%2"),
    QT_TRANSLATE_NOOP("LoginErrors", "当前密钥环后端 %1 以明文文件保存密码，不安全，已拒绝使用。%2"
                                     "另请删除环境变量 PYTHON_KEYRING_BACKEND 中的明文后端设置。"),
    # the centre's refusals of a login (counter_central.core.login)
    QT_TRANSLATE_NOOP("LoginErrors", "动态验证码不正确或已使用过"),
    QT_TRANSLATE_NOOP("LoginErrors", "连续 %1 次密码错误，账号已锁定至 %2（北京时间）"),
    QT_TRANSLATE_NOOP("LoginErrors", "该账号已停用"),
    QT_TRANSLATE_NOOP("LoginErrors", "科长和管理员须使用动态验证码登录，该账号尚未开通"),
    QT_TRANSLATE_NOOP("LoginErrors", "工作站 %1 未登记"),
    QT_TRANSLATE_NOOP("LoginErrors", "工作站 %1 已停用"),
    QT_TRANSLATE_NOOP("LoginErrors", "工作站 %1 属于分局 %2，本账号属于分局 %3"),
)

# the words sync.auth puts into a sentence: whose name (``who`` 审批人 / none), the action (``act``)
WORDS = (
    QT_TRANSLATE_NOOP("LoginErrors", "审批人的"),
    QT_TRANSLATE_NOOP("LoginErrors", "审批人"),
    QT_TRANSLATE_NOOP("LoginErrors", "用户"),
    QT_TRANSLATE_NOOP("LoginErrors", "授权"),
    QT_TRANSLATE_NOOP("LoginErrors", "验证"),
)


def login_text(message: str) -> str:
    """Why a sign-in failed (a ``LoginError``'s or the centre's sentence) in the language of the UI;
    a sentence not listed in :data:`TEMPLATES` as it is."""
    from counter_app.ui.messages import composed_text

    return composed_text(message, TEMPLATES, "LoginErrors", _word)


def _word(chinese: str) -> str:
    if chinese in WORDS:
        return QCoreApplication.translate("LoginErrors", chinese)
    from counter_app.ui.store_errors import PHRASES   # the keyring's install hint

    return QCoreApplication.translate("StoreErrors", chinese) if chinese in PHRASES else chinese
