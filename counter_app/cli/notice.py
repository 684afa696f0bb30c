"""``counter-app notice``: sample documents for template review, render one document, verify a PDF."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any


def register(subparsers) -> None:
    p = subparsers.add_parser("notice", help="告知书、决定书等文书：样张、生成、核验")
    sub = p.add_subparsers(dest="notice_command", metavar="SUBCOMMAND")

    s = sub.add_parser("samples", help="生成每种文书的样张（虚构数据），供审阅模板")
    s.add_argument("--out", required=True, type=Path, help="输出目录")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_samples)

    r = sub.add_parser("render", help="为本机的一个办件生成一份文书 PDF，并登记文号（字段 JSON 给出文书内容；"
                                          "分局、日期、经办人、办件和申请人取自本机）")
    r.add_argument("kind", help="文书种类，如 guidance_notice（见 notice kinds）")
    r.add_argument("--case", required=True, type=Path, help="办件字段 JSON 文件（见 counter_app/domain/documents.py）")
    r.add_argument("-o", "--output", required=True, type=Path, help="输出 PDF 文件")
    r.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    r.add_argument("--clerk", default="", help="样稿（--draft）上印的经办人姓名；登记文号的文书印本机登录账号的姓名")
    r.add_argument("--draft", action="store_true", help="只出样稿：不分配文号、不登记")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=_render)

    v = sub.add_parser("verify", help="核验 PDF 文书与本机存档记录是否一致")
    v.add_argument("file", type=Path)
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=_verify)

    sv = sub.add_parser("serve", help="文书生成进程（供图形界面使用：经标准输入/输出逐份生成 PDF）")
    sv.set_defaults(func=_serve)

    sk = sub.add_parser("sign-key", help="分局电子签章密钥（联系函、信息表的 PAdES 签章）")
    sk_sub = sk.add_subparsers(dest="sign_key_action", metavar="ACTION", required=True)
    skc = sk_sub.add_parser("create", help="生成分局签章密钥（存入系统密钥环）和证书（交接收地核验用）："
                                               "审核主管或系统管理员登录后执行，记入审计；已有密钥时须加 --force")
    skc.add_argument("--office-code", default="", help="分局代码（缺省取配置）")
    skc.add_argument("--office-name", default="", help="分局名称（缺省取配置）")
    skc.add_argument("--force", action="store_true",
                     help="更换已有的签章密钥（旧证书保留为 CODE.crt.replaced-日期；新证书须重新交给接收地）")
    skc.add_argument("--json", action="store_true")
    skc.set_defaults(func=_sign_key_create)

    sg = sub.add_parser("sign", help="给联系函、信息表 PDF 加盖分局电子签章（PAdES）")
    sg.add_argument("file", type=Path)
    sg.add_argument("-o", "--output", required=True, type=Path)
    sg.add_argument("--force", action="store_true", help="覆盖已存在的文件（默认不覆盖）")
    sg.add_argument("--office-code", default="", help="分局代码（缺省取配置）")
    sg.add_argument("--json", action="store_true")
    sg.set_defaults(func=_sign)

    k = sub.add_parser("kinds", help="列出文书种类")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=_kinds)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _out(args, obj: dict, human: str) -> None:
    from counter_app.cli._common import print_json

    print_json(obj) if args.json else print(human)


def _fail(args, message: str, code: int = 2) -> int:
    from counter_app.cli._common import print_json

    if args.json:
        print_json({"ok": False, "error": message})
    else:
        print(message, file=sys.stderr)
    return code


def file_problem(exc: BaseException, *, writing: bool = False) -> str:
    from counter_app.cli._common import file_problem as said

    return said(exc, writing=writing)


def _kinds(args) -> int:
    from counter_app.domain.documents import DOCUMENTS

    rows = [{"kind": k.value, "title": i.title, "word": i.word, "decision": i.decision} for k, i in DOCUMENTS.items()]
    _out(args, {"kinds": rows}, "\n".join(f"{r['kind']:32} {r['title']}" for r in rows))
    return 0


def _samples(args) -> int:
    from counter_app.cli._common import load_cli_settings
    from counter_app.domain.documents import DOCUMENTS
    from counter_app.printing.fonts import FontError, find_cjk_font
    from counter_app.printing.samples import sample_fields, sample_number
    from counter_app.printing.templates import render_pdf

    settings = load_cli_settings()
    try:
        font = find_cjk_font(settings.ui.font_path)
    except FontError as exc:
        return _fail(args, str(exc))
    from counter_app.files import write_private_file

    try:     # like every file the CLI writes (README): owner-only, a folder it makes too (0700)
        args.out.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(args, f"无法创建输出目录 {args.out}：{file_problem(exc, writing=True)}")
    written: list[dict[str, Any]] = []
    for i, (kind, info) in enumerate(DOCUMENTS.items(), 1):
        path = args.out / f"{i:02d}-{kind.value}.pdf"
        pdf = render_pdf(kind, sample_fields(kind), sample_number(kind, i), font=font)
        try:     # 0600, whole or not at all; a sample of an earlier run is renewed (fictional data)
            write_private_file(path, pdf, force=True)
        except OSError as exc:
            return _fail(args, f"无法写入 {path}：{file_problem(exc, writing=True)}")
        written.append({"kind": kind.value, "title": info.title, "file": str(path), "bytes": len(pdf)})
    _out(args, {"ok": True, "files": written},
         "\n".join(f"{w['file']}  {w['title']}（{w['bytes'] // 1024} KB）" for w in written)
         + f"\n共 {len(written)} 份样张（虚构数据），字体：{font.path}")
    return 0


def _serve(args) -> int:
    """The window's render process (counter_app.printing.render_host): frames on stdin/stdout."""
    import sys

    from counter_app.logging_setup import setup_logging
    from counter_app.paths import app_paths
    from counter_app.printing.render_host import LOG_FILE, serve, warm_up

    setup_logging(app_paths().ensure().log_dir, filename=LOG_FILE)   # its own rotating, masked log
    warm_up()
    return serve(sys.stdin.buffer, sys.stdout.buffer)


