"""``counter-app camera capture --out FILE``: one photo from the 高拍仪, cropped, de-skewed and
compressed as it would be for the archive (``--raw`` keeps the photo as taken). Only for a signed-in
user; the file is audited (``device.capture``: file name and size)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("camera", help="高拍仪：拍摄材料")
    csub = p.add_subparsers(dest="camera_command", metavar="SUBCOMMAND")
    c = csub.add_parser("capture", help="拍摄一页材料，自动裁边纠偏后保存为灰度 JPEG")
    c.add_argument("--out", required=True, help="输出文件（.jpg）")
    c.add_argument("--raw", action="store_true", help="不处理，保存高拍仪原图")
    c.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=handle_capture)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _fail(err, as_json: bool) -> int:
    from counter_app.cli._common import device_fail

    return device_fail(err, as_json)


def _open(settings):
    if settings.camera.backend.value != "qt":
        from counter_app.devices.camera import open_camera

        return open_camera(settings), None
    from counter_app.ui.camera_backend import ensure_application, open_document_camera

    app = ensure_application()
    return open_document_camera(settings), app


def handle_capture(args: argparse.Namespace) -> int:
    from pathlib import Path

    from counter_app.cli._common import audit_capture, capture_actor, load_cli_settings, print_json
    from counter_app.devices.camera.errors import CameraError

    from counter_app.files import OutputExists, output_refusal, write_private_file

    out = Path(args.out)
    actor = capture_actor(args, "拍摄材料")      # a person's page in a file: a signed-in user's, audited
    if isinstance(actor, int):
        return actor
    refused = output_refusal(out, force=args.force)     # before the applicant's page is taken
    if refused is not None:
        print_json({"ok": False, "error": "exists", "message": refused}) if args.json else print(refused, file=sys.stderr)
        return 1
    settings = load_cli_settings()
    cfg = settings.camera
    try:
        camera, _app = _open(settings)
        try:
            photo = camera.capture(cfg.timeout_seconds)
        finally:
            camera.close()
        result: dict = {"ok": True, "out": str(out), "device": camera.describe()}
        if args.raw:
            data = photo
        else:
            from counter_app.devices.camera.processing import process_page

            page = process_page(photo, dpi=cfg.dpi, max_bytes=cfg.max_page_kb * 1024)
            data = page.data
            result.update(page.as_dict())
    except CameraError as err:
        return _fail(err, args.json)
    try:     # a page of a person's materials: owner-only, whole or not at all
        write_private_file(out, data, force=args.force, make_parents=True)
    except OutputExists as exc:
        print_json({"ok": False, "error": "exists", "message": str(exc)}) if args.json else print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"无法写入文件 {out}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    audit_capture(actor, kind="material_page", path=out, size=len(data), settings=settings)
    result["bytes"] = len(data)
    if args.json:
        print_json(result)
    elif args.raw:
        print(f"原图已保存：{out}（{len(data) // 1024} KB）")
    else:
        note = "" if result["page_found"] else "；未识别到页面边缘，保留了整幅画面"
        print(f"材料页已保存：{out}（{result['width']}×{result['height']}，{result['dpi']} dpi，"
              f"{len(data) // 1024} KB{note}）")
    return 0
