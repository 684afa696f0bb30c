"""The centre's copy of the case archive packages (7.2 档案管理, #16), protocol in counter_protocol.archive.

A workstation offers a package version (its manifest, the manifest's SM3 and every part's SM3 and
size), then sends the parts in chunks under the 2 MB body limit. Nothing here trusts the client:

- the manifest must be the one the same workstation pushed through the outbox (``archive.package``
  in ``received_entries``: same version, same SM3), and the offered parts exactly the manifest's;
- a package belongs to the workstation (and office) that offered it: another workstation's offer or
  chunk is refused (403);
- a part is checked against the manifest's SM3 when its last byte arrives; a mismatch is refused
  (422) and nothing of that part is kept;
- write-once: a stored version is never replaced (a different manifest for it is 409), a part held
  in full is never written again.

Storage: the reference implementation keeps the bytes in the database (``archive_parts.data``,
BLOB on SQLite, bytea on PostgreSQL), sealed as they arrive — each chunk, then the part once whole
and checked — under the entry key (SM4-GCM, counter_central.entry_key, bound to the package, the
part and a chunk's offset; ``data_key`` the version; retiring a version seals them again): they
hold the applicant's name, ID number and photographed papers. Bytes a centre from before c0037
kept in clear (``data_key`` NULL) are sealed at its next start (:func:`seal_clear_rows`), and read
as they are until then. A deployment would keep them in
object storage with write-once retention (S3 Object Lock in compliance mode, or a WORM archive
store) and only the rows here, pointing at the objects — see docs/sync.md, “Archive packages”.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from datetime import datetime
from typing import Any, Callable

from fastapi import APIRouter, Depends, Query
from sqlalchemy import (BigInteger, DateTime, Integer, LargeBinary, String, Text, UniqueConstraint, case, delete, func,
                        select, update)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central import entry_key
from counter_central.db import Base, BigId, ReceivedEntry, Workstation, utcnow
from counter_protocol import archive as proto

OUTBOX_KIND = "archive.package"


class ArchivePackageRow(Base):
    """One version of a case's archive package as offered by its workstation (write-once)."""

    __tablename__ = "archive_packages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_no: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    archive_code: Mapped[str] = mapped_column(String(128), nullable=False)
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False)
    manifest: Mapped[str] = mapped_column(Text, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    offered_by: Mapped[str] = mapped_column(String(64), nullable=False)
    offered_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("case_no", "version"),)


class ArchivePartRow(Base):
    """One part of a package: its SM3 and size from the manifest/offer, its bytes once complete."""

    __tablename__ = "archive_parts"

    package_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), primary_key=True)
    sm3: Mapped[str] = mapped_column(String(64), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)        # sealed (data_key), or as a centre before c0037 kept it
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    data_key: Mapped[int | None] = mapped_column(Integer)        # the entry key version data is sealed under (c0037)


class ArchiveChunkRow(Base):
    """A received chunk of a part still arriving (dropped when the part completes or fails its SM3)."""

    __tablename__ = "archive_chunks"

    package_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), primary_key=True)
    byte_offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    data_key: Mapped[int | None] = mapped_column(Integer)        # as ArchivePartRow's


def _error(status: int, detail: str, reason: str, action: str | None = None):
    from counter_central.core import ServiceError

    return ServiceError(status, detail, reason, action)


def _writer(who) -> None:
    from counter_central.core import READ_ONLY_ROLES

    if set(who.roles) <= READ_ONLY_ROLES:
        raise _error(403, "审计人员只能查看，不能提交档案", "read_only_role", "由经办人员登录后同步")


def _held(s: Session, part: ArchivePartRow) -> int:
    if part.completed_at is not None:
        return part.size
    return int(s.scalar(select(func.coalesce(func.sum(func.length(ArchiveChunkRow.data) - case(
        (ArchiveChunkRow.data_key.is_not(None), entry_key.SEAL_OVERHEAD), else_=0)), 0))
                        .where(ArchiveChunkRow.package_id == part.package_id, ArchiveChunkRow.name == part.name)) or 0)


def _part_state(s: Session, part: ArchivePartRow) -> proto.PartState:
    return proto.PartState(name=part.name, sm3=part.sm3, size=part.size, held=_held(s, part),
                           complete=part.completed_at is not None)


