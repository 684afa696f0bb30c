"""Central service: no applicant data in the stored ``document.issued`` entries.

A ``document.issued`` entry carried the printed document's whole content (``fields``): the
applicant's and agent's names and ID numbers, phone and address. The centre reads of it only the
office named and the 文号, and now stores the content reduced (ID numbers and names masked, phone
and address dropped: counter_rules.document_fields, the one reduction the workstation applies
too). This rewrites the rows stored before the same way, with ``payload_digest`` the digest of
the text kept (so a replay of the entry is still recognised as the same), in batches of 500. The
entry's own ``digest`` (the workstation's SM3 over the whole content) is kept. No schema change;
the downgrade cannot bring the data back and changes nothing.

Revision ID: c0027_document_fields
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "c0027_document_fields"
down_revision = "c0026_recheck_ids"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    from counter_protocol.canonical import canonical_json, payload_digest
    from counter_rules.document_fields import shared_document_payload

    bind = op.get_bind()
    received = sa.table("received_entries", sa.column("id"), sa.column("kind"), sa.column("payload"),
                        sa.column("payload_digest"))
    after = ""
    while True:
        rows = bind.execute(sa.select(received.c.id, received.c.payload)
                            .where(received.c.kind == "document.issued", received.c.id > after)
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
            kept = shared_document_payload(payload) if isinstance(payload, dict) else None
            if kept is not None:
                kept_text = canonical_json(kept)
                updates.append({"row_id": row_id, "new_payload": kept_text, "new_digest": payload_digest(kept_text)})
        if updates:
            bind.execute(received.update().where(received.c.id == sa.bindparam("row_id"))
                         .values(payload=sa.bindparam("new_payload"), payload_digest=sa.bindparam("new_digest")), updates)


def downgrade() -> None:
    pass
