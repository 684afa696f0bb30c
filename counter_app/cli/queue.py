"""``counter-app queue list|retry|export``: the outbox (待同步队列) entry by entry."""

from __future__ import annotations

import argparse
import sys

from counter_protocol.cli_args import positive_int


def register(subparsers) -> None:
    parser = subparsers.add_parser("queue", help="待同步队列：查看、重试、导出")
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION")
    ls = sub.add_parser("list", help="逐条列出队列（状态、原因、建议操作）")
    ls.add_argument("--state", action="append", choices=["pending", "sending", "synced", "rejected", "conflict"])
    ls.add_argument("--actor", help="只看某个经办人的记录")
    ls.add_argument("--limit", type=positive_int, default=200)
    ls.add_argument("--json", action="store_true",
                    help="每行一条记录的 JSON 对象（JSON Lines，逐行解析）；队列为空时不输出任何行")
    ls.set_defaults(func=_list)
    rt = sub.add_parser("retry", help="立即重试一条记录（被拒绝 / 冲突的记录以新编号重新提交）")
    rt.add_argument("id")
    rt.add_argument("--json", action="store_true")
    rt.set_defaults(func=_retry)
    ex = sub.add_parser("export", help="把未同步的记录导出到文件（须登录，可离线登录；网络长期中断时人工带到中心导入）")
    ex.add_argument("file")
    ex.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    ex.add_argument("--json", action="store_true")
    ex.set_defaults(func=_export)
    parser.set_defaults(func=lambda a: (parser.print_help(), 2)[1])


def _list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.sync.outbox import OutboxRepository

    store = open_store()
    try:
        rows = OutboxRepository(store).list_entries(args.state, actor=args.actor, limit=args.limit)
    finally:
        store.close()
    if args.json:
        for r in rows:
            print_json(r.as_dict())
        return 0
    if not rows:
        print("队列为空")
    for r in rows:
        # stored text (the centre's reason, the last error, the actor) fit for the terminal: a row stored
        # before such text was refused cannot drive it (ESC[2J) or reorder the line (U+202E)
        line = (f"{r.seq:>6} {r.state_label:<4} {_stored(r.kind):<24} {_stored(r.aggregate_type)}:{_stored(r.aggregate_id)}"
                f" 经办人 {_stored(r.actor) or '-'} 编号 {_stored(r.id)}")
        print(line)
        if r.reason:
            print(f"       原因：{_stored(r.reason)}")
        if r.suggested_action:
            print(f"       建议：{_stored(r.suggested_action)}")
        if r.last_error and r.state == "pending":
            print(f"       上次发送：{_stored(r.last_error)}")
    return 0


def _stored(text: object) -> str:
    from counter_protocol.free_text import shown

    return shown(str(text or ""), 2000)


def _retry(args: argparse.Namespace) -> int:
    from counter_app.cli._common import open_store, print_json
    from counter_app.sync.outbox import OutboxError, OutboxRepository

    store = open_store()
    try:
        new_id = OutboxRepository(store).retry(args.id)
    except OutboxError as exc:
        print_json({"error": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.json:
        print_json({"id": args.id, "new_id": new_id, "state": "pending"})
    else:
        print(f"已重新排队：{new_id}" + ("（以新编号重新提交）" if new_id != args.id else ""))
    return 0


def _export(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json

    from counter_app.sync.export import ExportError, export_queue

    settings = load_cli_settings()
    store = open_store()
    from counter_app.cli._common import signed_in_actor
    from counter_app.storage.audit import record

    try:    # the unsynced records (cases, personal data) leave the machine: by a signed-in user, audited
        actor = signed_in_actor(store, settings, "导出未同步记录")
    except LookupError as exc:
        store.close()
        print_json({"error": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
        return 1
    from counter_app.files import OutputExists, output_refusal

    refused = output_refusal(args.file, force=args.force)   # before anything is read or sealed
    if refused is not None:
        store.close()
        print_json({"error": refused}) if args.json else print(refused, file=sys.stderr)
        return 1
    audit = dict(actor=actor, workstation_id=settings.office.workstation_id,
                 action="export", object_type="outbox", object_id=str(args.file))
    try:
        n = export_queue(store, args.file, settings.office.workstation_id, settings.central.export_public_key,
                         overwrite=args.force)
        record(store, **audit, detail=f"导出 {n} 条未同步记录（已加密）")
    except OutputExists as exc:          # it appeared meanwhile: still not written over
        print_json({"error": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
        return 1
    except ExportError as exc:
        msg = f"导出失败：{exc}"
        record(store, **audit, result="failed", detail=msg)
        print_json({"error": msg}) if args.json else print(msg, file=sys.stderr)
        return 1
    except OSError as exc:
        from counter_app.cli._common import file_problem

        msg = f"无法写入 {args.file}：{file_problem(exc, writing=True)}"
        record(store, **audit, result="failed", detail=msg)
        print_json({"error": msg}) if args.json else print(msg, file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.json:
        print_json({"file": args.file, "count": n})
    else:
        print(f"已导出 {n} 条未同步记录到 {args.file}（已用中心公钥加密）。记录仍保留在本机队列中，联网后会照常同步（不会重复）。")
        print("在中心执行：counter-central import 文件名")
    return 0
