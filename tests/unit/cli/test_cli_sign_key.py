"""``counter-app notice sign-key create``: the office's PAdES key and the certificate handed to the
receiving agencies. A second run silently replaced both (letters signed afterwards no longer matched
the receivers' copy), wrote the certificate 0644, needed no sign-in and left no audit record."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.cli.main import main
from tests.support.accounts import sign_in_as

pytestmark = pytest.mark.timeout(120)


def _run(capsys, *argv):
    code = main(["notice", "sign-key", "create", "--office-code", "FT", "--office-name", "福田分局", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _audit(action_prefix: str) -> list[tuple[str, str, str, str]]:
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            rows = s.scalars(select(AuditRow).where(AuditRow.action.like(f"{action_prefix}%")).order_by(AuditRow.seq))
            return [(r.action, r.actor, r.object_id, r.result) for r in rows]
    finally:
        store.close()


def _public_key(path) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return cert.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_an_existing_key_is_kept_unless_forced_and_a_rotation_keeps_the_old_certificate(app_home, capsys):
    from counter_app.storage.keyring_access import GUARDED as keyring
    from counter_app.printing.signing import KEYRING_SERVICE

    sign_in_as("supervisor01", ["supervisor"])
    code, out, err = _run(capsys, "--json")
    assert code == 0, err
    made = json.loads(out)
    cert = Path(made["certificate"])
    assert made["rotated"] is False and made["replaced_certificate"] is None
    assert stat.S_IMODE(cert.stat().st_mode) == 0o600
    first, first_key = _public_key(cert), keyring.get_password(KEYRING_SERVICE, "FT")

    code, out, err = _run(capsys)                      # again, without --force: refused, nothing changed
    assert code == 1 and "已有签章密钥" in err and "--force" in err and "Traceback" not in err, err
    assert _public_key(cert) == first and keyring.get_password(KEYRING_SERVICE, "FT") == first_key
    assert list(cert.parent.iterdir()) == [cert]

    code, out, err = _run(capsys, "--force", "--json")  # a rotation
    assert code == 0, err
    made = json.loads(out)
    kept = Path(made["replaced_certificate"])
    assert made["rotated"] is True and kept.name.startswith("FT.crt.replaced-")
    assert _public_key(kept) == first and _public_key(cert) != first
    assert keyring.get_password(KEYRING_SERVICE, "FT") != first_key
    assert stat.S_IMODE(cert.stat().st_mode) == 0o600 and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert _audit("sign_key.") == [("sign_key.created", "supervisor01", "FT", "ok"),
                                   ("sign_key.rotated", "supervisor01", "FT", "ok")]


def test_only_a_signed_in_supervisor_or_administrator_makes_the_key(app_home, capsys):
    from tests.conftest import sign_in

    sign_in(None)
    code, out, err = _run(capsys)
    assert code == 1 and "未登录" in err, err
    sign_in_as("clerk01", ["clerk"])
    code, out, err = _run(capsys)
    assert code == 1 and "clerk01（clerk（窗口经办））不能生成或更换分局电子签章密钥" in err, err
    assert "审核主管、系统管理" in err
    assert _audit("business.refused") == [("business.refused", "clerk01", "FT", "refused")]
    assert _audit("sign_key.") == []
    from counter_app.paths import app_paths
    from counter_app.printing.signing import cert_path

    assert not cert_path(app_paths().config_dir, "FT").exists()
    sign_in_as("admin01", ["admin"])
    code, out, err = _run(capsys)
    assert code == 0 and "已生成分局 FT 的签章密钥" in out, err
    assert _audit("sign_key.") == [("sign_key.created", "admin01", "FT", "ok")]


def test_the_audit_labels_are_chinese():
    from counter_protocol.audit import ACTIONS

    assert ACTIONS["sign_key.created"] == "生成分局电子签章密钥"
    assert ACTIONS["sign_key.rotated"] == "更换分局电子签章密钥"


def _pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(100, 700, "letter")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_letter_signed_before_a_rotation_still_verifies_here_and_says_the_key_was_replaced(app_home, capsys):
    """After ``--force`` the replaced certificate was no longer trusted here: every 联系函 already sent
    failed ``notice verify`` on the workstation that issued it (the receivers' old copy still passed it)."""
    from counter_app.paths import app_paths
    from counter_app.printing.signing import check_signatures, sign_pdf

    sign_in_as("supervisor01", ["supervisor"])
    assert _run(capsys)[0] == 0
    cert_dir = app_paths().config_dir
    before = sign_pdf(_pdf(), "FT", cert_dir)
    first = check_signatures(before, cert_dir)
    assert first.ok and "旧签章证书" not in first.message
    assert _run(capsys, "--force")[0] == 0

    again = check_signatures(before, cert_dir)
    assert again.ok and "旧签章证书" in again.message and "更换" in again.message, again
    after = check_signatures(sign_pdf(_pdf(), "FT", cert_dir), cert_dir)
    assert after.ok and "旧签章证书" not in after.message
    # neither certificate: not trusted
    for p in (cert_dir / "office-signing").iterdir():
        p.unlink()
    assert not check_signatures(before, cert_dir).ok
