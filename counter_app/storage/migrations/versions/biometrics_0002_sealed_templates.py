"""Biometrics: fingerprint templates and images written in clear are sealed with SM4-GCM (#16 finding 10).

Revision ID: biometrics_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "biometrics_0002"
down_revision = "biometrics_0001"
branch_labels = None
depends_on = None

AAD = b"counter-app:fingerprint"   # counter_app.workflows.fingerprint.Sm4Codec.AAD
SEALED = "sm4-gcm:biometrics"


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, template, image FROM fingerprint_templates WHERE scheme = 'plain'")).fetchall()
    if not rows:
        return
    from counter_app.storage.crypto import cipher_for

    cipher = cipher_for("biometrics")
    for row_id, template, image in rows:
        conn.execute(sa.text("UPDATE fingerprint_templates SET scheme = :s, template = :t, image = :i WHERE id = :id"),
                     {"s": SEALED, "t": cipher.seal(bytes(template), AAD),
                      "i": cipher.seal(bytes(image), AAD) if image is not None else None, "id": row_id})


def downgrade() -> None:
    pass  # templates stay sealed