def package_state(s: Session, pkg: ArchivePackageRow) -> proto.PackageState:
    parts = s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id).order_by(ArchivePartRow.name))
    return proto.PackageState(case_no=pkg.case_no, version=pkg.version, archive_code=pkg.archive_code,
                              digest=pkg.digest, complete=pkg.completed_at is not None,
                              parts=[_part_state(s, p) for p in parts])


def _manifest_of(offer: proto.PackageOffer) -> dict:
    if proto.sm3_hex(offer.manifest.encode("utf-8")) != offer.digest:
        raise _error(422, "档案包清单的 SM3 与清单内容不符，未保存", "archive_manifest_digest",
                     "在工作站运行 counter-app archive verify 核验档案包")
    try:
        manifest = json.loads(offer.manifest)
    except ValueError:
        manifest = None
    if (not isinstance(manifest, dict) or manifest.get("case_no") != offer.case_no
            or manifest.get("version") != offer.version or not isinstance(manifest.get("parts"), dict)
            or not isinstance(manifest.get("archive_code"), str) or not isinstance(manifest.get("metadata_sm3"), str)):
        raise _error(422, "档案包清单格式不正确或与办件、版本不符，未保存", "archive_manifest_invalid",
                     "在工作站运行 counter-app archive verify 核验档案包")
    return manifest


def expected_parts(manifest: dict) -> dict[str, str]:
    """Every part the manifest lists, with its SM3 (metadata.json's is kept apart in the manifest)."""
    return {**{str(k): str(v) for k, v in manifest["parts"].items()}, "metadata.json": str(manifest["metadata_sm3"])}


def _pushed_records(s: Session, case_no: str) -> list[ReceivedEntry]:
    return list(s.scalars(select(ReceivedEntry).where(ReceivedEntry.aggregate_type == "archive",
                                                      ReceivedEntry.kind == OUTBOX_KIND,
                                                      ReceivedEntry.aggregate_id == case_no,
                                                      ReceivedEntry.outcome == "accepted")))


def _check_pushed(s: Session, workstation_id: str, offer: proto.PackageOffer) -> None:
    """The offered manifest is the one this workstation pushed for that version."""
    mine = [r for r in _pushed_records(s, offer.case_no) if r.workstation_id == workstation_id]
    versions: dict[Any, set[Any]] = {}
    for r in mine:
        payload = entry_key.opened_json(r.id, r.payload_key, r.payload, s)
        if isinstance(payload, dict):
            versions.setdefault(payload.get("version"), set()).add(payload.get("digest"))
    if offer.version not in versions:
        raise _error(409, f"办件 {offer.case_no} 第 {offer.version} 版档案包的清单尚未同步到中心",
                     "archive_manifest_not_synced", "先同步待发送的业务数据，下一轮同步时会再提交档案包")
    if offer.digest not in versions[offer.version]:
        raise _error(422, "档案包清单与工作站已同步的登记不符，未保存", "archive_manifest_mismatch",
                     "在工作站运行 counter-app archive verify 核验档案包，并报告信息安全管理员")


def offer(s: Session, who, req: proto.PackageOffer) -> proto.PackageState:
    _writer(who)
    ws = who.workstation_id
    pkg = s.scalar(select(ArchivePackageRow).where(ArchivePackageRow.case_no == req.case_no,
                                                   ArchivePackageRow.version == req.version))
    if pkg is not None and pkg.workstation_id != ws:
        raise _error(403, "该档案包属于其他工作站", "archive_other_workstation", "在办理该办件的工作站同步")
    manifest = _manifest_of(req)
    expected = expected_parts(manifest)
    offered = {p.name: p.sm3 for p in req.parts}
    if len(offered) != len(req.parts) or offered != expected:
        raise _error(422, "提交的档案包部分与清单不符（名称或 SM3），未保存", "archive_parts_mismatch",
                     "在工作站运行 counter-app archive verify 核验档案包")
    if pkg is not None:
        if pkg.digest != req.digest:
            raise _error(409, f"办件 {req.case_no} 第 {req.version} 版档案包已存在且内容不同，不能覆盖",
                         "archive_version_exists", "档案包一经保存不能改写；改动应形成新版本")
        return package_state(s, pkg)
    _check_pushed(s, ws, req)
    ws_row = s.get(Workstation, ws)
    pkg = ArchivePackageRow(case_no=req.case_no, version=req.version, archive_code=manifest["archive_code"][:128],
                            workstation_id=ws, office_code=ws_row.office_code if ws_row else who.user.office_code,
                            manifest=req.manifest, digest=req.digest, offered_by=who.user.username, offered_at=utcnow())
    s.add(pkg)
    try:
        s.flush()
        for p in req.parts:
            s.add(ArchivePartRow(package_id=pkg.id, name=p.name, sm3=p.sm3, size=p.size))
        s.flush()
        if all(p.size == 0 for p in req.parts):   # nothing to send (never the case in practice)
            _complete_empty(s, pkg)
        s.commit()
    except IntegrityError:      # the same offer arrived twice at once: the other one stored it
        s.rollback()
        pkg = s.scalar(select(ArchivePackageRow).where(ArchivePackageRow.case_no == req.case_no,
                                                       ArchivePackageRow.version == req.version))
        if pkg is None or pkg.digest != req.digest or pkg.workstation_id != ws:
            raise _error(409, "档案包正在由其他请求保存", "archive_concurrent", "稍后重试") from None
    return package_state(s, pkg)


