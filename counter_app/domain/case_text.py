"""The words a case shows: the clerk's outcome line, the notice preview, and what the applicant
reads on the customer screen (客户显示屏) — one copy for the live window and the stored case
(``workflows.case_queries.customer_view``).

Pure: no Qt. Each function takes ``tr`` (the UI passes its translator; default: the Chinese as is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from counter_app.domain.terms import DOCUMENTS, EDITABLE_STATES, CaseState, OutcomeKind

if TYPE_CHECKING:   # light: the window renders its empty state with it before the catalog loads
    from counter_app.domain.catalog import Service
    from counter_app.domain.checklist import ChecklistOutcome

Tr = Callable[[str], str]


def _same(text: str) -> str:
    return text


def outcome_line(service: Service | None, outcome: ChecklistOutcome | None, tr: Tr = _same,
                 summary: Callable[[ChecklistOutcome], str] | None = None) -> str:
    """审核结果 line under the checklist; ``summary`` words the outcome's summary (default: the
    Chinese, ChecklistOutcome.summary)."""
    if service is None:
        return tr("请先选择业务（Ctrl+F 搜索）")
    if outcome is None:
        return ""
    guided = outcome.guided_only
    heads: dict[OutcomeKind | None, str] = {OutcomeKind.accepted: tr("审核结果：受理"),
                                            OutcomeKind.incomplete: tr("审核结果：业务指引（暂不满足受理条件）")
                                            if guided else tr("审核结果：业务指引（材料不齐全）"),
                                            OutcomeKind.not_eligible: tr("审核结果：不予受理")}
    return heads.get(outcome.kind, tr("审核结果：尚未确定")) + " — " + (summary(outcome) if summary else outcome.summary())


def correction_line(problems: Iterable[str], tr: Tr = _same) -> str:
    """审核结果 line while the applicant's data has an error (an ID number with a wrong check digit, a
    bad credit code …): nothing is decided until it is corrected — never a 不予受理 verdict."""
    return tr("审核结果：请更正申请人信息") + " — " + tr("；").join(problems)


def correction_html(service: Service | None, problems: Iterable[str], tr: Tr = _same, catalog: Tr = _same) -> str:
    """The preview while the applicant's data has an error: what to correct, no notice — all of it
    the window's own words (``catalog`` words the service's name)."""
    if service is None:
        return ""
    import html

    e = html.escape
    items = "".join(f"<li>{e(p)}</li>" for p in problems)
    return (f"<h3>{e(tr('请更正申请人信息'))}</h3><p>{e(catalog(service.name))}</p>"
            f"<p>{e(tr('申请人信息有误，更正后才能提交受理审核；此时不出具任何文书。'))}</p><ol>{items}</ol>")


def _preview_title(outcome: ChecklistOutcome, fallback: str, tr: Tr) -> str:
    """The heading names the document the outcome issues (e.g. 《受理通知书》 for 一般缴费账户关系转入):
    the window's words around the document's Chinese title (``fallback``: the title when the outcome
    names no document)."""
    info = DOCUMENTS.get(outcome.document) if outcome.document is not None else None
    return tr("%1（预览）").replace("%1", info.title if info is not None else fallback)


def decided_line(kind: OutcomeKind | None, tr: Tr = _same, *, guided_only: bool = False) -> str:
    """One clean line after the decision: the outcome and what it did to the case (``guided_only``:
    业务指引 for a guided 受理条件 alone, no material missing)."""
    lines: dict[OutcomeKind | None, str] = {
        OutcomeKind.accepted: tr("审核结果：受理，办件进入办理"),
        OutcomeKind.incomplete: tr("审核结果：暂不满足受理条件，已退回并告知办理指引") if guided_only
        else tr("审核结果：材料不齐全，已退回补正"),
        OutcomeKind.not_eligible: tr("审核结果：不符合受理条件，不予受理"),
    }
    return lines.get(kind, tr("审核结果：已决定"))


def preview_html(service: Service | None, outcome: ChecklistOutcome | None, *, applicant_type: str,
                 present: Iterable[str], tr: Tr = _same, catalog: Tr = _same) -> str:
    """The notice the outcome will produce, as the clerk previews it before submitting.

    The notice is a legal document issued in Chinese: what the preview shows of it — its title, the
    service and clause, the materials to bring and their problems, the reasons, the 办理时限 — stays
    Chinese as printed, whatever the UI's language. The window's own words around it go through
    ``tr``: the heading that says this is a preview (「%1（预览）」 around the title), and the
    outcomes that issue no document (受理 without a notice, the conditions still to confirm), whose
    catalog texts go through ``catalog``."""
    o, s = outcome, service
    if o is None or s is None:
        return ""
    import html   # here, not at start: the window imports this module before it is idle

    e = html.escape
    if o.kind is OutcomeKind.incomplete or (o.kind is OutcomeKind.not_eligible and o.missing and not o.unmet_conditions):
        title = _preview_title(o, "业务指引告知书" if o.kind is OutcomeKind.incomplete else "不予受理决定书", tr)
        guided = set(o.guided)
        materials = [m for m in o.missing if m.material_code not in guided]
        body = ""
        if materials:
            rows = "".join(f"<tr><td>{i}</td><td>{e(m.material)}</td><td>{e(m.problem)}</td><td>{e(m.what_to_bring)}</td></tr>"
                           for i, m in enumerate(materials, 1))
            body = ("<p>请一次性补齐补正下列材料：</p>"
                    "<table border='1' cellspacing='0' cellpadding='3'><tr><th>#</th><th>材料</th>"
                    f"<th>问题</th><th>请携带</th></tr>{rows}</table>")
        if guided:     # as the notice names them: apart from the materials, with what to do first
            rows = "".join(f"<tr><td>{i}</td><td>{e(m.problem)}</td><td>{e(m.what_to_bring)}</td></tr>"
                           for i, m in enumerate((m for m in o.missing if m.material_code in guided), 1))
            body += (f"<p>{'另有下列受理条件暂不满足' if materials else '暂不满足下列受理条件'}"
                     "，不作不予受理决定，请按指引办理后再次提交申请：</p>"
                     "<table border='1' cellspacing='0' cellpadding='3'><tr><th>#</th><th>问题</th>"
                     f"<th>办理指引</th></tr>{rows}</table>")
        if o.kind is OutcomeKind.incomplete and o.pending_conditions:   # as the notice prints them
            conds = {c.code: c.text for c in s.conditions}
            when = "补齐补正材料、再次提交申请时" if materials else "再次提交申请时"
            body += (f"<p>另有下列受理条件本机构尚未核实，将在{when}一并核实：</p><ol>"
                     + "".join(f"<li>{e(conds[c])}</li>" for c in o.pending_conditions if c in conds) + "</ol>")
        return f"<h3>{e(title)}</h3><p>{e(s.name)}（{e(s.clause)}）</p>{body}"
    if o.kind is OutcomeKind.not_eligible:
        items = "".join(f"<li>{e(r)}</li>" for r in o.reasons)
        return f"<h3>{e(_preview_title(o, '不予受理决定书', tr))}</h3><p>{e(s.name)}</p><ol>{items}</ol>"
    if o.kind is OutcomeKind.accepted:
        limit = s.time_limit_for(applicant_type).text()
        if o.document is None:
            # a service whose acceptance issues no notice (一般缴费账户关系转出) previews none: its heading
            # said 受理告知书（预览） though nothing would be printed — no document, the window's words
            items = "".join(f"<li>{e(catalog(n))}</li>" for n in present)
            return (f"<h3>{e(tr('受理（本事项受理时不出具告知书）'))}</h3><p>{e(catalog(s.name))}（{e(s.clause)}） · "
                    f"{e(tr('办理时限：'))}{e(limit)}</p><ol>{items}</ol>")
        items = "".join(f"<li>{e(n)}</li>" for n in present)
        return (f"<h3>{e(_preview_title(o, '受理告知书', tr))}</h3><p>{e(s.name)}（{e(s.clause)}） · "
                f"办理时限：{e(limit)}</p><ol>{items}</ol>")
    conds = {c.code: c.text for c in s.conditions}
    items = "".join(f"<li>{e(catalog(conds.get(c, c)))}</li>" for c in o.pending_conditions)
    return f"<p>{e(tr('尚待确认的受理条件：'))}</p><ol>{items}</ol>"


def customer_outcome(state: CaseState | None, reasons: Iterable[str] = (), live: ChecklistOutcome | None = None,
                     tr: Tr = _same) -> str:
    """The outcome as the applicant reads it (Chinese words, never a code).

    ``state`` is the stored case's state (None: a draft not yet stored); ``live`` the outcome the
    clerk's checklist gives right now (for a case still being entered or corrected).
    """
    reasons = "；".join(reasons)
    if state is None or state in EDITABLE_STATES:
        if live is not None or state is None:
            kind = live.kind if live is not None else None
            if kind is None:
                return tr("正在核对材料")
            if kind is OutcomeKind.accepted:
                return tr("材料齐全，符合受理条件")
            if live is not None and live.guided_only:
                return tr("暂不满足受理条件，请按《业务指引告知书》的指引办理后再来申请")
            if kind is OutcomeKind.incomplete:
                return tr("材料不齐全，请按《业务指引告知书》补齐补正后再来办理")
            return tr("不符合受理条件：%1").replace("%1", "；".join(live.reasons if live is not None else ()))
        if state is CaseState.returned:
            return tr("材料不齐全，请按《业务指引告知书》补齐补正后再来办理")
        return tr("正在核对材料")
    if state is CaseState.rejected:
        return tr("不符合受理条件：%1").replace("%1", reasons)
    if state is CaseState.accepted:
        return tr("已受理，正在办理")
    if state is CaseState.completed:
        return tr("已办结")
    if state is CaseState.denied:
        return tr("不予认定：%1").replace("%1", reasons)
    return tr("已归档")
