"""``counter-app sync status|run``: the state of the outbox and a sync round with the central service."""

from __future__ import annotations

import argparse

from counter_protocol.cli_args import positive_float, positive_int

AGENT_LOG = "sync-agent.log"     # the background sync process's own rotating log


def register(subparsers) -> None:
    parser = subparsers.add_parser("sync", help="与中心服务同步（状态、立即同步）")
    sub = parser.add_subparsers(dest="sync_command", metavar="ACTION")
    st = sub.add_parser("status", help="在线状态、上次同步时间、待发送 / 被拒绝 / 冲突条数")
    st.add_argument("--json", action="store_true")
    st.add_argument("--no-probe", action="store_true", help="不探测中心服务，只报告上次所知")
    st.set_defaults(func=_status)
    run = sub.add_parser("run", help="立即同步：发送待同步队列并拉取中心的更新")
    run.add_argument("--json", action="store_true")
    run.add_argument("--batch-size", type=positive_int, default=None, help="每批条数（默认为协议允许的最大值）")
    run.add_argument("--central-url", default=None, help="本次使用的中心服务地址（默认取配置 central.url）")
    run.add_argument("--store", default=None, help=argparse.SUPPRESS)          # the GUI's store file
    run.add_argument("--settings-json", default=None, help=argparse.SUPPRESS)  # the GUI's settings
    run.set_defaults(func=_run)
    agent = sub.add_parser("agent", help="后台同步进程：联网时自动同步，直至被停止或父进程退出")
    agent.add_argument("--interval", type=positive_float, default=30.0, help="两轮同步之间的秒数")
    agent.add_argument("--approval-interval", type=positive_float, default=2.0,
                       help="本机有待审批申请时两轮同步之间的秒数（审批决定 10 秒内到达窗口）")
    agent.add_argument("--batch-size", type=positive_int, default=None, help="每批条数（默认为协议允许的最大值）")
    agent.add_argument("--central-url", default=None)
    agent.add_argument("--store", default=None, help=argparse.SUPPRESS)
    agent.add_argument("--settings-json", default=None, help=argparse.SUPPRESS)
    agent.add_argument("--parent-pid", type=int, default=None, help="该进程退出时本进程随之退出")
    agent.add_argument("--print-reports", action="store_true", help="每轮的报告另以 JSON 打印到标准输出")
    agent.add_argument("--requests-stdin", action="store_true",
                       help="从标准输入接收立即同步请求（每行 {\"round\": n}），在标准输出逐行答复该轮报告；"
                            "标准输入关闭时退出（窗口启动同步进程时使用，见 counter_app.sync.agent_link）")
    agent.set_defaults(func=_agent)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _status(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.sync.status import sync_status

    settings = load_cli_settings()
    store = open_store()
    try:
        status = sync_status(store)
    finally:
        store.close()
    from counter_protocol.clock import beijing_text, utc_iso

    # stored as naive UTC: --json says so (ISO-8601 with its offset); the text is Beijing time
    for key in ("last_sync", "last_attempt"):
        status[key] = utc_iso(status[key])
    status["central_url"] = settings.central.url
    if not args.no_probe:
        from counter_protocol import sync as p
        from counter_app.sync.client import CentralClient, SyncError

        client = CentralClient(settings.central.url, timeout=min(3.0, settings.central.timeout_seconds))
        try:
            health = client.health()
            status["online"] = True
            skew = p.clock_skew_seconds(health.server_time)
            status["clock_skew_seconds"] = round(skew, 3)
            status["clock_skewed"] = abs(skew) > p.CLOCK_SKEW_LIMIT_SECONDS
        except SyncError as exc:
            status["online"] = False
            status["central_error"] = str(exc)   # why: the network, the centre, or its certificate
        finally:
            client.close()
    if args.json:
        print_json(status)
        return 0
    print(f"中心服务：{status['central_url']}（{'在线' if status['online'] else '离线'}）")
    if status.get("central_error"):
        print(f"  {status['central_error']}")
    print(f"上次同步：{beijing_text(status['last_sync']) + '（北京时间）' if status['last_sync'] else '从未'}")
    print(f"待发送 {status['pending']} 条，被拒绝 {status['rejected']} 条，冲突 {status['conflict']} 条，已同步 {status['synced']} 条")
    if status.get("archive_waiting"):
        print(f"档案包待上传到中心 {status['archive_waiting']} 个版本")
    if status.get("audit_waiting"):
        print(f"审计记录待送达中心 {status['audit_waiting']} 条")
    if status["last_error"]:
        print(f"上次错误：{status['last_error']}")
    if status.get("clock_skewed"):
        print(f"警告：本机时钟与中心服务相差 {abs(status['clock_skew_seconds']):.0f} 秒（超过 5 分钟），请校准时间。")
    return 0


NOT_SIGNED_IN = "尚未联网登录中心服务，请先运行 counter-app login 用户名"


class _BadOptions(Exception):
    """--central-url / --settings-json unusable; the message is Chinese."""


BAD_CENTRAL_URL = "--central-url 不是有效的中心服务地址（应以 http:// 或 https:// 开头，如 https://si-central.example:8443）"


def _settings_of(args: argparse.Namespace):
    """The settings this command runs with: the configuration file's, or the window's
    (``--settings-json``), with ``--central-url`` over them; _BadOptions when unusable."""
    from counter_app.cli._common import load_cli_settings
    from counter_app.config import ConfigError, Settings

    if args.settings_json:
        import json

        try:
            data = json.loads(args.settings_json)
        except ValueError:
            raise _BadOptions("窗口传来的设置（--settings-json）不是合法的 JSON") from None
        try:
            settings = Settings.from_dict(data)
        except ConfigError as exc:
            raise _BadOptions("窗口传来的设置（--settings-json）" + exc.message()) from None
    else:
        settings = load_cli_settings()
    if args.central_url:
        try:
            settings.central.url = args.central_url
        except ConfigError:
            raise _BadOptions(BAD_CENTRAL_URL) from None
    return settings


def _sync_session(args: argparse.Namespace):
    """(settings, store, auth) for the signed-in user of this workstation; _BadOptions (before
    the store is opened) when the options are unusable."""
    from counter_app.cli._common import open_store
    from counter_app.storage.db import Store
    from counter_app.sync.auth import AuthManager

    settings = _settings_of(args)
    store = Store.open(args.store) if args.store else open_store()
    return settings, store, AuthManager(store, settings)


def _one_round(settings, store, auth, batch_size: int | None):
    """One push + pull round; a SyncReport (needs_login when nobody is signed in online)."""
    from counter_app.sync.client import CentralClient
    from counter_app.sync.worker import SyncReport, SyncWorker
    from counter_protocol.sync import MAX_BATCH

    user = auth.current_user()
    if not user or not auth.tokens(user).access_token():
        return SyncReport(needs_login=True, error=NOT_SIGNED_IN)
    client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds, tokens=auth.tokens(user))
    try:
        scope = _pull_scope(auth, user)
        worker = SyncWorker(store, client, workstation_id=settings.office.workstation_id, progress=_show_progress,
                            scope=scope, batch_size=MAX_BATCH if batch_size is None else batch_size)
        report = worker.run_once()
        if report.account_disabled:
            # 该账号已被中心停用: no offline login and no tokens left on this workstation, signed out
            auth.account_disabled(user)
            report.needs_login = True
            return report
        if report.workstation_retired:
            # 工作站已停用: signed out, and no business on this id until it is replaced (a sign-in
            # cannot mend it: no needs_login)
            auth.workstation_retired()
            return report
        if report.online:
            auth.flush_revocations()
        if report.number_floors:
            # before the inbox: applying a centre decision may issue a document (文号)
            from counter_app.printing.numbering import observe_numbers

            report.number_floors_raised = observe_numbers(store, report.number_floors, office_code=settings.office.code,
                                                          workstation_id=settings.office.workstation_id)
            # the same list carries the highest case number per day (办件编号): before anything is created
            from counter_app.workflows.case_numbers import observe_case_numbers

            report.case_number_floors_raised = observe_case_numbers(
                store, report.number_floors, workstation_id=settings.office.workstation_id)
        if report.pull_scope is not None:      # a pull page came: the floors above are the centre's
            auth.floors_fetched()
        if scope == "counter":
            # the counter's case updates are carried out in a counter user's name: a field-only
            # sign-in leaves any still pending (pulled earlier) for the next counter round
            _apply_inbox(settings, store, user, report)
        if report.inbox_applied and report.online and report.error is None:
            # what applying wrote (transitions, steps) goes to the centre in this round, not the next
            again = worker.run_once(pull=False, check_clock=False)
            for name in ("pushed", "synced", "rejected", "conflict", "changed_while_sending", "unanswered", "batches"):
                setattr(report, name, getattr(report, name) + getattr(again, name))
            report.error = again.error
            report.finished_at = again.finished_at
        return report
    finally:
        client.close()


