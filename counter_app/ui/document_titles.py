"""The official documents' titles (counter_rules.documents.DOCUMENTS) as the clerk reads them on
screen: in Chinese as they are; in English the English name with the official Chinese title after it
("Service guidance notice (业务指引告知书)"), since the printed document stays Chinese and the clerk
hands it over by that title. Status lines, the Documents tab and the print queue word them here."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "DocumentTitle"

# every title of counter_rules.documents.DOCUMENTS, for lupdate (tests/unit/app/test_translations checks the list)
TITLES = (
    QT_TRANSLATE_NOOP("DocumentTitle", "受理告知书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "受理通知书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "业务指引告知书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "不予受理决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "补齐补正材料清单"),
    QT_TRANSLATE_NOOP("DocumentTitle", "基本养老保险缴费账户转移联系函"),
    QT_TRANSLATE_NOOP("DocumentTitle", "基本养老保险缴费账户转移接续信息表"),
    QT_TRANSLATE_NOOP("DocumentTitle", "临时基本养老保险缴费账户转移联系函"),
    QT_TRANSLATE_NOOP("DocumentTitle", "临时基本养老保险缴费账户转移接续信息表"),
    QT_TRANSLATE_NOOP("DocumentTitle", "深圳市企业职工养老保险视同缴费年限核准决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "深圳市企业职工养老保险金核准决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "深圳市企业职工养老保险金不予认定决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "深圳市企业职工病残津贴核准决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "深圳市企业职工丧葬补助金、抚恤金核准决定书"),
    QT_TRANSLATE_NOOP("DocumentTitle", "特殊工种提前退休公示"),
    QT_TRANSLATE_NOOP("DocumentTitle", "职工基本养老保险个人账户对账单"),
    QT_TRANSLATE_NOOP("DocumentTitle", "职工基本养老保险缴费明细"),
    QT_TRANSLATE_NOOP("DocumentTitle", "养老保险待遇资格认证结果告知单"),
    QT_TRANSLATE_NOOP("DocumentTitle", "养老保险待遇资格认证上门认证申请告知单"),
)
REPRINT = QT_TRANSLATE_NOOP("DocumentTitle", "补打 %1")
_LONGEST_FIRST = sorted((str(t) for t in TITLES), key=len, reverse=True)


def document_title(title: str) -> str:
    """An official title (DocumentInfo.title) in the language of the UI; any other text as it is."""
    return QCoreApplication.translate(CONTEXT, title) if title in _LONGEST_FIRST else title


def short_title(title: str) -> str:
    """:func:`document_title` without the official Chinese title after the English one, for a line
    the column has no room for both in (the workspace's documents line: its tooltip has them whole)."""
    shown = document_title(title)
    tail = f" ({title})"
    return shown[:-len(tail)] if shown != title and shown.endswith(tail) else shown


def kind_title(kind: str, *, short: bool = False) -> str:
    """The title of a document kind (a DocumentKind value) in the language of the UI."""
    from counter_rules.documents import DOCUMENTS, DocumentKind

    if kind not in DocumentKind._value2member_map_:
        return kind
    title = DOCUMENTS[DocumentKind(kind)].title
    return short_title(title) if short else document_title(title)


def job_title_text(text: str, reprint: bool = False) -> str:
    """A print job's title as the print queue stored it («title number»; a 补打 job (``reprint``) is
    marked 补打 here, as older queues stored it: «补打 title number»), its document's title in the
    language of the UI."""
    stored = text.startswith("补打 ")
    reprint = reprint or stored
    rest = text[3:] if stored else text
    for title in _LONGEST_FIRST:
        if rest == title or rest.startswith(title + " "):
            rest = document_title(title) + rest[len(title):]
            break
    return QCoreApplication.translate(CONTEXT, str(REPRINT)).replace("%1", rest) if reprint else rest