def _complete_empty(s: Session, pkg: ArchivePackageRow) -> None:
    for part in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id)):
        if proto.sm3_hex(b"") != part.sm3:
            raise _error(422, f"档案包部分 {part.name} 的 SM3 与清单不符，未保存", "archive_part_digest")
        part.data, part.completed_at = b"", utcnow()
    pkg.completed_at = utcnow()


def receive_chunk(s: Session, who, chunk: proto.PartChunk) -> proto.PartState:
    _writer(who)
    pkg = s.scalar(select(ArchivePackageRow).where(ArchivePackageRow.case_no == chunk.case_no,
                                                   ArchivePackageRow.version == chunk.version))
    if pkg is None:
        raise _error(404, "中心没有该档案包，请先提交档案包清单", "archive_not_offered", "下一轮同步时会重新提交")
    if pkg.workstation_id != who.workstation_id:
        raise _error(403, "该档案包属于其他工作站", "archive_other_workstation", "在办理该办件的工作站同步")
    part = s.get(ArchivePartRow, (pkg.id, chunk.name))
    if part is None:
        raise _error(404, f"档案包清单中没有部分 {chunk.name}", "archive_no_such_part", "核对档案包")
    try:
        data = base64.b64decode(chunk.data, validate=True)
    except (binascii.Error, ValueError):
        raise _error(422, "档案包数据不是有效的 base64", "archive_bad_chunk", "重试发送") from None
    if len(data) > proto.CHUNK_BYTES:
        raise _error(422, f"每次最多发送 {proto.CHUNK_BYTES // 1024} KB", "archive_chunk_too_large", "分块发送")
    if part.completed_at is not None:
        return _part_state(s, part)                      # held in full: never written again
    held = _held(s, part)
    if chunk.offset < held and chunk.offset + len(data) <= held:
        return _part_state(s, part)                      # a resend of what is held
    if chunk.offset != held:
        raise _error(409, f"续传位置不符：中心已收到 {held} 字节", "archive_offset", "重新提交档案包清单后续传")
    if held + len(data) > part.size or (not data and part.size > 0):
        _drop(s, part)
        raise _error(422, f"档案包部分 {part.name} 超出清单登记的大小，未保存", "archive_part_size",
                     "在工作站运行 counter-app archive verify 核验档案包")
    keys = entry_key.sealer(s)
    if held + len(data) < part.size:
        version, sealed = keys.seal_bytes(archive_bound(pkg.id, part.name, chunk.offset), data)
        s.add(ArchiveChunkRow(package_id=pkg.id, name=part.name, byte_offset=chunk.offset, data=sealed, data_key=version))
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            raise _error(409, "该部分正在由其他请求上传", "archive_concurrent", "稍后重试") from None
        return _part_state(s, part)
    # the last bytes: the part is checked against the manifest, then kept whole
    try:
        whole = b"".join(_opened(keys, pkg.id, part.name, offset, stored, version) for offset, stored, version in s.execute(
            select(ArchiveChunkRow.byte_offset, ArchiveChunkRow.data, ArchiveChunkRow.data_key).where(
                ArchiveChunkRow.package_id == pkg.id, ArchiveChunkRow.name == part.name)
            .order_by(ArchiveChunkRow.byte_offset))) + data
    except entry_key.SealBroken:           # a chunk altered in the database: received again from the start
        _drop(s, part)
        raise _error(409, f"档案包部分 {part.name} 已收到的内容无法解开（数据库被改动过），已丢弃", "archive_offset",
                     "重新提交档案包清单后续传") from None
    if len(whole) != part.size or proto.sm3_hex(whole) != part.sm3:
        _drop(s, part)
        raise _error(422, f"档案包部分 {part.name} 的 SM3 与清单不符，未保存", "archive_part_digest",
                     "在工作站运行 counter-app archive verify 核验档案包")
    part.data_key, part.data = keys.seal_bytes(archive_bound(pkg.id, part.name), whole)
    part.completed_at = utcnow()
    s.execute(delete(ArchiveChunkRow).where(ArchiveChunkRow.package_id == pkg.id, ArchiveChunkRow.name == part.name))
    s.flush()
    if not s.scalar(select(func.count()).select_from(ArchivePartRow).where(
            ArchivePartRow.package_id == pkg.id, ArchivePartRow.completed_at.is_(None))):
        pkg.completed_at = utcnow()
    s.commit()
    return _part_state(s, part)


