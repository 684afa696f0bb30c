"""The installed centre's configuration, read by every ``counter-central`` command on its host.

The package installs ``/etc/counter-central/central.env`` (a conffile, 0640 root:counter-central):
the database URL, and ``COUNTER_APP_HOME=/var/lib/counter-central``, under which the centre keeps
its key files (``central-config/``: entry-key, person-key, export-key.pem) and its command line's
log (``log/``). The service reads the file through systemd (``EnvironmentFile=``); an IT command run
on the host (``sudo -u counter-central counter-central entry-key status``) reads it here, so both
open the same database with the same key files. Before, such a command looked for the keys in the
home folder of whoever ran it, and the service's own account (home ``/nonexistent``) could not
make them at all.

Only ``COUNTER_CENTRAL_*`` and ``COUNTER_APP_HOME`` are taken, each only when the environment does
not set it already (an explicit variable, or ``--db``, still wins). The syntax is systemd's
``EnvironmentFile=`` subset the package writes: ``NAME=VALUE`` lines, ``#`` / ``;`` comments, a value
optionally in single or double quotes; nothing is expanded. ``COUNTER_CENTRAL_ENV_FILE`` names
another file (a second centre on the host, tests); set empty, none is read.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path

SYSTEM_ENV_FILE = Path("/etc/counter-central/central.env")
ENV_FILE_ENV = "COUNTER_CENTRAL_ENV_FILE"
_NAME = re.compile(r"^(COUNTER_CENTRAL_[A-Z0-9_]+|COUNTER_APP_HOME)$")


def env_file(environ: MutableMapping[str, str] | None = None) -> Path | None:
    """The configuration file this host's commands read, or None (``COUNTER_CENTRAL_ENV_FILE`` set
    empty; not POSIX)."""
    environ = os.environ if environ is None else environ
    named = environ.get(ENV_FILE_ENV)
    if named is not None:
        return Path(named) if named else None
    return SYSTEM_ENV_FILE if os.name == "posix" else None


def parse(text: str) -> dict[str, str]:
    """The ``NAME=VALUE`` pairs of an environment file whose names this module takes."""
    found: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        name, sep, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not _NAME.match(name):
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[name] = value
    return found


def load(environ: MutableMapping[str, str] | None = None) -> str | None:
    """Set in ``environ`` (the process's) each variable of the host's configuration file it does
    not set yet. None when done or when there is no such file; a Chinese warning when the file is
    there but cannot be read (the command then goes on with its defaults)."""
    environ = os.environ if environ is None else environ
    path = env_file(environ)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        why = "没有读取权限" if isinstance(exc, PermissionError) else "无法读取"
        return (f"警告：中心的配置文件 {path} {why}，本命令未使用其中的数据库与密钥目录设置。"
                "请以中心服务的用户运行（sudo -u counter-central counter-central …）")
    for name, value in parse(text).items():
        environ.setdefault(name, value)
    return None
