"""The case archive package (7.2 档案管理, #16): written when a case reaches 归档.

A package holds the case's documents (PDF/A-2b, rendered from their records, every font embedded), the
photographed material pages (``materials/``, as captured: their SM3 is the one recorded at capture), its history (every state
transition), the audit extract (the audit records about the case and its documents) and its
metadata, under the archive code 全宗号-年度-保管期限-件号 with the retention from the reference table
``resources/reference/retention.json`` (``reference.retention``). Every part has an SM3 digest in ``manifest.json`` and
the package has the SM3 of the manifest. Packages are write-once: files are made read-only, and a
later change writes a new version (``v2``…) next to the old one, never over it. The manifest
digest is also recorded in the outbox (``archive.package``), so the package is known to the centre
and a rewritten manifest no longer matches the record. ``counter-app archive verify CASE_NUMBER``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from counter_app.printing import numbering
from counter_app.printing.documents import documents_of_case, render_document
from counter_app.printing.integrity import sm3_hex
from counter_app.reference.retention import Retention, retention_for  # noqa: F401  (re-exported)
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_cases import CaseRow, CaseTransitionRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork, canonical_json

OUTBOX_KIND = "archive.package"


class ArchivePackageError(ValueError):
    """The clerk's message (Chinese)."""


@dataclass(frozen=True)
class Package:
    archive_code: str
    version: int
    path: Path
    digest: str
    manifest: dict
    reused: bool = False


def _write_once(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)   # never over an existing part
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return sm3_hex(data)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def _recorded(session, case_no: str) -> list[dict]:
    rows = session.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == OUTBOX_KIND,
                                                              OutboxEntry.aggregate_id == case_no))
    return sorted((json.loads(p) for p in rows), key=lambda p: p["version"])


def material_part_name(page: dict) -> str:
    """``materials/<material code>-<page>.jpg`` (as in the case package export): one photographed page of a checklist material."""
    return f"materials/{_safe(page['material_code'])}-{int(page['page_no']):02d}.jpg"


