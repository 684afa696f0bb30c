"""``counter-app audit verify|list``: the workstation's audit trail (审计记录) and its SM3 chain.
``counter-app audit centre records|reads|archive``: what the centre holds of the office (the 审计
role, signed in online; read-only, each read recorded at the centre)."""

from __future__ import annotations

import argparse
import sys

from counter_protocol.cli_args import positive_int


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="审计记录：核验记录链、列出记录")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    v = sub.add_parser("verify", help="核验审计记录链（改动、删除、调换、末尾被删），链头与中心锚定比对")
    v.add_argument("--json", action="store_true")
    v.add_argument("--offline", action="store_true", help="不连接中心，用本机保存的最近一次锚定")
    v.set_defaults(func=_verify)
    ls = sub.add_parser("list", help="列出最近的审计记录（个人信息已脱敏；须先登录）")
    ls.add_argument("--limit", type=positive_int, default=50)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_list)
    c = sub.add_parser("centre", help="查阅中心保存的本分局审计记录、参保档案查询记录、档案包清单（审计角色，须联网登录；"
                                      "只读，每次查阅记入中心审计记录）")
    c.add_argument("what", nargs="?", choices=("records", "reads", "archive"), default="records",
                   help="records 审计记录（默认）；reads 参保档案查询记录；archive 档案包清单")
    c.add_argument("--workstation", default="", help="records：只列出该工作站的记录")
    c.add_argument("--day", default="", help="records：只列出该日（YYYY-MM-DD，北京时间）的记录")
    c.add_argument("--action", default="", help="records：只列出该操作（如 case.condition_override）")
    c.add_argument("--user", default="", help="reads：只列出该账号的查询")
    c.add_argument("--year", type=int, default=None, help="archive：只列出该年度的档案包")
    c.add_argument("--retention", default="", help="archive：只列出该保管期限代码（如 D100）")
    c.add_argument("--limit", type=positive_int, default=100)
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_centre)


def _centre_anchor(store) -> tuple[tuple[int, str] | None, str]:
    """(anchor, note) from the centre for the signed-in user's workstation, or (None, why not)."""
    from counter_app.cli._common import load_cli_settings
    from counter_app.config import ConfigError
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.client import CentralClient, SyncError

    try:     # a check that writes nothing: a bad configuration file only keeps it off the centre
        settings = load_cli_settings()
    except ConfigError:
        return None, "配置文件有误（counter-app config check 查看），未连接中心，使用本机保存的锚定"
    try:
        auth = AuthManager(store, settings)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            return None, "未联网登录，使用本机保存的锚定"
        client = CentralClient(settings.central.url, timeout=min(5.0, settings.central.timeout_seconds),
                               tokens=auth.tokens(user))
        try:
            from counter_app.storage import audit

            with store.session() as s:
                epoch = audit.epoch(s)
            a = client.audit_anchor(epoch)
        finally:
            client.close()
    except SyncError as exc:
        return None, f"无法连接中心（{exc}），使用本机保存的锚定"
    except Exception as exc:  # keyring etc.
        return None, f"无法取得中心锚定（{type(exc).__name__}），使用本机保存的锚定"
    return (a.seq, a.digest), "中心"


