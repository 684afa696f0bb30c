"""``counter-app signpad capture --out FILE.png``: the applicant signs on the 汉王 pad; the
signature is written as a transparent PNG (support staff check a pad with it). Only for a signed-in
user; the file is audited (``device.capture``: file name and size)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("signpad", help="签名板：采集签名")
    ssub = p.add_subparsers(dest="signpad_command", metavar="SUBCOMMAND")
    c = ssub.add_parser("capture", help="在签名板上签名，按确认后保存为透明背景 PNG")
    c.add_argument("--out", required=True, help="输出的 PNG 文件")
    c.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    c.add_argument("--timeout", type=float, default=None, help="等待确认的秒数（默认取配置 signpad.timeout_seconds）")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=handle_capture)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _fail(err, as_json: bool) -> int:
    from counter_app.cli._common import device_fail

    return device_fail(err, as_json)


def handle_capture(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.cli._common import audit_capture, capture_actor, load_cli_settings, print_json
    from counter_app.devices.signpad import open_signpad
    from counter_app.devices.signpad.errors import SignpadError

    out = Path(args.out)
    if out.suffix.lower() != ".png":
        print("--out 应为 .png 文件。", file=sys.stderr)
        return 2
    if args.timeout is not None and args.timeout <= 0:
        print("--timeout 应大于 0。", file=sys.stderr)
        return 2
    from counter_app.files import OutputExists, output_refusal, write_private_file

    actor = capture_actor(args, "采集签名")      # a person's signature in a file: a signed-in user's, audited
    if isinstance(actor, int):
        return actor
    refused = output_refusal(out, force=args.force)     # before the applicant signs
    if refused is not None:
        print_json({"ok": False, "error": "exists", "message": refused}) if args.json else print(refused, file=sys.stderr)
        return 1
    settings = load_cli_settings()
    timeout = args.timeout if args.timeout is not None else settings.signpad.timeout_seconds
    try:
        pad = open_signpad(settings)
        device = pad.describe()
        if not args.json:
            print(f"请申请人在签名板（{device}）上签名，签完按确认键（最多等待 {timeout:g} 秒）……", file=sys.stderr)
        signature = pad.capture(timeout)
        png = signature.png()
    except SignpadError as err:
        return _fail(err, args.json)
    try:     # a person's signature: owner-only, whole or not at all
        write_private_file(out, png, force=args.force, make_parents=True)
    except OutputExists as exc:
        print_json({"ok": False, "error": "exists", "message": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法写入文件 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    audit_capture(actor, kind="signature", path=out, size=len(png), settings=settings)
    result = {"ok": True, "out": str(out), "device": signature.device, "strokes": len(signature.strokes),
              "samples": signature.samples, "bytes": len(png)}
    if args.json:
        print_json(result)
    else:
        print(f"签名已保存：{out}（{len(signature.strokes)} 笔，{len(png) // 1024 or 1} KB）")
    return 0
