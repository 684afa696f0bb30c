"""Putting back the content of received entries that were set aside (``POST /sync/restore``).

A received entry whose sealed payload was altered in the centre's database cannot be opened, so IT
moves it out (``counter-central entry-key retire VERSION --set-aside-unreadable``,
counter_central.entry_key.set_aside_unreadable) to retire its key version: its sealed text and other
columns are kept in ``set_aside_payloads``, and its effects (the case state, number floors,
approvals…) stand, since they were applied when it was accepted. The workstation that sent it still
holds its copy.

Setting it aside takes it off the workstation's tally, so that workstation's count check
(``GET /sync/summary``) finds the centre short, asks which of its keys it lacks
(``POST /sync/missing``) and hears that this one is set aside (``set_aside``, never ``missing``:
pushed again it would be applied a second time). It then sends the entry's content here. The centre
puts the entry back, sealed under the newest key, only when it is the very entry it set aside: the
same kind, subject and actor, a content whose digest is the one stored with it (the digest the
centre kept: a document's content reduced, a re-check's ID number keyed — counter_central.core's
``_Keeper``), sent from a workstation of the office it came from. Nothing is applied again; the tally
is counted back; each entry put back is one record in the centre's audit chain
(:data:`RESTORED`). Anything else is answered per entry (``not_set_aside``, ``differs``) and
changes nothing.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central import core
from counter_central.db import ReceivedEntry, SetAsidePayload, utcnow
from counter_protocol import sync as p

RESTORED = "entry.key_restored"
RECEIVED = "received_entries"
DIFFERS = "与中心移出时记录的内容不一致（业务类型、对象、经办人、内容摘要或所属网点不同），未恢复"


def restore(s: Session, who: core.Principal, req: p.RestoreRequest) -> p.RestoreResponse:
    """Put back each of ``req.entries`` that is an entry the centre set aside (module docstring);
    one transaction, committed."""
    from counter_central.audit import record_centre

    core.writer_check(who, req.workstation_id, req.entries)
    ids = list(dict.fromkeys(e.id for e in req.entries))
    aside = {row.source_id: row for row in s.scalars(
        select(SetAsidePayload).where(SetAsidePayload.source_table == RECEIVED, SetAsidePayload.source_id.in_(ids))
        .with_for_update())}
    office = core._workstation_office(s, who.workstation_id)
    offices: dict[str, str | None] = {}
    keep = core._Keeper(s)
    now = utcnow()
    tallies: dict[str, int] = {}
    results: list[p.RestoreResult] = []
    for item in req.entries:
        row = aside.pop(item.id, None)        # (a key sent twice in one request: the second is not set aside)
        if row is None:
            results.append(p.RestoreResult(id=item.id, status="not_set_aside",
                                           reason="中心没有移出这条记录（未被移出，或已恢复）"))
            continue
        kept = json.loads(row.row_data)
        canonical, digest = item.payload_text_for_digest()
        same = (digest == item.payload_digest and item.kind == kept["kind"]
                and item.aggregate_type == kept["aggregate_type"] and item.aggregate_id == kept["aggregate_id"]
                and item.actor == kept["actor"] and keep.same_digest(item, kept["payload_digest"])
                and core._same_office(s, kept["workstation_id"], who.workstation_id, office, offices))
        if not same:
            aside[item.id] = row
            results.append(p.RestoreResult(id=item.id, status="differs", reason=DIFFERS))
            continue
        text, kept_digest = keep.row(item, canonical, digest)
        version, sealed = keep.seal(item.id, text)
        s.add(_entry(kept, sealed, version, kept_digest))
        s.delete(row)
        if kept["outcome"] == "accepted":
            tallies[kept["workstation_id"]] = tallies.get(kept["workstation_id"], 0) + 1
        record_centre(s, actor=who.user.username, action=RESTORED, object_type="received_entry", object_id=item.id,
                      detail=(f"记录 {item.id}（{kept['kind']}）移出后由工作站 {who.workstation_id} 重新发送原内容，"
                              f"内容摘要与移出时一致，已恢复（用版本 {version} 的记录加密密钥加密；其业务效果原已生效，未重复执行）"))
        results.append(p.RestoreResult(id=item.id, status="restored"))
    for workstation_id, n in sorted(tallies.items()):
        core._count_accepted(s, workstation_id, n, now)
    s.commit()
    return p.RestoreResponse(results=results)


def _entry(kept: dict, sealed: str, version: int, digest: str) -> ReceivedEntry:
    """The received entry as it was set aside (``set_aside_payloads.row_data``), its content sealed anew."""
    columns = {c.key for c in sa_inspect(ReceivedEntry).column_attrs}
    values = {k: v for k, v in kept.items() if k in columns}
    for name in ("created_at", "received_at"):
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name].removesuffix("Z"))
    values.update(payload=sealed, payload_key=version, payload_digest=digest)
    return ReceivedEntry(**values)
