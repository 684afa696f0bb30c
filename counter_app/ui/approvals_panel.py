"""审批 — the supervisor's approval queue (集中授权).

A queue of the office's pending requests, longest waiting first (the centre's when online, this
workstation's copy offline); the selected request shows the case as the clerk saw it (materials,
facts, system checks and the clerk's overrides, the reasons) and a preview of the document the
decision issues. Approve (Alt+Y / Ctrl+Shift+Y) or reject (Alt+N / Ctrl+Shift+N) with a reason
(Ctrl+R); the decision is made at the centre, signed by the supervisor's own token. Visible to
supervisors; read-only to auditors (审计).
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace
from typing import Callable

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer,
                            Signal)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTableView,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from counter_app.app_context import APPROVAL_DECIDERS
from counter_app.ui.approval_summary import summary_text
from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.centre_words import centre_text
from counter_app.ui.messages import Refusal
from counter_app.ui.panel_kit import RefreshWhenShown, add_panel_action, setup_list_table
from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.tasks import task_runner
from counter_app.ui.words import word

log = logging.getLogger(__name__)

QUEUE_REFRESH_MS = 10000
DECIDERS = APPROVAL_DECIDERS
STATE_FILTERS = ("pending", "approved", "rejected", "expired", "")
TICK_NAMES: dict[str, object] = {"present": QT_TRANSLATE_NOOP("ApprovalsPanel", "已提交"), "missing": QT_TRANSLATE_NOOP("ApprovalsPanel", "缺"),
              "defective": QT_TRANSLATE_NOOP("ApprovalsPanel", "不符合要求"),
              "unticked": QT_TRANSLATE_NOOP("ApprovalsPanel", "未核对")}
RESULT_NAMES: dict[str, object] = {"met": QT_TRANSLATE_NOOP("ApprovalsPanel", "符合"), "unmet": QT_TRANSLATE_NOOP("ApprovalsPanel", "不符合"),
                "pending": QT_TRANSLATE_NOOP("ApprovalsPanel", "待确认")}
SOURCE_NAMES: dict[str, object] = {"system": QT_TRANSLATE_NOOP("ApprovalsPanel", "系统核验"),
                "clerk": QT_TRANSLATE_NOOP("ApprovalsPanel", "经办人确认"),
                "offline": QT_TRANSLATE_NOOP("ApprovalsPanel", "待核验（离线）"),
                "rules": QT_TRANSLATE_NOOP("ApprovalsPanel", "规则")}
# the queue's filter (STATE_FILTERS), in its order
FILTER_NAMES = (QT_TRANSLATE_NOOP("ApprovalsPanel", "待审批"), QT_TRANSLATE_NOOP("ApprovalsPanel", "已批准"),
                QT_TRANSLATE_NOOP("ApprovalsPanel", "已驳回"), QT_TRANSLATE_NOOP("ApprovalsPanel", "已过期"),
                QT_TRANSLATE_NOOP("ApprovalsPanel", "全部"))
WITHDRAWN = QT_TRANSLATE_NOOP("ApprovalsPanel", "已撤回")     # a state the filter does not list
# the punctuation between translated parts (full-width in Chinese, never in an English line)
PAIR, ASIDE, COMMA = (QT_TRANSLATE_NOOP("ApprovalsPanel", "%1：%2"), QT_TRANSLATE_NOOP("ApprovalsPanel", "%1（%2）"),
                      QT_TRANSLATE_NOOP("ApprovalsPanel", "，"))


def _tr(text: object) -> str:
    """A word listed with QT_TRANSLATE_NOOP (context ApprovalsPanel), in the UI's language."""
    return QCoreApplication.translate("ApprovalsPanel", str(text))


def _fill(template: str, *parts: str) -> str:
    """``template``'s %1, %2 … each replaced once by ``parts`` (a part's own "%2" is left alone)."""
    return re.sub(r"%(\d)", lambda m: parts[int(m[1]) - 1] if 0 < int(m[1]) <= len(parts) else m[0], template)


def _pair(left: str, right: str) -> str:
    """"left：right" in the UI's language ("left: right" in English)."""
    return _fill(_tr(PAIR), left, right)


def _aside(main: str, note: str) -> str:
    """"main（note）" in the UI's language ("main (note)" in English)."""
    return _fill(_tr(ASIDE), main, note)


def _h4(text: str) -> str:
    return f"<h4>{html.escape(text)}</h4>"


def _named(table: dict[str, object], code: str) -> str:
    return _tr(table[code]) if code in table else code


def person(r, key: str) -> str:
    """The maker or checker of a request by display name when this workstation knows it (the login
    id otherwise: the only name the record carries)."""
    get = r.get if isinstance(r, dict) else lambda k, d=None: getattr(r, k, d)
    return get(f"{key}_name") or get(key) or ""


def case_ref(r) -> str:
    """The 办件编号 of a request: its case's number; "—" for a request about no case (a 暂停发放 or
    恢复发放 the centre raised: case_id ``suspension:…``, an internal id, never shown); else the
    head of the case's id (a case not yet numbered)."""
    get = r.get if isinstance(r, dict) else lambda k, d=None: getattr(r, k, d)
    case_no, case_id = get("case_no") or "", str(get("case_id") or "")
    if case_no:
        return case_no
    return "—" if ":" in case_id else case_id[:8]


def _applicant(r: dict) -> str:
    """Whom a request is about: the case's applicant as the clerk saw it (masked), else the person
    the centre's request names (``details.id_masked``: a 暂停发放 has no case)."""
    details = r.get("details") or {}
    return str((details.get("case") or {}).get("applicant") or details.get("id_masked") or "")


