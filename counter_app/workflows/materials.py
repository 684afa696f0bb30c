"""Use cases of 材料电子化 and 申请人签名.

- :func:`attach_material_page`: a photographed page (高拍仪, already processed by
  :mod:`counter_app.devices.camera.processing`) is stored encrypted with its checklist material,
  and that material is ticked 已提交 — in one unit of work, with an outbox entry
  ``material.captured`` that carries ids, sizes and the SM3 digest, never the image.
- :func:`attach_signature`: the applicant's signature (PNG) on one issued document
  (受理告知书, 业务指引告知书, the visit record…) is stored encrypted with the case; outbox
  ``document.signed``. :func:`render_signed` renders the document with it on the 申请人签名 line.
- The archive (``counter_app.printing.archive.file_case``) lists the pages and signatures with
  their digests; :func:`case_package` writes the case's archive package (documents, material
  pages, signatures, manifest) as a ZIP.

Device and image work happens before these functions (on the UI's worker); they only store.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
from dataclasses import dataclass

from sqlalchemy import func, select

from counter_app.domain.checklist import TickState
from counter_app.printing.integrity import sm3_hex
from counter_app.storage.base import utcnow
from counter_app.storage.crypto import store_cipher
from counter_app.storage.tables_materials import CaseSignature, MaterialImage
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id

log = logging.getLogger(__name__)

# documents the applicant signs (the visit record joins once the home-visit flow issues one)
SIGNABLE_KINDS = frozenset({"acceptance_notice", "guidance_notice", "visit_record"})


class MaterialsError(ValueError):
    """A material page or signature cannot be stored; Chinese message."""


@dataclass(frozen=True)
class StoredPage:
    id: str
    case_id: str
    material_code: str
    page_no: int
    digest: str
    size_bytes: int
    width: int
    height: int
    dpi: int
    outbox_id: str


@dataclass(frozen=True)
class StoredSignature:
    id: str
    case_id: str
    document_id: str
    document_kind: str
    digest: str
    outbox_id: str


def _image_aad(row_id: str, case_id: str, material_code: str, page_no: int) -> bytes:
    return f"material_image|{row_id}|{case_id}|{material_code}|{page_no}".encode()


def _signature_aad(row_id: str, case_id: str, document_id: str) -> bytes:
    from counter_app.printing.signatures import signature_aad

    return signature_aad(row_id, case_id, document_id)


def attach_material_page(store, cases, case_id: str, material_code: str, page, *, clerk: str,
                         workstation_id: str = "", device: str = "", within=None) -> StoredPage:
    """Store ``page`` (a :class:`~counter_app.devices.camera.processing.ProcessedPage`) as the next
    page of ``material_code`` and tick the material 已提交. ``cases`` is the clerk's
    :class:`~counter_app.workflows.cases.CaseWorkflow` (it checks the case may still change)."""
    if within is None:
        _require_counter_role(cases, "拍摄材料", case_id)
    cipher = store_cipher(store)    # first use writes the key id: before the unit of work takes the write lock
    if within is not None:          # (uow, joined case service): a step of the caller's transaction
        outer_uow, joined = within
        return _attach(cipher, outer_uow, joined, case_id, material_code, page, clerk=clerk, workstation_id=workstation_id,
                       device=device)
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        stored = _attach(cipher, uow, cases.within(uow), case_id, material_code, page, clerk=clerk,
                         workstation_id=workstation_id, device=device)
        uow.commit()
    return stored


def _attach(cipher, uow, joined, case_id: str, material_code: str, page, *, clerk: str, workstation_id: str,
            device: str) -> StoredPage:
    digest = sm3_hex(page.data)
    found = joined.find(case_id)
    if found is None:
        raise MaterialsError(f"找不到办件 {case_id}。")
    case, service = found
    material = service.material(material_code)
    if material is None:
        raise MaterialsError(f"「{service.name}」没有材料「{material_code}」。")
    joined.tick(case_id, material_code, TickState.present)      # refuses a case that may no longer change
    last = uow.session.scalar(select(func.max(MaterialImage.page_no)).where(
        MaterialImage.case_id == case_id, MaterialImage.material_code == material_code)) or 0
    row_id, page_no = new_id(), last + 1
    row = MaterialImage(
        id=row_id, case_id=case_id, material_code=material_code, page_no=page_no, mime="image/jpeg",
        scheme=cipher.scheme, data=cipher.encrypt(page.data, _image_aad(row_id, case_id, material_code, page_no)),
        digest=digest, size_bytes=len(page.data), width=page.width, height=page.height, dpi=page.dpi,
        device=device[:128], captured_at=utcnow(), clerk=clerk, workstation_id=workstation_id)
    uow.session.add(row)
    entry = uow.outbox.add(kind="material.captured", aggregate_type="case", aggregate_id=case_id, payload={
        "image_id": row_id, "case_id": case_id, "material_code": material_code, "material_name": material.name,
        "page_no": page_no, "digest": digest, "bytes": len(page.data), "width": page.width,
        "height": page.height, "dpi": page.dpi, "scheme": cipher.scheme})
    uow.audit("material.captured", object_type="case", object_id=case.case_no or case_id, actor=clerk,
              detail=f"{material.name}（{material_code}）第 {page_no} 页，SM3 {digest[:16]}…")
    log.info("material page stored: case %s, %s p.%d, %d bytes", case_id, material_code, page_no, len(page.data))
    return StoredPage(row_id, case_id, material_code, page_no, digest, len(page.data), page.width, page.height,
                      page.dpi, entry.id)


def material_pages(store, case_id: str) -> list[dict]:
    """Metadata of the case's pages (no image bytes), in material and page order."""
    from counter_app.printing.archive import material_images_of_case

    with store.session() as s:
        return material_images_of_case(s, case_id)


