"""``counter-app field pull | roster [--days N] [--unmasked] [--json] | visits [--state S] [--json] |
withdraw [VISIT_ID --reason TEXT] [--json]``:
the field laptop's roster (外勤名单) and home visits (上门认证记录), headless (docs/field.md). The
roster is masked unless ``--unmasked`` (the address and phone at the door); every listing is audited
(``field.roster_listed``: how many, masked or not)."""

from __future__ import annotations

import argparse
from datetime import datetime

from counter_protocol.cli_args import non_negative_int
from counter_protocol.clock import beijing_text

STATES = ("queued", "sending", "synced", "rejected", "conflict", "tampered", "expired", "superseded")


def register(subparsers) -> None:
    fld = subparsers.add_parser("field", help="外勤上门认证：拉取名单、查看名单与上门认证记录")
    sub = fld.add_subparsers(dest="field_command", metavar="ACTION")
    pl = sub.add_parser("pull", help="从中心拉取本人所在分局的上门认证名单（加密保存在本机）")
    pl.add_argument("--days", type=non_negative_int, default=None, help="名单范围：多少天内到期（默认按政策参数）")
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=_pull)
    ro = sub.add_parser("roster", help="本机保存的名单（按到期日排序，证件号码和姓名已遮盖；每次查看都记入审计）")
    ro.add_argument("--days", type=non_negative_int, default=None, help="只列出多少天内到期（或已过期）的人")
    ro.add_argument("--unmasked", action="store_true",
                    help="显示完整的证件号码、姓名、地址和电话（上门时核对用；记入审计）")
    ro.add_argument("--json", action="store_true")
    ro.set_defaults(func=_roster)
    vi = sub.add_parser("visits", help="本机记录的上门认证及其同步状态（被改动的记录显示为 tampered）")
    vi.add_argument("--state", choices=STATES, default=None, help="只列出该状态")
    vi.add_argument("--json", action="store_true")
    vi.set_defaults(func=_visits)
    wd = sub.add_parser("withdraw", help="撤回本人记录、尚未发送到中心的上门认证（选错人或选错结果；该人员回到名单，可重新上门认证；"
                                         "记入审计）。不写编号时列出可撤回的记录")
    wd.add_argument("visit_id", nargs="?", default=None, help="上门认证记录编号（不写：列出可撤回的记录）")
    wd.add_argument("--reason", default="", help="撤回原因（必填）")
    wd.add_argument("--json", action="store_true")
    wd.set_defaults(func=_withdraw)
    nk = sub.add_parser("new-key", help="为本机生成新的签名密钥（中心停用了原密钥后由信息技术人员以系统管理账号登录执行；记入审计）")
    nk.add_argument("--yes", action="store_true", help="确认生成（原密钥不再使用；其封存的记录仍可在本机核验）")
    nk.add_argument("--json", action="store_true")
    nk.set_defaults(func=_new_key)
    fld.set_defaults(func=lambda a: (fld.print_help(), 2)[1])


def _new_key(args: argparse.Namespace) -> int:
    """``counter-app field new-key --yes``: a new signing key for this laptop (the centre revoked
    the old one), made by the signed-in administrator (信息技术人员; workflows.field.new_laptop_key:
    anyone else is refused, audited); the centre registers it with the next roster pull once IT
    allowed it there (counter-central field allow-new-key)."""
    import getpass

    from counter_app.cli._common import print_json, signed_in_user
    from counter_app.sync.keystore import InsecureKeyringError
    from counter_app.workflows import field

    if not args.yes:
        return _fail(args, "生成新的签名密钥后原密钥不再使用：确认请加 --yes", 2)
    settings, store, _ = _session()
    try:
        ws = settings.office.workstation_id
        try:
            _, user, info = signed_in_user(store, settings)
            roles, why = info.roles, ""
        except LookupError as exc:       # nobody (or a disabled account) signed in: refused, recorded
            user, roles, why = None, [], str(exc)
        try:
            kid, old, was_revoked = field.new_laptop_key(store, user=user, roles=roles, workstation_id=ws,
                                                         unsigned_actor=f"命令行:{getpass.getuser()}")
        except field.FieldError as exc:
            return _fail(args, (f"{why}。" if why else "") + str(exc) + "（请信息技术人员用系统管理账号登录后生成）",
                         3 if user is None else 1)
    except InsecureKeyringError as exc:
        return _fail(args, str(exc))
    finally:
        store.close()
    if args.json:
        print_json({"workstation_id": ws, "key_id": kid, "replaced": old, "was_revoked": was_revoked})
    else:
        print(f"已为本机 {ws} 生成新的签名密钥 {kid}" + (f"（替换 {old}）" if old else "")
              + "。请外勤人员联网登录后重新拉取名单（counter-app field pull），中心随之登记新密钥"
              + ("；中心停用了原密钥：须先由信息技术人员在中心准许（counter-central field allow-new-key）" if was_revoked else ""))
    return 0


