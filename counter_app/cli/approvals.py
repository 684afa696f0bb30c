"""``counter-app approvals …``: the supervisor's approval queue without the window.

    counter-app approvals list [--state pending] [--json]
    counter-app approvals decide ID (--approve | --reject) --reason TEXT [--json]
    counter-app approvals withdraw REQUEST_ID [--reason TEXT] [--json]
    counter-app approvals held [--json]
    counter-app approvals held-resolve REQUEST_ID (--carry-out | --keep-withdrawal) [--json]

``list`` shows the requests of the signed-in supervisor's office (the centre's when online, this
workstation's copy otherwise), longest waiting first. ``decide`` decides one at the centre, signed
by the supervisor's own token (集中授权); it is refused with a Chinese message for the maker, for a
user who is no supervisor, for another office, for an insufficient level and for a decided
request. ``--json`` prints the request(s) as ``counter_app.workflows.approvals.as_dict``.

``withdraw`` takes back the signed-in clerk's own pending request (``ApprovalService.withdraw``:
the maker only, audited, sent to the centre as ``approval.withdrawn`` by the next sync).

``held`` lists the centre's decisions waiting for the clerk because the request was withdrawn here
before the decision was known (the window's Ctrl+Shift+W); ``held-resolve`` answers one, through the
window's workflow call (``counter_app.workflows.inbox.confirm_held``: one transaction, audited).
"""

from __future__ import annotations

import argparse
from typing import Literal

from counter_protocol.cli_args import non_negative_int
from counter_protocol.free_text import shown

STATES = ("pending", "approved", "rejected", "withdrawn", "expired")


def register(subparsers) -> None:
    parser = subparsers.add_parser("approvals", help="审批：科长的审批队列与决定")
    sub = parser.add_subparsers(dest="approvals_command", metavar="ACTION")
    ls = sub.add_parser("list", help="列出本分局的审批申请（等待最久的在前）")
    ls.add_argument("--state", choices=STATES, default=None, help="只列出该状态的申请，如 pending（待审批）")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    de = sub.add_parser("decide", help="审批一个申请（集中授权，须联网）")
    de.add_argument("id", help="审批申请编号")
    how = de.add_mutually_exclusive_group(required=True)
    how.add_argument("--approve", action="store_true", help="批准")
    how.add_argument("--reject", action="store_true", help="驳回")
    de.add_argument("--reason", required=True, help="审批意见（理由）")
    de.add_argument("--json", action="store_true")
    de.set_defaults(func=_decide)
    rq = sub.add_parser("request", help="经办人提出审批申请（注销、补打决定书、待遇核定等；不予受理在受理时自动申请）")
    rq.add_argument("case_id", help="办件编号（内部标识）")
    rq.add_argument("--action", required=True, help="审批事项：reprint | reg_cancel | benefit_decision | "
                                                     "condition_override | rejection | fingerprint_unavailable")
    rq.add_argument("--document", default=None, help="补打的决定书：文书标识或文号（--action reprint）")
    rq.add_argument("--back-pay-months", type=non_negative_int, default=None, help="待遇核定的补发月数")
    rq.add_argument("--amount", default=None, help="待遇核定的金额（元）")
    rq.add_argument("--reason", default="", help="申请说明")
    rq.add_argument("--json", action="store_true")
    rq.set_defaults(func=_request)
    wd = sub.add_parser("withdraw", help="经办人撤回自己提出的、仍在等待审批的申请（同步后中心也撤回）")
    wd.add_argument("request_id", metavar="REQUEST_ID", help="审批申请编号")
    wd.add_argument("--reason", default="", help="撤回说明（记入审计）")
    wd.add_argument("--json", action="store_true")
    wd.set_defaults(func=_withdraw)
    hd = sub.add_parser("held", help="列出等待经办人确认的中心决定（撤回送达中心前负责人已作决定）")
    hd.add_argument("--json", action="store_true")
    hd.set_defaults(func=_held)
    hr = sub.add_parser("held-resolve", help="确认一项等待经办人确认的中心决定：执行该决定，或维持撤回")
    hr.add_argument("request_id", metavar="REQUEST_ID", help="审批申请编号")
    which = hr.add_mutually_exclusive_group(required=True)
    which.add_argument("--carry-out", action="store_true", help="执行该决定（按决定办理并出具文书）")
    which.add_argument("--keep-withdrawal", action="store_true",
                       help="维持撤回（决定不执行；如仍需办理，须重新提出审批申请）")
    hr.add_argument("--json", action="store_true")
    hr.set_defaults(func=_held_resolve)
    db = sub.add_parser("dashboard", help="当日情况：本机（离线可用）与中心汇总（按状态、事项、经办人；决定用时；"
                                          "超过办理时限；评价；待审批）")
    db.add_argument("--date", default=None, help="日期 YYYY-MM-DD（默认今天）")
    db.add_argument("--json", action="store_true")
    db.set_defaults(func=_dashboard)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _fail(args, message: str, code: int = 1) -> int:
    from counter_app.cli._common import fail

    return fail(args, message, code)


