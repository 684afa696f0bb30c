"""Central service: no clear ID number in the stored acceptance entries of re-checked cases.

A case accepted provisionally offline or on a cached record carries ``recheck`` in its acceptance
entry (``case.transition``), with the applicant's ID number in clear for the centre's re-check
against its registry. The centre used to store the whole payload in ``received_entries``; it now
keeps ``recheck.id_number`` only masked (``id_number_masked``) and as the keyed digest
(``id_number_digest``: HMAC-SM3 under the centre's person key, as ``case_persons.person``),
counter_central.registry.recheck.kept_payload. This rewrites the rows stored before the same way,
with ``payload_digest`` the digest of the text kept (so a replay of the entry is still recognised
as the same), in batches of 500. ``recheck.credit_code`` (an organisation's code) is kept. The
person key is read (made on first use) only when a row needs it; an unreadable key stops the
upgrade with its message (nothing is left half rewritten: the migration's transaction).
No schema change; the downgrade cannot bring the numbers back and changes nothing.

Revision ID: c0026_recheck_ids
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0026_recheck_ids"
down_revision = "c0025_case_persons"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from counter_central.registry.recheck import kept_payload
    from counter_central.samecase import PersonKeyError, person_key
    from counter_protocol.canonical import canonical_json, payload_digest

    bind = op.get_bind()
    received = sa.table("received_entries", sa.column("id"), sa.column("kind"), sa.column("payload"),
                        sa.column("payload_digest"))
    key: bytes | None = None
    after = ""
    while True:
        rows = bind.execute(sa.select(received.c.id, received.c.payload)
                            .where(received.c.kind == "case.transition", received.c.id > after,
                                   received.c.payload.like('%"recheck"%'))
                            .order_by(received.c.id).limit(BATCH)).all()
        if not rows:
            break
        after = rows[-1][0]
        updates = []
        for row_id, text in rows:
            try:
                payload = json.loads(text)
            except ValueError:
                continue
            if not isinstance(payload, dict) or not isinstance(payload.get("recheck"), dict) \
                    or not payload["recheck"].get("id_number"):
                continue
            if key is None:
                try:
                    key = person_key()
                except PersonKeyError as exc:
                    raise RuntimeError(str(exc)) from None
            kept = kept_payload(payload, key)
            if kept is not None:
                kept_text = canonical_json(kept)
                updates.append({"row_id": row_id, "new_payload": kept_text, "new_digest": payload_digest(kept_text)})
        if updates:
            bind.execute(received.update().where(received.c.id == sa.bindparam("row_id"))
                         .values(payload=sa.bindparam("new_payload"), payload_digest=sa.bindparam("new_digest")), updates)


def downgrade() -> None:
    pass
