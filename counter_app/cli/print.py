"""``counter-app print``: the local print queue — list, retry, send a file, move a job to another printer,
print the 服务指南 (7.5.1) of a service or of every service."""

from __future__ import annotations

from pathlib import Path

from counter_protocol.cli_args import positive_int


def register(subparsers) -> None:
    p = subparsers.add_parser("print", help="打印队列：查看、重试、打印文件、改送其他打印机")
    sub = p.add_subparsers(dest="print_command", metavar="SUBCOMMAND")
    q = sub.add_parser("queue", help="列出打印任务（须登录；先向打印服务刷新状态）")
    q.add_argument("--all", action="store_true", help="包括已完成和已取消的任务")
    q.add_argument("--json", action="store_true",
                   help="每行一个打印任务的 JSON 对象（JSON Lines，逐行解析）；队列为空时不输出任何行")
    q.set_defaults(func=_queue)
    r = sub.add_parser("retry", help="重试等待中的打印任务（须登录）")
    r.add_argument("job", type=positive_int)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=_retry)
    s = sub.add_parser("send", help="把 PDF 文件送到打印机（须登录，不弹对话框）")
    s.add_argument("file", type=Path)
    s.add_argument("--printer", default="", help="打印机队列名，缺省为配置或系统默认")
    s.add_argument("--copies", type=positive_int, default=None, help="份数，缺省为配置值")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_send)
    m = sub.add_parser("move", help="把打印任务改送另一台打印机（须登录）")
    m.add_argument("job", type=positive_int)
    m.add_argument("printer")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_move)
    g = sub.add_parser("guide", help="打印服务指南（7.5.1 服务信息公开：服务内容、依据、程序、时限、材料和投诉渠道；须登录）")
    which = g.add_mutually_exclusive_group(required=True)
    which.add_argument("--service", metavar="CODE", help="业务事项代码（counter-app services list 列出）")
    which.add_argument("--all", action="store_true", help="全部业务事项，合为一个 PDF")
    g.add_argument("--printer", default="", help="打印机队列名，缺省为配置或系统默认")
    g.add_argument("--copies", type=positive_int, default=None, help="份数，缺省为配置值")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=_guide)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


class _SignedOut(Exception):
    """Nobody is signed in on this workstation (a command that sends or moves a print needs its actor)."""


def _open(*, signed_in_for: str):
    """(store, PrintQueue acting as the signed-in user, settings); nobody signed in raises
    :class:`_SignedOut` with the Chinese reason (``signed_in_for``: what the command does, e.g.
    "打印文件"). Every print subcommand needs the login: the queue lists documents about people
    (titles with names), a retry or a send prints them, and each is audited with its actor."""
    from counter_app.cli._common import load_cli_settings, open_store, signed_in_actor
    from counter_app.printing.backends import printer_backend
    from counter_app.printing.printqueue import PrintQueue
    from counter_app.sync.auth import AuthManager

    settings = load_cli_settings()
    store = open_store()
    try:
        actor = signed_in_actor(store, settings, signed_in_for)       # the audit records' actor
    except LookupError as exc:
        store.close()
        raise _SignedOut(str(exc)) from None
    # its roles: the queue refuses printing by an account without a counter role (审计 reads the queue)
    info = AuthManager(store, settings).stored_user(actor)
    return store, PrintQueue(store, printer_backend(settings), default_printer=settings.printer.name, actor=actor,
                             workstation_id=settings.office.workstation_id,
                             roles=info.roles if info is not None else None), settings


def _show(args, views) -> None:
    from counter_app.cli._common import print_json

    if args.json:
        for v in views:
            print_json({"id": v.id, "title": v.title, "printer": v.printer, "copies": v.copies, "state": v.state,
                        "reason": v.reason, "detail": v.detail, "reprint": v.reprint, "attempts": v.attempts})
        return
    if not views:
        print("打印队列为空。")
    for v in views:
        mark = "【补打】" if v.reprint else ""
        print(f"#{v.id} {mark}{v.title}  {v.copies}份  {v.printer or '（无打印机）'}  {v.state_zh}"
              + (f"  {v.detail}" if v.detail and v.state == "waiting" else ""))


def _run(args, fn, *, signed_in_for: str) -> int:
    from counter_app.cli._common import fail
    from counter_app.printing.printqueue import PrintQueueError

    try:
        store, queue, settings = _open(signed_in_for=signed_in_for)
    except _SignedOut as exc:
        return fail(args, str(exc), 1, prefix="")
    from counter_app.storage.permissions import RoleRefused

    try:
        return fn(queue, settings)
    except PrintQueueError as exc:
        return fail(args, str(exc), 2, prefix="")
    except RoleRefused as exc:           # 7.3.2: printing by an account without a counter role
        return fail(args, str(exc.reason), 1, prefix="")
    finally:
        store.close()


def _queue(args) -> int:
    def go(queue, _settings):
        queue.refresh()
        _show(args, queue.jobs() if args.all else queue.jobs("queued", "printing", "waiting"))
        return 0
    return _run(args, go, signed_in_for="查看打印队列")


def _retry(args) -> int:
    def go(queue, _settings):
        v = queue.retry(args.job)
        _show(args, [v])
        return 0 if v.state != "waiting" else 1
    return _run(args, go, signed_in_for="重试打印")


def _send(args) -> int:
    if args.file.is_dir():
        from counter_app.cli._common import fail

        return fail(args, f"{args.file} 是一个目录，不是 PDF 文件", 2, prefix="")

    def go(queue, settings):
        v = queue.submit_file(args.file, printer=args.printer or None, copies=args.copies or settings.printer.copies)
        _show(args, [v])
        return 0 if v.state != "waiting" else 1
    return _run(args, go, signed_in_for="打印文件")


def _move(args) -> int:
    def go(queue, _settings):
        v = queue.send_to(args.job, args.printer)
        _show(args, [v])
        return 0 if v.state != "waiting" else 1
    return _run(args, go, signed_in_for="改送打印机")


def _guide(args) -> int:
    from counter_app.cli._common import fail, print_json
    from counter_app.domain.service_guide import GuideRefused
    from counter_app.workflows import service_guide

    def go(queue, settings):
        try:
            done = service_guide.print_guides(
                queue.store, queue, None if args.all else [args.service], office=settings.office.name,
                office_code=settings.office.code, font_path=settings.ui.font_path, printer=args.printer or None,
                copies=args.copies or settings.printer.copies)
        except GuideRefused as exc:
            return fail(args, str(exc), 2, prefix="")
        v = done.job
        if args.json:
            print_json({"job": {"id": v.id, "title": v.title, "printer": v.printer, "copies": v.copies,
                                "state": v.state, "reason": v.reason, "detail": v.detail},
                        "services": list(done.services), "pages": done.pages, "catalog_version": done.catalog_version})
        else:
            print(f"服务指南（{len(done.services)} 项业务，{done.pages} 页，业务目录 {done.catalog_version}）已加入打印队列：")
            _show(args, [v])
        return 0 if v.state != "waiting" else 1
    return _run(args, go, signed_in_for="打印服务指南")