QUEUE_ROLES = frozenset({"supervisor", "auditor", "admin"})
QUEUE_REFUSAL = "只有科长（负责人）或审计人员可以使用审批队列"
# the office's day (科长的一天): the readers the centre's dashboard admits (counter_central.dashboard
# READERS). A clerk sees no office figures — every clerk's counts, ratings and overdue cases — and
# has their own cases in ``case list``.
DASHBOARD_ROLES = frozenset({"supervisor", "auditor"})
DASHBOARD_REFUSAL = "只有科长（负责人）或审计人员可以查看本分局的当日情况"


class NotPermitted(LookupError):
    """A signed-in user without one of the roles asked for: ``info`` is who (their attempt is audited)."""

    def __init__(self, refusal: str, info):
        super().__init__(refusal)
        self.info = info


def _signed_in(store, settings, roles: frozenset[str] = QUEUE_ROLES, refusal: str = QUEUE_REFUSAL):
    """(auth, UserInfo, online) of the signed-in user (an offline login too) holding one of
    ``roles``; raise LookupError with the Chinese reason (:class:`NotPermitted` for a user who has
    none of ``roles``)."""
    from counter_app.cli._common import signed_in_user

    auth, user, info = signed_in_user(store, settings)
    if not set(info.roles) & roles:
        raise NotPermitted(refusal, info)
    return auth, info, bool(auth.tokens(user).access_token())


def _human(r: dict) -> str:
    from counter_protocol.clock import beijing_text

    maker = f"{r['maker_name']}（{r['maker']}）" if r.get("maker_name") else r["maker"]
    line = (f"{r['id']}  {r['state_name']}  {r['action_name']}（须{r['required_level_name']}）  "
            f"办件 {r['case_no'] or r['case_id']}  经办人 {maker}  {beijing_text(r['made_at'])}（北京时间）")
    if r["checker"]:
        checker = f"{r['checker_name']}（{r['checker']}）" if r.get("checker_name") else r["checker"]
        line += f"  审批人 {checker}：{r['reason']}"
    return line


def decided_line(r: dict) -> str:
    """The answer to ``decide``: the state the request is now in (已批准 / 已驳回), then the request."""
    return f"{r['state_name']}：{_human(r)}"


