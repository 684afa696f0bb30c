"""The centre's export key (#16 privacy): workstations encrypt their queue export to its public half
(X25519, :mod:`counter_protocol.export`); ``counter-central import`` decrypts with the private half.

The private key lives in the centre's config dir (``export-key.pem``, PKCS#8, mode 0600 in a 0700
folder; ``--key-file`` or ``COUNTER_CENTRAL_EXPORT_KEY`` elsewhere). It is made once, by
``counter-central export-key show``, which prints the public key the admin configures on every
workstation (``[central] export_public_key`` in its ``config.toml``).
"""

from __future__ import annotations

import os
from pathlib import Path

from counter_protocol.export import ExportError, key_id, public_key_text
from counter_protocol.cli_args import file_problem
from counter_central.key_file import ForeignFolder, check_writer

KEY_ENV = "COUNTER_CENTRAL_EXPORT_KEY"


def central_key_file(env_var: str, name: str) -> Path:
    """Where the centre keeps the key file ``name`` (outside its database): the path in the
    environment variable ``env_var`` when set, else the centre's configuration folder (under
    ``COUNTER_APP_HOME`` when set: ``central-config/``)."""
    env = os.environ.get(env_var)
    if env:
        return Path(env)
    home = os.environ.get("COUNTER_APP_HOME")
    if home:
        return Path(home) / "central-config" / name
    import platformdirs

    return Path(platformdirs.user_config_dir("counter-central", "szsi")) / name


def default_key_file() -> Path:
    return central_key_file(KEY_ENV, "export-key.pem")


def load_private_key(path: Path | None = None, *, create: bool = False):
    """The centre's ``X25519PrivateKey``; made (0600) when ``create`` and missing. :class:`ExportError`
    (Chinese) when it is missing or unreadable."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    path = Path(path or default_key_file())
    if path.is_dir():
        raise ExportError(f"导出私钥应为文件，{path} 是一个目录")
    if not path.exists():
        if not create:
            raise ExportError(f"中心没有导出私钥（{path}）：请先执行 counter-central export-key show 生成，并把公钥配置到各工作站")
        key = X25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            check_writer(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
        except ForeignFolder as exc:
            raise ExportError(f"无法生成导出私钥 {path}：{exc.strerror}") from None
        except OSError as exc:
            raise ExportError(f"无法生成导出私钥 {path}：{file_problem(exc, writing=True)}") from None
        return key
    mode = path.stat().st_mode & 0o077
    if mode and os.name == "posix":
        raise ExportError(f"导出私钥文件 {path} 的权限过宽（{oct(path.stat().st_mode & 0o777)}），请改为 0600")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取导出私钥 {path}：{file_problem(exc)}") from None
    try:
        loaded = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):   # cryptography's text is English (and links its FAQ)
        raise ExportError(f"{path} 不是有效的导出私钥文件（应为 counter-central export-key show 生成的 PEM 私钥）") from None
    if not isinstance(loaded, X25519PrivateKey):
        raise ExportError(f"{path} 不是 X25519 导出私钥")
    return loaded


def public_key(private_key) -> tuple[str, str]:
    """(``x25519:…`` text for the workstations, key id)."""
    raw = private_key.public_key().public_bytes_raw()
    return public_key_text(raw), key_id(raw)
