"""``counter-app card read | readers``: social security card diagnostics (社会保障卡读卡)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("card", help="社会保障卡：读卡、列出读卡器")
    csub = p.add_subparsers(dest="card_command", metavar="SUBCOMMAND")
    r = csub.add_parser("read", help="读取社会保障卡（须登录；无卡时等待插卡）")
    r.add_argument("--reader", default=None, help="PC/SC 读卡器名称（默认取配置 card.reader，空为任一读卡器）")
    r.add_argument("--timeout", type=float, default=5.0, help="等待插卡的秒数（默认 5）")
    r.add_argument("--json", action="store_true", help="输出 JSON（含完整号码和姓名）")
    r.set_defaults(func=handle_read)
    ls = csub.add_parser("readers", help="列出读卡器及是否插卡")
    ls.add_argument("--json", action="store_true", help="输出 JSON")
    ls.set_defaults(func=handle_readers)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _fail(err, as_json: bool) -> int:
    from counter_app.cli._common import device_fail

    return device_fail(err, as_json)


def handle_read(args: argparse.Namespace) -> int:
    from counter_app.cli._common import signed_in_device_read

    return signed_in_device_read(args, "读卡", _read)


def _read(args: argparse.Namespace, settings, store, actor: str) -> int:
    from datetime import date

    from counter_app.cli._common import print_json, refused_card_read
    from counter_app.devices.card import open_card_reader
    from counter_app.devices.card.errors import CardContentError, CardError

    try:
        reader = open_card_reader(settings, reader=args.reader)
    except CardError as err:
        return _fail(err, args.json)
    try:
        if not args.json and args.timeout > 0:
            print(f"请插入社会保障卡（等待最多 {args.timeout:g} 秒）……", file=sys.stderr)
        record = reader.read(timeout=args.timeout)
    except CardContentError as err:
        return refused_card_read(err, args.json, store=store, settings=settings, actor=actor,
                                 object_type="card", where="命令行读卡")
    except CardError as err:
        return _fail(err, args.json)
    finally:
        reader.close()
    _audit_read(store, settings, record, actor)
    today = date.today()
    if args.json:
        print_json(record.as_dict(today))
        return 0
    print(_human(record, today))
    return 0


def _audit_read(store, settings, record, actor: str) -> None:
    from counter_app.domain.masking import mask_id
    from counter_app.storage.audit import record as audit_record

    audit_record(store, actor=actor,
                 workstation_id=settings.office.workstation_id, action="card.read", object_type="card",
                 object_id=mask_id(getattr(record, "social_security_number", "") or ""), detail="命令行读卡")


_SEX = {"male": "男", "female": "女", None: "未知"}


def _human(record, today) -> str:
    from counter_app.domain.masking import mask_id, mask_name

    d = lambda v: v.isoformat() if v else "—"
    lines = [
        f"姓名：{mask_name(record.name)}",
        f"社会保障号码：{mask_id(record.social_security_number)}",
        f"性别：{_SEX.get(record.sex, '未知')}    出生日期：{d(record.birth_date)}",
        f"卡号：{record.card_number}    规范版本：{record.spec_version}",
        f"发卡日期：{d(record.issue_date)}    有效期至：{d(record.expiry_date)}",
        f"发卡地区：{record.area_code}    卡识别码：{record.card_id}",
    ]
    lines += [f"注意：{w}" for w in record.warnings(today)]
    return "\n".join(lines)


def handle_readers(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, print_json
    from counter_app.devices.card.errors import CardError

    settings = load_cli_settings()
    backend = settings.card.backend.value
    out: dict = {"backend": backend}
    try:
        if backend == "pcsc":
            from counter_app.devices.card.pcsc import PcscCardReader

            reader = PcscCardReader(settings.card.reader)
            try:
                states = reader.reader_states()
                chosen = reader.resolve_reader(list(states))
            finally:
                reader.close()
            out["readers"] = [{"name": n, "card_present": p, "selected": n == chosen} for n, p in states.items()]
        elif backend == "unified":
            from counter_app.devices.card.unified import UnifiedCardReader

            unified = UnifiedCardReader(settings.card.unified_library, settings.card.unified_itype)
            unified.check()
            out.update(library=unified.library_path, itype=unified.itype, hsm=unified.has_hsm())
        else:
            out["readers"] = [{"name": "演示读卡器", "card_present": True, "selected": True}]
    except CardError as err:
        return _fail(err, args.json)
    if args.json:
        print_json(out)
        return 0
    if "readers" in out:
        if not out["readers"]:
            print("没有读卡器。")
        for r in out["readers"]:
            mark = "*" if r["selected"] else " "
            print(f"{mark} {r['name']}（{'已插卡' if r['card_present'] else '无卡'}）")
    else:
        print(f"统一读卡接口库：{out['library']}（iType={out['itype']}，加密机接口：{'有' if out['hsm'] else '无'}）")
    return 0
