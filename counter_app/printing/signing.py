"""Office signatures (PAdES B-B, pyHanko) on the documents a receiving agency checks offline:
the 联系函 and 信息表 of a pension account transfer.

The office key (ECDSA P-256) is kept in the OS keyring (service ``counter-app:office-signing-key``,
user = office code, PKCS#8 PEM); its certificate is public and lives in the config directory
(``office-signing/<CODE>.crt``) so it can be handed to the receiving agency, which verifies a
signed file offline with any PAdES validator (``pyhanko sign validate --trust CODE.crt FILE``)
or ``counter-app notice verify``.

SM2: not used. cryptography (and therefore pyHanko's signers and validators) implements no SM2
signatures, and no maintained Python library builds SM2 CMS/PAdES signatures: ``gmssl`` signs raw
SM2 digests only (no CMS SignedData, no PDF incremental update, no certificate path validation),
and common PDF readers do not validate SM2 (the national route for SM2 seals is OFD with
GB/T 38540 electronic seals). ECDSA P-256 with SHA-256 is what a receiving agency can check today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

from counter_app.domain.documents import DocumentKind

KEYRING_SERVICE = "counter-app:office-signing-key"
SIGNED_KINDS = frozenset({
    DocumentKind.transfer_contact_letter, DocumentKind.transfer_info_sheet,
    DocumentKind.temp_transfer_contact_letter, DocumentKind.temp_transfer_info_sheet,
})
FIELD_NAME = "OfficeSignature"


class SigningError(Exception):
    """The clerk's message (Chinese)."""


def cert_path(cert_dir: Path, office_code: str) -> Path:
    return Path(cert_dir) / "office-signing" / f"{office_code}.crt"


def _new_key_and_certificate(office_code: str, office_name: str, years: int) -> tuple[str, bytes]:
    """A new office key (PKCS#8 PEM) and its self-issued certificate (PEM bytes)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "深圳市社会保险基金管理局"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, office_code),
        x509.NameAttribute(NameOID.COMMON_NAME, office_name or office_code),
    ])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return pem, cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class OfficeKeyMade:
    """What ``notice sign-key create`` changed: the new certificate, and the old one kept aside
    (a rotation) or None (the office's first key)."""
    office_code: str
    certificate: Path
    replaced: Path | None
    rotated: bool          # an earlier key of the office was replaced


def _replaced_name(path: Path, on: str) -> Path:
    """``FT.crt.replaced-<date>`` beside ``path`` (``-2``, ``-3``… for a second rotation that day)."""
    candidate = path.with_name(f"{path.name}.replaced-{on}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.replaced-{on}-{n}")
        n += 1
    return candidate


def create_office_key(store, office_code: str, office_name: str, cert_dir: Path, *, actor: str,
                      roles, workstation_id: str, force: bool = False, years: int = 5) -> OfficeKeyMade:
    """A new office key in the keyring and its self-issued certificate (``office-signing/<CODE>.crt``,
    0600), audited ``sign_key.created``. Only an account whose ``roles`` may MANAGE_SIGN_KEY
    (审核主管、系统管理; counter_protocol.roles): else RoleRefused, the attempt audited. An office
    that already has a key keeps it (SigningError) unless ``force``: its certificate is what the
    receiving agencies were given. With ``force`` the key is rotated (``sign_key.rotated``) and the
    old certificate kept as ``<CODE>.crt.replaced-<date>`` (it still checks the files signed before
    the rotation: :func:`check_signatures` names it; hand the new one to the receivers)."""
    from counter_app.files import write_private_file
    from counter_app.storage.audit import append
    from counter_app.storage.keyring_access import GUARDED as keyring
    from counter_app.storage.permissions import require_role
    from counter_app.storage.uow import UnitOfWork
    from counter_protocol.clock import beijing_day
    from counter_protocol.roles import MANAGE_SIGN_KEY

    require_role(store, MANAGE_SIGN_KEY, actor=actor, roles=roles, workstation_id=workstation_id,
                 object_type="sign_key", object_id=office_code)
    path = cert_path(cert_dir, office_code)
    old_pem = keyring.get_password(KEYRING_SERVICE, office_code)
    exists = path.exists() or bool(old_pem)
    if exists and not force:
        raise SigningError(f"分局 {office_code} 已有签章密钥（证书 {path}），接收地经办机构据该证书核验签章：未改动。"
                           "确需更换（密钥泄露、证书到期）请加 --force，旧证书保留为 "
                           f"{path.name}.replaced-<日期>，新证书须重新交给接收地")
    pem, cert = _new_key_and_certificate(office_code, office_name, years)
    replaced = _replaced_name(path, beijing_day(datetime.now(timezone.utc)).strftime("%Y%m%d")) \
        if path.exists() else None
    action = "sign_key.rotated" if exists else "sign_key.created"
    detail = (f"更换分局 {office_code} 的电子签章密钥" + (f"，旧证书保留为 {replaced.name}" if replaced else "")
              if exists else f"生成分局 {office_code} 的电子签章密钥")
    with UnitOfWork(store, actor=actor, workstation_id=workstation_id) as uow:
        append(uow.session, actor=actor, workstation_id=workstation_id, action=action, object_type="sign_key",
               object_id=office_code, detail=f"{detail}（证书 {path.name}）")
        path.parent.mkdir(parents=True, exist_ok=True)
        if replaced is not None:     # a copy: the certificate stays in place until the new one replaces it
            write_private_file(replaced, path.read_bytes(), force=False)
        keyring.set_password(KEYRING_SERVICE, office_code, pem)
        try:
            write_private_file(path, cert, force=True)
        except BaseException:        # the key and its certificate stay a pair
            if old_pem:
                keyring.set_password(KEYRING_SERVICE, office_code, old_pem)
            else:
                keyring.delete_password(KEYRING_SERVICE, office_code)
            raise
        uow.commit()
    return OfficeKeyMade(office_code, path, replaced, exists)


def has_office_key(office_code: str, cert_dir: Path) -> bool:
    from counter_app.storage.keyring_access import GUARDED as keyring

    try:
        return cert_path(cert_dir, office_code).exists() and bool(keyring.get_password(KEYRING_SERVICE, office_code))
    except Exception:
        return False


def sign_pdf(pdf: bytes, office_code: str, cert_dir: Path) -> bytes:
    """The PDF with the office's PAdES signature appended (an incremental update: the pages, and so
    the content digest ``notice verify`` checks, are unchanged)."""
    from counter_app.storage.keyring_access import GUARDED as keyring
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pem = keyring.get_password(KEYRING_SERVICE, office_code)
    path = cert_path(cert_dir, office_code)
    if not pem or not path.exists():
        raise SigningError(f"本机没有分局 {office_code} 的签章密钥，请由管理员运行 counter-app notice sign-key create。")
    cert = load_cert_from_pemder(str(path))
    key = load_private_key_from_pemder_data(pem.encode(), passphrase=None)
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=key,
                                  cert_registry=SimpleCertificateStore.from_certs([cert]))
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES, reason="社会保险经办机构出具",
                                        location=office_code)
    out = BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf), strict=False), meta, signer=signer, output=out)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    ok: bool
    signer: str = ""
    message: str = ""     # Chinese

    def as_dict(self) -> dict:
        return {"signed": self.signed, "ok": self.ok, "signer": self.signer, "message": self.message}