def _load_fields(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))     # -sig: a BOM (Windows Notepad) is no error
    except FileNotFoundError:
        raise ValueError(f"找不到办件文件：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"无法读取办件文件 {path}：{file_problem(exc)}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"办件文件 {path} 不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）") from None
    except RecursionError:              # "[[[[…" nested deeper than the parser goes
        raise ValueError(f"办件文件 {path} 不是可用的 JSON（嵌套层数过多）") from None
    if isinstance(data, dict) and isinstance(data.get("fields"), dict):
        data = data["fields"]
    if not isinstance(data, dict):
        raise ValueError(f"办件文件 {path} 应为 JSON 对象（文书字段）")
    return data


def _render(args) -> int:
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.printing.documents import DocumentError, issue_document
    from counter_app.printing.fonts import FontError
    from counter_app.printing.templates import RenderError, render_pdf
    from counter_app.storage.uow import UnitOfWork

    from counter_app.files import output_refusal

    refused = output_refusal(args.output, force=args.force)   # before a 文号 is spent on it
    if refused is not None:
        return _fail(args, refused)
    try:
        kind = DocumentKind(args.kind)
    except ValueError:
        return _fail(args, f"不认识的文书种类：{args.kind}（可选：{', '.join(k.value for k in DocumentKind)}）")
    try:
        fields = _load_fields(args.case)
    except ValueError as exc:
        return _fail(args, str(exc))
    settings = load_cli_settings()
    if args.draft:
        fields.setdefault("office", settings.office.name)
        fields.setdefault("office_code", settings.office.code)
        fields.setdefault("workstation_id", settings.office.workstation_id)
        if args.clerk.strip():
            fields["clerk"] = args.clerk.strip()       # the printed 经办人 of a draft
    elif args.clerk.strip():
        return _fail(args, "--clerk 只用于样稿（--draft）：登记文号的文书上印的经办人是本机登录的账号")
    elif not str(fields.get("case_no") or fields.get("case_id") or "").strip():
        return _fail(args, "登记文号的文书须属于本机的一个办件：办件字段中缺少 case_no（办件编号）。只需样稿请加 --draft")
    try:
        if args.draft:
            number = f"（样稿）{DOCUMENTS[kind].word}第{fields['workstation_id']}-DRAFT号"
            pdf = render_pdf(kind, fields, number, font_path=settings.ui.font_path, draft=True)
            digest = None
        else:
            store = open_store()
            try:
                from counter_app.sync.auth import AuthManager

                auth = AuthManager(store, settings)
                clerk = auth.current_user() or ""          # the actor: the signed-in user, never a typed name
                if not clerk:
                    return _fail(args, "未登录：请先用 counter-app login 登录，再登记文号")
                info = auth.stored_user(clerk)
                problem = _as_issued(store, kind, fields, settings, (info.display_name if info is not None else "") or clerk)
                if problem is None and kind is DocumentKind.special_work_publicity:   # as the case engine:
                    from datetime import date                                          # no 公示 of a period over

                    from counter_app.domain.case_engine import publicity_period_problem

                    period = fields.get("publicity")
                    if not isinstance(period, dict):
                        period = {}
                    problem = publicity_period_problem(period.get("start"), period.get("end"), date.today())
                if problem:
                    return _fail(args, problem)
                # render first (as a check of the fields) so no number is spent on a document that cannot be made
                render_pdf(kind, fields, "校验", font_path=settings.ui.font_path)
                with UnitOfWork(store, actor=clerk, workstation_id=fields["workstation_id"]) as uow:
                    doc = issue_document(uow, case_id=str(fields["case_id"]), kind=kind, fields=fields, clerk=clerk)
                    uow.commit()
            finally:
                store.close()
            number, digest = doc.number, doc.digest
            pdf = render_pdf(kind, doc.fields, number, digest=digest, font_path=settings.ui.font_path)
    except (RenderError, DocumentError, FontError) as exc:
        return _fail(args, str(exc))
    signed = False
    if digest and kind in _signed_kinds():
        from counter_app.paths import app_paths
        from counter_app.printing.signing import has_office_key, sign_pdf

        cert_dir = app_paths().config_dir
        if has_office_key(str(fields["office_code"]), cert_dir):
            pdf, signed = sign_pdf(pdf, str(fields["office_code"]), cert_dir), True
    from counter_app.files import OutputExists, write_private_file

    try:     # the applicant's name and ID number inside: owner-only, whole or not at all
        write_private_file(args.output, pdf, force=args.force, make_parents=True)
    except OutputExists as exc:
        return _fail(args, str(exc))
    except OSError as exc:
        return _fail(args, f"无法写入 {args.output}：{file_problem(exc, writing=True)}")
    _out(args, {"ok": True, "kind": kind.value, "number": number, "digest": digest, "file": str(args.output),
                "bytes": len(pdf), "draft": bool(args.draft), "signed": signed},
         f"已生成{DOCUMENTS[kind].title}：{args.output}\n文号：{number}" + (f"\nSM3：{digest}" if digest else "（样稿，未登记）"))
    return 0