def _session():
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager

    settings = load_cli_settings()
    store = open_store()
    return settings, store, AuthManager(store, settings)


def _roster_client(settings, auth, user: str):
    """The centre client with the field worker's token, or None when not signed in online."""
    from counter_app.sync.client import CentralClient

    if not auth.tokens(user).access_token():
        return None
    return CentralClient(settings.central.url, timeout=settings.central.timeout_seconds, tokens=auth.tokens(user))


def _fail(args, message: str, code: int = 1) -> int:
    from counter_app.cli._common import fail

    return fail(args, message, code, prefix="")


def _pull(args: argparse.Namespace) -> int:
    from counter_app.cli._common import print_json
    from counter_app.domain.messages import cause_message
    from counter_app.sync.client import RequestRejected, SyncError, TransientError
    from counter_app.sync.keystore import InsecureKeyringError
    from counter_app.workflows import field

    if args.days is not None and not 0 <= args.days <= 366:
        return _fail(args, "--days 应在 0 到 366 之间", 2)
    settings, store, auth = _session()
    try:
        user = auth.current_user()
        client = _roster_client(settings, auth, user) if user else None
        if client is None:
            return _fail(args, "请先联网登录（counter-app login 用户名），再拉取名单", 3)
        try:
            info = auth.stored_user(user)     # its roles: only the field role pulls the roster (7.3.2)
            result = field.pull(store, client, user=user, workstation_id=settings.office.workstation_id,
                                office_code=field.worker_office(auth, user, settings), days=args.days,
                                roles=info.roles if info is not None else None)
        except TransientError as exc:   # why, as the sync commands say it: unreachable, timeout, 5xx, an answer not understood
            return _fail(args, "名单未更新（本机已有的名单仍可使用）。原因：" + cause_message(exc), 4)
        except RequestRejected as exc:
            return _fail(args, f"中心拒绝：{exc.detail}")
        except SyncError as exc:
            return _fail(args, f"拉取名单失败：{exc}")
        except field.FieldError as exc:    # a roster the laptop does not keep (another office, absurd dates)
            return _fail(args, exc.reason, 4)
        except InsecureKeyringError as exc:
            return _fail(args, str(exc))
        finally:
            client.close()
    finally:
        store.close()
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"已拉取 {result.office_code} 分局的上门认证名单：共 {result.total} 人（新增 {result.added}，"
              f"更新 {result.updated}，移出 {result.dropped}）；名单有效至 {beijing_text(result.expires_at)}（北京时间）")
        if result.left_out:
            print(f"另有 {result.left_out} 人的资料有误（证件号码、姓名、地址、电话、日期或照片不合规），未列入名单：请联系信息技术人员核对档案")
    return 0


def _roster(args: argparse.Namespace) -> int:
    from counter_app.cli._common import columns, print_json
    from counter_app.storage import audit
    from counter_app.workflows import field

    if args.days is not None and not 0 <= args.days <= 366:   # the range field pull takes
        return _fail(args, "--days 应在 0 到 366 之间", 2)
    settings, store, auth = _session()
    try:
        user = auth.current_user()
        if not user:
            return _fail(args, "请先登录（counter-app login 用户名）", 3)
        items = field.roster(store, user=user, days=args.days)
        masked = not args.unmasked
        audit.record(store, actor=user, workstation_id=settings.office.workstation_id, action="field.roster_listed",
                     object_type="field_roster", object_id=user,
                     detail=f"{len(items)} 人，" + ("已遮盖" if masked else "未遮盖（--unmasked）")
                     + ("，JSON" if args.json else ""))
    finally:
        store.close()
    if args.json:
        print_json([a.as_dict(masked=masked) for a in items])
        return 0
    if not items:
        print("本机没有名单（或名单已完成、已过期）。请先运行 counter-app field pull")
        return 0
    reasons = {"due": "即将到期", "lapsed": "已过期", "never": "无认证记录", "requested": "申请上门"}
    # terminal columns (a Chinese character takes two); unmasked, the phone and address follow
    widths = (20, 10, 12, 12) if masked else (20, 10, 12, 12, 12, 14)
    head = ("证件号码", "姓名", "最近认证", "到期", "原因") + (() if masked else ("电话", "地址"))
    print(columns(head, widths))
    for a in items:
        d = a.as_dict(masked=masked)
        row = (d["id_number"], d["name"], d["last_certified"] or "—", d["expires"] or "—",
               reasons.get(a.reason, a.reason)) + (() if masked else (d["phone"] or "—", d["address"] or "—"))
        print(columns(row, widths))
    print(f"共 {len(items)} 人" + ("" if masked else "（未遮盖，已记入审计；请勿截屏、转发）"))
    return 0