def _drop(s: Session, part: ArchivePartRow) -> None:
    """Nothing of a refused part is kept (the chunks received so far go)."""
    s.rollback()
    s.execute(delete(ArchiveChunkRow).where(ArchiveChunkRow.package_id == part.package_id,
                                            ArchiveChunkRow.name == part.name))
    s.commit()


def archive_bound(package_id: int, name: str, offset: int | None = None) -> str:
    """What a part's (``offset`` None) or a chunk's sealed bytes are bound to: they open only as that
    row of that package (a sealed part copied onto another row does not)."""
    return f"archive_parts:{package_id}:{name}" if offset is None else f"archive_chunks:{package_id}:{name}:{offset}"


def _opened(keys: entry_key.EntryKeys | None, package_id: int, name: str, offset: int | None, stored: bytes,
            version: int | None) -> bytes:
    """The clear bytes of a part or chunk row (kept in clear by a centre from before c0037: as is;
    ``keys`` may be None only for such a row)."""
    if version is None:
        return stored
    assert keys is not None, "a sealed row is opened with the keys"
    what = f"档案包部分 {name}" + (f"（第 {offset} 字节起）" if offset is not None else "")
    return keys.open_bytes(archive_bound(package_id, name, offset), version, stored, what)


def sealed_under(s: Session, version: int) -> int:
    """How many archive parts and chunks are sealed under entry key ``version``."""
    return sum(int(s.scalar(select(func.count()).select_from(t).where(t.data_key == version)) or 0)
               for t in (ArchivePartRow, ArchiveChunkRow))


def versions_sealed(conn) -> set[int]:
    """The entry key versions archive rows are sealed under (``conn``: a connection or session)."""
    return {int(v) for t in (ArchivePartRow, ArchiveChunkRow)
            for (v,) in conn.execute(select(t.data_key).where(t.data_key.is_not(None)).distinct())}