def check_signatures(pdf: bytes, cert_dir: Path) -> SignatureCheck:
    """Validate every embedded signature against the office certificates in ``cert_dir``: intact,
    made by a trusted office key, and covering the whole file (nothing appended after signing)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:
        return SignatureCheck(False, False, message="文件无法解析为PDF")
    if not sigs:
        return SignatureCheck(False, True, message="未加盖电子签章")
    folder = Path(cert_dir) / "office-signing"
    current = [load_cert_from_pemder(str(p)) for p in sorted(folder.glob("*.crt"))]
    # a rotated key's certificate (``CODE.crt.replaced-<date>``) still checks what it signed before
    # the rotation: the letters already sent stay verifiable here, as with the receivers' old copy
    old = [(load_cert_from_pemder(str(p)), p.name.rsplit(".replaced-", 1)[1])
           for p in sorted(folder.glob("*.crt.replaced-*"))]
    replaced = {cert.dump(): on for cert, on in old}
    vc = ValidationContext(trust_roots=current + [cert for cert, _ in old], allow_fetching=False)
    retired = ""
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, vc)
        except Exception as exc:
            return SignatureCheck(True, False, message=f"电子签章无法校验：{type(exc).__name__}")
        signer = status.signing_cert.subject.native.get("common_name", "") if status.signing_cert else ""
        if not status.intact or not status.valid:
            return SignatureCheck(True, False, signer, "电子签章无效：签名后文件被改动")
        if not status.trusted:
            return SignatureCheck(True, False, signer, "电子签章的证书不是本机登记的分局签章证书")
        if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
            return SignatureCheck(True, False, signer, "电子签章之后文件又被追加了内容")
        if status.signing_cert is not None and status.signing_cert.dump() in replaced \
                and all(c.dump() != status.signing_cert.dump() for c in current):
            retired = replaced[status.signing_cert.dump()]
    if retired:
        on = retired[:8]
        when = f"{on[:4]}-{on[4:6]}-{on[6:]}" if on.isdigit() and len(on) == 8 else retired
        return SignatureCheck(True, True, signer, f"电子签章有效（{signer}；旧签章证书，该密钥已于 {when} 更换，"
                                                  "只证明更换前盖章的文件）")
    return SignatureCheck(True, True, signer, f"电子签章有效（{signer}）")