def _pull_scope(auth, user: str):
    """The pull scope of the signed-in user, from the roles the centre gave at their last online
    login here (a field-only login pulls only what a field laptop needs; docs/sync.md)."""
    from counter_protocol.sync import pull_scope

    info = auth.stored_user(user)
    return pull_scope(info.roles if info is not None else ())


def _show_progress(done: int, total: int) -> None:
    """One line per batch on stderr (stdout stays the report, --json included)."""
    import sys

    print(f"同步进度：已发送 {done}/{total} 条", file=sys.stderr, flush=True)


def _apply_inbox(settings, store, user: str, report) -> None:
    """Apply the pulled case updates (收到信息表、负责人决定) to the cases here; counts into ``report``."""
    from counter_app.workflows.inbox import apply_pending

    office = settings.office
    done = apply_pending(store, actor=user, office=office.name, office_code=office.code,
                         workstation_id=office.workstation_id)
    report.inbox_applied += len(done.applied)
    report.inbox_unapplied += len(done.unapplied)
    report.inbox_failed += len(done.failed)
    from counter_app.workflows.approvals import apply_pulled

    apply_pulled(store)   # the office's approval requests and decisions (审批)
    from counter_app.workflows.complaints import apply_pulled as apply_pulled_tickets

    apply_pulled_tickets(store)   # 差评工单 held here, moved on at another workstation


