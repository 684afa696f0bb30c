"""Issuing documents: number, record and outbox entry in the caller's transaction; rendering a record."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.printing import numbering
from counter_app.printing.layout import FIRST_LAYOUT, LAYOUT_VERSION
from counter_app.printing.integrity import Appearance, content_digest, page_appearance, page_count, read_marks
from counter_app.storage.tables_printing import DocumentRecord
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id
from counter_protocol.clock import beijing_today
from counter_rules.document_fields import shared_document_fields

log = logging.getLogger(__name__)


class DocumentError(ValueError):
    """Bad input for a document; the message is for the clerk (Chinese)."""


@dataclass(frozen=True)
class IssuedDocument:
    id: str
    case_id: str
    kind: DocumentKind
    number: str
    fields: dict
    digest: str
    clerk: str
    created_at: datetime
    layout: int = LAYOUT_VERSION        # the layout it was issued under (printing.layout)

    @property
    def title(self) -> str:
        return DOCUMENTS[self.kind].title

    @classmethod
    def from_record(cls, rec: DocumentRecord) -> "IssuedDocument":
        return cls(rec.id, rec.case_id, DocumentKind(rec.kind), rec.number, json.loads(rec.fields),
                   rec.digest, rec.clerk, rec.created_at, rec.layout or FIRST_LAYOUT)


def _year_of(fields: dict) -> int:
    value = fields.get("date")
    if not value:
        return beijing_today().year          # the office's year, not the PC's (a PC on UTC on 1 January)
    try:
        return date.fromisoformat(str(value)[:10]).year
    except ValueError:
        raise DocumentError(f"文书日期格式不正确：{value!r}（应为 YYYY-MM-DD）") from None


def issue_document(uow: UnitOfWork, *, case_id: str, kind: DocumentKind | str, fields: dict, clerk: str) -> IssuedDocument:
    """Allocate the 文号, store the document record and its outbox entry — all in ``uow``'s transaction.

    ``fields`` must carry office, office_code and workstation_id (see counter_app.domain.documents);
    the number is valid offline the moment the caller commits, and disappears with a rollback.
    """
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise DocumentError(f"不认识的文书种类：{kind!r}") from None
    missing = [k for k in ("office", "office_code", "workstation_id") if not fields.get(k)]
    if missing:
        raise DocumentError(f"文书字段缺少：{', '.join(missing)}")
    fields = json.loads(canonical_json(fields))        # what is stored is exactly what is digested
    fields.setdefault("case_id", str(case_id))
    fields.setdefault("clerk", clerk)
    try:
        num = numbering.allocate(
            uow.session, office_name=fields["office"], office_code=fields["office_code"],
            workstation_id=fields["workstation_id"], word=DOCUMENTS[kind].word, year=_year_of(fields),
        )
    except ValueError as exc:
        raise DocumentError(str(exc)) from None
    digest = content_digest(kind.value, num.text, fields)
    rec = DocumentRecord(id=new_id(), case_id=str(case_id), kind=kind.value, number=num.text, series=num.series,
                         seq=num.seq, fields=canonical_json(fields), digest=digest, clerk=clerk,
                         created_at=datetime.now(), layout=LAYOUT_VERSION)
    uow.session.add(rec)
    uow.session.flush()
    uow.outbox.add(kind="document.issued", aggregate_type="document", aggregate_id=rec.id, payload={
        "document_id": rec.id, "case_id": rec.case_id, "kind": kind.value, "number": num.text,
        # the content reduced (applicant's ID number and name masked, phone and address left
        # out: counter_rules.document_fields); the digest is the whole content's, kept here
        "digest": digest, "fields": shared_document_fields(fields), "clerk": clerk, "created_at": rec.created_at.isoformat(timespec="seconds"),
    })
    uow.audit("document.issued", object_type=kind.value, object_id=num.text,     # the signed-in actor, never `clerk`
              detail=f"办件 {case_id}")
    return IssuedDocument.from_record(rec)


def get_document(session: Session, *, number: str | None = None, document_id: str | None = None) -> IssuedDocument | None:
    stmt = select(DocumentRecord)
    stmt = stmt.where(DocumentRecord.number == number) if number else stmt.where(DocumentRecord.id == document_id)
    rec = session.scalar(stmt)
    return IssuedDocument.from_record(rec) if rec else None


def documents_of_case(session: Session, case_id: str) -> list[IssuedDocument]:
    rows = session.scalars(select(DocumentRecord).where(DocumentRecord.case_id == str(case_id))
                           .order_by(DocumentRecord.created_at, DocumentRecord.seq))
    return [IssuedDocument.from_record(r) for r in rows]


def render_document(doc: IssuedDocument, *, font_path: str = "", reprint_at: str | None = None,
                    signature: bytes | None = None, archival: bool = False, render=None) -> bytes:
    """``signature``: the applicant's signature PNG for the 申请人签名 line (workflows.materials);
    ``archival``: the archive's PDF/A rendition (printing.pdfa); ``render``: a callable with
    ``render_pdf``'s signature (the window's render process, printing.render_host), else in-process."""
    if render is None:
        from counter_app.printing.templates import render_pdf as render

    return render(doc.kind, doc.fields, doc.number, digest=doc.digest, font_path=font_path, reprint_at=reprint_at,
                  signature=signature, archival=archival)


@dataclass(frozen=True)
class Verification:
    ok: bool
    message: str           # Chinese
    number: str | None = None
    kind: str | None = None
    identical: bool | None = None   # byte-identical to a fresh render of the record (None: not checked)
    voided: bool = False            # the record's, but voided (作废) since: not ok


def reprint_times(session: Session, document_id: str) -> list[str]:
    """The 补打 stamps (``at``) this workstation logged for a document (outbox document.reprinted)."""
    from counter_app.storage.tables_core import OutboxEntry

    rows = session.scalars(select(OutboxEntry.payload).where(
        OutboxEntry.kind == "document.reprinted", OutboxEntry.aggregate_id == document_id))
    times = []
    for payload in rows:
        try:
            at = json.loads(payload).get("at")
        except (ValueError, AttributeError):
            continue
        if isinstance(at, str) and at not in times:
            times.append(at)
    return times


def verify_pdf(session: Session, pdf: bytes, *, rerender: bool = True, font_path: str = "",
               signature_of=None) -> Verification:
    """Does this PDF match its record? Reads kind/number/digest back from the PDF keywords, looks the
    record up and recomputes the SM3 of the record's fields."""
    marks = read_marks(pdf)
    if marks is None:
        return Verification(False, "该文件不是本系统生成的文书，或其文号、校验码标记已被破坏。")
    number, digest = marks["number"], marks["digest"]
    doc = get_document(session, number=number)
    if doc is None:
        return Verification(False, f"本机档案中没有文号为 {number} 的文书记录。", number, marks["kind"])
    recomputed = content_digest(doc.kind.value, doc.number, doc.fields)
    if recomputed != doc.digest:
        return Verification(False, f"文号 {number} 的存档记录已被改动：记录内容与其SM3校验码不符。", number, doc.kind.value)
    if marks["kind"] != doc.kind.value or digest != doc.digest:
        return Verification(False, f"文件与文号 {number} 的存档记录不一致（SM3校验码不同），文件内容可能已被改动。",
                            number, doc.kind.value)
    # the marks alone prove nothing (they can be copied): what a viewer or printer shows must be
    # what the record renders — the original, or one of the 补打 copies the record logged. Not only
    # the content streams: a stamp annotation over the body, a changed font program or image, other
    # page boxes show something else on the same content (printing.integrity.page_appearance)
    shown = page_appearance(pdf)
    pages = page_count(pdf) if shown is None else None
    if shown is None and pages is None:
        return Verification(False, "该文件不是有效的PDF文书，无法核对内容。", number, doc.kind.value)
    try:
        renderings = [render_document(doc, font_path=font_path)]
        renderings += [render_document(doc, font_path=font_path, reprint_at=at) for at in reprint_times(session, doc.id)]
        signed = signature_of(doc.id) if signature_of is not None else None
        if signed is not None:                   # the copy the applicant signed (申请人签名)
            renderings.append(render_document(doc, font_path=font_path, signature=signed))
        expected = [page_appearance(r) for r in renderings]
    except Exception:  # font missing etc.
        log.warning("could not re-render document %s for verification", doc.id, exc_info=True)
        return Verification(False, f"无法按存档记录重新生成文号 {number} 的文书以核对内容（请检查文书字体），未能核验。",
                            number, doc.kind.value)
    if shown is None:
        # pages whose appearance cannot be worked out (an object graph too large to canonicalise):
        # their number can still be compared, and a page more or less is said as such
        if doc.layout == LAYOUT_VERSION and all(page_count(r) != pages for r in renderings):
            return Verification(False, f"文件内容与文号 {number} 的存档记录不符：{_DIFFERENCES['pages']}。"
                                       f"文书内容被改动，或其标记取自另一份文书。", number, doc.kind.value)
        return Verification(False, "该文件不是有效的PDF文书，无法核对内容。", number, doc.kind.value)
    matches = any(e is not None and e.digest == shown.digest for e in expected)
    if not matches and doc.layout != LAYOUT_VERSION:
        # the pages were drawn by an earlier layout, which this version no longer renders: the
        # marks agree with the record, the pages cannot be re-checked — not evidence of alteration
        return Verification(False, f"文号 {number} 的文书按本系统较早的版式（第{doc.layout}版）出具，当前版本（第{LAYOUT_VERSION}版）"
                                   f"无法按原版式重新生成以核对页面内容；文件的文号和SM3校验码与存档记录一致。"
                                   f"如需确认页面内容，请与档案中的原件核对。", number, doc.kind.value)
    if not matches:
        return Verification(False, f"文件内容与文号 {number} 的存档记录不符：{_differences(shown, expected)}。"
                                   f"文书内容被改动，或其标记取自另一份文书。", number, doc.kind.value)
    identical = None
    note = ""
    if rerender:       # the original, or the copy the applicant signed (申请人签名), as rendered above
        identical = pdf == renderings[0] or (signed is not None and pdf == renderings[-1])
        if identical:
            note = "；与存档记录重新生成的文件逐字节一致"
        elif identical is False:
            note = "；文件字节与重新生成的原件不同（补打件，或经其他软件处理过）"
    voided = _voided(session, doc.id)
    if voided is not None:    # genuine, but no longer in force: the centre refused the decision it carried out
        at, reason = voided
        return Verification(False, f"文件与存档记录一致（{doc.title}，文号 {number}），但该文书已于 {at} 作废：{reason}。"
                                   f"作废的文书不再有效，请收回。", number, doc.kind.value, identical, voided=True)
    return Verification(True, f"文件与存档记录一致：{doc.title}，文号 {number}，SM3 {digest[:16]}…{note}",
                        number, doc.kind.value, identical)


