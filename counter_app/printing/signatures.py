"""The applicant's stored signature on a document (申请人签名), for rendering and printing.

The row lives in the materials area (``case_signatures``), encrypted at rest
(:mod:`counter_app.storage.crypto`); written by :func:`counter_app.workflows.materials.attach_signature`.
"""

from __future__ import annotations

from sqlalchemy import select

from counter_app.printing.integrity import sm3_hex
from counter_app.storage.tables_materials import CaseSignature


class SignatureIntegrityError(ValueError):
    """The stored signature does not match its digest (Chinese message)."""


def signature_aad(row_id: str, case_id: str, document_id: str) -> bytes:
    return f"case_signature|{row_id}|{case_id}|{document_id}".encode()


def stored_signature(store, document_id: str) -> bytes | None:
    """The plain PNG of the applicant's signature on ``document_id``, or None when unsigned."""
    with store.session() as s:
        r = s.scalar(select(CaseSignature).where(CaseSignature.document_id == document_id))
        if r is None:
            return None
        blob, aad, scheme, digest = r.data, signature_aad(r.id, r.case_id, r.document_id), r.scheme, r.digest
    from counter_app.storage.crypto import store_cipher

    plain = store_cipher(store).decrypt(blob, aad, scheme)
    if sm3_hex(plain) != digest:
        raise SignatureIntegrityError("签名图像与其SM3校验码不符。")
    return plain
