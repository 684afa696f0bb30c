"""A private CA and server certificates for TLS tests (cryptography), written as PEM files.

The deployment puts a TLS-terminating proxy in front of the centre with a certificate from the
agency's own CA (docs/deployment.md, 1.4); :class:`tests.support.central.FaultProxy` with ``tls=``
plays that proxy, and these files are its certificate and the CA a workstation trusts."""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path


@dataclass
class TestCA:
    cert_file: Path
    key: object
    cert: object

    def server(self, directory: Path, *, hosts: tuple[str, ...] = ("127.0.0.1", "localhost"),
               days: int = 30, expired: bool = False) -> ssl.SSLContext:
        """A server context whose certificate this CA signed for ``hosts`` (IP addresses and DNS
        names); ``expired``: valid until yesterday."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.now(timezone.utc)
        start, end = (now - timedelta(days=10), now - timedelta(days=1)) if expired else (now - timedelta(minutes=5),
                                                                                          now + timedelta(days=days))
        names = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
                .issuer_name(self.cert.subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(end)
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .sign(self.key, hashes.SHA256()))
        directory.mkdir(parents=True, exist_ok=True)
        cert_file, key_file = directory / "server.pem", directory / "server.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(cert_file, key_file)
        return context


def make_ca(directory: Path, name: str = "深圳市社会保险基金管理局 测试 CA") -> TestCA:
    """A self-signed CA; its certificate at ``directory / "ca.pem"``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    cert_file = directory / "ca.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return TestCA(cert_file, key, cert)


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.support.tls --upstream PORT --dir DIR``: the deployment's TLS-terminating
    proxy in front of a centre on 127.0.0.1:PORT, its certificate from a fresh CA whose
    certificate is ``DIR/ca.pem``. Prints ``PORT n`` once it listens; ends when stdin closes
    (``make package-test``: the installed program trusts the CA only once it is installed the
    way docs/deployment.md says)."""
    import argparse
    import sys

    from tests.support.central import FaultProxy

    parser = argparse.ArgumentParser(prog="python -m tests.support.tls")
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args(argv)
    ca = make_ca(args.dir)
    proxy = FaultProxy(args.upstream, tls=ca.server(args.dir / "proxy"))
    print(f"PORT {proxy.port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        proxy.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