def page_image(store, image_id: str) -> bytes:
    """The plain JPEG of one stored page (decrypted, digest checked)."""
    cipher = store_cipher(store)
    with store.session() as s:
        r = s.get(MaterialImage, image_id)
        if r is None:
            raise MaterialsError(f"找不到材料图像 {image_id}。")
        plain = cipher.decrypt(r.data, _image_aad(r.id, r.case_id, r.material_code, r.page_no), r.scheme)
        if sm3_hex(plain) != r.digest:
            raise MaterialsError("材料图像与其SM3校验码不符。")
        return plain


def delete_material_page(store, cases, image_id: str, *, clerk: str, workstation_id: str = "") -> None:
    """Remove a wrongly taken page while the case may still change (the tick stays as it is)."""
    _require_counter_role(cases, "删除材料图像")
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        r = uow.session.get(MaterialImage, image_id)
        if r is None:
            raise MaterialsError(f"找不到材料图像 {image_id}。")
        from counter_app.domain import case_engine

        found = cases.within(uow).find(r.case_id)
        if found is not None:
            case_engine.require_editable(found[0], "删除材料图像")
        uow.session.delete(r)
        uow.outbox.add(kind="material.removed", aggregate_type="case", aggregate_id=r.case_id,
                       payload={"image_id": image_id, "case_id": r.case_id, "material_code": r.material_code,
                                "page_no": r.page_no, "digest": r.digest})
        uow.audit("material.removed", object_type="case", object_id=(found[0].case_no if found else "") or r.case_id,
                  actor=clerk, detail=f"{r.material_code} 第 {r.page_no} 页，SM3 {r.digest[:16]}…")
        uow.commit()


def _require_counter_role(cases, doing: str, case_id: str = "") -> None:
    """The case service's role check (CaseWorkflow.require_counter_role: 审计、系统管理 store nothing)."""
    check = getattr(cases, "require_counter_role", None)
    if check is not None:
        check(doing, case=case_id)


def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise MaterialsError("签名图像不是 PNG。")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def attach_signature(store, document_id: str, png: bytes, *, clerk: str, backend: str, device: str = "",
                     workstation_id: str = "") -> StoredSignature:
    """Keep the applicant's signature on one issued document (replacing an earlier one of it)."""
    from counter_app.printing.documents import get_document

    width, height = _png_size(png)
    cipher = store_cipher(store)
    digest = sm3_hex(png)
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        doc = get_document(uow.session, document_id=document_id)
        if doc is None:
            raise MaterialsError(f"找不到文书 {document_id}。")
        if doc.kind.value not in SIGNABLE_KINDS:
            raise MaterialsError(f"《{doc.title}》不需要申请人签名。")
        old = uow.session.scalar(select(CaseSignature).where(CaseSignature.document_id == document_id))
        if old is not None:
            uow.session.delete(old)
            uow.session.flush()
        row_id = new_id()
        row = CaseSignature(id=row_id, case_id=doc.case_id, document_id=document_id, document_kind=doc.kind.value,
                            scheme=cipher.scheme, data=cipher.encrypt(png, _signature_aad(row_id, doc.case_id, document_id)),
                            digest=digest, width=width, height=height, backend=backend, device=device[:128],
                            signed_at=utcnow(), clerk=clerk)
        uow.session.add(row)
        entry = uow.outbox.add(kind="document.signed", aggregate_type="document", aggregate_id=document_id, payload={
            "signature_id": row_id, "document_id": document_id, "number": doc.number, "case_id": doc.case_id,
            "kind": doc.kind.value, "digest": digest, "backend": backend, "replaced": old is not None,
            "scheme": cipher.scheme})
        uow.commit()
    return StoredSignature(row_id, doc.case_id, document_id, doc.kind.value, digest, entry.id)