def reseal(s: Session, keys: Callable[[], entry_key.EntryKeys], version: int | None, limit: int) -> int:
    """Seal up to ``limit`` archive parts and chunks sealed under ``version`` (None: kept in clear by
    a centre from before c0037, an empty part left as it is) again under the newest key, each only
    while still under ``version`` (not committed); how many were looked at. ``keys`` is asked only
    once a row is found (on SQLite the sealer takes the write lock). A row that does not open
    refuses the retirement (EntryKeyError, naming it): that package version is to be offered again
    from its workstation, not set aside."""
    sealer = functools.cache(keys)

    def again(package_id: int, name: str, offset: int | None, stored: bytes) -> tuple[int, bytes]:
        try:
            plain = _opened(sealer(), package_id, name, offset, stored, version)
        except entry_key.SealBroken as exc:
            raise entry_key.EntryKeyError(f"{exc}；该档案包部分不能改用最新版本加密，版本 {version} 未停用："
                                          "请核实后删除该版本档案包，由工作站重新提交") from None
        return sealer().seal_bytes(archive_bound(package_id, name, offset), plain)

    def under(table):
        return table.data_key.is_(None) if version is None else table.data_key == version

    done = 0
    for package_id, name, stored in s.execute(select(ArchivePartRow.package_id, ArchivePartRow.name, ArchivePartRow.data)
                                              .where(under(ArchivePartRow), func.length(ArchivePartRow.data) > 0)
                                              .limit(limit)).all():
        new_version, sealed = again(package_id, name, None, stored or b"")
        s.execute(update(ArchivePartRow).where(ArchivePartRow.package_id == package_id, ArchivePartRow.name == name,
                                               under(ArchivePartRow))
                  .values(data=sealed, data_key=new_version))
        done += 1
    for package_id, name, offset, stored in s.execute(
            select(ArchiveChunkRow.package_id, ArchiveChunkRow.name, ArchiveChunkRow.byte_offset, ArchiveChunkRow.data)
            .where(under(ArchiveChunkRow)).limit(limit - done)).all() if done < limit else ():
        new_version, sealed = again(package_id, name, offset, stored)
        s.execute(update(ArchiveChunkRow).where(ArchiveChunkRow.package_id == package_id, ArchiveChunkRow.name == name,
                                                ArchiveChunkRow.byte_offset == offset, under(ArchiveChunkRow))
                  .values(data=sealed, data_key=new_version))
        done += 1
    return done


def seal_clear_rows(engine, batch: int = 100) -> int:
    """Seal the parts and chunks a centre from before c0037 kept in clear (:func:`reseal` of
    ``data_key`` NULL) under the newest entry key, ``batch`` at a time, each batch committed; how
    many were looked at (a row another worker sealed first is left as it sealed it). Run at every
    start (:func:`counter_central.entry_key.check_ready`): one look that finds none on a centre
    that has none."""
    done = 0
    with Session(engine) as s:
        while n := reseal(s, lambda: entry_key.sealer(s), None, batch):
            s.commit()
            done += n
        s.rollback()
    return done


def verify_case(s: Session, case_no: str) -> dict:
    """``counter-central archive verify``: every version the centre holds of the case's package."""
    pkgs = list(s.scalars(select(ArchivePackageRow).where(ArchivePackageRow.case_no == case_no)
                          .order_by(ArchivePackageRow.version)))
    if not pkgs:
        return {"ok": False, "case_no": case_no, "versions": [], "message": f"中心没有办件 {case_no} 的档案包"}
    pushed: dict[tuple[str, Any], set] = {}     # (workstation, version) → the manifests' digests
    for r in _pushed_records(s, case_no):
        payload = entry_key.opened_json(r.id, r.payload_key, r.payload, s)
        if isinstance(payload, dict):
            pushed.setdefault((r.workstation_id, payload.get("version")), set()).add(payload.get("digest"))
    versions, previous = [], None
    keys: entry_key.EntryKeys | None = None
    for pkg in pkgs:
        problems: list[str] = []
        if proto.sm3_hex(pkg.manifest.encode("utf-8")) != pkg.digest:
            problems.append("清单与登记的 SM3 不符（清单被改写）")
        if pkg.digest not in pushed.get((pkg.workstation_id, pkg.version), set()):
            problems.append("清单与工作站同步的登记不符")
        try:
            manifest = json.loads(pkg.manifest)
            expected = expected_parts(manifest)
        except (ValueError, KeyError, AttributeError, TypeError):
            manifest, expected = {}, {}
            problems.append("清单无法解析")
        if manifest and manifest.get("previous") != previous:
            problems.append("清单的上一版本 SM3 与中心保存的上一版本不符")
        held = {p.name: p for p in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id))}
        missing = 0
        for name, want in sorted(expected.items()):
            part = held.get(name)
            if part is None or part.completed_at is None or part.data is None:
                missing += 1
                problems.append(f"{name} 尚未完整上传")
                continue
            try:
                if keys is None and part.data_key is not None:
                    keys = entry_key.entry_keys()     # (read once, and only for a sealed part)
                plain = _opened(keys, pkg.id, name, None, part.data, part.data_key)
            except entry_key.EntryKeyError as exc:
                problems.append(f"{name} 无法解开：{exc}")
                continue
            if proto.sm3_hex(plain) != want:
                problems.append(f"{name} 的 SM3 不符（内容被改动）")
        problems += [f"多出清单以外的部分 {n}" for n in sorted(set(held) - set(expected))]
        versions.append({"version": pkg.version, "archive_code": pkg.archive_code, "digest": pkg.digest,
                         "workstation_id": pkg.workstation_id, "office_code": pkg.office_code,
                         "parts": len(expected), "parts_missing": missing,
                         "bytes": sum(p.size for p in held.values()), "ok": not problems, "problems": problems})
        previous = pkg.digest
    ok = all(v["ok"] for v in versions)
    return {"ok": ok, "case_no": case_no, "archive_code": pkgs[0].archive_code, "versions": versions,
            "message": "中心保存的档案包完整" if ok else "中心保存的档案包不完整或被改动"}