def _list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.client import CentralClient, SyncError, TransientError
    from counter_app.workflows.approvals import ApprovalService, name_rows, refresh_from_centre

    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            auth, info, online = _signed_in(store, settings)
        except LookupError as exc:
            return _fail(args, str(exc))
        source = "本机"
        centre = None
        if online:
            client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds,
                                   tokens=auth.tokens(info.username))
            try:
                # the centre's list; a request pending here that the centre no longer lists as
                # pending is looked up and refreshed (decided elsewhere meanwhile)
                centre = refresh_from_centre(store, client, args.state, info.office_code)
                source = "中心"
            except TransientError:
                pass   # offline: this workstation's copy
            except SyncError as exc:
                return _fail(args, str(exc))
            finally:
                client.close()
        workflow = ApprovalService(store, actor=info.username, office_code=info.office_code,
                              workstation_id=settings.office.workstation_id)
        items = name_rows(store, [r for r in workflow.list(state=args.state) if r["office_code"] in ("", info.office_code)])
        elsewhere = name_rows(store, [r for r in workflow.list() if centre is not None
                                      and r["id"] in centre.decided_elsewhere])
        local_only = [r["id"] for r in items if centre is not None and r["id"] not in centre.known]
    finally:
        store.close()
    if args.json:
        print_json({"source": "centre" if source == "中心" else "local", "office_code": info.office_code, "items": items,
                    "decided_elsewhere": elsewhere, "not_at_centre": local_only})
    else:
        if local_only:
            source += f"；其中 {len(local_only)} 件尚未送达中心，为本机记录"
        print(f"{info.office_code} 审批申请（{source}）：{len(items)} 件")
        for r in items:
            print(_human(r))
            if r.get("summary"):       # what is asked and why: what the supervisor decides on
                print(f"    {shown(str(r['summary']), 2000)}")     # typed at a counter: fit for the terminal
        if elsewhere:
            print(f"已在别处决定（本机原显示为待审批）：{len(elsewhere)} 件")
            for r in elsewhere:
                print(_human(r))
    return 0


def _decide(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.messages import cause_message
    from counter_app.sync.client import CentralClient, RequestRejected, SyncError, TransientError
    from counter_app.workflows.approvals import _expiry_hours, as_dict, closed_by_in, store_remote
    from counter_app.storage.tables_approvals import ApprovalRequestRow
    from counter_protocol.approvals import REASON_MAX_LENGTH, decision_refusal

    reason = (args.reason or "").strip()
    if not reason:
        return _fail(args, "请填写审批意见（理由）", 2)
    if len(reason) > REASON_MAX_LENGTH:    # said before anything is asked (was a ValidationError quoting it)
        return _fail(args, f"审批意见（理由）至多 {REASON_MAX_LENGTH} 字，现有 {len(reason)} 字：请精简后再提交", 2)
    settings = load_cli_settings()
    store = open_store()
    decision: Literal["approved", "rejected"] = "approved" if args.approve else "rejected"
    from counter_app.workflows.approvals import refused_attempt

    try:
        try:
            auth, info, online = _signed_in(store, settings)
        except NotPermitted as exc:       # a clerk approving: refused here, and audited (docs/supervisors.md)
            refused_attempt(store, args.id, exc.info.username, str(exc), mode="remote",
                            workstation_id=settings.office.workstation_id, decision=decision)
            return _fail(args, str(exc))
        except LookupError as exc:        # nobody signed in: no one's attempt to record
            return _fail(args, str(exc))
        with store.session() as s:
            row = s.get(ApprovalRequestRow, args.id)
            known = as_dict(row, _expiry_hours(store)) if row is not None else None
            closed = closed_by_in(s, row) if row is not None else {}   # who decided first, named in the refusal
        if known is not None:   # the same rule as the centre's, said before asking it
            refusal = decision_refusal(state=known["state"], maker=known["maker"], checker=info.username,
                                       checker_roles=info.roles, checker_level=info.approval_level,
                                       checker_office=info.office_code, request_office=known["office_code"],
                                       required_level=known["required_level"], reason=reason, **closed)
            if refusal:
                refused_attempt(store, args.id, info.username, refusal, mode="remote",
                                workstation_id=settings.office.workstation_id, decision=decision)
                return _fail(args, refusal)
        if not online:
            return _fail(args, "未联网登录：集中授权须联网；离线时请在经办人的窗口现场授权")
        client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds,
                               tokens=auth.tokens(info.username))
        try:
            decided = client.decide_approval(args.id, decision, reason)
        except TransientError as exc:   # why, as the sync commands say it: unreachable, timeout, 5xx, an answer not understood
            return _fail(args, "审批决定未提交，请稍后再试或在经办人的窗口现场授权。原因："
                         + cause_message(exc))
        except RequestRejected as exc:  # the centre refused the decision (another office's, the maker, …): audited here too
            refused_attempt(store, args.id, info.username, str(exc), mode="remote",
                            workstation_id=settings.office.workstation_id, decision=decision)
            return _fail(args, str(exc))
        except SyncError as exc:
            return _fail(args, str(exc))
        finally:
            client.close()
        store_remote(store, decided)
        with store.session() as s:
            result = as_dict(s.get(ApprovalRequestRow, decided.id))
        from counter_app.workflows.approvals import name_rows

        [result] = name_rows(store, [result])      # 经办人、审批人 by name (docs/supervisors.md)
    finally:
        store.close()
    if args.json:
        print_json(result)
    else:
        print(decided_line(result))
    return 0