# what a numbered document takes from this workstation and the case, never from the fields file
_ISSUED_BY = {"office": "分局", "office_code": "分局代码", "workstation_id": "工作站", "date": "日期",
              "clerk": "经办人", "case_id": "办件", "case_no": "办件编号", "service_code": "事项",
              "service_name": "事项名称", "clause": "办理依据", "title": "文书标题", "applicant": "申请人",
              "catalog_version": "事项目录版本", "variants": "办理情形",
              "review_body": "行政复议机关", "court": "人民法院"}


def _as_issued(store, kind, fields: dict, settings, clerk_name: str) -> str | None:
    """Put into ``fields`` what a numbered document of this workstation says of itself: its office,
    workstation, today's date, the signed-in clerk's name, and the case's number, service and applicant
    as this store holds them (counter_app.domain.case_engine.document_fields). A fields file that says
    otherwise is refused (the reason, Chinese): the 文号, the seal area and ``notice verify`` would
    otherwise certify a document of another office, a past year or a case that does not exist."""
    from datetime import date

    from sqlalchemy import or_, select

    from counter_app.domain.case_engine import document_fields
    from counter_app.storage.tables_cases import CaseRow
    from counter_app.workflows.cases import CaseWorkflow

    ref = str(fields.get("case_no") or fields.get("case_id") or "").strip()
    with store.session() as s:
        case_id = s.scalar(select(CaseRow.id).where(or_(CaseRow.case_no == ref, CaseRow.id == ref)))
    found = CaseWorkflow(store, actor="").find(case_id) if case_id else None
    if found is None:
        return f"本机没有办件 {ref}：登记文号的文书须属于本机的一个办件（已归档外移的请先在办件中打开）。只需样稿请加 --draft"
    case, service = found
    from counter_app.workflows.reference import remedy_fields

    base = document_fields(case, kind, service=service, clerk=clerk_name, on=date.today(), office=settings.office.name,
                           office_code=settings.office.code, workstation_id=settings.office.workstation_id,
                           remedy=remedy_fields(store, settings.office.code))
    differing = [label for key, label in _ISSUED_BY.items() if key in fields and key in base
                 and not _agrees(fields[key], base[key])]
    if differing:
        return (f"办件字段与本机的记录不一致：{'、'.join(differing)}。登记文号的文书，其分局、工作站、日期（当天）、"
                f"经办人（本机登录的账号）、办件和申请人都取自本机，字段文件中可以不写；只需样稿请加 --draft")
    fields.update({key: base[key] for key in _ISSUED_BY if key in base})
    for key in ("review_body", "court"):      # the office's (reference data offices), never the file's
        if key not in base:
            fields.pop(key, None)
    return None


