"""The case archive package (7.2 档案管理, #16): written when a case reaches 归档.

A package holds the case's documents (PDF/A-2b, rendered from their records, every font embedded), the
photographed material pages (``materials/``, as captured: their SM3 is the one recorded at capture), its history (every state
transition), the audit extract (the audit records about the case and its documents) and its
metadata, under the archive code 全宗号-年度-保管期限-件号 with the retention from the reference table
``resources/reference/retention.json`` (``reference.retention``). Every part has an SM3 digest in ``manifest.json`` and
the package has the SM3 of the manifest. Every part lies on disk sealed (SM4-GCM with the "archive"
purpose key, ``<part>.sm4``, :mod:`counter_app.storage.sealed_files`): the package holds the
applicant's name, ID number and photographed pages, and a stolen laptop must show none of it. The
SM3 digests are over the plaintext (the centre checks the same); verify and the upload decrypt in
memory, and a ciphertext edited on disk does not open. ``manifest.json`` (part names and digests, no
personal data) stays clear. Packages are write-once: files are made read-only, and a
later change writes a new version (``v2``…) next to the old one, never over it. The manifest
digest is also recorded in the outbox (``archive.package``), so the package is known to the centre
and a rewritten manifest no longer matches the record. ``counter-app archive verify CASE_NUMBER``.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import select

from counter_app.files import unlink_read_only
from counter_app.printing import numbering
from counter_app.printing.documents import documents_of_case, render_document
from counter_app.printing.integrity import sm3_hex
from counter_app.printing.legacy import SEALED_META
from counter_app.reference.retention import Retention, retention_for  # noqa: F401  (re-exported)
from counter_app.storage.sealed_files import (SEALED_SUFFIX, SealedFileError, part_aad, read_part, sealed_path,
                                              write_sealed_once)
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_cases import CaseRow, CaseTransitionRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork, canonical_json

log = logging.getLogger(__name__)

OUTBOX_KIND = "archive.package"
OUTBOX_AGGREGATE = "archive"   # counter_app.sync.archive_upload finds the entries by it (indexed)


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


def _write_sealed(folder: Path, archive_code: str, version: int, name: str, data: bytes) -> str:
    """Seal one part into ``<name>.sm4`` (never over an existing file); the SM3 of its plaintext."""
    if (folder / name).exists():
        raise ArchivePackageError(f"档案包 {archive_code} 第 {version} 版的 {name} 已存在，不能覆盖")
    write_sealed_once(sealed_path(folder, name), data, part_aad(archive_code, version, name))
    return sm3_hex(data)


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


def _history(s, case_id: str) -> list[dict]:
    """办理过程: every state transition and every step (code, result, who, when, approver, the step's
    data: 审核 result, 核查 finding, 公示 dates, 核定 figures…), in the order they were done (each
    was written with its outbox entry, whose sequence orders them). Personal data in a step's data
    stays in the package, which is sealed at rest like the documents."""
    from counter_app.storage.tables_cases import CaseStepRow

    transitions = list(s.scalars(select(CaseTransitionRow).where(CaseTransitionRow.case_id == case_id)))
    steps = list(s.scalars(select(CaseStepRow).where(CaseStepRow.case_id == case_id)))
    keys = [r.outbox_id for r in [*transitions, *steps] if r.outbox_id]
    # list(): a Result has keys() of its own, so dict() would take it for a mapping
    order: dict[str, int] = dict(list(s.execute(select(OutboxEntry.id, OutboxEntry.seq)
                                                .where(OutboxEntry.id.in_(keys))))) if keys else {}
    moves = [(order.get(t.outbox_id or "", 0), t.at, 0, t.id,
              {"action": t.action, "from": t.from_state, "to": t.to_state, "actor": t.actor,
               "at": t.at.isoformat(timespec="seconds"), "reason": t.reason, "approved_by": t.approved_by})
             for t in transitions]
    done = [(order.get(st.outbox_id or "", 0), st.at, 1, st.id,
             {"action": "step", "step": st.step_code, "kind": st.kind, "result": st.result, "actor": st.actor,
              "at": st.at.isoformat(timespec="seconds"), "approved_by": st.approved_by or "",
              "escalation": st.escalation or "", "data": json.loads(st.data or "{}")})
            for st in steps]
    return [entry for *_, entry in sorted(moves + done, key=lambda m: m[:4])]


def _discard(folder: Path) -> bool:
    """Remove a package version written for a 归档 that did not commit. Its parts are read-only,
    which on Windows makes them undeletable until the bit is cleared (:func:`counter_app.files.remove_tree`).
    False, and logged, when something is left (a file another program holds open): :func:`_write`
    then moves the leftover aside at the retry."""
    from counter_app.files import remove_tree

    if not folder.exists():
        return True
    try:
        for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
            os.chmod(d, 0o755)
    except OSError:
        pass                         # remove_tree says what could not go
    failed = remove_tree(folder)
    if folder.exists():
        log.warning("uncommitted archive package folder %s not removed: %s", folder, "; ".join(failed[:5]) or "still there")
        return False
    return True


def _committed(session, archive_code: str, version: int) -> bool:
    """A package record (committed, or in this transaction) names this archive code and version."""
    rows = session.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == OUTBOX_KIND,
                                                              OutboxEntry.payload.contains(archive_code)))
    for payload in rows:
        rec = json.loads(payload)
        if rec.get("archive_code") == archive_code and rec.get("version") == version:
            return True
    return False


def _set_aside(folder: Path, archive_code: str, version: int, now: datetime) -> None:
    """A folder where this version is to go that no package record names: what an earlier 归档 left
    when its transaction rolled back and the folder could not be removed then (a file held open on
    Windows, the process killed). Nothing committed refers to it, so it is no package; it is moved
    aside (``v1.uncommitted-<time>``), not deleted — its parts are sealed, and after a store restored
    from an older backup it may be the only copy of a package that was committed once."""
    aside = folder.with_name(f"{folder.name}.uncommitted-{now.strftime('%Y%m%dT%H%M%S%f')}")
    try:
        os.chmod(folder, 0o755)          # POSIX: renaming a directory needs it writable
        folder.rename(aside)
    except OSError as exc:
        log.warning("leftover archive package folder %s cannot be moved aside: %s", folder, exc.strerror or exc)
        raise ArchivePackageError(f"档案包 {archive_code} 第 {version} 版的文件夹 {folder} 里有一次未完成的归档留下的文件，"
                                  "无法移开（可能被其他程序打开）。请关闭打开它的程序后重试。") from None
    log.warning("leftover of an uncommitted archive package moved aside: %s -> %s", folder, aside.name)


def discard_uncommitted(session) -> None:
    """The package folders written in ``session``'s transaction, removed after it rolled back: a
    package exists only for a 归档 that was committed (a retry then writes it again, not a v2)."""
    for folder in session.info.pop("archive_folders", []):
        _discard(folder)


def write_package(store, case_id: str, *, root: Path, clerk: str, workstation_id: str, fonds: str = "",
                  font_path: str = "", now: datetime | None = None,
                  material_image: Callable[[str], bytes] | None = None, within=None) -> Package:
    """Write (or, when nothing changed, find) the archive package of an archived case.

    ``material_image(image_id)``: the plain bytes of one photographed material page (the workflow
    decrypts them, checking their SM3); with it the pages go into the package under ``materials/``.
    ``within``: the unit of work of the 归档 itself (the case is archived in it, not yet committed):
    the package's number, outbox entry and audit record go into it, so a package that cannot be
    written leaves the case un-archived; its caller removes the folder if it rolls back
    (:func:`discard_uncommitted`)."""
    import contextlib

    now = now or datetime.now(timezone.utc)
    reading = contextlib.nullcontext(within.session) if within is not None else store.session()
    with reading as s:
        case = s.get(CaseRow, case_id)
        if case is None:
            raise ArchivePackageError(f"找不到办件：{case_id}")
        if case.state != "archived":
            raise ArchivePackageError(f"办件 {case.case_no} 尚未归档，不能生成档案包")
        history = _history(s, case_id)
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
    if material_image is not None:        # without it there are no pages (see above)
        for pg in pages:
            image = material_image(pg["id"])
            if sm3_hex(image) != pg["digest"]:
                raise ArchivePackageError(f"材料图像 {pg['material_code']} 第 {pg['page_no']} 页与其 SM3 校验码不符，未归档")
            parts[material_part_name(pg)] = image
    parts["history.json"] = canonical_json(history).encode()
    parts["audit.json"] = canonical_json(audit).encode()
    written = dict(case_no=case_no, office_code=office_code, year=year, retention=retention, recorded=recorded,
                   parts=parts, source=source, service_code=service_code)
    if within is not None:
        return _write(within, root=root, clerk=clerk, workstation_id=workstation_id, fonds=fonds, now=now, **written)
    with UnitOfWork(store, actor=clerk, workstation_id=workstation_id) as uow:
        try:
            package = _write(uow, root=root, clerk=clerk, workstation_id=workstation_id, fonds=fonds, now=now, **written)
            uow.commit()
        except BaseException:
            uow.rollback()
            discard_uncommitted(uow.session)
            raise
        uow.session.info.pop("archive_folders", None)
    return package


def _write(uow, *, root: Path, clerk: str, workstation_id: str, fonds: str, now: datetime, case_no: str,
           office_code: str, year: int, retention, recorded: list[dict], parts: dict[str, bytes], source: dict,
           service_code: str) -> Package:
    """Number, seal and record one version of the package in ``uow`` (its caller commits)."""
    if recorded:
        archive_code = recorded[0]["archive_code"]
    else:
        tag, seq = numbering.allocate_archive_seq(uow.session, office_code=office_code,
                                                  workstation_id=workstation_id, year=year)
        archive_code = f"{fonds or office_code}-{year}-{retention.code}-{workstation_id}.{tag}.{seq:05d}"
    version = (recorded[-1]["version"] + 1) if recorded else 1
    folder = Path(root) / _safe(archive_code) / f"v{version}"
    if folder.exists():
        if _committed(uow.session, archive_code, version):
            raise ArchivePackageError(f"档案包 {archive_code} 第 {version} 版已存在，不能覆盖")
        _set_aside(folder, archive_code, version, now)     # a rolled-back attempt's leftover: the retry goes on
    metadata = {"archive_code": archive_code, "fonds": fonds or office_code, "year": year,
                "retention": retention.retention, "retention_code": retention.code,
                "category": retention.category, "category_title": retention.title,
                "retention_confirmed": retention.confirmed, "keep_until": retention.keep_until,
                "retention_table": retention.table_version, "retention_basis": retention.basis,
                "case_no": case_no, "service_code": service_code, "version": version,
                "filed_at": now.isoformat(timespec="seconds"), "filed_by": clerk}
    parts = {**parts, "metadata.json": canonical_json(metadata).encode()}
    uow.session.info.setdefault("archive_folders", []).append(folder)
    try:
        digests = {name: _write_sealed(folder, archive_code, version, name, data) for name, data in sorted(parts.items())}
        manifest = {"archive_code": archive_code, "version": version, "case_no": case_no, "year": year,
                    "parts": {k: v for k, v in digests.items() if k != "metadata.json"},
                    "metadata_sm3": digests["metadata.json"],
                    "previous": recorded[-1]["digest"] if recorded else None}
        manifest_bytes = canonical_json(manifest).encode()
        digest = _write_once(folder / "manifest.json", manifest_bytes)
        for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
            os.chmod(d, 0o555)
    except BaseException:
        _discard(folder)       # half a package is no package: the retry writes it whole
        raise
    payload = {**manifest, "digest": digest, "path": str(folder), "source": source}
    uow.outbox.add(kind=OUTBOX_KIND, aggregate_type=OUTBOX_AGGREGATE, aggregate_id=case_no, payload=payload)
    uow.audit("archive.package", object_type="case", object_id=case_no, actor=clerk,
              detail=f"{archive_code} 第 {version} 版，SM3 {digest[:16]}…")
    return Package(archive_code, version, folder, digest, payload)


def _manifest_parts(manifest_bytes: bytes) -> dict[str, str] | None:
    """{part name: SM3} the manifest lists (metadata.json's included), or None when the bytes are no
    manifest this program writes (not JSON, nested too deep, a key missing or of another type): a
    rewritten manifest is reported, never a KeyError."""
    try:
        manifest = json.loads(manifest_bytes)
    except (ValueError, RecursionError):        # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(manifest, dict):
        return None
    parts, metadata = manifest.get("parts"), manifest.get("metadata_sm3")
    if not isinstance(parts, dict) or not isinstance(metadata, str) \
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in parts.items()):
        return None
    return {**parts, "metadata.json": metadata}


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
        head = {"version": rec["version"], "archive_code": rec["archive_code"], "digest": rec["digest"]}
        try:
            manifest_bytes = (folder / "manifest.json").read_bytes()
        except OSError:
            versions.append({**head, "ok": False, "problems": ["manifest.json 缺失"]})
            continue
        if sm3_hex(manifest_bytes) != rec["digest"]:
            problems.append("manifest.json 与登记的 SM3 不符（清单被改写）")
        expected = _manifest_parts(manifest_bytes)
        if expected is None:      # the parts cannot be checked against a manifest that is none
            problems.append("manifest.json 不是本程序写的清单（不是有效的 JSON 或缺少部件清单），无法核对各部件")
            versions.append({**head, "ok": False, "problems": problems})
            continue
        clear_parts = []
        for name, want in sorted(expected.items()):
            try:
                data, sealed = read_part(folder, rec["archive_code"], rec["version"], name)
            except SealedFileError as exc:
                problems.append(str(exc))
                continue
            if not sealed:
                clear_parts.append(name)
            if sm3_hex(data) != want:
                problems.append(f"{name} 的 SM3 不符（内容被改动）")
            elif name.endswith(".pdf"):
                from counter_app.printing.pdfa import pdfa_problems

                problems += [f"{name} 不符合 PDF/A-2b：{p}" for p in pdfa_problems(data)]
        on_disk = [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"]
        extra = sorted(rel for rel in on_disk
                       if (rel[:-len(SEALED_SUFFIX)] if rel.endswith(SEALED_SUFFIX) else rel) not in expected)
        problems += [f"多出未登记的文件 {name}" for name in extra]
        entry = {**head, "ok": not problems, "problems": problems}
        if clear_parts:
            entry["clear_parts"] = clear_parts      # written before parts were sealed (earlier release)
        versions.append(entry)
    ok = all(v["ok"] for v in versions)
    return {"ok": ok, "case_no": case_no, "archive_code": recorded[0]["archive_code"], "versions": versions,
            "message": "档案包完整" if ok else "档案包被改动或缺失"}


def list_packages(store, *, year: int | None = None, retention: str | None = None) -> list[dict]:
    """档案检索 (7.2.2): the latest version of every package of this workstation, by archive code
    (全宗号-年度-保管期限-件号), with its case, year, retention and keep-until date; no personal data.
    ``retention``: a code (D100, Y…) or a period (100年, 永久)."""
    with store.session() as s:
        rows = s.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == OUTBOX_KIND)
                         .order_by(OutboxEntry.seq))
        latest: dict[str, dict] = {}
        for text in rows:
            rec = json.loads(text)
            if rec.get("version", 0) >= latest.get(rec["case_no"], {}).get("version", 0):
                latest[rec["case_no"]] = rec
        services = {no: (code, kind) for no, code, kind in s.execute(
            select(CaseRow.case_no, CaseRow.service_code, CaseRow.applicant_type)
            .where(CaseRow.case_no.in_(list(latest))))} if latest else {}
    out = []
    for case_no, rec in latest.items():
        code = rec["archive_code"]
        parts = code.split("-", 3)        # fonds, year, retention code, 件号
        retention_code = parts[2] if len(parts) > 3 else ""
        service, applicant_type = services.get(case_no, ("", ""))
        period = retention_for(service, int(rec["year"]), applicant_type) if service else None
        entry = {"archive_code": code, "case_no": case_no, "year": rec["year"], "version": rec["version"],
                 "retention_code": retention_code, "retention": period.retention if period else "",
                 "keep_until": period.keep_until if period else None, "service_code": service,
                 "digest": rec["digest"], "path": rec["path"]}
        if year is not None and int(rec["year"]) != year:
            continue
        if retention and retention not in (retention_code, entry["retention"]):
            continue
        out.append(entry)
    return sorted(out, key=lambda e: e["archive_code"])


def archive_code_of(store, case_no: str) -> str | None:
    """The case's archive code (档号), or None when it has no package."""
    with store.session() as s:
        recorded = _recorded(s, case_no)
    return recorded[0]["archive_code"] if recorded else None


def archived_without_package(store) -> list[dict]:
    """The archived cases of this workstation with no package recorded (a 归档 of an earlier release
    whose package write failed after it was committed): ``counter-app archive write-missing``."""
    with store.session() as s:
        packaged = select(OutboxEntry.aggregate_id).where(OutboxEntry.kind == OUTBOX_KIND,
                                                         OutboxEntry.aggregate_type == OUTBOX_AGGREGATE)
        rows = s.execute(select(CaseRow.id, CaseRow.case_no, CaseRow.archived_at)
                         .where(CaseRow.state == "archived", CaseRow.case_no.not_in(packaged))
                         .order_by(CaseRow.archived_at, CaseRow.case_no)).all()
    return [{"case_id": cid, "case_no": no, "archived_at": at.isoformat(timespec="seconds") if at else None}
            for cid, no, at in rows]


def export_package(store, case_no: str, out: Path, *, version: int | None = None) -> dict:
    """A clear copy of one package version (default: the latest) for the rare hand-over: every part
    decrypted and checked against the manifest first, written 0600 under ``out/<archive code>/v<N>``
    (folders 0700), never over existing files. The caller records it in the audit trail."""
    with store.session() as s:
        recorded = _recorded(s, case_no)
    if not recorded:
        raise ArchivePackageError(f"办件 {case_no} 没有档案包记录")
    rec = recorded[-1] if version is None else next((r for r in recorded if r["version"] == version), None)
    if rec is None:
        raise ArchivePackageError(f"办件 {case_no} 没有第 {version} 版档案包")
    folder = Path(rec["path"])
    try:
        manifest_bytes = (folder / "manifest.json").read_bytes()
    except OSError:
        raise ArchivePackageError(f"办件 {case_no} 第 {rec['version']} 版档案包的清单缺失") from None
    if sm3_hex(manifest_bytes) != rec["digest"]:
        raise ArchivePackageError(f"办件 {case_no} 第 {rec['version']} 版档案包的清单被改写，不能导出")
    expected = _manifest_parts(manifest_bytes)
    if expected is None:
        raise ArchivePackageError(f"办件 {case_no} 第 {rec['version']} 版档案包的清单无法解读，不能导出")
    parts: dict[str, bytes] = {}
    for name, want in sorted(expected.items()):
        try:
            data, _sealed = read_part(folder, rec["archive_code"], rec["version"], name)
        except SealedFileError as exc:
            raise ArchivePackageError(f"档案包的 {exc}，不能导出") from None
        if sm3_hex(data) != want:
            raise ArchivePackageError(f"档案包的 {name} 与清单的 SM3 不符，不能导出")
        parts[name] = data
    target = Path(out) / _safe(rec["archive_code"]) / f"v{rec['version']}"
    if target.exists():
        raise ArchivePackageError(f"{target} 已存在，不覆盖；请换一个导出目录")
    parts["manifest.json"] = manifest_bytes
    base = Path(out)
    base.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(parts.items()):
        path = target / name
        cur = base
        for piece in path.parent.relative_to(base).parts:      # every folder 0700
            cur = cur / piece
            if not cur.exists():
                cur.mkdir(mode=0o700)
                os.chmod(cur, 0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    return {"case_no": case_no, "archive_code": rec["archive_code"], "version": rec["version"],
            "path": str(target), "files": len(parts), "digest": rec["digest"]}




def seal_clear_packages(store) -> int:
    """Seal the clear parts of packages an earlier release wrote (#16 privacy), once per store: a
    part whose bytes match the manifest becomes ``<part>.sm4`` and the clear file is deleted; a part
    that does not match is left for ``archive verify`` to report. The package content and digests do
    not change. Returns how many parts were sealed."""
    from counter_app.storage.tables_core import Meta

    with store.session() as s:
        if s.get(Meta, SEALED_META) is not None:
            return 0
        recorded = [json.loads(p) for p in s.scalars(select(OutboxEntry.payload).where(OutboxEntry.kind == OUTBOX_KIND))]
    sealed = 0
    for rec in recorded:
        folder = Path(rec.get("path", ""))
        try:
            manifest = json.loads((folder / "manifest.json").read_bytes())
        except (OSError, ValueError):
            continue
        expected = {**manifest.get("parts", {}), "metadata.json": manifest.get("metadata_sm3")}
        todo = [n for n in expected if (folder / n).is_file() and not sealed_path(folder, n).exists()]
        if not todo:
            continue
        dirs = [folder, *[p for p in folder.rglob("*") if p.is_dir()]]
        for d in dirs:
            os.chmod(d, 0o755)
        try:
            for name in todo:
                data = (folder / name).read_bytes()
                if sm3_hex(data) != expected[name]:
                    continue                     # changed on disk: verify says so; nothing hidden
                write_sealed_once(sealed_path(folder, name), data, part_aad(rec["archive_code"], rec["version"], name))
                unlink_read_only(folder / name)      # written 0o444: read-only on Windows
                sealed += 1
        finally:
            for d in dirs:
                os.chmod(d, 0o555)
    with store.new_session() as s:
        if s.get(Meta, SEALED_META) is None:
            s.add(Meta(key=SEALED_META, value="1"))
            s.commit()
    return sealed
