"""Why a typed number is not valid (证件号码, 统一社会信用代码, 手机号码), in the clerk's language.

``counter_protocol.identifiers`` says what is wrong in Chinese (``IdCheck.error``: the position, the
character, the check character expected) for the CLI, the centre and the rules. Here, at the UI
boundary, each of its sentences is listed (context ``IdentifierErrors``; a figure or a character it
put in is ``%1`` …) and worded through tr() when shown beside the field; the words it puts in (the
kind of document, 空格) are worded too. tests/unit/app/test_identifier_words.py checks every sentence
the checks give.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEMPLATES = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    QT_TRANSLATE_NOOP("IdentifierErrors", "证件号码为空"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "长度错误：证件号码应为18位（旧版外国人永久居留证为15位），实际为%1位"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效：前17位应为数字"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第18位字符%1无效：校验位应为数字或X"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "%1出生日期无效：第7—14位“%2”年份%3不可能"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "%1出生日期无效：第7—14位“%2”中月份%3不存在"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "%1出生日期无效：第7—14位“%2”中%3年%4月没有%5日"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "%1出生日期无效：第7—14位“%2”晚于今天"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "校验位错误：第18位应为“%1”，实际为“%2”"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效：前3位应为字母"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效：第4—15位应为数字"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "统一社会信用代码为空"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "长度错误：统一社会信用代码应为18位，实际为%1位"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效（不使用字母 I、O、Z、S、V）"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效（只允许数字和大写字母）"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "手机号码为空"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "第%1位字符%2无效：手机号码应为数字"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "长度错误：手机号码应为11位，实际为%1位"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "号段错误：手机号码应以13—19开头，实际为“%1”"),
)

# the words the checks put into a sentence: the kind of document (identifiers.KIND_LABELS), a space
WORDS = (
    QT_TRANSLATE_NOOP("IdentifierErrors", "居民身份证"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "港澳居民居住证"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "台湾居民居住证"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "外国人永久居留身份证"),
    QT_TRANSLATE_NOOP("IdentifierErrors", "空格"),
)


def identifier_text(message: str) -> str:
    """An ``IdCheck.error`` in the language of the UI; a sentence not listed as it is."""
    from counter_app.ui.messages import composed_text

    return composed_text(message, TEMPLATES, "IdentifierErrors", _word)


def kind_word(kind: str) -> str:
    """A kind of document by its code (``identifiers.KIND_LABELS``: citizen_id → 居民身份证) in the
    language of the UI; a code it does not know as it is."""
    from counter_protocol.identifiers import KIND_LABELS

    return _word(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def _word(chinese: str) -> str:
    return QCoreApplication.translate("IdentifierErrors", chinese) if chinese in WORDS else chinese
