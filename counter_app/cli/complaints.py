"""``counter-app complaints …``: the 差评 complaint tickets without the window.

    counter-app complaints list [--open] [--json]
    counter-app complaints advance ID --note TEXT [--json]

``list`` (科长 and 审计 only) shows this workstation's tickets (opened by a 不满意 / 非常不满意
rating) and, signed in online, the office's others the centre holds, the most urgent first, with the
stage, the owner and the next deadline (working days). ``advance`` moves one to its next stage
(已受理 → 已核实 → 已整改 → 已反馈 → 已回访); only a supervisor may, and once a supervisor took the
ticket only they may — online from any workstation of the office (the ticket taken from the centre,
which checks the stage and the owner again). The change is synced to the centre like every other record.
"""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("complaints", help="差评工单：列出、推进（不满意 / 非常不满意的评价）")
    sub = parser.add_subparsers(dest="complaints_command", metavar="ACTION")
    ls = sub.add_parser("list", help="列出本机的差评工单（最紧急的在前）")
    ls.add_argument("--open", action="store_true", help="只列出未办结的工单")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    adv = sub.add_parser("advance", help="把工单推进到下一环节（科长）")
    adv.add_argument("id", help="工单编号")
    adv.add_argument("--note", required=True, help="本环节的处理情况")
    adv.add_argument("--json", action="store_true")
    adv.set_defaults(func=_advance)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _fail(args, message: str, code: int = 1) -> int:
    from counter_app.cli._common import fail

    return fail(args, message, code)


def _user(store, settings):
    """(username, roles) of the signed-in user, or raise LookupError with the Chinese reason."""
    from counter_app.cli._common import signed_in_user

    _, _, info = signed_in_user(store, settings)
    return info.username, list(info.roles)


def _human(r: dict) -> str:
    due = f"  {r['next_stage_name']}期限 {r['due']}" + ("（已超期）" if r["overdue"] else "") if r["due"] else ""
    where = "" if r.get("here", True) else f"  在工作站 {r['workstation_id']} 推进"
    return (f"{r['id']}  {r['stage_name']}  办件 {r['case_no']}  评价 {r['score']} 分：{r['reason']}  "
            f"经办人 {r['clerk']}  负责人 {r['owner'] or '（待认领）'}  受理于 {r['opened_text']}（北京时间）{due}{where}")


def _list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.complaints import ComplaintRefused
    from counter_app.workflows.complaints import ComplaintService

    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            user, roles = _user(store, settings)
            service = ComplaintService(store, office_code=settings.office.code,
                                       workstation_id=settings.office.workstation_id)
            items = service.list(open_only=args.open, user=user, roles=roles)     # a clerk: refused, audited
        except (LookupError, ComplaintRefused) as exc:
            return _fail(args, str(exc))
        centre, note = _centre_tickets(store, settings, user)
        if centre is not None:
            items = service.list(open_only=args.open, centre=centre)
    finally:
        store.close()
    if args.json:
        print_json({"items": items, "centre_note": note})
    else:
        print(f"差评工单：{len(items)} 件" + (f"（{note}）" if note else ""))
        for r in items:
            print(_human(r))
    return 0


def _centre_tickets(store, settings, user: str) -> tuple[list[dict] | None, str]:
    """(the office's tickets the centre holds, "") when signed in online; else (None, why only this
    workstation's are listed)."""
    from counter_app.cli._common import signed_in_user

    auth, _, info = signed_in_user(store, settings)
    if not auth.tokens(user).access_token():
        return None, "未联网登录：仅列出本机的工单"
    from counter_app.domain.messages import cause_message
    from counter_app.sync.client import CentralClient, SyncError, TransientError

    client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds, tokens=auth.tokens(user))
    try:
        return [t.model_dump(mode="json") for t in client.office_complaints(info.office_code).items], ""
    except TransientError as exc:
        return None, "中心的工单未取得，仅列出本机的工单。原因：" + cause_message(exc)
    except SyncError as exc:
        return None, f"中心未提供工单：{exc}"
    finally:
        client.close()


def _advance(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from datetime import date

    from counter_app.domain.complaints import ComplaintRefused
    from counter_app.workflows.complaints import ComplaintService, centre_dict

    if not (args.note or "").strip():
        return _fail(args, "请填写本环节的处理情况", 2)
    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            user, roles = _user(store, settings)
            # online: the ticket as the centre holds it (another workstation's, or moved on elsewhere)
            centre, _ = _centre_tickets(store, settings, user)
            held = next((t for t in centre or () if t["id"] == args.id), None)
            done = ComplaintService(store, office_code=settings.office.code,
                                    workstation_id=settings.office.workstation_id).advance(
                args.id, user=user, roles=roles, note=args.note,
                centre=None if held is None else centre_dict(held, date.today()))
        except (LookupError, ComplaintRefused) as exc:
            return _fail(args, str(exc))
    finally:
        store.close()
    if args.json:
        print_json(done)
    else:
        print(f"已推进：{_human(done)}")
    return 0
