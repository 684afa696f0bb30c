"""The archive packages go to the centre (7.2, #16): a step of the sync agent after the outbox and the
audit records (protocol: counter_protocol.archive).

A package version is sent once its manifest entry (``archive.package``) is synced. Each round offers
it again until the centre answers it complete, so a kill -9 in the middle loses nothing: the offer
tells how many bytes of each part the centre holds, and only the rest is sent, in chunks under the
centre's body limit; a part the centre holds in full is never sent again. The local parts are
checked against the manifest first: a package changed on this disk is not sent (the clerk sees why,
``counter-app archive verify``). A complete version is written in ``archive_uploads`` and not offered
again.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select, text

from counter_app.domain.outbox import OutboxState
from counter_app.storage.sealed_files import SealedFileError, read_part
from counter_app.storage.tables_archive import ArchiveUploadRow
from counter_protocol import archive as proto

log = logging.getLogger(__name__)
OUTBOX_KIND = "archive.package"
# the aggregate type counter_app.printing.archive_package gives those entries: the lookup below goes
# through the outbox's index on (aggregate_type, aggregate_id, seq) instead of reading every entry
# of the store after each sync round
OUTBOX_AGGREGATE = "archive"
# (left to itself SQLite reads the synced entries in seq order through ix_outbox_state_seq: all of them)
_PENDING_SQL = text("SELECT payload FROM outbox INDEXED BY ix_outbox_aggregate"
                    " WHERE aggregate_type = :aggregate AND kind = :kind AND state = :state ORDER BY seq")


class LocalPackageError(Exception):
    """The package on this disk does not match its manifest (Chinese message)."""


@dataclass
class ArchiveUploadReport:
    packages: int = 0            # versions the centre now holds in full
    bytes_sent: int = 0
    chunks: int = 0
    waiting: int = 0             # manifest not at the centre yet: next round
    problems: list[str] = field(default_factory=list)


def pending(store) -> list[dict]:
    """Synced ``archive.package`` entries whose version the centre has not answered complete."""
    with store.session() as s:
        done = set(s.scalars(select(ArchiveUploadRow.digest)))
        rows = s.scalars(_PENDING_SQL, {"aggregate": OUTBOX_AGGREGATE, "kind": OUTBOX_KIND, "state": OutboxState.synced})
        payloads = [json.loads(p) for p in rows]
    return [p for p in payloads if p.get("digest") not in done]


def local_package(record: dict) -> tuple[proto.PackageOffer, dict[str, bytes]]:
    """The offer and the parts' bytes, read from disk and checked against the manifest."""
    folder = Path(record["path"])
    try:
        manifest_bytes = (folder / "manifest.json").read_bytes()
    except OSError:
        raise LocalPackageError(f"办件 {record['case_no']} 第 {record['version']} 版档案包的清单缺失") from None
    if proto.sm3_hex(manifest_bytes) != record["digest"]:
        raise LocalPackageError(f"办件 {record['case_no']} 第 {record['version']} 版档案包的清单被改动，未上传")
    manifest = json.loads(manifest_bytes)
    expected = {**manifest["parts"], "metadata.json": manifest["metadata_sm3"]}
    parts: dict[str, bytes] = {}
    for name, want in sorted(expected.items()):
        try:      # sealed at rest (SM4-GCM): opened in memory only
            data, _sealed = read_part(folder, record["archive_code"], record["version"], name)
        except SealedFileError as exc:
            raise LocalPackageError(f"办件 {record['case_no']} 档案包的 {exc}，未上传") from None
        if proto.sm3_hex(data) != want:
            raise LocalPackageError(f"办件 {record['case_no']} 档案包的 {name} 与清单不符，未上传")
        parts[name] = data
    offer = proto.PackageOffer(case_no=record["case_no"], version=record["version"],
                               manifest=manifest_bytes.decode("utf-8"), digest=record["digest"],
                               parts=[proto.PartOffer(name=n, sm3=expected[n], size=len(d)) for n, d in parts.items()])
    return offer, parts


def upload(client, record: dict, report: ArchiveUploadReport, chunk_bytes: int = proto.CHUNK_BYTES) -> bool:
    """Send what the centre lacks of one package version; True when the centre holds it in full."""
    offer, parts = local_package(record)
    state = client.offer_archive(offer)
    for part in state.parts:
        if part.complete:
            continue                                    # the centre has it: never sent again
        data, offset = parts[part.name], part.held
        while offset < len(data) or (not data and not part.complete):
            piece = data[offset:offset + chunk_bytes]
            got = client.send_archive_chunk(proto.PartChunk(
                case_no=offer.case_no, version=offer.version, name=part.name, offset=offset,
                data=base64.b64encode(piece).decode("ascii")))
            report.chunks += 1
            report.bytes_sent += len(piece)
            if got.held <= offset and not got.complete:     # the centre did not move: never loop
                raise LocalPackageError(f"中心未接收办件 {offer.case_no} 档案包的 {part.name}，下次同步时重试")
            offset = got.held
            if got.complete or not data:
                break
    if not state.complete:
        state = client.offer_archive(offer)
    return state.complete


def mark_uploaded(store, record: dict, bytes_sent: int) -> None:
    with store.new_session() as s:
        if s.get(ArchiveUploadRow, record["digest"]) is None:
            s.add(ArchiveUploadRow(digest=record["digest"], case_no=record["case_no"], version=record["version"],
                                   bytes_sent=bytes_sent,
                                   uploaded_at=datetime.now(timezone.utc).replace(tzinfo=None)))
            s.commit()


def upload_pending(store, client, *, chunk_bytes: int = proto.CHUNK_BYTES,
                   report: ArchiveUploadReport | None = None) -> ArchiveUploadReport:
    """Every pending package version; a network or sign-in failure stops the step (SyncError raised;
    ``report`` then holds what went before), a refusal of one package is reported and the next one goes."""
    from counter_app.sync.client import RequestRejected

    report = report if report is not None else ArchiveUploadReport()
    for record in pending(store):
        before = report.bytes_sent
        try:
            complete = upload(client, record, report, chunk_bytes)
        except LocalPackageError as exc:
            report.problems.append(str(exc))
            continue
        except RequestRejected as exc:
            if exc.reason == "archive_manifest_not_synced":
                report.waiting += 1
            else:
                log.warning("archive package %s v%s refused: %s", record["case_no"], record["version"], exc.reason)
                report.problems.append(f"办件 {record['case_no']} 第 {record['version']} 版档案包：{exc.detail}")
            continue
        if complete:
            mark_uploaded(store, record, report.bytes_sent - before)
            report.packages += 1
    return report