def _agent(args: argparse.Namespace) -> int:
    """Sync whenever the network is there, in a process of its own (the GUI starts it at sign-in):
    the sync's CPU work never competes with the window for the interpreter lock."""
    import logging
    import signal
    import threading

    from counter_app import heap
    from counter_app.cli._common import print_json
    from counter_app.logging_setup import setup_logging
    from counter_app.paths import app_paths
    from counter_app.sync.worker import backoff_delay

    # its own rotating, masked log (not stdout into an ever-growing file): one line per round
    # that did something or failed; quiet rounds only at DEBUG
    setup_logging(app_paths().ensure().log_dir, filename=AGENT_LOG)
    log = logging.getLogger("counter_app.sync.agent")
    stop = threading.Event()

    def parent_alive() -> bool:  # psutil: os.kill(pid, 0) would terminate the parent on Windows
        import psutil

        return not args.parent_pid or psutil.pid_exists(args.parent_pid)

    wake = threading.Event()       # a request for a round (立即同步), or a signal to stop
    def on_signal(*_: object) -> None:
        stop.set()
        wake.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    inbox = None
    if args.requests_stdin:
        from counter_app.sync.agent_link import RequestInbox

        inbox = RequestInbox.of_this_process(wake)

    def go_on() -> bool:
        return not stop.is_set() and parent_alive() and not (inbox is not None and inbox.closed.is_set())

    try:
        settings, store, auth = _sync_session(args)
    except _BadOptions as exc:
        from counter_app.cli._common import fail

        log.error("sync agent not started: bad options")
        return fail(args, str(exc), 2)
    failures = 0
    last_line = ""
    try:
        while go_on():
            wake.clear()
            asked = inbox.take() if inbox is not None else []   # this round starts after these requests
            try:
                report = _one_round(settings, store, auth, args.batch_size)
            except Exception as exc:  # the agent never dies on one bad round
                log.exception("sync round failed")
                from counter_app.sync.worker import SyncReport

                from counter_app.domain.messages import plain_message

                report = SyncReport(error=plain_message(exc, "同步出错"))
            if inbox is not None:
                inbox.answer(asked, report.as_dict())
            heap.settle()   # after the first round (and rounds that imported much): counter_app.heap
            line = "；".join(report_lines(report))
            news = report.pushed or report.pulled or ((report.error or report.needs_login) and line != last_line)
            log.log(logging.INFO if news else logging.DEBUG, "round: %s", line)   # the same failure: once
            last_line = line
            if args.print_reports:
                print_json(report.as_dict())
            failures = failures + 1 if report.error and not report.needs_login else 0
            if _quiet(report):
                _housekeep_now_and_then(settings, store, log)
            wait = backoff_delay(failures) if failures else args.interval
            if not failures and _approvals_waiting(store):
                # a clerk waits for a decision / a supervisor for requests: a decision reaches the
                # clerk's screen within 10 s (this cadence + the window's status poll)
                wait = min(wait, args.approval_interval)
            deadline = wait
            while deadline > 0 and go_on():
                if wake.wait(min(1.0, deadline)):
                    break     # 立即同步 asked for (or stop): the next round starts now
                deadline -= 1.0
    finally:
        store.close()
    return 0