def _agrees(given, held) -> bool:
    """Whether a value of the fields file says what the store holds (an applicant: each key it names)."""
    if isinstance(given, dict) and isinstance(held, dict):
        return all(k in held and _agrees(v, held[k]) for k, v in given.items())
    return given == held


def _signed_kinds():
    from counter_app.printing.signing import SIGNED_KINDS

    return SIGNED_KINDS


def _sign_key_create(args) -> int:
    """``notice sign-key create``: as the signed-in supervisor or administrator (MANAGE_SIGN_KEY),
    audited; an existing key only replaced with ``--force`` (printing.signing.create_office_key)."""
    from counter_app.cli._common import load_cli_settings, open_store, signed_in_user
    from counter_app.paths import app_paths
    from counter_app.printing.signing import SigningError, create_office_key
    from counter_app.storage.permissions import RoleRefused

    settings = load_cli_settings()
    code = args.office_code or settings.office.code
    name = args.office_name or settings.office.name
    if not code:
        return _fail(args, "请用 --office-code 指定分局代码")
    store = open_store()
    try:
        try:
            _auth, user, info = signed_in_user(store, settings)
        except LookupError as exc:
            return _fail(args, f"{exc}（生成分局签章密钥须由审核主管或系统管理员登录后执行）", 1)
        try:
            made = create_office_key(store, code, name, app_paths().ensure().config_dir, actor=user, roles=info.roles,
                                     workstation_id=settings.office.workstation_id, force=args.force)
        except (RoleRefused, SigningError) as exc:
            return _fail(args, str(exc), 1)
        except OSError as exc:
            return _fail(args, f"无法写入签章证书：{file_problem(exc, writing=True)}", 1)
        except Exception as exc:  # keyring unusable
            return _fail(args, f"无法保存签章密钥到系统密钥环：{type(exc).__name__}", 1)
    finally:
        store.close()
    replaced = made.replaced
    _out(args, {"ok": True, "office_code": code, "certificate": str(made.certificate),
                "rotated": made.rotated, "replaced_certificate": str(replaced) if replaced else None},
         (f"已更换分局 {code} 的签章密钥（保存在系统密钥环）。新证书：{made.certificate}——须重新交给接收地经办机构"
          f"（旧证书保留为 {replaced}：此前签章的文书，接收地仍用旧证书核验）"
          if replaced else f"已更换分局 {code} 的签章密钥（保存在系统密钥环）。证书：{made.certificate}——须交给接收地经办机构"
          if made.rotated else
          f"已生成分局 {code} 的签章密钥（保存在系统密钥环）。证书：{made.certificate}（交接收地经办机构用于离线核验）"))
    return 0


