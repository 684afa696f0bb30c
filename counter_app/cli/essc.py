"""``counter-app essc verify CODE``: have the centre verify a 电子社保卡 QR code (扫码核验)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("essc", help="电子社保卡：核验扫到的二维码")
    esub = p.add_subparsers(dest="essc_command", metavar="SUBCOMMAND")
    v = esub.add_parser("verify", help="由中心服务核验二维码并返回持卡人（需联网并已登录）")
    v.add_argument("code", help="扫码所得的二维码内容（- 为从标准输入读取一行）")
    v.add_argument("--json", action="store_true", help="输出 JSON（含完整号码和姓名）")
    v.set_defaults(func=handle_verify)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def handle_verify(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, open_store, print_json
    from counter_app.domain.masking import mask_id, mask_name
    from counter_app.sync.essc import EsscError, verify_with_settings

    code = sys.stdin.readline() if args.code == "-" else args.code
    settings = load_cli_settings()
    store = open_store()
    try:
        result = verify_with_settings(settings, store)(code)
    except EsscError as err:
        if args.json:
            print_json({"ok": False, **err.as_dict()})
        else:
            print(err.text(), file=sys.stderr)
        return 1
    finally:
        store.close()
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"电子社保卡核验通过：{mask_name(result.name) or '（平台未返回姓名）'} {mask_id(result.social_security_number)}"
              f"（{result.platform}）")
    return 0
