"""``counter-app idcard read``: read the 居民身份证 on the reader (身份证阅读器诊断)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("idcard", help="居民身份证：读取身份证阅读器上的证件")
    csub = p.add_subparsers(dest="idcard_command", metavar="SUBCOMMAND")
    r = csub.add_parser("read", help="读取居民身份证（须登录；无证时等待放证）")
    r.add_argument("--timeout", type=float, default=5.0, help="等待放证的秒数（默认 5）")
    r.add_argument("--photo", default=None, metavar="FILE", help="把阅读器解码的照片写入此文件（仅本人可读，记入审计）")
    r.add_argument("--force", action="store_true", help="覆盖已存在的照片文件（默认不覆盖）")
    r.add_argument("--json", action="store_true", help="输出 JSON（含完整号码和姓名）")
    r.set_defaults(func=handle_read)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _fail(err, as_json: bool) -> int:
    from counter_app.cli._common import device_fail

    return device_fail(err, as_json)


def handle_read(args: argparse.Namespace) -> int:
    from counter_app.cli._common import signed_in_device_read

    return signed_in_device_read(args, "读居民身份证", _read)


def _read(args: argparse.Namespace, settings, store, actor: str) -> int:
    from datetime import date

    from counter_app.cli._common import audit_capture, print_json, refused_card_read
    from counter_app.devices.card.errors import CardContentError
    from counter_app.devices.idcard import IdCardError, open_idcard_reader
    from counter_app.files import OutputExists, output_refusal, write_private_file

    if args.photo:      # before the card is read for a photo that will not be written
        refused = output_refusal(args.photo, force=args.force)
        if refused is not None:
            return device_refused_file(refused, args.json)
    try:
        reader = open_idcard_reader(settings)
        if not args.json and args.timeout > 0:
            print(f"请将居民身份证放在阅读器上（等待最多 {args.timeout:g} 秒）……", file=sys.stderr)
        try:
            record = reader.read(timeout=args.timeout)
        finally:
            reader.close()
    except CardContentError as err:            # refused (IdContentError): audited as a failed read, as card read does
        return refused_card_read(err, args.json, store=store, settings=settings, actor=actor,
                                 object_type="idcard", where="命令行读居民身份证")
    except IdCardError as err:
        return _fail(err, args.json)
    _audit_read(store, settings, record, actor)
    today = date.today()
    out = record.as_dict(today)
    if args.photo:
        if not record.photo:
            print("阅读器未提供解码后的照片（库中无 unpack / GetBmp），未写入照片文件。", file=sys.stderr)
        else:
            try:     # a face: owner only, whole or not at all, never over a file unasked
                write_private_file(args.photo, record.photo, force=args.force)
            except OutputExists as exc:
                return device_refused_file(str(exc), args.json)
            except OSError as exc:
                print(f"照片文件无法写入：{args.photo}（{exc.strerror}）", file=sys.stderr)
                return 1
            audit_capture(actor, kind="idcard_photo", path=args.photo, size=len(record.photo), settings=settings,
                          store=store)
            out["photo_file"] = args.photo
    if args.json:
        print_json(out)
        return 0
    print(_human(record, today))
    return 0


def device_refused_file(message: str, as_json: bool) -> int:
    """The photo file is there already and no ``--force`` (as camera / signpad capture say it)."""
    from counter_app.cli._common import print_json

    print_json({"ok": False, "error": "exists", "message": message}) if as_json else print(message, file=sys.stderr)
    return 1


def _audit_read(store, settings, record, actor: str) -> None:
    """A 居民身份证 read from the command line is audited as the window's card read is (masked)."""
    from counter_app.domain.masking import mask_id
    from counter_app.storage.audit import record as audit_record

    audit_record(store, actor=actor,
                 workstation_id=settings.office.workstation_id, action="card.read", object_type="idcard",
                 object_id=mask_id(record.id_number or ""), detail="命令行读居民身份证")


_SEX = {"male": "男", "female": "女", None: "未知"}


def _human(record, today) -> str:
    from counter_app.domain.masking import mask_id, mask_name

    lines = [
        f"姓名：{mask_name(record.name)}    性别：{_SEX.get(record.sex, '未知')}    民族：{record.ethnicity or record.ethnicity_code or '—'}",
        f"公民身份号码：{mask_id(record.id_number)}",
        f"出生日期：{record.birth_date.isoformat() if record.birth_date else '—'}",
        f"签发机关：{record.issuing_authority or '—'}",
        f"有效期限：{record.validity_text()}",
        f"照片：{'有（' + record.photo_format + '，' + str(len(record.photo)) + ' 字节）' if record.photo else '无'}",
    ]
    lines += [f"注意：{w}" for w in record.warnings(today)]
    return "\n".join(lines)