def _visits(args: argparse.Namespace) -> int:
    from counter_app.cli._common import columns, print_json
    from counter_app.workflows import field

    settings, store, auth = _session()
    try:
        if not auth.current_user():      # the list names the staff and masked ID numbers: staff only
            return _fail(args, "请先登录（counter-app login 用户名）", 3)
        field.wipe(store)
        items = field.visits(store, workstation_id=settings.office.workstation_id, state=args.state)
    finally:
        store.close()
    if args.json:
        print_json(items)
        return 1 if any(v["state"] == "tampered" for v in items) else 0
    if not items:
        print("本机没有上门认证记录" + (f"（状态 {args.state}）" if args.state else ""))
        return 0
    widths = (22, 20, 12, 24)          # terminal columns (a Chinese character takes two)
    print(columns(("上门时间（北京时间）", "证件号码", "结果", "工作人员", "状态"), widths))
    for v in items:
        print(columns((beijing_text(datetime.fromisoformat(v["visited_at"])), v["id_number"], v["result_text"],
                       "、".join(v["staff"]), v["state_text"] + (f"（{v['reason']}）" if v.get("reason") else "")),
                      widths))
    tampered = sum(1 for v in items if v["state"] == "tampered")
    print(f"共 {len(items)} 条" + (f"，其中 {tampered} 条被改动（不会被中心接收）" if tampered else ""))
    return 1 if tampered else 0


def _withdraw(args: argparse.Namespace) -> int:
    """``counter-app field withdraw``: the signed-in field worker's visits not yet sent (masked);
    with a visit id and ``--reason``, that visit withdrawn (workflows.field.withdraw_visit: the
    outbox entry removed, the person back on the roster, audited)."""
    from counter_app.cli._common import columns, print_json, signed_in_actor
    from counter_app.domain.masking import mask_name
    from counter_app.workflows import field

    settings, store, auth = _session()
    try:
        try:
            user = signed_in_actor(store, settings, "撤回上门认证记录（须由记录人登录）")
        except LookupError as exc:
            return _fail(args, str(exc), 3)
        info = auth.stored_user(user)     # its roles: only the field role withdraws a visit (7.3.2)
        if args.visit_id is None:
            items = field.unsent_visits(store, user=user)
        else:
            try:
                done = field.withdraw_visit(store, args.visit_id.strip(), user=user,
                                            workstation_id=settings.office.workstation_id, reason=args.reason,
                                            roles=info.roles if info is not None else None)
            except field.FieldError as exc:
                return _fail(args, exc.reason)
    finally:
        store.close()
    if args.visit_id is not None:
        if args.json:
            print_json(done)
        else:
            print(f"已撤回上门认证记录 {done['visit_id']}（{field.RESULTS.get(done['result'], done['result'])}），"
                  "不会发送到中心" + ("；该人员已回到名单，可重新上门认证" if done["reopened"] else ""))
        return 0
    if args.json:
        print_json([{**v, "name": mask_name(v["name"]), "address": ""} for v in items])
        return 0
    if not items:
        print("没有可撤回的上门认证记录（只有本人记录、尚未发送到中心的记录可以撤回）")
        return 0
    widths = (38, 22, 20, 10)          # terminal columns (a Chinese character takes two)
    print(columns(("记录编号", "上门时间（北京时间）", "证件号码", "姓名", "结果"), widths))
    for v in items:
        print(columns((v["visit_id"], beijing_text(datetime.fromisoformat(v["visited_at"])), v["id_number"] or "—",
                       mask_name(v["name"]) if v["name"] else "—", v["result_text"]), widths))
    print(f"共 {len(items)} 条。撤回：counter-app field withdraw 记录编号 --reason 原因")
    return 0
