"""An approval request's summary (摘要) in the language of the UI.

The summary is stored and sent in Chinese (counter_app.workflows.approvals.request composes it for
a case, counter_central.certification for a suspension or a resumption). The supervisor's queue and
the on-site authorisation dialog show it; the English UI words it here:

- a case's request whose summary is the one the workflow composes (service（state）申请approval
  point：reasons or note), or a held 待遇核定 (申请…：补发 … 个月、一次性支付 … 元), is worded again
  from the request's details — the service through the catalog's English, the state and the approval
  point through counter_app.ui.words, each reason through condition_notes (as recorded when not
  listed), the maker's 申请说明 as typed;
- the centre's suspension and resumption summaries by their templates (context ``ApprovalSummary``),
  part by part; a note the centre put in (a 判决书文号) as given;
- anything else (a summary typed by the maker) as it is: it is the maker's own words.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "ApprovalSummary"

CASE_REQUEST = QT_TRANSLATE_NOOP("ApprovalSummary", "%1（%2）申请%3：%4")
CASE_REQUEST_BARE = QT_TRANSLATE_NOOP("ApprovalSummary", "%1（%2）申请%3")      # nothing to add (an old 注销参保)
SUBJECT_ID = QT_TRANSLATE_NOOP("ApprovalSummary", "%1（%2）")      # a masked name and its masked ID number
HELD_STEP = QT_TRANSLATE_NOOP("ApprovalSummary", "申请%1：%2")
BACK_PAY = QT_TRANSLATE_NOOP("ApprovalSummary", "补发 %1 个月")
ONE_OFF = QT_TRANSLATE_NOOP("ApprovalSummary", "一次性支付 %1 元")

# the parts of the centre's summaries (counter_central.certification), each a template; a summary is
# worded when every part is one of them
CENTRE_PARTS = (
    QT_TRANSLATE_NOOP("ApprovalSummary", "资格认证已于 %1 到期（%2），拟暂停发放基本养老金（不删除任何数据，重新认证后恢复发放并补发）"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "服刑期间暂停发放基本养老金（%1）：%2"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "；恢复发放时不补发服刑期间待遇"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "上门认证报告已死亡（%1，上门记录 %2，%3），拟暂停发放基本养老金"
                                         "（不删除任何数据；请核实死亡情况，报告有误的驳回并撤销报告）"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "；注意：该人员有与本报告矛盾的认证记录，请核实"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "重新认证后恢复发放（%1，暂停原因：%2）"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "，暂停发放自 %1 起生效"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "，补发 %1 个月（%2 至 %3）"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "，不补发暂停期间待遇"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "，无缺漏发放月份"),
    QT_TRANSLATE_NOOP("ApprovalSummary", "；注意：该人员有上门认证报告已死亡，与本次认证矛盾，请核实"),
)
# where a centre summary's parts begin (each part but the first starts with one of these)
_MARKS = ("；恢复发放时不补发服刑期间待遇", "；注意：", "，暂停发放自 ", "，补发 ", "，不补发暂停期间待遇", "，无缺漏发放月份")
# a suspension's reason (counter_protocol.records.SUSPENSION_REASON_NAMES)
REASONS = {"资格认证过期": QT_TRANSLATE_NOOP("ApprovalSummary", "资格认证过期"),
           "服刑": QT_TRANSLATE_NOOP("ApprovalSummary", "服刑"),
           "上门认证报告已死亡": QT_TRANSLATE_NOOP("ApprovalSummary", "上门认证报告已死亡")}


def _tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def _get(r, key: str, default=None):
    return r.get(key, default) if isinstance(r, dict) else getattr(r, key, default)


def summary_text(r) -> str:
    """The request's summary (``r``: a request as ``approvals.as_dict`` gives it, a dict or an
    object with its keys as attributes) in the language of the UI."""
    summary = str(_get(r, "summary") or "")
    if not summary:
        return summary
    details = _get(r, "details") or {}
    if not isinstance(details, dict):
        return summary
    for worded in (_case_request, _held_step):
        text = worded(summary, str(_get(r, "action") or ""), details)
        if text is not None:
            return text
    return _centre_summary(summary)


def _escalation(action: str) -> str | None:
    from counter_rules.terms import ESCALATION_NAMES, Escalation

    try:
        return ESCALATION_NAMES[Escalation(action)]
    except (ValueError, KeyError):
        return None


def _case_request(summary: str, action: str, details: dict) -> str | None:
    """The summary the workflow composes when the maker gave none, worded again; None when
    ``summary`` is not that one."""
    from counter_app.ui.catalog_text import catalog_tr
    from counter_app.ui.words import word
    from counter_protocol.cases import STATE_NAMES, CaseState

    snap = details.get("case")
    escalation = _escalation(action)
    if not isinstance(snap, dict) or escalation is None:
        return None
    try:
        state = STATE_NAMES[CaseState(snap.get("state"))]
    except ValueError:
        return None
    service = str(snap.get("service_name") or "")
    reasons = [str(x) for x in details.get("reasons") or []]
    note = str(details.get("note") or "").strip()
    prefix = f"{service}（{state}）申请{escalation}"
    if reasons or note:
        if summary != (f"{prefix}：" + ("；".join(reasons) or note))[:2000]:
            return None
        why = (QCoreApplication.translate("Refusals", "；").join(_reason(x) for x in reasons) if reasons else note)
    elif summary in (prefix, prefix + "："):
        why = ""
    elif summary.startswith(prefix + "："):      # whom and on which ground (workflows.approvals._subject_text)
        why = _subject(summary[len(prefix) + 1:])
    else:
        return None
    template = _tr(CASE_REQUEST) if why else _tr(CASE_REQUEST_BARE)
    return (template.replace("%1", catalog_tr(service)).replace("%2", word(state))
            .replace("%3", word(escalation)).replace("%4", why))


def _subject(text: str) -> str:
    """「张**（110105********0013），中止劳动关系」: the masked person as recorded, the 办理情形 through
    the catalog's words."""
    import re

    from counter_app.ui.catalog_text import catalog_tr

    parts = []
    for part in text.split("，"):
        person = re.fullmatch(r"([^（]+)（([^）]+)）", part)
        if person:
            parts.append(_tr(SUBJECT_ID).replace("%1", person[1]).replace("%2", person[2]))
        else:
            parts.append(QCoreApplication.translate("Refusals", "、").join(catalog_tr(x) for x in part.split("、")))
    return QCoreApplication.translate("Refusals", "，").join(parts)