def waiting_text(made_at: str, now: datetime | None = None) -> str:
    """How long a request has waited, in words (made_at is UTC ISO)."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    minutes = max(0, int((now - datetime.fromisoformat(made_at)).total_seconds() // 60))
    if minutes < 60:
        return QCoreApplication.translate("ApprovalsPanel", "%1 分钟").replace("%1", str(minutes))
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return QCoreApplication.translate("ApprovalsPanel", "%1 小时 %2 分").replace("%1", str(hours)).replace("%2", str(rest))
    return QCoreApplication.translate("ApprovalsPanel", "%1 天 %2 小时").replace("%1", str(hours // 24)).replace("%2", str(hours % 24))


class ApprovalsModel(RowsTableModel):
    COLUMNS = ("waiting", "action", "case", "maker", "level", "state", "summary")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("等待"), self.tr("审批事项"), self.tr("办件编号"), self.tr("经办人"), self.tr("须审批级别"),
                self.tr("状态"), self.tr("摘要"))

    CELLS = {
        "waiting": lambda m, r: waiting_text(r.made_at) if r.state == "pending" else "",
        "action": lambda m, r: word(r.action_name),
        "case": lambda m, r: case_ref(r),
        "maker": lambda m, r: person(r, "maker"),
        "level": lambda m, r: word(r.required_level_name),
        "state": lambda m, r: _tr(r.state_name) + (
            QCoreApplication.translate("ApprovalsPanel", "（%1）").replace("%1", person(r, "checker")) if r.checker else ""),
        "summary": lambda m, r: summary_text(r),
    }
    TIPS = {"summary": lambda m, r: summary_text(r)}


REVIEW_OUTCOMES: dict[str, object] = {"passed": QT_TRANSLATE_NOOP("ApprovalsPanel", "审核通过"),
                                   "supplement": QT_TRANSLATE_NOOP("ApprovalsPanel", "需补齐补正"),
                                   "not_accepted": QT_TRANSLATE_NOOP("ApprovalsPanel", "不予受理")}


def _outcome_name(code: str) -> str:
    return _named(REVIEW_OUTCOMES, code)


class ReviewsModel(RowsTableModel):
    """人工审核事项 pulled from the centre (counter_protocol.reviews), the earliest first."""

    COLUMNS = ("state", "clause", "summary", "proposal", "maker")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("状态"), self.tr("审核事项（条款）"), self.tr("摘要"), self.tr("初审意见"), self.tr("初审人"))

    CELLS = {
        "state": lambda m, r: word(r.state_name),
        "clause": lambda m, r: _fill(QCoreApplication.translate("ReviewsModel", "%1（%2）"), word(r.clause_name), r.clause),
        "summary": lambda m, r: r.summary,
        "proposal": lambda m, r: (QCoreApplication.translate("ReviewsModel", "%1：%2").replace("%1", _outcome_name(r.proposal))
                                  .replace("%2", r.proposal_reason) if r.proposal else r.reason),
        "maker": lambda m, r: r.maker,
    }



class ComplaintsModel(RowsTableModel):
    """差评工单 (counter_app.workflows.complaints): the most urgent first."""

    COLUMNS = ("stage", "case", "score", "reason", "clerk", "owner", "due", "opened")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("环节"), self.tr("办件编号"), self.tr("评价"), self.tr("原因"), self.tr("经办人"),
                self.tr("负责人"), self.tr("下一环节期限"), self.tr("受理时间（北京时间）"))

    CELLS = {
        # as the centre holds it (opened at, or moved on from, another workstation)
        "stage": lambda m, r: word(r.stage_name) if getattr(r, "here", True) else _fill(QCoreApplication.translate(
            "ApprovalsPanel", "%1（中心；工作站 %2 受理）"), word(r.stage_name), r.workstation_id),
        "case": lambda m, r: r.case_no or r.case_id[:8],
        "score": lambda m, r: {1: QCoreApplication.translate("ApprovalsPanel", "非常不满意"),
                               2: QCoreApplication.translate("ApprovalsPanel", "不满意")}.get(r.score, str(r.score)),
        "reason": lambda m, r: r.reason,
        "clerk": lambda m, r: r.clerk,
        "owner": lambda m, r: r.owner or QCoreApplication.translate("ApprovalsPanel", "（待认领）"),
        "due": lambda m, r: (f"{word(r.next_stage_name)} {r.due}" + (
            QCoreApplication.translate("ApprovalsPanel", "（已超期）") if r.overdue else "")) if r.due else "",
        "opened": lambda m, r: r.opened_text,       # the ticket's opening, kept as UTC, in Beijing time
    }


DEATH_STATES: dict[str, object] = {"open": QT_TRANSLATE_NOOP("ApprovalsPanel", "有效"),
                                   "refused": QT_TRANSLATE_NOOP("ApprovalsPanel", "有效（上门记录已被较晚的认证取代，待核实）"),
                                   "cleared": QT_TRANSLATE_NOOP("ApprovalsPanel", "已撤销")}


# the suspension of payment a death report raised (counter_central.certification.STATE_NAMES)
SUSPENSION_STATES: dict[str, object] = {
    "flagged": QT_TRANSLATE_NOOP("ApprovalsPanel", "已标记暂停发放（待审批）"),
    "suspended": QT_TRANSLATE_NOOP("ApprovalsPanel", "已暂停发放"),
    "not_suspended": QT_TRANSLATE_NOOP("ApprovalsPanel", "不暂停（审批驳回）"),
    "cleared": QT_TRANSLATE_NOOP("ApprovalsPanel", "未暂停（已撤回）"),
    "resume_pending": QT_TRANSLATE_NOOP("ApprovalsPanel", "恢复发放待审批"),
    "resumed": QT_TRANSLATE_NOOP("ApprovalsPanel", "已恢复发放")}


def _death_person(r) -> str:
    return f"{r.id_masked} {r.name_masked}".strip()


def _death_suspension(r) -> str:
    if not r.suspension_state:
        return QCoreApplication.translate("ApprovalsPanel", "未提出暂停发放")
    return _named(SUSPENSION_STATES, r.suspension_state)


def _death_conflict(r) -> str:
    if r.state == "cleared":
        return QCoreApplication.translate("ApprovalsPanel", "%1 撤销：%2").replace("%1", r.cleared_by or "").replace(
            "%2", r.clear_reason or "")
    if not r.conflicts:
        return ""
    return QCoreApplication.translate("ApprovalsPanel", "有矛盾，须核实：%1").replace("%1", "；".join(r.conflicts))


class DeathReportsModel(RowsTableModel):
    """上门认证死亡报告 the centre holds for the office (counter_app.workflows.death_reports), masked;
    the standing ones first."""

    COLUMNS = ("state", "person", "visited", "staff", "suspension", "note")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("状态"), self.tr("人员（已遮盖）"), self.tr("上门时间"), self.tr("上门工作人员"),
                self.tr("暂停发放"), self.tr("矛盾 / 撤销"))

    CELLS = {
        "state": lambda m, r: _named(DEATH_STATES, r.state),
        "person": lambda m, r: _death_person(r),
        "visited": lambda m, r: _beijing(r.visited_at),
        "staff": lambda m, r: "、".join(r.staff),
        "suspension": lambda m, r: _death_suspension(r),
        "note": lambda m, r: _death_conflict(r),
    }
    TIPS = {"note": lambda m, r: _death_conflict(r)}


def _beijing(at) -> str:
    from counter_protocol.clock import beijing_text

    return beijing_text(at)


def decided_text(r: dict) -> str:
    """The line after a decision: the request's new state (已批准 / 已驳回, already a past form) and its
    case (the person, masked, for a request about no case)."""
    return _pair(_tr(r["state_name"]), r["case_no"] or _applicant(r) or case_ref(r))


def _fact_value(value: object) -> str:
    """A recorded fact's value in words (是 / 否 for a yes-no fact, never Python's True / False)."""
    if isinstance(value, bool):
        return _tr(YES) if value else _tr(NO)
    return str(value)


YES, NO = QT_TRANSLATE_NOOP("ApprovalsPanel", "是"), QT_TRANSLATE_NOOP("ApprovalsPanel", "否")


def decision_fields(catalog, service_code: str, step_code: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    """``{"group.key": (label, unit, {value: choice label})}`` of the step's 核定数据 in ``catalog``
    (empty when the service or step is not in it: the codes are shown then)."""
    from counter_rules.catalog import CatalogError

    try:
        service = catalog.get(service_code)
    except CatalogError:      # a service the catalog in force no longer has
        return {}
    for step in service.steps:
        if step.code == step_code:
            return {f.code: (f.label, f.unit, dict(f.choices)) for f in step.decision_data}
    return {}


def service_name(catalog, service_code: str) -> str:
    """The service's name in ``catalog`` (Chinese, as the catalog keeps it; "" when it has no such
    service: the code is shown then)."""
    from counter_rules.catalog import CatalogError

    try:
        return catalog.get(service_code).name if service_code else ""
    except CatalogError:
        return ""


def _decision_data_html(r: dict) -> list[str]:
    """The 核定数据 a held step (待遇核定) records when approved — what the supervisor approves:
    the back pay and the one-off amount the table weighed, then each figure with its label."""
    e = html.escape
    details = r.get("details") or {}
    data = details.get("data")
    terms = details.get("terms") or {}
    if not isinstance(data, dict) or not data:
        return []
    fields = r.get("data_fields") or {}
    parts = []
    months = terms.get("back_pay_months")
    if months:
        parts.append(QCoreApplication.translate("ApprovalsPanel", "补发 %1 个月").replace("%1", str(months)))
    if terms.get("amount") not in (None, ""):
        try:
            amount = f"{Decimal(str(terms['amount'])):,.2f}"
        except (InvalidOperation, ValueError):
            amount = str(terms["amount"])
        parts.append(QCoreApplication.translate("ApprovalsPanel", "一次性支付 %1 元").replace("%1", amount))
    out = [_h4(QCoreApplication.translate("ApprovalsPanel", "核定数据（批准后按此记录并出具决定书）"))]
    if parts:
        out.append(f"<p><b>{e(_tr(COMMA).join(parts))}</b></p>")
    values = {f"{group}.{key}": value for group, given in data.items() if isinstance(given, dict)
              for key, value in given.items()}
    items = []
    for code in [c for c in fields if c in values] + [c for c in values if c not in fields]:   # the form's order
        label, unit, choices = fields.get(code, (code, "", {}))
        shown = catalog_tr(choices.get(str(values[code]), str(values[code])))
        items.append(f"<li>{_pair(e(catalog_tr(label)), e(shown + catalog_tr(unit)))}</li>")
    out.append("<ul>" + "".join(items) + "</ul>")
    return out


def _with_ended(service, rows: list, ended, office: str) -> list:
    """``rows`` with the requests ``ended`` (listed before as pending, no longer pending here: withdrawn,
    decided elsewhere, expired) in their place, longest waiting first."""
    from counter_app.workflows.approvals import ApprovalRefused

    more = []
    for rid in ended:
        try:
            r = service.get(rid)
        except ApprovalRefused:         # no longer known here
            continue
        if r["office_code"] in ("", office):
            more.append(r)
    return sorted(rows + more, key=lambda r: (r["made_at"], r["id"]))


def detail_html(r: dict) -> str:
    """The case as the clerk saw it and the document the decision issues (HTML, escaped); the labels
    in the UI's language, the case's own words (materials, conditions, reasons) as recorded."""
    from counter_protocol.clock import beijing_text

    e = html.escape
    snap = (r.get("details") or {}).get("case") or {}
    head = _fill(QCoreApplication.translate("ApprovalsPanel", "办件 %1　申请人 %2　经办人 %3　提出于 %4（北京时间）　须%5审批"),
                 e(case_ref(r)), e(_applicant(r)), e(person(r, "maker")), e(beijing_text(r["made_at"])),
                 e(word(r["required_level_name"])))
    # the service by its catalog name (the refresh puts it on a request with no case: a 暂停发放)
    service = snap.get("service_name") or r.get("service_name") or r.get("service_code") or ""
    out = [f"<h3>{e(word(r['action_name']))} · {e(catalog_tr(service))}</h3>", f"<p>{head}</p>"]
    if r.get("state") == "pending" and r.get("expires_at"):      # how long the supervisor has
        out.append("<p>" + e(QCoreApplication.translate("ApprovalsPanel", "%1（北京时间）前未作决定即过期，经办人须重新申请")
                             .replace("%1", beijing_text(r["expires_at"]))) + "</p>")
    note = str((r.get("details") or {}).get("note") or "").strip()
    if note:
        out.append(_h4(QCoreApplication.translate("ApprovalsPanel", "申请说明")) + f"<p>{e(note)}</p>")
    if r.get("checker"):
        line = (QCoreApplication.translate("ApprovalsPanel", "%1：审批人 %2，%3，意见：%4")
                .replace("%1", f"<b>{e(_tr(r['state_name']))}</b>")
                .replace("%2", e(person(r, "checker"))).replace("%3", e(beijing_text(r.get("decided_at"))))
                .replace("%4", e(r.get("reason") or "")))
        out.append(f"<p>{line}</p>")
    elif r.get("state") not in (None, "pending"):     # withdrawn by its maker, expired: no checker
        ended = f"<b>{e(_tr(r['state_name']))}</b>"
        out.append(f"<p>{_pair(ended, e(r['reason'])) if r.get('reason') else ended}</p>")
    out.extend(_decision_data_html(r))     # a held 待遇核定: what the approval records, first
    if snap.get("materials"):
        out.append(_h4(QCoreApplication.translate("ApprovalsPanel", "材料")) + "<ul>" + "".join(
            "<li>" + (_aside(_pair(e(catalog_tr(m["name"])), e(_named(TICK_NAMES, m["state"]))), e(m["problem"]))
                      if m.get("problem") else _pair(e(catalog_tr(m["name"])), e(_named(TICK_NAMES, m["state"]))))
            + "</li>" for m in snap["materials"]) + "</ul>")
    if snap.get("facts"):
        from counter_app.ui.condition_notes import note_word
        from counter_rules.conditions import FACT_NAMES

        out.append(_h4(QCoreApplication.translate("ApprovalsPanel", "事实")) + "<ul>"
                   + "".join(f"<li>{_pair(e(note_word(FACT_NAMES.get(str(k), str(k)))), e(_fact_value(v)))}</li>"
                             for k, v in snap["facts"].items()) + "</ul>")
    if snap.get("conditions"):
        rows = []
        for c in snap["conditions"]:
            line = "<li>" + _aside(_pair(e(catalog_tr(c["text"])), f"<b>{e(_named(RESULT_NAMES, c['result']))}</b>"),
                                   e(_named(SOURCE_NAMES, c["source"])))
            if c.get("explanation"):
                from counter_app.ui.condition_notes import note_text

                line += f" {e(note_text(c['explanation']))}"
            if c.get("override"):
                override = QCoreApplication.translate("ApprovalsPanel", "经办人改判：%1").replace("%1", c["override"])
                line += f" <span style='color:#b3261e'>{e(override)}</span>"
            rows.append(line + "</li>")
        out.append(_h4(QCoreApplication.translate("ApprovalsPanel", "受理条件与系统核验")) + "<ul>" + "".join(rows) + "</ul>")
    findings = [f for f in snap.get("findings") or () if isinstance(f, dict) and f.get("text")]
    if findings and r.get("action") == "denial":        # what the 不予认定 rests on
        out.append(_h4(QCoreApplication.translate("ApprovalsPanel", "公示异议与核查情况")) + "<ul>" + "".join(
            f"<li>{_pair(e(catalog_tr(str(f.get('step') or ''))), e(str(f['text'])))}</li>" for f in findings) + "</ul>")
    out.extend(_preview_html(r, snap))
    return "".join(out)


def _preview_html(r: dict, snap: dict) -> list[str]:
    """The document the decision is about, as it will be issued (in Chinese, as issued): the
    不予受理决定书 of a 不予受理, the 不予认定决定书 of a 不予认定, the very document a 补打 reprints
    (its number, its own 经办人 and 审批人); none for the other approval points."""
    from counter_rules.documents import DOCUMENTS, DocumentKind
    from counter_rules.retirement import applicant_reason

    e = html.escape
    details = r.get("details") or {}
    action = r.get("action")
    box = "<div style='border:1px solid #999;padding:6px'>"
    title = _h4(QCoreApplication.translate("ApprovalsPanel", "文书预览"))
    if action in ("rejection", "denial"):
        reasons = [applicant_reason(str(x)) for x in (details.get("reasons") or snap.get("reasons") or [])]
        if not reasons:
            return []
        if action == "rejection":
            name, lead = DOCUMENTS[DocumentKind.rejection_decision].title, "经审查，不符合受理条件，理由如下："
        else:
            name = DOCUMENTS[DocumentKind.pension_denial_decision].title
            lead = "经审核，不符合办理要求，本机构决定不予认定，理由如下："
        return [title + box + f"<p align='center'><b>{e(name)}</b></p><p>{e(lead)}</p><ol>"
                + "".join(f"<li>{e(x)}</li>" for x in reasons)
                + f"</ol><p>经办人：{e(person(r, 'maker'))}　审批人：（待审批）</p></div>"]
    if action == "reprint":
        doc = details.get("document") if isinstance(details.get("document"), dict) else {}
        if not doc:
            return []
        line = f"《{doc.get('title', '')}》{doc.get('number', '')}"
        who = f"经办人：{doc.get('clerk') or '—'}　审批人：{doc.get('approver') or '—'}"
        return [title + box + "<p>" + e(QCoreApplication.translate("ApprovalsPanel", "补打：%1").replace("%1", line))
                + f"</p><p>{e(who)}</p></div>"]
    return []


class ApprovalsPanel(QWidget):
    """审批."""

    loaded = Signal()
    decided = Signal(object)     # the decided request (dict)
    reviewed = Signal(object)    # a 人工审核 item after 初审 / 复核 (dict)
    death_cleared = Signal(object)   # a 上门认证死亡报告 after 撤销报告 (DeathReportCleared as a dict)
    failed = Signal(str)

    def __init__(self, ctx, events=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.setObjectName("ApprovalsPanel")
        self.read_only = not set(ctx.user.all_roles) & set(DECIDERS)
        self.model = ApprovalsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("approvalsTable")
        setup_list_table(self.table, self.model)
        self.state_filter = QComboBox(self)
        for state in STATE_FILTERS:
            self.state_filter.addItem("", state)        # worded by retranslate
        self.state_filter.currentIndexChanged.connect(lambda _i: self._moved_on())
        self.state_filter.currentIndexChanged.connect(lambda _i: self._forget_ended())
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("approvalDetail")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("approvalReason")
        self.btn_approve = QPushButton(self)
        self.btn_reject = QPushButton(self)
        self.btn_refresh = QPushButton(self)
        self.message = QLabel(self)
        self._message_words: Callable[[], str] | None = None   # the message as data: worded again on a switch
        self._message_shown = ""
        # a refusal or an action's outcome stands until the supervisor changes the selection or the
        # input (the timer's refresh every QUEUE_REFRESH_MS does not replace it with the count)
        self._standing = False
        self._loading = False           # _loaded restoring the selection: not the supervisor's change
        self._source: object = None     # where the queue was read (_loaded), None before the first read
        self._reviews_read = self._deaths_read = False     # read from the centre at the last refresh
        # a decision acts only on the request the supervisor chose: the typed reason belongs to the
        # request shown when it was typed (its id); a refresh never moves the selection to another
        # request — the chosen one gone, nothing is selected (_show_lists)
        self._reason_for: str | None = None
        self._lost = False              # the chosen request left the list: select nothing until a choice
        # requests listed as pending that ended elsewhere (withdrawn, decided by another supervisor,
        # expired): listed with their state until the supervisor moves on (docs/supervisors.md)
        self._pending_seen: set[str] = set()
        self._ended: set[str] = set()
        self.message.setObjectName("approvalMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        self.show_label = QLabel(self)
        top.addWidget(self.show_label)
        top.addWidget(self.state_filter)
        top.addStretch(1)
        top.addWidget(self.btn_refresh)
        decide = QHBoxLayout()
        decide.addWidget(self.reason, 1)
        decide.addWidget(self.btn_approve)
        decide.addWidget(self.btn_reject)
        # 人工审核 (the standard's manual reviews), pulled from the centre: 初审 then 复核 by another supervisor
        self.reviews_title = QLabel(self)
        self.reviews_model = ReviewsModel(self)
        self.reviews_table = QTableView(self)
        self.reviews_table.setObjectName("reviewsTable")
        setup_list_table(self.reviews_table, self.reviews_model)
        self.review_outcome = QComboBox(self)
        for code in REVIEW_OUTCOMES:
            self.review_outcome.addItem("", code)       # worded by retranslate
        self.review_reason = QLineEdit(self)
        self.review_reason.setObjectName("reviewReason")
        self.btn_propose = QPushButton(self)
        self.btn_confirm = QPushButton(self)
        self.btn_refuse = QPushButton(self)
        reviews_box = QWidget(self)
        rb = QVBoxLayout(reviews_box)
        rb.setContentsMargins(0, 0, 0, 0)
        rb.addWidget(self.reviews_title)
        rb.addWidget(self.reviews_table, 1)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_outcome)
        review_row.addWidget(self.review_reason, 1)
        review_row.addWidget(self.btn_propose)
        review_row.addWidget(self.btn_confirm)
        review_row.addWidget(self.btn_refuse)
        rb.addLayout(review_row)
        # 差评工单 (不满意 / 非常不满意 的评价): listed here, advanced stage by stage by their supervisor
        self.complaints_title = QLabel(self)
        self.complaints_model = ComplaintsModel(self)
        self.complaints_table = QTableView(self)
        self.complaints_table.setObjectName("complaintsTable")
        setup_list_table(self.complaints_table, self.complaints_model)
        self.complaint_note = QLineEdit(self)
        self.complaint_note.setObjectName("complaintNote")
        self.btn_advance = QPushButton(self)
        complaints_box = QWidget(self)
        cb = QVBoxLayout(complaints_box)
        cb.setContentsMargins(0, 0, 0, 0)
        self.complaints_title.hide()        # its words are the tab's (below): no line of its own
        cb.addWidget(self.complaints_table, 1)
        advance = QHBoxLayout()
        advance.addWidget(self.complaint_note, 1)
        advance.addWidget(self.btn_advance)
        cb.addLayout(advance)
        # 上门认证死亡报告 (已死亡 reported on a home visit): listed from the centre, cleared with a reason
        self.deaths_title = QLabel(self)
        self.deaths_model = DeathReportsModel(self)
        self.deaths_table = QTableView(self)
        self.deaths_table.setObjectName("deathReportsTable")
        setup_list_table(self.deaths_table, self.deaths_model)
        self.death_reason = QLineEdit(self)
        self.death_reason.setObjectName("deathReportReason")
        self.btn_clear_death = QPushButton(self)
        # the withdrawn (已撤销) reports only on request: a supervisor works the valid ones; the choice
        # stays for the session (this panel's life), off at each sign-in
        self.show_cleared_deaths = QCheckBox(self)
        self.show_cleared_deaths.setObjectName("showClearedDeaths")
        self.show_cleared_deaths.toggled.connect(lambda _on: self._moved_on())
        self.show_cleared_deaths.toggled.connect(lambda _on: self.refresh())
        from counter_app.workflows.death_reports import may_read

        # a 系统管理 account reads the approvals, not the death reports: no section for it
        self.reads_deaths = may_read(ctx.user.all_roles)
        deaths_box = QWidget(self)
        db_ = QVBoxLayout(deaths_box)
        db_.setContentsMargins(0, 0, 0, 0)
        self.deaths_title.hide()            # its words are the tab's
        db_.addWidget(self.deaths_table, 1)
        clear_row = QHBoxLayout()
        clear_row.addWidget(self.show_cleared_deaths)
        clear_row.addWidget(self.death_reason, 1)
        clear_row.addWidget(self.btn_clear_death)
        db_.addLayout(clear_row)
        # the decision is made right under the request it decides (not below the reviews and tickets,
        # where it read as part of 差评工单)
        request_box = QWidget(self)
        qb = QVBoxLayout(request_box)
        qb.setContentsMargins(0, 0, 0, 0)
        qb.addWidget(self.detail, 1)
        qb.addLayout(decide)
        qb.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(request_box)
        split.addWidget(reviews_box)
        # 差评工单 and 死亡报告 share one section, a tab each (the queue and the request keep their height);
        # a 系统管理 account has no 死亡报告 tab
        self.lower_tabs = QTabWidget(self)
        self.lower_tabs.setObjectName("approvalsLowerTabs")
        self.lower_tabs.setDocumentMode(True)
        self.lower_tabs.addTab(complaints_box, "")      # the tabs' words: _word_lists
        if self.reads_deaths:
            self.lower_tabs.addTab(deaths_box, "")
            # the supervisor opens the tab: the list read again (and the read recorded at the centre)
            self.lower_tabs.currentChanged.connect(
                lambda i: self.refresh() if self.lower_tabs.widget(i) is deaths_box else None)
        else:
            deaths_box.hide()
        split.addWidget(self.lower_tabs)
        self.reviews_box, self.complaints_box, self.deaths_box = reviews_box, complaints_box, deaths_box
        # the queue and the request the supervisor decides on get the height (at 1366x768 the queue
        # shows several requests, not two and a half); reviews and tickets less, and an empty one
        # only its title and input row (_loaded hides its table)
        for i, stretch in enumerate((4, 5, 1, 1)):
            split.setStretchFactor(i, stretch)
        self.split = split
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._actions = [
            # no F5 of its own: the window's F5 refreshes the panel in front (MainWindow.refresh_shown)
            add_panel_action(self, [], self.refresh, self.btn_refresh, name="actApprovalsRefresh"),
            add_panel_action(self, "Ctrl+R", lambda: self.reason.setFocus(), name="actApprovalReason"),
            add_panel_action(self, "Ctrl+Shift+Y", lambda: self.decide_current(True), self.btn_approve,
                             name="actApprove"),
            add_panel_action(self, "Ctrl+Shift+N", lambda: self.decide_current(False), self.btn_reject,
                             name="actReject"),
            add_panel_action(self, "Ctrl+Shift+G", self.advance_complaint, self.btn_advance,
                             name="actAdvanceComplaint"),
            add_panel_action(self, "Ctrl+Shift+X", self.clear_death_report, self.btn_clear_death,
                             name="actClearDeathReport"),
            add_panel_action(self, "Ctrl+Shift+P", self.propose_review, self.btn_propose, name="actProposeReview"),
            add_panel_action(self, "Ctrl+Shift+H", lambda: self.decide_review(True), self.btn_confirm,
                             name="actConfirmReview"),
            add_panel_action(self, "Ctrl+Shift+J", lambda: self.decide_review(False), self.btn_refuse,
                             name="actRefuseReview"),
        ]
        self._inputs = (self.reason, self.btn_approve, self.btn_reject, self.complaint_note, self.btn_advance,
                        self.review_outcome, self.review_reason, self.btn_propose, self.btn_confirm, self.btn_refuse,
                        self.death_reason, self.btn_clear_death)
        for w in self._inputs:
            w.setEnabled(not self.read_only)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_chosen(cur.row()))
        self.reason.textChanged.connect(self._reason_changed)
        # the supervisor moves on (another item chosen, a reason typed): a standing refusal or outcome goes
        for table in (self.table, self.reviews_table, self.complaints_table, self.deaths_table):
            table.selectionModel().currentRowChanged.connect(lambda _cur, _prev: self._moved_on())
        for edit in (self.reason, self.review_reason, self.complaint_note, self.death_reason):
            edit.textEdited.connect(lambda _text: self._moved_on())
        self.review_outcome.activated.connect(lambda _i: self._moved_on())
        if events is not None:          # as the other panels: a refusal reaches the window's banner too
            self.failed.connect(events.message)
        self.retranslate()
        self.setFocusProxy(self.table)
        self._refresh_when_shown = RefreshWhenShown(self, self.refresh)
        self._refresh_when_shown.stale = True          # loads when first shown
        self._timer = QTimer(self)                      # new requests of the office, while shown
        self._timer.setInterval(QUEUE_REFRESH_MS)
        self._timer.timeout.connect(self._timed_refresh)
        self._timer.start()

    def actions(self):
        return list(self._actions)

    def retranslate(self) -> None:
        """Every text of the tab in the language of the UI: at start and on a language switch
        (View › 中文 / English) — buttons, placeholders, the filters, the section titles and counts,
        the tables' headings and words, the message on show and the request on show."""
        self.setWindowTitle(self.tr("审批"))       # the tab's and the menu's title (menu_title) follow it
        self.show_label.setText(self.tr("显示"))
        for i, name in enumerate(FILTER_NAMES):
            self.state_filter.setItemText(i, _tr(name))
        for i, name in enumerate(REVIEW_OUTCOMES.values()):
            self.review_outcome.setItemText(i, _tr(name))
        self.btn_refresh.setText(self.tr("刷新 F5"))
        self.reason.setPlaceholderText(self.tr("审批意见（理由，必填）"))
        self.btn_approve.setText(self.tr("批准(&Y)"))
        self.btn_reject.setText(self.tr("驳回(&N)"))
        self.review_reason.setPlaceholderText(self.tr("初审 / 复核意见（必填）"))
        self.btn_propose.setText(self.tr("初审 Ctrl+Shift+P"))
        self.btn_confirm.setText(self.tr("复核同意 Ctrl+Shift+H"))
        self.btn_refuse.setText(self.tr("复核不同意 Ctrl+Shift+J"))
        self.complaint_note.setPlaceholderText(self.tr("本环节的处理情况（必填）"))
        self.btn_advance.setText(self.tr("推进工单 Ctrl+Shift+G"))
        self.death_reason.setPlaceholderText(self.tr("撤销原因（必填，如 经核实本人健在）"))
        self.btn_clear_death.setText(self.tr("撤销报告 Ctrl+Shift+X"))
        self.show_cleared_deaths.setText(self.tr("显示已撤销"))
        self.show_cleared_deaths.setToolTip(self.tr("另列已撤销的死亡报告（排在有效的报告之后）"))
        if self.read_only:      # 7.3.2: why it is not offered
            for w in self._inputs:
                w.setToolTip(self.tr("只有审核主管（科长）可以审批和处理工单；本账号只能查看"))
        self._word_lists()
        for model in (self.model, self.reviews_model, self.complaints_model, self.deaths_model):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(model.COLUMNS) - 1)
            if model.rowCount():            # the words in the cells (a stage, a state, a waiting time)
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, len(model.COLUMNS) - 1))
        if self._message_words is not None and self.message.text() == self._message_shown:
            self._say(self._message_words, standing=self._standing)
        if self._source is not None:
            self._show(self.table.currentIndex().row())      # the request on show, in the new words

    def _word_lists(self) -> None:
        """The sections' titles and counts (the lower tabs' texts) from the lists last read."""
        if self._deaths_read:
            self.deaths_title.setText(self.tr("死亡报告（中心）：%1 份有效").replace(
                "%1", str(sum(1 for d in self.deaths if d["state"] != "cleared"))))
        else:
            self.deaths_title.setText(self.tr("死亡报告：须联网从中心取得") if self._source is not None
                                      else self.tr("死亡报告"))
        if self.reads_deaths:           # the reports standing show on the tab, whichever tab is in front
            self.lower_tabs.setTabText(self.lower_tabs.indexOf(self.deaths_box), self.deaths_title.text())
        if self._reviews_read:
            self.reviews_title.setText(self.tr("人工审核（中心）：%1 件待办").replace("%1", str(len(self.reviews))))
        else:
            self.reviews_title.setText(self.tr("人工审核：须联网从中心取得") if self._source is not None
                                       else self.tr("人工审核"))
        self.complaints_title.setText(self.tr("差评工单：%1 件未办结").replace(
            "%1", str(sum(1 for c in self.complaints if c["next_stage"]))) if self._source is not None
            else self.tr("差评工单"))
        self.lower_tabs.setTabText(self.lower_tabs.indexOf(self.complaints_box), self.complaints_title.text())

    def _count_text(self) -> str:
        """How many requests the queue lists and where they were read (中心 / 本机（离线）)."""
        source = self._source
        if isinstance(source, tuple):
            where = self.tr("中心；其中 %1 件尚未送达中心，为本机记录").replace("%1", str(source[1]))
        else:
            where = self.tr("中心") if source == "centre" else self.tr("本机（离线）")
        return self.tr("%1 件（%2）").replace("%1", str(len(self.rows))).replace("%2", where)

    def _say(self, words: Callable[[], str], *, standing: bool) -> None:
        """The message under the request: ``words`` worded now (again on a language switch while it is
        on show). ``standing``: a refusal or an action's outcome, kept until the supervisor moves on."""
        self._message_words, self._standing = words, standing
        self._message_shown = words()
        self.message.setText(self._message_shown)

    def _moved_on(self) -> None:
        """The supervisor chose another item or changed the input: a standing message is over (the
        queue's count again); not when the refresh restores the selection."""
        if self._loading or not self._standing:
            return
        self._standing = False
        if self._source is not None:
            self._say(self._count_text, standing=False)

    def menu_title(self) -> str:
        """The main window's menu of this panel, with its Alt mnemonic (as 文件(&F), 业务办理(&C))."""
        return self.tr("审批(&A)")

    # ------------------------------------------------------------ data

    def _service(self):
        from counter_app.app_context import approval_service

        return approval_service(self.ctx)

    def _client(self):
        from counter_app.app_context import auth_manager
        from counter_app.sync.client import CentralClient

        auth = auth_manager(self.ctx)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            return None
        return CentralClient(self.ctx.settings.central.url, timeout=min(5.0, self.ctx.settings.central.timeout_seconds),
                             tokens=auth.tokens(user))

    def _timed_refresh(self) -> None:
        """The timer's refresh: while shown, read again without saying a person asked (the centre
        records the death reports' listing once a person asks, not each of these); hidden, the
        panel is stale and reads again (a person's look) when next shown."""
        if self.isVisible():
            self.refresh(asked=False)
        else:
            self._refresh_when_shown.stale = True

    def refresh(self, *, asked: bool = True) -> None:
        """Read the lists again. ``asked``: a person asked (shown, 刷新 / F5, a filter changed, the
        死亡报告 tab opened, after an action) — the centre records the death reports' listing (查询留痕);
        False for the timer's refresh (:meth:`_timed_refresh`)."""
        state = self.state_filter.currentData() or None
        office = self.ctx.settings.office.code
        include_cleared = self.show_cleared_deaths.isChecked()
        # the queue of pending requests keeps listing those it listed that ended meanwhile (their state
        # shown) until the supervisor moves on: the local copy no longer lists them as pending
        keep = frozenset(self._pending_seen | self._ended) if state == "pending" else frozenset()

        def load():
            from counter_app.sync.client import SyncError
            from counter_app.workflows.approvals import name_rows, refresh_from_centre

            from counter_app.domain.complaints import READERS

            client = self._client()
            source = "local"
            reviews = None
            centre = None
            tickets = None          # the office's 差评工单 the centre holds (a supervisor's, an auditor's)
            reads_tickets = bool(set(self.ctx.user.all_roles) & READERS)
            deaths = None           # the office's 上门认证死亡报告 (only at the centre: None offline)
            if client is not None:
                try:
                    centre = refresh_from_centre(self.ctx.store, client, state, office)
                    reviews = [i.model_dump(mode="json") for i in client.reviews().items
                               if i.state.value in ("pending", "proposed")]
                    if reads_tickets:
                        tickets = [t.model_dump(mode="json") for t in client.office_complaints(office).items]
                    if self.reads_deaths:
                        from counter_app.workflows.death_reports import list_reports

                        deaths = list_reports(client, roles=self.ctx.user.all_roles,
                                              include_cleared=include_cleared, record=asked)
                except SyncError as exc:
                    log.info("approval list from the centre unavailable: %s", exc)
                finally:
                    client.close()
            service = self._service()
            rows = [r for r in service.list(state=state) if r["office_code"] in ("", office)]
            if centre is not None:
                source = "centre"
                # decided elsewhere meanwhile: shown as decided (by whom), not dropped silently
                shown = {r["id"] for r in rows}
                rows += [r for r in service.list() if r["id"] in centre.decided_elsewhere and r["id"] not in shown]
                # a request not yet sent from its workstation is this workstation's copy, not the centre's
                local_only = sum(1 for r in rows if r["id"] not in centre.known)
                if local_only:
                    source = ("mixed", local_only)
            rows = _with_ended(service, rows, keep - {r["id"] for r in rows}, office)
            name_rows(self.ctx.store, rows)
            held = [r for r in rows if (r.get("details") or {}).get("step_code")]
            # a request with no case (a 暂停发放 the centre raised) carries no service name: the catalog's
            unnamed = [r for r in rows if not ((r.get("details") or {}).get("case") or {}).get("service_name")]
            if held or unnamed:      # the labels of the 核定数据 a held step carries (the catalog in force)
                from counter_app.workflows.reference import current_catalog

                catalog = current_catalog(self.ctx.store)
                for r in held:
                    r["data_fields"] = decision_fields(catalog, r["service_code"], r["details"]["step_code"])
                for r in unnamed:
                    r["service_name"] = service_name(catalog, r["service_code"])
            from counter_app.workflows.complaints import ComplaintService

            # the tickets: a supervisor's and an auditor's (a 系统管理 account reads approvals, not tickets)
            complaints = ComplaintService(self.ctx.store).list(centre=tickets) if reads_tickets else []
            return source, rows, complaints, reviews, deaths

        # the timer's refresh failing: said under the request, not raised in the window every 10 s
        task_runner().run(load, self._loaded, lambda exc: self._task_failed(exc, announce=asked), owner=self)

    complaints: list = []

    def _loaded(self, result) -> None:
        self._loading = True            # restoring the selection is not the supervisor moving on
        try:
            self._show_lists(result)
        finally:
            self._loading = False
        self.loaded.emit()

    def _show_lists(self, result) -> None:
        source, rows, complaints, reviews, *rest = result
        deaths = rest[0] if rest else None      # (source, rows, complaints, reviews[, death reports])
        current_death = self.current_death()
        self._source = source
        self.deaths = deaths or []
        self._deaths_read = deaths is not None
        self.deaths_model.set_rows([SimpleNamespace(**d) for d in self.deaths])
        at = next((i for i, d in enumerate(self.deaths) if current_death and d["id"] == current_death["id"]), -1)
        if at >= 0:                     # the report the supervisor had selected stays selected
            self.deaths_table.setCurrentIndex(self.deaths_model.index(at, 0))
        self.reviews = reviews or []
        self._reviews_read = reviews is not None
        self.reviews_model.set_rows([SimpleNamespace(**r) for r in self.reviews])
        self.complaints = complaints
        self.complaints_model.set_rows([SimpleNamespace(**c) for c in complaints])
        self._word_lists()
        # nothing to list: the table gives its height to the queue and the request
        self.reviews_table.setVisible(bool(self.reviews))
        self.complaints_table.setVisible(bool(complaints))
        self.deaths_table.setVisible(bool(self.deaths))
        self._fit_split()
        current = self.current()
        self.rows = rows
        self.model.set_rows([SimpleNamespace(**r) for r in rows])
        if not self._standing:          # a refusal or an outcome stands until the supervisor moves on
            self._say(self._count_text, standing=False)
        if self.state_filter.currentData() == "pending":
            self._pending_seen = {r["id"] for r in rows if r["state"] == "pending"}
            self._ended = {r["id"] for r in rows if r["state"] != "pending"}
        else:
            self._pending_seen, self._ended = set(), set()
        # the request the supervisor chose stays chosen; never another one in its place
        index = next((i for i, r in enumerate(rows) if current and r["id"] == current["id"]), -1)
        if index < 0 and current is None and rows and not self._lost:
            index = 0                   # nothing chosen yet: the longest waiting request
        if index >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(index, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self._show(index)
            now = rows[index]
            if current is not None and current["state"] == "pending" and now["state"] != "pending":
                self._fail(lambda: self._ended_text(now))     # withdrawn, decided elsewhere, expired meanwhile
        elif current is not None:       # the chosen request left the list: nothing chosen in its place
            self._lost = True
            self.table.selectionModel().clearSelection()
            self.table.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
            self.reason.clear()
            gone = case_ref(current)
            self.detail.setHtml(html.escape(self._gone_text(gone)))
            self._fail(lambda: self._gone_text(gone))
        elif not rows:
            self.detail.setHtml(self.tr("没有审批申请"))

    rows: list = []

    def _fit_split(self) -> None:
        """Share the height: an empty reviews / tickets section keeps only its title and input row."""
        sizes = self.split.sizes()
        total = sum(sizes)
        if not total:
            return
        small = [(box.sizeHint().height() if all(t.isHidden() for t in tables) else None)
                 for box, tables in ((self.reviews_box, (self.reviews_table,)),
                                     (self.lower_tabs, (self.complaints_table, self.deaths_table)))]
        low = [s if s is not None else total // 8 for s in small]
        rest = max(total - sum(low), 0)
        self.split.setSizes([rest * 2 // 5, rest - rest * 2 // 5, *low])

    def current(self) -> dict | None:
        row = self.table.currentIndex().row()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _row_chosen(self, row: int) -> None:
        """The selection changed: the request shown; the supervisor's own choice (not the refresh
        restoring it) ends the listing of the requests that ended meanwhile, and a reason typed for
        another request is cleared (it never goes with this one)."""
        self._show(row)
        if self._loading or not 0 <= row < len(self.rows):
            return
        rid = self.rows[row]["id"]
        self._lost = False
        self._ended &= {rid}
        if self._reason_for is not None and self._reason_for != rid:
            self.reason.clear()
        elif self.reason.text():
            self._reason_for = rid

    def _reason_changed(self, text: str) -> None:
        """The typed reason belongs to the request shown when it was typed."""
        if not text:
            self._reason_for = None
        elif self._reason_for is None:
            r = self.current()
            self._reason_for = r["id"] if r is not None else None

    def _forget_ended(self) -> None:
        """Another filter: the requests that ended are no longer kept in the list."""
        self._pending_seen, self._ended, self._lost = set(), set(), False

    def _ended_text(self, r: dict) -> str:
        state = _tr(r["state_name"])
        if r.get("checker"):
            state = _aside(state, person(r, "checker"))
        return self.tr("所选申请已不再等待审批（%1），未作任何决定；请另选一件申请").replace(
            "%1", _pair(state, case_ref(r)))

    def _gone_text(self, case: str) -> str:
        return self.tr("所选申请（办件 %1）已不在列表中（已撤回、已由其他负责人决定或已过期），未作任何决定；"
                       "请另选一件申请").replace("%1", case)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.detail.setHtml(detail_html(self.rows[row]))

    # ------------------------------------------------------------ decide

    def decide_current(self, approve: bool) -> None:
        if self.read_only:
            self._fail(self.tr("审计人员只能查看，不能审批"))
            return
        r = self.current()
        if r is None:
            self._fail(self.tr("请先在队列中选择一件审批申请"))
            return
        if r["state"] != "pending":     # withdrawn, decided (here or elsewhere) or expired meanwhile
            self._fail(lambda: self._ended_text(r))
            return
        reason = self.reason.text().strip()
        if not reason:
            self._fail(self.tr("请填写审批意见（理由）"))
            self.reason.setFocus()
            return
        if self._reason_for != r["id"]:     # typed while another request (or none) was shown
            self._fail(self.tr("审批意见不是在所选申请上填写的，未作决定；请核对所选申请后重新填写审批意见"))
            self.reason.setFocus()
            return
        if self._deciding:              # 批准 pressed again while the centre answers the first
            self._fail(self.tr("正在提交上一项审批决定，请稍候"))
            return

        def work():
            from counter_app.ui.messages import cause_text
            from counter_app.sync.client import SyncError, TransientError
            from counter_app.workflows.approvals import as_dict, store_remote
            from counter_app.storage.tables_approvals import ApprovalRequestRow

            client = self._client()
            if client is None:
                raise Refusal(self.tr("未联网登录：集中授权须联网；离线时请在经办人的窗口现场授权"))
            try:
                model = client.decide_approval(r["id"], "approved" if approve else "rejected", reason)
            except TransientError as exc:   # why: unreachable, timeout, 5xx, an answer not understood
                raise Refusal(self.tr("审批决定未提交，请稍后再试或在经办人的窗口现场授权。原因：%1")
                                 .replace("%1", cause_text(exc))) from None
            except SyncError as exc:
                raise Refusal(centre_text(str(exc))) from None   # the centre's detail, worded
            finally:
                client.close()
            store_remote(self.ctx.store, model)
            with self.ctx.store.session() as s:
                return as_dict(s.get(ApprovalRequestRow, model.id))

        def done(result: dict) -> None:
            self._deciding = False
            self.reason.clear()
            # the decided request stays listed (its new state) and chosen until the supervisor moves on
            self._ended.add(result["id"])
            for i, row in enumerate(self.rows):
                if row["id"] == result["id"]:
                    self.rows[i] = {**row, **{k: result[k] for k in ("state", "state_name", "checker", "decided_at",
                                                                      "reason", "mode") if k in result}}
            self._say(lambda: decided_text(result), standing=True)
            self.decided.emit(result)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._deciding = False
            self._task_failed(exc)

        self._deciding = True
        task_runner().run(work, done, failed, owner=self)

    reviews: list = []
    _deciding = False                   # a decision is on its way to the centre

    def current_review(self) -> dict | None:
        row = self.reviews_table.currentIndex().row()
        return self.reviews[row] if 0 <= row < len(self.reviews) else None

    def _review_call(self, call) -> None:
        if self.read_only:
            self._fail(self.tr("审计人员只能查看，不能审核"))
            return
        item = self.current_review()
        if item is None:
            self._fail(self.tr("请先选择一件人工审核事项"))
            return
        reason = self.review_reason.text().strip()
        if not reason:
            self._fail(self.tr("请填写初审 / 复核意见"))
            self.review_reason.setFocus()
            return

        def work():
            from counter_app.sync.client import SyncError, TransientError

            client = self._client()
            if client is None:
                raise Refusal(self.tr("未联网登录：人工审核须联网"))
            try:
                return call(client, item["id"], reason).model_dump(mode="json")
            except TransientError as exc:
                from counter_app.ui.messages import cause_text

                raise Refusal(self.tr("人工审核意见未提交，请稍后再试。原因：%1").replace("%1", cause_text(exc))) from None
            except SyncError as exc:
                raise Refusal(centre_text(str(exc))) from None   # the centre's detail, worded
            finally:
                client.close()

        def done(result: dict) -> None:
            self.review_reason.clear()
            self._say(lambda: self.tr("人工审核：%1").replace("%1", word(result["state_name"])), standing=True)
            self.reviewed.emit(result)
            self.refresh()

        task_runner().run(work, done, self._task_failed, owner=self)

    def propose_review(self) -> None:
        """初审: the selected item's proposed result (the combo) with the reason."""
        outcome = self.review_outcome.currentData()
        self._review_call(lambda c, i, r: c.propose_review(i, outcome, r))

    def decide_review(self, approve: bool) -> None:
        """复核: confirm or refuse the proposal (never the proposer; the centre checks it)."""
        self._review_call(lambda c, i, r: c.decide_review(i, "approved" if approve else "rejected", r))

    def current_complaint(self) -> dict | None:
        row = self.complaints_table.currentIndex().row()
        return self.complaints[row] if 0 <= row < len(self.complaints) else None

    def advance_complaint(self) -> None:
        """The selected 差评工单 to its next stage, by the signed-in supervisor (its owner)."""
        if self.read_only:
            self._fail(self.tr("审计人员只能查看，不能处理工单"))
            return
        self.lower_tabs.setCurrentWidget(self.complaints_box)          # Ctrl+Shift+G from another tab: show it
        c = self.current_complaint()
        if c is None:
            self._fail(self.tr("请先选择一件差评工单"))
            return
        note = self.complaint_note.text().strip()
        if not note:
            self._fail(self.tr("请填写本环节的处理情况"))
            self.complaint_note.setFocus()
            return
        user, roles = self.ctx.actor, self.ctx.user.all_roles

        def work():
            from counter_app.domain.complaints import ComplaintRefused
            from counter_app.domain.refusals import Refusal as EngineRefusal
            from counter_app.workflows.complaints import ComplaintService
            from counter_app.app_context import auth_manager

            auth_manager(self.ctx).require_business()   # a restored store before an online sign-in

            try:
                return ComplaintService(self.ctx.store, office_code=self.ctx.settings.office.code,
                                        workstation_id=self.ctx.settings.office.workstation_id).advance(
                    c["id"], user=user, roles=roles, note=note, centre=None if c.get("here", True) else c)
            except ComplaintRefused as exc:
                if isinstance(exc.reason, EngineRefusal):
                    raise                   # kept as data: worded (again on a switch) by _task_failed
                raise Refusal(str(exc)) from None

        def done(result: dict) -> None:
            self.complaint_note.clear()
            self._say(lambda: _fill(self.tr("差评工单 %1：%2"), result["case_no"], word(result["stage_name"])),
                      standing=True)
            self.refresh()

        task_runner().run(work, done, self._task_failed, owner=self)

    deaths: list = []

    def current_death(self) -> dict | None:
        row = self.deaths_table.currentIndex().row()
        return self.deaths[row] if 0 <= row < len(self.deaths) else None

    def clear_death_report(self) -> None:
        """撤销报告: the selected 上门认证死亡报告 cleared at the centre by the signed-in supervisor, with
        the reason typed (counter_app.workflows.death_reports.clear: one call)."""
        if self.read_only:
            self._fail(self.tr("审计人员只能查看，不能撤销死亡报告"))
            return
        if self.reads_deaths:
            self.lower_tabs.setCurrentWidget(self.deaths_box)      # Ctrl+Shift+X from another tab: show it
        d = self.current_death()
        if d is None:
            self._fail(self.tr("请先选择一份死亡报告"))
            return
        if d["state"] == "cleared":
            self._fail(self.tr("该死亡报告已撤销"))
            return
        reason = self.death_reason.text().strip()
        if not reason:
            self._fail(self.tr("请填写撤销原因（如 经核实本人健在）"))
            self.death_reason.setFocus()
            return
        user, roles = self.ctx.actor, self.ctx.user.all_roles
        workstation_id = self.ctx.settings.office.workstation_id

        def work():
            from counter_app.sync.client import SyncError, TransientError
            from counter_app.ui.messages import cause_text
            from counter_app.workflows import death_reports

            client = self._client()
            try:
                return death_reports.clear(self.ctx.store, client, d["id"], user=user, roles=roles,
                                           workstation_id=workstation_id, reason=reason)
            except TransientError as exc:
                raise Refusal(self.tr("死亡报告未撤销，请稍后再试。原因：%1").replace("%1", cause_text(exc))) from None
            except SyncError as exc:
                raise Refusal(centre_text(str(exc))) from None   # the centre's detail, worded
            finally:
                if client is not None:
                    client.close()

        def done(result: dict) -> None:
            self.death_reason.clear()

            def words() -> str:
                text = self.tr("已撤销死亡报告（%1）").replace("%1", result["id_masked"])
                if result["suspension_withdrawn"]:
                    text += self.tr("；暂停发放申请已撤回")
                if result["still_suspended"]:
                    text += self.tr("；暂停发放已生效，须重新认证并经审批后恢复发放")
                return text

            self._say(words, standing=True)
            self.death_cleared.emit(result)
            self.refresh()

        task_runner().run(work, done, self._task_failed, owner=self)

    def _task_failed(self, exc: BaseException, *, announce: bool = True) -> None:
        """A worker's failure: the tab's own refusals as they are, anything else as a plain sentence."""
        log.warning("approvals: %r", exc)
        from counter_app.ui.messages import plain_text

        self._fail(lambda: plain_text(exc), announce=announce)

    def _fail(self, text: "str | Callable[[], str]", *, announce: bool = True) -> None:
        """A refusal: ``text``, or a function wording it now in the language of the UI (called again on
        a language switch while the message is on show). It stands under the request until the
        supervisor moves on (the timer's refresh leaves it), and goes to the window (``failed``,
        its banner or status bar) unless not ``announce``."""
        self._say(text if callable(text) else lambda: text, standing=True)
        if announce:
            self.failed.emit(self._message_shown)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "_inputs"):     # built (__init__ done)
            self.retranslate()
        super().changeEvent(event)

    def shutdown(self) -> None:
        self._timer.stop()