def _voided(session: Session, document_id: str) -> tuple[str, str] | None:
    """(when in Beijing time, why) the case voided the issued document ``document_id`` (作废,
    counter_app.workflows.approval_sync), or None while it stands."""
    from counter_app.storage.tables_cases import CaseDocumentRow
    from counter_protocol.clock import beijing_text

    row = session.scalars(select(CaseDocumentRow).where(CaseDocumentRow.issued_id == document_id,
                                                        CaseDocumentRow.status == "voided")).first()
    if row is None:
        return None
    return (beijing_text(row.voided_at) if row.voided_at else "—"), (row.void_reason or "未说明原因")


# what differs between a file and the record's rendering, for the clerk (printing.integrity.APPEARANCE_PARTS)
_DIFFERENCES = {
    "pages": "页数与存档原件不同",
    "contents": "页面上的文字、线条或二维码与存档原件不同",
    "resources": "页面所用的字体、图片等资源与存档原件不同（被替换或改动；本机的文书字体更换过也会如此）",
    "annotations": "页面上有存档原件没有的批注、图章或表单内容（可遮盖或改变显示、打印的内容）",
    "geometry": "页面尺寸、裁切范围或旋转方向与存档原件不同",
    "document": "文件带有存档原件没有的可选内容图层、打开时执行的动作或脚本",
}


def _differences(shown: Appearance, expected: list[Appearance | None]) -> str:
    """The parts in which ``shown`` differs from the closest of the record's renderings, in words."""
    candidates = [e for e in expected if e is not None]
    if not candidates:
        return _DIFFERENCES["contents"]
    parts = min((shown.differing(e) for e in candidates), key=len)
    return "；".join(_DIFFERENCES[p] for p in parts) or _DIFFERENCES["contents"]