HOUSEKEEP_META = "housekeep_last_run"
HOUSEKEEP_EVERY = 6 * 3600        # seconds between housekeeping runs of the agent
HOUSEKEEP_SHARE = 2000            # cases per run at most (batches of 200, each a short transaction)


def _quiet(report) -> bool:
    """A round that found nothing to do: online, nothing sent or pulled, no error."""
    return report.online and not (report.error or report.pushed or report.pulled or report.needs_login)


def _housekeep_now_and_then(settings, store, log) -> None:
    """归档外移 at a quiet moment: at most every six hours, a bounded share of cases per run (the
    rest next time), never a reason for the agent to stop."""
    from datetime import datetime, timezone

    from counter_app.storage.archive import HousekeepingError, housekeep
    from counter_app.sync.status import meta_get, meta_set

    now = datetime.now(timezone.utc)
    last = meta_get(store, HOUSEKEEP_META)
    try:
        if last and (now - datetime.fromisoformat(last)).total_seconds() < HOUSEKEEP_EVERY:
            return
    except ValueError:   # an unreadable mark: run, and write a good one
        pass
    try:
        report = housekeep(store, after_days=settings.store.housekeep_after_days, max_cases=HOUSEKEEP_SHARE)
    except HousekeepingError as exc:
        log.warning("housekeeping skipped: %s", exc)
        return
    except Exception:  # the agent never dies on housekeeping
        log.exception("housekeeping failed")
        return
    with store.session() as s:
        meta_set(s, HOUSEKEEP_META, now.isoformat())
        s.commit()
    if report.moved_cases or report.held_back:
        log.info("housekeeping: moved %d cases (%d entries), %d held back, %.1fs", report.moved_cases,
                 report.moved_entries, report.held_back, report.seconds)


def _approvals_waiting(store) -> bool:
    """Any approval request pending here (made here, or pulled for this office)."""
    from sqlalchemy import select

    from counter_app.storage.tables_approvals import ApprovalRequestRow

    try:
        with store.session() as s:
            return s.scalar(select(ApprovalRequestRow.id).where(ApprovalRequestRow.state == "pending").limit(1)) is not None
    except Exception:  # an old store without the table: the normal cadence
        return False