def signature_png(store, document_id: str) -> bytes | None:
    """The applicant's signature on ``document_id`` (plain PNG), or None when unsigned."""
    from counter_app.printing.signatures import SignatureIntegrityError, stored_signature

    try:
        return stored_signature(store, document_id)
    except SignatureIntegrityError as exc:
        raise MaterialsError(str(exc)) from None


def render_signed(store, document_id: str, *, font_path: str = "", reprint_at: str | None = None) -> bytes:
    """The document's PDF with the applicant's signature on its 申请人签名 line (when signed)."""
    from counter_app.printing.documents import get_document, render_document

    with store.session() as s:
        doc = get_document(s, document_id=document_id)
    if doc is None:
        raise MaterialsError(f"找不到文书 {document_id}。")
    return render_document(doc, font_path=font_path, reprint_at=reprint_at, signature=signature_png(store, document_id))


def case_id_of(store, number: str, *, actor: str = "", roles=None, workstation_id: str = "") -> str | None:
    """The internal id of the case with 办件编号 (or id) ``number`` — one moved out by housekeeping
    brought back first, as ``case show`` does (case_queries.bring_back, as ``actor`` with ``roles``)
    — or None when this workstation has no such case."""
    from counter_app.storage.tables_cases import CaseRow
    from counter_app.workflows.case_queries import bring_back

    number = number.strip()
    with store.session() as s:
        found = s.scalar(select(CaseRow.id).where((CaseRow.case_no == number) | (CaseRow.id == number)))
    return found if found is not None else bring_back(store, number, actor=actor, roles=roles,
                                                      workstation_id=workstation_id)


def case_package(store, number: str, *, font_path: str = "", actor: str = "", roles=None,
                 workstation_id: str = "") -> bytes:
    """The package (ZIP) of the case with 办件编号 (or internal id) ``number``: ``manifest.json``
    (the archive filing when there is one, and every file with its SM3), the documents as PDF
    (signed where signed), the material pages as JPEG and the signatures as PNG.
    :class:`MaterialsError` for a case this workstation does not have, or one with nothing to pack."""
    import zipfile

    from counter_app.printing.archive import filing_of_case
    from counter_app.printing.documents import documents_of_case

    case_id = case_id_of(store, number, actor=actor, roles=roles, workstation_id=workstation_id)
    if case_id is None:     # every other command takes the 办件编号: it was looked up as an id only
        raise MaterialsError(f"本机没有该办件：{number}")
    with store.session() as s:
        docs = documents_of_case(s, case_id)
        filing = filing_of_case(s, case_id)
        sigs = {r.document_id: r.id for r in s.scalars(select(CaseSignature).where(CaseSignature.case_id == case_id))}
    pages = material_pages(store, case_id)
    if not docs and not pages:
        raise MaterialsError(f"办件 {number} 没有文书也没有材料图像。")
    files = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        def put(name: str, data: bytes, **meta) -> None:
            z.writestr(name, data)
            files.append({"name": name, "sm3": sm3_hex(data), "bytes": len(data), **meta})
        for d in docs:
            pdf = render_signed(store, d.id, font_path=font_path)
            put(f"documents/{d.number}.pdf", pdf, kind=d.kind.value, number=d.number, digest=d.digest,
                signed=d.id in sigs)
            png = signature_png(store, d.id) if d.id in sigs else None
            if png is not None:
                put(f"signatures/{d.number}.png", png, document=d.number)
        for p in pages:
            put(f"materials/{p['material_code']}-{p['page_no']:02d}.jpg", page_image(store, p["id"]),
                material_code=p["material_code"], page_no=p["page_no"], dpi=p["dpi"])
        manifest = {"case_id": case_id, "filing": dataclasses.asdict(filing) if filing else None, "files": files}
        z.writestr("manifest.json", json.dumps(json.loads(canonical_json(manifest)), ensure_ascii=False, indent=1))
    return buf.getvalue()
