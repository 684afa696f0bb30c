"""``counter-app sync status|run``: the state of the outbox and a sync round with the central service."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser("sync", help="与中心服务同步（状态、立即同步）")
    sub = parser.add_subparsers(dest="sync_command", metavar="ACTION")
    st = sub.add_parser("status", help="在线状态、上次同步时间、待发送 / 被拒绝 / 冲突条数")
    st.add_argument("--json", action="store_true")
    st.add_argument("--no-probe", action="store_true", help="不探测中心服务，只报告上次所知")
    st.set_defaults(func=_status)
    run = sub.add_parser("run", help="立即同步：发送待同步队列并拉取中心的更新")
    run.add_argument("--json", action="store_true")
    run.add_argument("--batch-size", type=int, default=200)
    run.set_defaults(func=_run)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _status(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.worker import sync_status

    settings = load_cli_settings()
    store = open_store()
    try:
        status = sync_status(store)
    finally:
        store.close()
    status["central_url"] = settings.central.url
    if not args.no_probe:
        from counter_app.sync import protocol as p
        from counter_app.sync.client import CentralClient, SyncError

        client = CentralClient(settings.central.url, timeout=min(3.0, settings.central.timeout_seconds))
        try:
            health = client.health()
            status["online"] = True
            skew = p.clock_skew_seconds(health.server_time)
            status["clock_skew_seconds"] = round(skew, 3)
            status["clock_skewed"] = abs(skew) > p.CLOCK_SKEW_LIMIT_SECONDS
        except SyncError:
            status["online"] = False
        finally:
            client.close()
    if args.json:
        print_json(status)
        return 0
    print(f"中心服务：{status['central_url']}（{'在线' if status['online'] else '离线'}）")
    print(f"上次同步：{status['last_sync'] or '从未'}")
    print(f"待发送 {status['pending']} 条，被拒绝 {status['rejected']} 条，冲突 {status['conflict']} 条，已同步 {status['synced']} 条")
    if status["last_error"]:
        print(f"上次错误：{status['last_error']}")
    if status.get("clock_skewed"):
        print(f"警告：本机时钟与中心服务相差 {abs(status['clock_skew_seconds']):.0f} 秒（超过 5 分钟），请校准时间。")
    return 0


def _run(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.client import CentralClient
    from counter_app.sync.worker import SyncWorker

    settings = load_cli_settings()
    store = open_store()
    try:
        auth = AuthManager(store, settings)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            msg = "尚未联网登录中心服务，请先运行 counter-app login 用户名"
            print_json({"error": msg}) if args.json else print(msg)
            return 2
        client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds, tokens=auth.tokens(user))
        try:
            report = SyncWorker(store, client, workstation_id=settings.office.workstation_id,
                                batch_size=args.batch_size).run_once()
            if report.online:
                auth.flush_revocations()
        finally:
            client.close()
    finally:
        store.close()
    if args.json:
        print_json(report.as_dict())
    else:
        if report.skipped:
            print(report.skipped)
        else:
            print(f"发送 {report.pushed} 条：已同步 {report.synced}，被拒绝 {report.rejected}，冲突 {report.conflict}；"
                  f"拉取中心更新 {report.pulled} 条")
        if report.error:
            print(f"未完成：{report.error}")
        if report.clock_skewed:
            print(f"警告：本机时钟与中心服务相差 {abs(report.clock_skew_seconds):.0f} 秒（超过 5 分钟），请校准时间。")
    return 0 if report.error is None and report.skipped is None else 1
