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