def _request(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.authorisation import AuthorisationError
    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.domain.catalog import Escalation
    from counter_app.sync.auth import AuthManager
    from counter_app.workflows.approvals import ApprovalRefused, ApprovalService

    if args.action not in Escalation._value2member_map_:
        return _fail(args, f"不认识的审批事项：{args.action}", 2)
    if args.action == "reprint" and not args.document:
        return _fail(args, "补打决定书须用 --document 指明文书", 2)
    settings = load_cli_settings()
    store = open_store()
    try:
        user = AuthManager(store, settings).current_user()
        if not user:
            return _fail(args, "未登录：请先用 counter-app login 登录")
        from counter_app.workflows.approvals import display_names

        # the clerk by name, as the supervisor's queue shows the maker (never only a login id)
        info = AuthManager(store, settings).stored_user(user)    # its roles: only a counter role asks
        workflow = ApprovalService(store, actor=user, office=settings.office.name, office_code=settings.office.code,
                                   workstation_id=settings.office.workstation_id,
                                   names={k: v for k, v in display_names(store, [user]).items() if v},
                                   roles=info.roles if info is not None else None)
        try:
            workflow.require_maker(args.case_id)      # before the case or its document is looked up
        except ApprovalRefused as exc:
            return _fail(args, exc.reason)
        details: dict = {}
        note = args.reason.strip()
        try:
            if args.action == "reprint":      # the issued 决定书 itself, by id or 文号: what the supervisor reads
                made = workflow.request_reprint(args.case_id, args.document, note)
            else:
                if args.document:
                    details["document_id"] = args.document
                if note:
                    details["note"] = note
                idle = workflow.nothing_waits(args.case_id, args.action)
                if idle:
                    return _fail(args, idle)
                made = workflow.request(args.case_id, args.action, details=details,
                                        back_pay_months=args.back_pay_months, amount=args.amount)
        except (ApprovalRefused, TransitionRefused) as exc:
            return _fail(args, exc.reason)
        except (AuthorisationError, ArithmeticError, ValueError) as exc:
            return _fail(args, f"审批申请内容不正确：{exc}")
    finally:
        store.close()
    made["maker_name"] = str((made.get("details") or {}).get("maker_name") or "")
    print_json(made) if args.json else print(f"已提出审批申请：{_human(made)}（同步后送达负责人）")
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from counter_app.cli._common import NOT_SIGNED_IN, load_cli_settings, open_store, print_json
    from counter_app.sync.auth import AuthManager
    from counter_app.workflows.approvals import ApprovalRefused, ApprovalService, name_rows

    settings = load_cli_settings()
    store = open_store()
    try:
        user = AuthManager(store, settings).current_user()    # the maker, as ``request`` takes them
        if not user:
            return _fail(args, NOT_SIGNED_IN)
        office = settings.office
        info = AuthManager(store, settings).stored_user(user)
        service = ApprovalService(store, actor=user, office=office.name, office_code=office.code,
                                  workstation_id=office.workstation_id, roles=info.roles if info is not None else None)
        try:
            done = service.withdraw(args.request_id, args.reason or "")
        except ApprovalRefused as exc:
            return _fail(args, exc.reason)
        [done] = name_rows(store, [done])
    finally:
        store.close()
    print_json(done) if args.json else print(f"已撤回审批申请：{_human(done)}（同步后中心也撤回；如仍需办理，可重新提出申请）")
    return 0


def _held_rows(store) -> list[dict]:
    """The held decisions (oldest first), with the case number and the decision in words."""
    from counter_app.storage.tables_approvals import ApprovalRequestRow
    from counter_app.workflows.inbox import held_decisions

    rows = held_decisions(store)
    with store.session() as s:
        for h in rows:
            req = s.get(ApprovalRequestRow, h["request_id"]) if h["request_id"] else None
            h["case_no"] = req.case_no if req is not None else ""
            h["decision_name"] = "批准" if h["decision"] == "approved" else "驳回"
    return rows


def _held(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_user

    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            signed_in_user(store, settings)
        except LookupError as exc:
            return _fail(args, str(exc))
        rows = _held_rows(store)
    finally:
        store.close()
    if args.json:
        print_json({"items": rows})
        return 0
    print(f"等待经办人确认的中心决定：{len(rows)} 件")
    for h in rows:
        who = f"{h['decided_by_name']}（{h['decided_by']}）" if h["decided_by_name"] else (h["decided_by"] or "负责人")
        print(f"{h['request_id']}  办件 {h['case_no'] or h['case_id']}  {who}已{h['decision_name']}："
              f"{shown(str(h['reason'] or ''), 2000)}")
        print(f"    {shown(str(h['note'] or ''), 2000)}")
    if rows:
        print("确认：counter-app approvals held-resolve 审批申请编号 --carry-out（执行该决定）| --keep-withdrawal（维持撤回）")
    return 0


def _held_resolve(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json, signed_in_user
    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.workflows.inbox import confirm_held

    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            _auth, user, _info = signed_in_user(store, settings)
        except LookupError as exc:
            return _fail(args, str(exc))
        held = [h for h in _held_rows(store) if h["request_id"] == args.request_id]
        if not held:
            return _fail(args, f"审批申请 {args.request_id} 没有等待经办人确认的中心决定")
        h = held[0]
        office = settings.office
        try:
            done = confirm_held(store, h["case_id"], carry_out=args.carry_out, actor=user, office=office.name,
                                office_code=office.code, workstation_id=office.workstation_id,
                                request_id=args.request_id)
        except LookupError as exc:
            return _fail(args, str(exc))
        except TransitionRefused as exc:
            return _fail(args, exc.reason)
    finally:
        store.close()
    if args.carry_out and done.outcome not in ("approved", "refused", "applied"):
        message = f"中心的决定未能执行：{done.note or '办件当前状态不适用'}"
    elif args.carry_out:
        message = f"已执行中心的决定（{h['decision_name']}）：办件 {h['case_no'] or h['case_id']}"
    else:
        message = "已维持撤回：中心的决定未执行。如仍需办理该事项，须重新提出审批申请，请负责人再次审批"
    if args.json:
        print_json({"request_id": args.request_id, "case_id": h["case_id"], "case_no": h["case_no"],
                    "resolution": "carried_out" if args.carry_out else "withdrawal_kept",
                    "outcome": done.outcome, "note": done.note, "message": message})
    else:
        print(message)
    return 0 if not args.carry_out or done.outcome in ("approved", "refused", "applied") else 1


def _dashboard(args: argparse.Namespace) -> int:
    """本机的当日情况（离线可用）；联网登录的科长、审计另看中心汇总的全分局数据。"""
    from datetime import date

    from counter_app.cli._common import NOT_SIGNED_IN, fail, load_cli_settings, open_store, print_json
    from counter_app.workflows.case_queries import beijing_today
    from counter_app.workflows.dashboard import office_day

    try:    # the office's day: today in Beijing, whatever zone this machine's clock is set to
        day = date.fromisoformat(args.date) if args.date else beijing_today()
    except ValueError:
        return _fail(args, f"日期格式应为 YYYY-MM-DD：{args.date}", 2)
    settings = load_cli_settings()
    store = open_store()
    centre, note = None, ""
    try:
        try:    # before anything of the store is read: a signed-in 科长 or 审计 (an offline login too)
            auth, info, online = _signed_in(store, settings, DASHBOARD_ROLES, DASHBOARD_REFUSAL)
        except LookupError as exc:
            reason = str(exc)
            return fail(args, f"{reason}，再查看当日情况" if reason == NOT_SIGNED_IN else reason, prefix="")
        from counter_app.workflows.reference import calendar_in_force

        figures = office_day(store, day, calendar=calendar_in_force(store).value).as_dict()
        if online:
            from counter_app.domain.messages import cause_message
            from counter_app.sync.client import CentralClient, SyncError, TransientError

            client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds,
                                   tokens=auth.tokens(info.username))
            try:
                centre = client.office_dashboard(info.office_code, day.isoformat()).model_dump(mode="json")
            except TransientError as exc:
                note = "中心汇总未取得，仅显示本机数据。原因：" + cause_message(exc)
            except SyncError as exc:
                note = f"中心未提供汇总：{exc}"
            finally:
                client.close()
        else:
            note = "未联网登录：仅显示本机数据"
    finally:
        store.close()
    if args.json:
        print_json({**figures, "centre": centre, "centre_note": note})
        return 0
    _print_figures("本机", figures)
    if centre is not None:
        _print_figures(f"中心汇总（{centre['office_code']}，{centre['workstations']} 台工作站）", centre)
    elif note:
        print(note)
    return 0


def _counts(counts: dict | None, names: dict | None = None) -> str:
    """{"archived": 2, "accepted": 3} as 「归档 2 件、已受理（办理中） 3 件」 (无 when there is none)."""
    if not counts:
        return "无"
    return "、".join(f"{(names or {}).get(k, k)} {v} 件" for k, v in counts.items())


def _minutes(value) -> str:
    return "无" if value is None else f"{value} 分钟"


def _print_figures(title: str, f: dict) -> None:
    from counter_app.reference.catalog import default_catalog
    from counter_protocol.cases import STATE_NAMES, CaseState

    states = {s.value: name for s, name in STATE_NAMES.items() if isinstance(s, CaseState)}
    services = {s.code: s.name for s in default_catalog().services}
    print(f"{title} {f['day']}：办件 {f['total']} 件；按状态 {_counts(f['by_state'], states)}；"
          f"按事项 {_counts(f['by_service'], services)}；按经办人 {_counts(f['by_clerk'])}")
    print(f"  受理决定用时：平均 {_minutes(f['decision_minutes_avg'])}，最长 {_minutes(f['decision_minutes_max'])}；"
          f"待审批 {f['approvals_pending']} 件（最长已等 {_minutes(f['approvals_wait_minutes_max'])}）")
    ratings = _counts({f"{k} 分": v for k, v in sorted(f["ratings"].items())})
    average = "无" if f["rating_avg"] is None else f["rating_avg"]
    print(f"  评价 {ratings}（平均 {average}，不满意 {f['dissatisfied']}）")
    late = f["overdue"]
    print(f"  超过办理时限（工作日）：{len(late)} 件；按经办人 {_counts(f['overdue_by_clerk'])}；当日逾期办结 {f['finished_late']} 件"
          + ("" if f["calendar_covers_day"] else "（节假日日历未覆盖该年，仅按周末计算）"))
    for o in late:
        basis = f"第{o['clause']}条" if o["clause"] else "经办机构设定"
        print(f"    {o['case_no']}  {services.get(o['service_code'], o['service_code'])}  经办人 {o['clerk']}  受理 {o['accepted_on']}  "
              f"时限 {o['time_limit']}（{basis}）  应于 {o['due']} 办结  已超 {o['working_days_late']} 个工作日")