def _verify(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.storage import audit

    store = open_store()
    try:
        anchor, note = (None, "按要求不连接中心") if args.offline else _centre_anchor(store)
        with store.session() as s:
            report = audit.verify(s, anchor, "centre" if anchor is not None else "none")
    finally:
        store.close()
    # an anchor at 0: the centre holds none of this workstation's records yet — nothing was compared
    compared = report.anchor is not None and report.anchor["seq"] > 0
    out = report.as_dict() | {"anchor_note": note, "anchor_compared": compared}
    if args.json:
        print_json(out)
    else:
        source = {"centre": "中心锚定", "local": "本机保存的锚定", "none": "无锚定"}[report.anchor_source]
        if report.ok and not compared:
            why = ("中心尚未收到本机的审计记录" if report.anchor_source == "centre"
                   else f"没有可比对的锚定（{note}）")
            print(f"✔ 审计记录链完整：共 {report.records} 条（第 {report.first_seq}–{report.last_seq} 条）；"
                  f"{why}，只核验了本机的记录链，未与中心比对")
        elif report.ok:
            print(f"✔ 审计记录链完整：共 {report.records} 条（第 {report.first_seq}–{report.last_seq} 条），"
                  f"已与{source}比对（{note}）")
        else:
            print(f"✘ 审计记录链被破坏（{len(report.problems)} 处，与{source}比对）：")
            for p in report.problems:
                print(f"  - {p['message']}")
    return 0 if report.ok else 1


def _list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from counter_app.cli._common import fail, load_cli_settings, open_store, print_json, signed_in_actor
    from counter_app.storage.audit import as_dict
    from counter_app.storage.tables_audit import AuditRow
    from counter_protocol.audit import ACTIONS

    store = open_store()
    try:
        try:     # the records name clerks, field staff and masked ID numbers: staff only, as field visits
            signed_in_actor(store, load_cli_settings(), "查看审计记录")
        except LookupError as exc:
            return fail(args, str(exc), 3, prefix="")
        with store.session() as s:
            rows = [as_dict(r) for r in s.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(max(1, args.limit)))]
    finally:
        store.close()
    if args.json:
        print_json({"records": rows})
    else:
        from counter_protocol.clock import beijing_text

        print("  序号 时间（北京时间）   操作人     操作")
        for r in reversed(rows):
            print(f"{r['seq']:>6} {beijing_text(r['at']):<16} {r['actor'] or '-':<10} {ACTIONS.get(r['action'], r['action'])} "
                  f"{r['object_type']} {r['object_id']} {'成功' if r['result'] == 'ok' else r['result']} {r['detail']}")
    return 0


def _centre(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, load_cli_settings, open_store, print_json, signed_in_user
    from counter_app.sync.client import CentralClient, SyncError
    from counter_protocol.audit import ACTIONS

    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            auth, user, info = signed_in_user(store, settings)
        except LookupError as exc:
            return fail(args, f"{exc}，再查阅中心的审计记录", 3, prefix="")
        if "auditor" not in info.roles:
            return fail(args, f"账号 {user} 不是审计人员：中心的审计记录只由审计角色查阅", 3, prefix="")
        if not auth.tokens(user).access_token():
            return fail(args, "未联网登录：请用 counter-app login 联网登录后再查阅中心的审计记录", 3, prefix="")
        client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds, tokens=auth.tokens(user))
        try:
            if args.what == "reads":
                rows = [r.model_dump() for r in client.centre_registry_reads(user=args.user, limit=args.limit)]
            elif args.what == "archive":
                rows = [r.model_dump() for r in client.centre_archive_packages(year=args.year, retention=args.retention)]
            else:
                rows = [r.model_dump() for r in client.centre_audit_records(
                    workstation=args.workstation, day=args.day, action=args.action, limit=args.limit)]
        except SyncError as exc:
            return fail(args, f"中心未答复：{exc}", 4, prefix="")
        finally:
            client.close()
    finally:
        store.close()
    if args.json:
        print_json({args.what: rows})
        return 0
    for r in rows:
        if args.what == "reads":
            print(f"{r['at']}  {r['username']}  {r['workstation_id']}  {r['kind']} {r['subject']}  "
                  f"{'查到' if r['found'] else '未查到'}")
        elif args.what == "archive":
            print(f"{r['archive_code']}  办件 {r['case_no']}  第 {r['version']} 版  工作站 {r['workstation_id']}  "
                  + ("已收齐" if r["complete"] else "未收齐"))
        else:
            flag = "  ⚠ 操作人不是本分局的账号" if r["actor_unknown"] else ""
            print(f"{r['chain']} 第 {r['seq']} 条  {r['at']}  {r['actor'] or '-'}  {ACTIONS.get(r['action'], r['action'])}  "
                  f"{r['object_type']} {r['object_id']}  {r['result']}  {r['detail']}{flag}")
    if not rows:
        print("（无）")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(1)
