"""``counter-app fingerprint list | capture | verify``: diagnostics for the fingerprint device.

A capture that writes a file (``--template-out``, ``--image-out``) is a signed-in user's (refused
before the device is opened otherwise), never writes over a file without ``--force``, writes it
owner-only and whole (counter_app.files) and leaves a ``device.capture`` audit record (kind, file
name, size; never the content). Without an output file it is a diagnostic open to anyone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    p = subparsers.add_parser("fingerprint", help="指纹采集器诊断：列出设备、试采集、试比对")
    sub = p.add_subparsers(dest="fp_command", metavar="ACTION")

    ls = sub.add_parser("list", help="列出配置的后端能看到的指纹采集器")
    ls.add_argument("--json", action="store_true", help="输出 JSON")
    ls.set_defaults(func=_list)

    cap = sub.add_parser("capture", help="采集一次指纹，报告质量；--enroll 做完整录入并保存模板文件")
    cap.add_argument("--device", default="", help="设备编号（默认第一个）")
    cap.add_argument("--timeout", type=float, default=30.0, help="等待按压的秒数（默认 30）")
    cap.add_argument("--enroll", action="store_true", help="完整多次按压录入，生成模板")
    cap.add_argument("--finger", default="right_index", help="手指，如 right_index、left_thumb")
    cap.add_argument("--template-out", type=Path, help="录入的模板写入此文件（加密；须登录，记入审计；仅诊断用，勿外传）")
    cap.add_argument("--image-out", type=Path, help="把指纹图像写成 PGM 文件（明文，仅本人账户可读；须同时给出 --clear-image）")
    cap.add_argument("--clear-image", action="store_true",
                     help="确认 --image-out 写出的是未加密的指纹图像（个人生物特征，用后即删，勿外传）")
    cap.add_argument("--force", action="store_true", help="覆盖已存在的输出文件（默认不覆盖）")
    cap.add_argument("--json", action="store_true", help="输出 JSON")
    cap.set_defaults(func=_capture)

    ver = sub.add_parser("verify", help="按压手指与模板文件比对")
    ver.add_argument("template", type=Path, help="模板文件（capture --enroll --template-out 生成）")
    ver.add_argument("--device", default="")
    ver.add_argument("--timeout", type=float, default=30.0)
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=_verify)

    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _emit_error(exc, as_json: bool) -> int:
    from counter_app.cli._common import print_json

    if as_json:
        print_json(exc.as_dict() if hasattr(exc, "as_dict") else {"error": "error", "message": str(exc)})
    else:
        print(f"错误：{exc}", file=sys.stderr)
        hint = getattr(exc, "hint", "")
        if hint:
            print(f"建议：{hint}", file=sys.stderr)
    return 1


def _list(args: argparse.Namespace) -> int:
    from counter_app.cli._common import load_cli_settings, print_json
    from counter_app.devices.fingerprint import FingerprintError, list_fingerprint_devices

    settings = load_cli_settings()
    backend = getattr(settings.fingerprint.backend, "value", settings.fingerprint.backend)
    try:
        devices = list_fingerprint_devices(settings)
    except FingerprintError as exc:
        return _emit_error(exc, args.json)
    if args.json:
        print_json({"backend": backend, "devices": [d.as_dict() for d in devices]})
    elif not devices:
        print(f"未检测到指纹采集器（后端：{backend}）。", file=sys.stderr)
    else:
        print(f"后端：{backend}")
        for d in devices:
            stages = f"，录入需按压 {d.enroll_stages} 次" if d.enroll_stages else ""
            print(f"  {d.id or d.driver}  {d.name}（驱动 {d.driver}{stages}）")
    return 0 if devices else 1


def _pgm(width: int, height: int, data: bytes) -> bytes:
    """The raw image, for a support engineer's look at a capture: clear by nature (an image viewer must
    open it), so written owner-only (0600, counter_app.files) and only on --clear-image."""
    return f"P5\n{width} {height}\n255\n".encode() + data


def _prompt_printer(as_json: bool):
    stream = sys.stderr if as_json else sys.stdout
    return lambda message: print(f"… {message}", file=stream, flush=True)


def _capture(args: argparse.Namespace) -> int:
    from counter_app.cli._common import (audit_capture, capture_actor, fail, file_problem, load_cli_settings,
                                         print_json)
    from counter_app.devices.fingerprint import Finger, FingerprintError, open_fingerprint
    from counter_app.files import OutputExists, output_refusal, write_private_file

    try:
        finger = Finger(args.finger)
    except ValueError:
        print(f"错误：不认识的手指“{args.finger}”，可选：{'、'.join(f.value for f in Finger)}", file=sys.stderr)
        return 2
    if args.image_out and not args.clear_image:
        print("错误：--image-out 会把指纹图像以明文写到磁盘；确需如此请同时给出 --clear-image，用后即删。", file=sys.stderr)
        return 2
    outputs = [f for f in ((args.template_out if args.enroll else None), args.image_out) if f]
    if args.template_out and not args.enroll:
        print("错误：--template-out 只用于 --enroll（录入才生成模板）。", file=sys.stderr)
        return 2
    actor = ""
    if outputs:     # a person's biometric data written to a file: by a signed-in user, audited
        signed = capture_actor(args, "把指纹写入文件")
        if isinstance(signed, int):
            return signed
        actor = signed
        for target in outputs:      # before the finger is pressed for a file that will not be written
            refused = output_refusal(target, force=args.force)
            if refused is not None:
                return fail(args, refused, 1, prefix="错误：")
    settings = load_cli_settings()
    prompt = _prompt_printer(args.json)
    try:
        dev = open_fingerprint(settings, device_id=args.device)
    except FingerprintError as exc:
        return _emit_error(exc, args.json)
    written: list[tuple[str, Path, bytes]] = []
    try:
        if args.enroll:
            total = dev.enroll_stages
            result = dev.enroll(finger, timeout=args.timeout, on_prompt=prompt, keep_image=bool(args.image_out),
                                on_progress=lambda d, t: prompt(f"第 {d}/{t or total} 次按压已采集"))
            if args.template_out:   # sealed (SM4-GCM, key in the keyring): never written in clear
                from counter_app.workflows.fingerprint import Sm4Codec

                written.append(("fingerprint_template", args.template_out,
                                SEALED_FILE_MAGIC + Sm4Codec().seal(result.template)))
            if args.image_out and result.image and result.image_size:
                written.append(("fingerprint_image", args.image_out, _pgm(*result.image_size, result.image)))
            out: dict[str, object] = {"device": dev.info.as_dict(), "finger": result.finger.value, "stages": result.stages,
                   "quality": result.quality.value, "minutiae": result.minutiae, "retries": result.retries,
                   "template_bytes": len(result.template), "template_digest": result.digest,
                   "template_file": str(args.template_out) if args.template_out else None}
            human = (f"录入完成：{result.finger.label}，按压 {result.stages} 次，质量{result.quality.label}"
                     f"（特征点 {result.minutiae} 个），模板 {len(result.template)} 字节")
        else:
            cap = dev.capture(timeout=args.timeout, on_prompt=prompt, accept_poor=True)
            if args.image_out:
                written.append(("fingerprint_image", args.image_out, _pgm(cap.width, cap.height, cap.image)))
            out = {"device": dev.info.as_dict(), "width": cap.width, "height": cap.height,
                   "quality": cap.quality.value, "minutiae": cap.minutiae, "seconds": round(cap.seconds, 4),
                   "image_file": str(args.image_out) if args.image_out else None}
            human = f"采集成功：{cap.width}×{cap.height}，{cap.message}，用时 {cap.seconds * 1000:.0f} 毫秒"
    except FingerprintError as exc:
        return _emit_error(exc, args.json)
    finally:
        dev.close()
    for kind, target, data in written:     # whole or not at all, owner-only, never over a file unasked
        try:
            write_private_file(target, data, force=args.force)
        except OSError as exc:
            return fail(args, str(exc) if isinstance(exc, OutputExists) else
                        f"无法写入文件 {target}：{file_problem(exc)}", 1, prefix="错误：")
        audit_capture(actor, kind=kind, path=target, size=len(data), settings=settings)
    print_json(out) if args.json else print(human)
    return 0


SEALED_FILE_MAGIC = b"CAFPT1\n"   # a template file written by capture --template-out (SM4-GCM sealed)


def _verify(args: argparse.Namespace) -> int:
    from counter_app.cli._common import fail, file_problem, load_cli_settings, print_json
    from counter_app.devices.fingerprint import FingerprintError, open_fingerprint

    try:
        template = args.template.read_bytes()
    except OSError as exc:
        return fail(args, f"无法读取模板文件 {args.template}：{file_problem(exc)}", 2, prefix="错误：")
    if template.startswith(SEALED_FILE_MAGIC):
        from counter_app.workflows.fingerprint import FingerprintWorkflowError, Sm4Codec

        try:
            template = Sm4Codec().open(Sm4Codec.scheme, template[len(SEALED_FILE_MAGIC):])
        except FingerprintWorkflowError as exc:
            return fail(args, str(exc), 2, prefix="错误：")
    settings = load_cli_settings()
    try:
        dev = open_fingerprint(settings, device_id=args.device)
    except FingerprintError as exc:
        return _emit_error(exc, args.json)
    try:
        result = dev.verify(template, timeout=args.timeout, on_prompt=_prompt_printer(args.json))
    except FingerprintError as exc:
        return _emit_error(exc, args.json)
    finally:
        dev.close()
    if args.json:
        print_json({"match": result.match, "seconds": round(result.seconds, 4)})
    else:
        print(f"{result.message}（用时 {result.seconds * 1000:.0f} 毫秒）")
    return 0 if result.match else 1