def list_packages(s: Session, *, office: str | None = None, year: int | None = None,
                  retention: str | None = None) -> list[dict]:
    """档案检索 (7.2.2): the latest version of each case's package the centre holds, by archive code
    (全宗号-年度-保管期限-件号), of one office, year, retention code; no personal data."""
    latest = select(ArchivePackageRow.case_no, func.max(ArchivePackageRow.version).label("v")) \
        .group_by(ArchivePackageRow.case_no).subquery()
    q = select(ArchivePackageRow).join(latest, (ArchivePackageRow.case_no == latest.c.case_no)
                                       & (ArchivePackageRow.version == latest.c.v))
    if office:
        q = q.where(ArchivePackageRow.office_code == office)
    out = []
    for row in s.scalars(q.order_by(ArchivePackageRow.archive_code)):
        parts = row.archive_code.split("-", 3)
        code_year = int(parts[1]) if len(parts) > 3 and parts[1].isdigit() else None
        code = parts[2] if len(parts) > 3 else ""
        if (year is not None and code_year != year) or (retention and retention != code):
            continue
        out.append({"archive_code": row.archive_code, "case_no": row.case_no, "version": row.version,
                    "year": code_year, "retention_code": code, "workstation_id": row.workstation_id,
                    "office_code": row.office_code, "digest": row.digest, "complete": row.completed_at is not None,
                    "offered_at": row.offered_at.isoformat(timespec="seconds") + "Z"})
    return out


def router(who: Callable, db: Callable, errors: dict | None = None, error_model=None) -> APIRouter:
    """``errors``: the app's documented 401/403 and body answers; ``error_model``: its error body."""
    r = APIRouter(tags=["archive"])
    documented = dict(errors or {})
    if error_model is not None:
        documented[404] = {"model": error_model, "description": "没有该档案包或该部分"}
        documented[409] = {"model": error_model, "description": "清单尚未同步 / 版本已存在且内容不同 / 续传位置不符"}

    @r.post(proto.PACKAGES_PATH, response_model=proto.PackageState, responses=documented)
    def post_package(req: proto.PackageOffer, w=Depends(who), s=Depends(db)) -> proto.PackageState:
        """提交档案包（清单及各部分的 SM3、大小）；答复中心已收到每个部分的字节数（422：与清单不符，未保存）。"""
        return offer(s, w, req)

    @r.post(proto.PARTS_PATH, response_model=proto.PartState, responses=documented)
    def post_part(chunk: proto.PartChunk, w=Depends(who), s=Depends(db)) -> proto.PartState:
        """档案包一个部分的一块数据（base64）；最后一块到达时按清单核验 SM3（422：不符，该部分不保存）。"""
        return receive_chunk(s, w, chunk)

    @r.get(proto.PACKAGES_PATH, response_model=list[proto.PackageListing], responses=dict(errors or {}))
    def get_packages(year: int | None = Query(default=None, ge=1990, le=2999),
                     retention: str = Query(default="", pattern=r"^[A-Z0-9]{0,8}$"),
                     w=Depends(who), s=Depends(db)) -> list[dict]:
        """档案包清单（审计角色，只读）：本分局各办件档案包的最新版本，按档号；不含个人信息。每次查询记入中心审计记录。"""
        from counter_central.audit import _auditor

        _auditor(s, w, what="archive_packages", detail=f"年度 {year or '全部'}，保管期限 {retention or '全部'}")
        return list_packages(s, office=w.user.office_code, year=year, retention=retention or None)

    return r