# A document this system generates is a few tens of KB (the largest sample notice, with its embedded
# font subset, about 55 KB): a file far past that is not one of ours, and reading it whole would
# take the counter PC's memory (a 300 MB file took 3 GB). Refused before it is read.
MAX_NOTICE_BYTES = 20 * 1024 * 1024


class _NotReadable(Exception):
    """Why the PDF given cannot be read: the Chinese message."""


def _read_notice(path: Path) -> bytes:
    """The bytes of the PDF at ``path``, at most :data:`MAX_NOTICE_BYTES` of them (its size is checked
    before reading; a device or pipe that keeps giving is cut there): else _NotReadable."""
    too_big = f"{path} 太大（超过 {MAX_NOTICE_BYTES // (1024 * 1024)} MB），不是本系统生成的文书"
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(path)
            if st.st_size > MAX_NOTICE_BYTES:
                raise _NotReadable(too_big)
            data = fh.read(MAX_NOTICE_BYTES + 1)
    except OSError as exc:
        raise _NotReadable(f"无法读取 {path}：{file_problem(exc)}") from None
    if len(data) > MAX_NOTICE_BYTES:
        raise _NotReadable(too_big)
    return data


def _sign(args) -> int:
    from counter_app.cli._common import load_cli_settings
    from counter_app.paths import app_paths
    from counter_app.printing.integrity import read_marks
    from counter_app.printing.signing import SigningError, sign_pdf
    from counter_app.files import OutputExists, output_refusal, write_private_file

    refused = output_refusal(args.output, force=args.force)
    if refused is not None:
        return _fail(args, refused, 1)
    try:
        pdf = _read_notice(args.file)
    except _NotReadable as exc:
        return _fail(args, str(exc))
    marks = read_marks(pdf)
    if marks is None or marks["kind"] not in {k.value for k in _signed_kinds()}:
        return _fail(args, "只能给本系统生成的联系函、信息表加盖电子签章。", 1)
    code = args.office_code or load_cli_settings().office.code
    try:
        signed = sign_pdf(pdf, code, app_paths().config_dir)
        write_private_file(args.output, signed, force=args.force, make_parents=True)   # a person's 联系函 / 信息表
    except OutputExists as exc:
        return _fail(args, str(exc), 1)
    except SigningError as exc:
        return _fail(args, str(exc), 1)
    except OSError as exc:
        return _fail(args, f"无法写入 {args.output}：{file_problem(exc, writing=True)}", 1)
    _out(args, {"ok": True, "file": str(args.output), "number": marks["number"]},
             f"已加盖分局 {code} 电子签章：{args.output}")
    return 0


def _verify(args) -> int:
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.printing.documents import verify_pdf

    try:
        pdf = _read_notice(args.file)
    except _NotReadable as exc:
        return _fail(args, str(exc))
    settings = load_cli_settings()
    store = open_store()
    try:
        with store.session() as s:
            from counter_app.printing.signatures import stored_signature

            result = verify_pdf(s, pdf, font_path=settings.ui.font_path,
                                signature_of=lambda doc_id: stored_signature(store, doc_id))
    finally:
        store.close()
    from counter_app.paths import app_paths
    from counter_app.printing.signing import check_signatures

    signature = check_signatures(pdf, app_paths().config_dir) if result.ok else None
    ok = result.ok and (signature is None or signature.ok)
    message = result.message + (f"；{signature.message}" if signature is not None and signature.signed else "")
    _out(args, {"ok": ok, "message": message, "number": result.number, "kind": result.kind,
                "identical": result.identical, "voided": result.voided,
                "signature": signature.as_dict() if signature else None},
         ("✔ " if ok else "✘ ") + message)
    return 0 if ok else 1