def write_package(store, case_id: str, *, root: Path, clerk: str, workstation_id: str, fonds: str = "",
                  font_path: str = "", now: datetime | None = None,
                  material_image: Callable[[str], bytes] | None = None) -> Package:
    """Write (or, when nothing changed, find) the archive package of an archived case.

    ``material_image(image_id)``: the plain bytes of one photographed material page (the workflow
    decrypts them, checking their SM3); with it the pages go into the package under ``materials/``."""
    now = now or datetime.now(timezone.utc)
    with store.session() as s:
        case = s.get(CaseRow, case_id)
        if case is None:
            raise ArchivePackageError(f"找不到办件：{case_id}")
        if case.state != "archived":
            raise ArchivePackageError(f"办件 {case.case_no} 尚未归档，不能生成档案包")
        history = [{"action": t.action, "from": t.from_state, "to": t.to_state, "actor": t.actor,
                    "at": t.at.isoformat(timespec="seconds"), "reason": t.reason, "approved_by": t.approved_by}
                   for t in s.scalars(select(CaseTransitionRow).where(CaseTransitionRow.case_id == case_id)
                                      .order_by(CaseTransitionRow.id))]
        docs = documents_of_case(s, case_id)
        objects = {case.case_no} | {d.number for d in docs}
        audit = [{"seq": a.seq, "at": a.at, "actor": a.actor, "action": a.action, "object_type": a.object_type,
                  "object_id": a.object_id, "result": a.result, "detail": a.detail, "digest": a.digest}
                 for a in s.scalars(select(AuditRow).where(AuditRow.object_id.in_(objects), AuditRow.action != "archive.package")
                                  .order_by(AuditRow.seq))]
        recorded = _recorded(s, case.case_no)
        from counter_app.printing.archive import material_images_of_case

        pages = material_images_of_case(s, case_id) if material_image is not None else []
        case_no, service_code, office_code = case.case_no, case.service_code, case.office_code
        applicant_type = case.applicant_type
    year = (recorded[0]["year"] if recorded else now.year)
    retention = retention_for(service_code, year, applicant_type)
    # what the package is made from: a new version only when this changed (the PDF/A rendition's
    # bytes are not compared — a re-render may differ in bytes, never in the records behind it)
    source = {"documents": {d.number: d.digest for d in docs}, "history": sm3_hex(canonical_json(history).encode()),
              "audit": sm3_hex(canonical_json(audit).encode())}
    if pages:                 # only then: a package written before the materials were archived stays as it is
        source["materials"] = {material_part_name(pg): pg["digest"] for pg in pages}
    if recorded and recorded[-1].get("source") == source:
        last = recorded[-1]
        return Package(last["archive_code"], last["version"], Path(last["path"]), last["digest"], last, reused=True)
    from counter_app.printing.pdfa import to_pdfa2b

    # the archive's rendition: PDF/A-2b, every font embedded (printing.pdfa)
    parts: dict[str, bytes] = {f"documents/{_safe(d.number)}.pdf": to_pdfa2b(render_document(d, font_path=font_path,
                                                                                           archival=True))
                               for d in docs}
    for pg in pages:
        image = material_image(pg["id"])
        if sm3_hex(image) != pg["digest"]:
            raise ArchivePackageError(f"材料图像 {pg['material_code']} 第 {pg['page_no']} 页与其 SM3 校验码不符，未归档")
        parts[material_part_name(pg)] = image
    parts["history.json"] = canonical_json(history).encode()
    parts["audit.json"] = canonical_json(audit).encode()

    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        if recorded:
            archive_code = recorded[0]["archive_code"]
        else:
            tag, seq = numbering.allocate_archive_seq(uow.session, office_code=office_code,
                                                      workstation_id=workstation_id, year=year)
            archive_code = f"{fonds or office_code}-{year}-{retention.code}-{workstation_id}.{tag}.{seq:05d}"
        version = (recorded[-1]["version"] + 1) if recorded else 1
        folder = Path(root) / _safe(archive_code) / f"v{version}"
        if folder.exists():
            raise ArchivePackageError(f"档案包 {archive_code} 第 {version} 版已存在，不能覆盖")
        metadata = {"archive_code": archive_code, "fonds": fonds or office_code, "year": year,
                    "retention": retention.retention, "retention_code": retention.code,
                    "category": retention.category, "category_title": retention.title,
                    "retention_confirmed": retention.confirmed, "keep_until": retention.keep_until,
                    "retention_table": retention.table_version, "retention_basis": retention.basis,
                    "case_no": case_no, "service_code": service_code, "version": version,
                    "filed_at": now.isoformat(timespec="seconds"), "filed_by": clerk}
        parts["metadata.json"] = canonical_json(metadata).encode()
        digests = {name: _write_once(folder / name, data) for name, data in sorted(parts.items())}
        manifest = {"archive_code": archive_code, "version": version, "case_no": case_no, "year": year,
                    "parts": {k: v for k, v in digests.items() if k != "metadata.json"},
                    "metadata_sm3": digests["metadata.json"],
                    "previous": recorded[-1]["digest"] if recorded else None}
        manifest_bytes = canonical_json(manifest).encode()
        digest = _write_once(folder / "manifest.json", manifest_bytes)
        for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
            os.chmod(d, 0o555)
        payload = {**manifest, "digest": digest, "path": str(folder), "source": source}
        uow.outbox.add(kind=OUTBOX_KIND, aggregate_type="archive", aggregate_id=case_no, payload=payload)
        uow.audit("archive.package", object_type="case", object_id=case_no, actor=clerk,
                  detail=f"{archive_code} 第 {version} 版，SM3 {digest[:16]}…")
        uow.commit()
    return Package(archive_code, version, folder, digest, payload)


def verify_packages(store, case_no: str) -> dict:
    """Every version of the case's package: each part's SM3, the manifest's SM3 against the record."""
    with store.session() as s:
        recorded = _recorded(s, case_no)
    if not recorded:
        return {"ok": False, "case_no": case_no, "versions": [], "message": f"办件 {case_no} 没有档案包记录"}
    versions = []
    for rec in recorded:
        folder = Path(rec["path"])
        problems = []
        try:
            manifest_bytes = (folder / "manifest.json").read_bytes()
        except OSError:
            versions.append({"version": rec["version"], "ok": False, "problems": ["manifest.json 缺失"]})
            continue
        if sm3_hex(manifest_bytes) != rec["digest"]:
            problems.append("manifest.json 与登记的 SM3 不符（清单被改写）")
        manifest = json.loads(manifest_bytes)
        expected = {**manifest["parts"], "metadata.json": manifest["metadata_sm3"]}
        for name, want in sorted(expected.items()):
            try:
                got = sm3_hex((folder / name).read_bytes())
            except OSError:
                problems.append(f"{name} 缺失")
                continue
            if got != want:
                problems.append(f"{name} 的 SM3 不符（内容被改动）")
            elif name.endswith(".pdf"):
                from counter_app.printing.pdfa import pdfa_problems

                problems += [f"{name} 不符合 PDF/A-2b：{p}" for p in pdfa_problems((folder / name).read_bytes())]
        extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
                       and str(p.relative_to(folder)) not in expected and p.name != "manifest.json")
        problems += [f"多出未登记的文件 {name}" for name in extra]
        versions.append({"version": rec["version"], "archive_code": rec["archive_code"], "ok": not problems,
                         "digest": rec["digest"], "problems": problems})
    ok = all(v["ok"] for v in versions)
    return {"ok": ok, "case_no": case_no, "archive_code": recorded[0]["archive_code"], "versions": versions,
            "message": "档案包完整" if ok else "档案包被改动或缺失"}