def _reason(text: str) -> str:
    """A reason as the engine gave it: a rule's sentence (condition_notes) or a catalog text."""
    from counter_app.ui.catalog_text import catalog_tr
    from counter_app.ui.condition_notes import note_text

    worded = note_text(text)
    return worded if worded != text else catalog_tr(text)


def _held_step(summary: str, action: str, details: dict) -> str | None:
    """A held step's request (a 待遇核定 over the table's limits), worded again from its terms."""
    from counter_app.ui.words import word
    from counter_rules.authorisation import BenefitTerms

    terms = details.get("terms")
    escalation = _escalation(action)
    if not isinstance(terms, dict) or escalation is None:
        return None
    try:
        t = BenefitTerms(str(terms.get("group", "")), int(terms.get("back_pay_months") or 0),
                         Decimal(str(terms.get("amount") or "0")))
    except (InvalidOperation, ValueError, TypeError):
        return None
    if summary != f"申请{escalation}：{t.text()}":
        return None
    parts = [_tr(BACK_PAY).replace("%1", str(t.back_pay_months))] if t.back_pay_months else []
    parts.append(_tr(ONE_OFF).replace("%1", f"{t.amount:,.2f}"))
    return (_tr(HELD_STEP).replace("%1", word(escalation))
            .replace("%2", QCoreApplication.translate("Refusals", "、").join(parts)))


def _centre_summary(summary: str) -> str:
    """A summary the centre composed, worded part by part; as it is unless every part is listed."""
    from counter_app.ui.messages import composed_text, matching_template

    cuts = sorted({i for mark in _MARKS for i in _find_all(summary, mark)} | {0, len(summary)})
    parts = [summary[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    if not all(matching_template(p, CENTRE_PARTS) for p in parts):
        return summary
    return "".join(composed_text(p, CENTRE_PARTS, CONTEXT, _param) for p in parts)


def _find_all(text: str, mark: str) -> list[int]:
    found, i = [], text.find(mark)
    while i > 0:
        found.append(i)
        i = text.find(mark, i + 1)
    return found


def _param(param: str) -> str:
    return _tr(REASONS[param]) if param in REASONS else param