def report_lines(report) -> list[str]:
    """What ``sync run`` prints for a clerk or the IT staff (中文), one finding per line."""
    lines = []
    if report.skipped:
        lines.append(report.skipped)
    else:
        lines.append(f"发送 {report.pushed} 条：已同步 {report.synced}，被拒绝 {report.rejected}，冲突 {report.conflict}；"
                     f"拉取中心更新 {report.pulled} 条")
        if getattr(report, "unanswered", 0):
            lines.append(f"中心未答复其中 {report.unanswered} 条，下次再发（中心的答复不完整，一直如此时请报告信息技术人员）")
        if report.resent_missing:
            lines.append(f"核对发现中心缺少 {report.resent_missing} 条已同步的记录（中心数据可能已从备份恢复），已重新发送")
        if report.missing_cleared:
            lines.append(f"中心缺少 {report.missing_cleared} 条上门认证记录，而本机已按期清除其内容，无法重新发送："
                         "请中心从其备份恢复，或安排重新上门认证")
        if getattr(report, "restored", 0):
            lines.append(f"中心有 {report.restored} 条本机已同步的记录在中心数据库被改动、已被移出，"
                         "本机已重新发送原内容，中心核对一致后已恢复（业务未重复办理）")
        if getattr(report, "restore_refused", 0):
            lines.append(f"中心移出的记录中有 {report.restore_refused} 条与本机发送的内容不一致，中心未恢复：请联系信息技术人员核对")
        if getattr(report, "restore_cleared", 0):
            lines.append(f"中心移出的记录中有 {report.restore_cleared} 条本机已按期清除其内容，无法重新发送：请联系信息技术人员")
        if report.number_floors_raised:
            lines.append(f"文号下限已按中心记录提高 {report.number_floors_raised} 个系列（本机数据曾从备份恢复）")
        if getattr(report, "case_number_floors_raised", 0):
            lines.append(f"办件编号已按中心记录接续（{report.case_number_floors_raised} 天；本机数据曾从备份恢复，或本工作站编号用过别的电脑）")
        if report.inbox_applied or report.inbox_unapplied or report.inbox_failed:
            lines.append(f"中心的办件更新：已应用 {report.inbox_applied} 条，未能应用（已记录原因）{report.inbox_unapplied} 条"
                         + (f"，出错待下次重试 {report.inbox_failed} 条" if report.inbox_failed else ""))
        if getattr(report, "archive_uploaded", 0):
            lines.append(f"档案包已上传到中心 {report.archive_uploaded} 个版本（{report.archive_bytes_sent} 字节）")
        if getattr(report, "audit_epoch", None):
            lines.append(f"本机审计记录链与中心保存的不一致（本机数据曾从备份恢复，或另一台电脑用过本工作站编号），"
                         f"已另起记录链 {report.audit_epoch} 继续上传；中心已记录此事，供信息安全管理员核查")
        if getattr(report, "audit_error", None):
            if getattr(report, "audit_refused", False):
                lines.append(f"审计记录未送达中心（被中心拒收，重试也不会送达，请报告信息安全管理员）：{report.audit_error}")
            else:
                lines.append(f"审计记录未送达中心（下次同步时重试）：{report.audit_error}")
        if getattr(report, "pull_cursor_reset", None):
            lines.append(report.pull_cursor_reset)
        for ignored in getattr(report, "number_floors_ignored", []):
            lines.append(f"中心答复的编号下限超出范围，已忽略（请报告信息技术人员）：{ignored}")
        if getattr(report, "pull_refused", None):
            lines.append(f"中心答复的更新页不合规，未保存（请报告信息技术人员）：{report.pull_refused}")
        for problem in getattr(report, "archive_problems", []):
            lines.append(f"档案包未上传：{problem}")
        if getattr(report, "archive_error", None):
            lines.append(f"档案包上传未完成，下次同步时续传：{report.archive_error}")
    if report.error:
        lines.append(f"未完成：{report.error}")
    if report.clock_skewed:
        lines.append(f"警告：本机时钟与中心服务相差 {abs(report.clock_skew_seconds):.0f} 秒（超过 5 分钟），请校准时间。")
    return lines


def _run(args: argparse.Namespace) -> int:
    from counter_app import heap
    from counter_app.cli._common import fail, print_json

    try:
        settings, store, auth = _sync_session(args)
    except _BadOptions as exc:
        return fail(args, str(exc), 2)
    heap.settle()   # the round's collections walk only the round's objects (counter_app.heap)
    try:
        report = _one_round(settings, store, auth, args.batch_size)
    finally:
        store.close()
    if report.needs_login and report.error == NOT_SIGNED_IN:
        print_json({"error": NOT_SIGNED_IN, **report.as_dict()}) if args.json else print(NOT_SIGNED_IN)
        return 2
    if args.json:
        print_json(report.as_dict())
    else:
        print("\n".join(report_lines(report)))
    # audit records the centre refused never arrive by themselves: not a success (exit 1)
    return 0 if report.error is None and report.skipped is None and not report.audit_refused else 1
