"""Local archive (7.2 档案管理): when a case completes, its documents and materials list are filed with
GB/T 31599-style metadata — 档号 (archive number), 门类 (category), 保管期限 (retention), 年度,
归档日期 and an SM3 checksum — and queued for sync through the outbox.

Retention periods and categories are decided by the caller (the flow engine, from the effective
parameters), not here: this module only checks their form.

档号 form: ``<office>·<year>·<retention code>·<workstation>-<install tag>-<件号>``, e.g.
``FT·2026·D30·FT-W01-7KQ2-00012`` (Y = 永久, D<n> = 定期 n 年). The 件号 uses the same
install-tagged series as 文号 (see numbering), so it is unique after a reinstall too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.printing import numbering
from counter_app.printing.integrity import sm3_hex
from counter_app.storage.tables_materials import CaseSignature, MaterialImage
from counter_app.storage.tables_printing import ArchiveRecord, DocumentRecord
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id
from counter_protocol.clock import beijing_today

_RETENTION = re.compile(r"^(永久|[1-9]\d{0,2}年)$")


class ArchiveError(ValueError):
    """Cannot file; Chinese message."""


@dataclass(frozen=True)
class ArchiveFiling:
    id: str
    archive_no: str
    case_id: str
    category: str
    retention: str
    year: int
    filed_date: str
    title: str
    items: dict
    checksum: str

    @classmethod
    def of(cls, r: ArchiveRecord) -> "ArchiveFiling":
        return cls(r.id, r.archive_no, r.case_id, r.category, r.retention, r.year, r.filed_date, r.title,
                   json.loads(r.items), r.checksum)


def retention_code(retention: str) -> str:
    if not _RETENTION.match(retention or ""):
        raise ArchiveError(f"保管期限格式不正确：{retention!r}（应为「永久」或「30年」这样的定期期限）")
    return "Y" if retention == "永久" else f"D{retention[:-1]}"


def _checksum(meta: dict) -> str:
    return sm3_hex(canonical_json(meta).encode("utf-8"))


def _meta(archive_no, case_id, category, retention, year, filed_date, title, items) -> dict:
    return {"archive_no": archive_no, "case_id": case_id, "category": category, "retention": retention,
            "year": year, "filed_date": filed_date, "title": title, "items": items}


def file_case(uow: UnitOfWork, *, case_id: str, office_code: str, workstation_id: str, category: str,
              retention: str, materials: list, clerk: str, title: str = "", filed_date: str | None = None) -> ArchiveFiling:
    """File a completed case in the local archive, in ``uow``'s transaction, with an ``archive.filed`` outbox entry.

    ``materials``: the case's materials list, e.g. ``[{"name": "居民身份证", "copies": 1, "form": "复印件"}]``.
    """
    if not category:
        raise ArchiveError("缺少归档门类（category）。")
    code = retention_code(retention)
    s: Session = uow.session
    if s.scalar(select(ArchiveRecord.id).where(ArchiveRecord.case_id == str(case_id))):
        raise ArchiveError(f"办件 {case_id} 已经归档，不能重复归档。")
    docs = list(s.scalars(select(DocumentRecord).where(DocumentRecord.case_id == str(case_id))
                          .order_by(DocumentRecord.created_at, DocumentRecord.seq)))
    if not docs and not materials and not s.scalar(select(MaterialImage.id).where(MaterialImage.case_id == str(case_id)).limit(1)):
        raise ArchiveError(f"办件 {case_id} 没有文书也没有材料，无可归档内容。")
    filed = filed_date or beijing_today().isoformat()      # the Beijing day, whatever the PC's zone
    year = int(filed[:4])
    tag, seq = numbering.allocate_archive_seq(s, office_code=office_code, workstation_id=workstation_id, year=year)
    archive_no = f"{office_code}·{year}·{code}·{workstation_id}-{tag}-{seq:05d}"
    items = {
        "documents": [{"number": d.number, "kind": d.kind, "digest": d.digest,
                       "created_at": d.created_at.isoformat(timespec="seconds")} for d in docs],
        "materials": json.loads(canonical_json(materials or [])),
    }
    # 材料电子化: the photographed pages and the applicant's signatures go into the package by digest
    images = material_images_of_case(s, str(case_id))
    if images:
        items["material_images"] = [{k: i[k] for k in ("id", "material_code", "page_no", "digest", "bytes", "dpi")}
                                    for i in images]
    signatures = signatures_of_case(s, str(case_id))
    if signatures:
        items["signatures"] = signatures
    meta = _meta(archive_no, str(case_id), category, retention, year, filed, title, items)
    checksum = _checksum(meta)
    rec = ArchiveRecord(id=new_id(), archive_no=archive_no, case_id=str(case_id), category=category, retention=retention,
                        year=year, filed_date=filed, title=title, items=canonical_json(items), checksum=checksum, clerk=clerk)
    s.add(rec)
    s.flush()
    uow.outbox.add(kind="archive.filed", aggregate_type="archive", aggregate_id=rec.id,
                   payload=dict(meta, id=rec.id, checksum=checksum, clerk=clerk))
    return ArchiveFiling.of(rec)


def verify_filing(session: Session, archive_no: str) -> bool:
    """True when the stored record still matches its checksum."""
    r = session.scalar(select(ArchiveRecord).where(ArchiveRecord.archive_no == archive_no))
    if r is None:
        raise ArchiveError(f"找不到档号 {archive_no}。")
    meta = _meta(r.archive_no, r.case_id, r.category, r.retention, r.year, r.filed_date, r.title, json.loads(r.items))
    return _checksum(meta) == r.checksum


def filing_of_case(session: Session, case_id: str) -> ArchiveFiling | None:
    r = session.scalar(select(ArchiveRecord).where(ArchiveRecord.case_id == str(case_id)))
    return ArchiveFiling.of(r) if r else None


# ---- 材料电子化 (devices-cam): what the archive package holds besides the documents ----

def material_images_of_case(session: Session, case_id: str) -> list[dict]:
    """The case's photographed material pages (metadata and SM3 digest, no image bytes)."""
    rows = session.scalars(select(MaterialImage).where(MaterialImage.case_id == str(case_id))
                           .order_by(MaterialImage.material_code, MaterialImage.page_no))
    return [{"id": r.id, "material_code": r.material_code, "page_no": r.page_no, "digest": r.digest,
             "bytes": r.size_bytes, "width": r.width, "height": r.height, "dpi": r.dpi} for r in rows]


def signatures_of_case(session: Session, case_id: str) -> list[dict]:
    rows = session.scalars(select(CaseSignature).where(CaseSignature.case_id == str(case_id))
                           .order_by(CaseSignature.signed_at))
    return [{"id": r.id, "document_id": r.document_id, "kind": r.document_kind, "digest": r.digest,
             "backend": r.backend} for r in rows]
