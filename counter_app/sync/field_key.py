"""The field laptop's signing key (外勤笔记本签名密钥): an ECDSA P-256 key kept only in the OS
keyring (service ``counter-app:field-laptop-key``, user = workstation id, PKCS#8 PEM). It signs
the SM3 digest of every home visit before the visit leaves the laptop (counter_protocol.field);
its public key goes to the centre with each roster pull.

ECDSA P-256 rather than SM2: ``cryptography`` implements no SM2 signatures (see
counter_app.printing.signing); the digest itself is SM3.
"""

from __future__ import annotations

from counter_app.storage.keyring_access import LOCK as KEYRING_LOCK
from counter_app.sync.keystore import keyring_module

KEYRING_SERVICE = "counter-app:field-laptop-key"


def _load(workstation_id: str, *, create: bool):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    kr = keyring_module()
    with KEYRING_LOCK:   # read and create as one
        pem = kr.get_password(KEYRING_SERVICE, workstation_id)
        if pem is None:
            if not create:
                return None
            key = ec.generate_private_key(ec.SECP256R1())
            pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
            kr.set_password(KEYRING_SERVICE, workstation_id, pem)
    return serialization.load_pem_private_key(pem.encode("ascii"), password=None)


def public_pem(private_key) -> str:
    from cryptography.hazmat.primitives import serialization

    return private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def signing_key(workstation_id: str):
    """(private key, public PEM) of this laptop, made on first use."""
    key = _load(workstation_id, create=True)
    return key, public_pem(key)


def verifying_pem(workstation_id: str) -> str | None:
    """This laptop's public key (PEM), or None when it never made one."""
    key = _load(workstation_id, create=False)
    return public_pem(key) if key is not None else None


# ------------------------------------------------------------------------------------ revocation

REVOKED_META = "field.key_revoked"         # the key id the centre said is revoked (meta)
EARLIER_META = "field.earlier_keys"        # {key id: public PEM} of the keys this laptop replaced (meta)


def current_key_id(workstation_id: str) -> str | None:
    from counter_protocol.field import key_id

    pem = verifying_pem(workstation_id)
    return key_id(pem) if pem else None


def is_revoked(store, workstation_id: str) -> bool:
    """Whether the centre answered that this laptop's current key is revoked (a new key clears it)."""
    from counter_app.sync.status import meta_get

    revoked = meta_get(store, REVOKED_META)
    return bool(revoked) and revoked == current_key_id(workstation_id)


def note_revoked(store, workstation_id: str, actor: str) -> int:
    """The centre answered that this laptop's key is revoked (a roster pull, or a visit rejected
    for it): recorded, so no new visit is sealed with it, and the roster — names, addresses,
    phones, photos and templates — wiped from the laptop; one audit record (``field.key_revoked``).
    Visits already queued stay (the centre's answer is shown with them). Once per key. Returns the
    number of assignments wiped."""
    from counter_app.sync.status import meta_get

    kid = current_key_id(workstation_id)
    if kid is None or meta_get(store, REVOKED_META) == kid:
        return 0
    return _wipe_roster(store, workstation_id, actor, kid, mark=True,
                        detail="中心已停用本机签名密钥 {kid}：停止登记上门认证，名单已清除 {wiped} 人")


def note_held(store, workstation_id: str, actor: str) -> int:
    """The centre answered a roster pull that this workstation's key was revoked and its new key
    waits for IT's allowance (counter_protocol.field.NEW_KEY_HELD_CODE): the roster is wiped from
    the laptop as for a revoked key (audited ``field.key_revoked`` when there was one to wipe), but
    the key is not marked revoked — it is the one IT may allow. Returns the number wiped."""
    kid = current_key_id(workstation_id)
    if kid is None:
        return 0
    return _wipe_roster(store, workstation_id, actor, kid, mark=False,
                        detail="中心已停用本机的签名密钥，新密钥 {kid} 待信息技术人员在中心准许：名单已清除 {wiped} 人")


def _wipe_roster(store, workstation_id: str, actor: str, kid: str, *, mark: bool, detail: str) -> int:
    from sqlalchemy import delete, func, select

    from counter_app.storage.audit import append
    from counter_app.storage.db import zero_deleted
    from counter_app.storage.tables_field import FieldAssignment
    from counter_app.storage.uow import UnitOfWork
    from counter_app.sync.status import meta_set

    with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
        s = uow.session
        wiped = s.scalar(select(func.count()).select_from(FieldAssignment)) or 0
        if not mark and not wiped:
            return 0
        zero_deleted(s)
        s.execute(delete(FieldAssignment))
        if mark:
            meta_set(s, REVOKED_META, kid)
        append(s, actor=actor, workstation_id=workstation_id, action="field.key_revoked", object_type="field_key",
               object_id=kid, detail=detail.format(kid=kid, wiped=wiped))
        uow.commit()
    if wiped:
        from counter_app.storage.wiped_files import after_wipe

        after_wipe(store, actor=actor, workstation_id=workstation_id)   # and from the files beside it
    return wiped


def new_key(store, workstation_id: str, actor: str) -> tuple[str, str | None]:
    """Make a new signing key for this laptop (信息技术人员 after the centre revoked the old one, or a
    key to be replaced): the keyring holds the new one; the old public key is kept (meta) so the
    visits sealed with it still read as intact on this laptop; the revoked mark is cleared. The
    centre registers the new key with the next roster pull. One audit record (``field.new_key``).
    Returns (new key id, old key id)."""
    import json

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from counter_app.storage.audit import append
    from counter_app.storage.uow import UnitOfWork
    from counter_app.sync.status import meta_get, meta_set
    from counter_protocol.field import key_id

    old_pem = verifying_pem(workstation_id)
    old = key_id(old_pem) if old_pem else None
    earlier = json.loads(meta_get(store, EARLIER_META) or "{}")
    if old_pem and old:
        earlier[old] = old_pem
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    kid = key_id(public_pem(key))
    with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
        s = uow.session
        meta_set(s, EARLIER_META, json.dumps(earlier))
        meta_set(s, REVOKED_META, "")
        append(s, actor=actor, workstation_id=workstation_id, action="field.new_key", object_type="field_key",
               object_id=kid, detail=f"本机生成新的签名密钥 {kid}" + (f"，替换 {old}" if old else ""))
        with KEYRING_LOCK:
            keyring_module().set_password(KEYRING_SERVICE, workstation_id, pem)
        uow.commit()
    return kid, old


def known_pems(store, workstation_id: str) -> dict[str, str]:
    """{key id: public PEM} of this laptop's current key and the ones it replaced."""
    import json

    from counter_app.sync.status import meta_get
    from counter_protocol.field import key_id

    out = {k: v for k, v in json.loads(meta_get(store, EARLIER_META) or "{}").items() if isinstance(v, str)}
    pem = verifying_pem(workstation_id)
    if pem:
        out[key_id(pem)] = pem
    return out
