"""Load policy parameters (政策参数) from ``resources/params/*.toml`` into the domain model.

File I/O lives here; :mod:`counter_rules.params` stays pure. The default file is the
highest-versioned ``resources/params/policy-params*.toml``; a central-service release can be
written as a file of the same shape and passed as ``path``.
"""

from __future__ import annotations

import functools
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from counter_protocol.file_problems import (DIRECTORY, ENCODING, MISSING, OTHER, PERMISSION, READ_ERRORS, TOML_SYNTAX,
                                            FileProblem)
from counter_rules.params import ParameterError, ParameterSet

DEFAULT_GLOB = "policy-params*.toml"


class ParameterFileError(ParameterError):
    """The parameter file is missing or unreadable; the message is Chinese and names the file."""


def default_params_path() -> Path:
    from counter_app.resources import resources_root

    folder = resources_root() / "params"
    candidates = sorted(folder.glob(DEFAULT_GLOB))
    if not candidates:
        raise ParameterFileError(f"政策参数文件缺失：{folder}/{DEFAULT_GLOB}")
    if len(candidates) == 1:
        return candidates[0]
    return max(candidates, key=lambda p: _version_key(_read(p).get("version", "")))


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in str(version).split("."))


# why the parameter file cannot be read (counter_protocol.file_problems)
_SAYS = {
    MISSING: "政策参数文件不存在：{path}",
    DIRECTORY: "政策参数文件应为文件，{path} 是一个目录",
    TOML_SYNTAX: "政策参数文件格式错误（不是有效的 TOML{where}）：{path}",
    ENCODING: "政策参数文件不是 UTF-8 编码的 TOML 文本：{path}",
    PERMISSION: "没有权限读取政策参数文件：{path}",
    OTHER: "无法读取政策参数文件：{path}",
}


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except READ_ERRORS as exc:
        problem = FileProblem.of(exc)
        where = f"，第{problem.line}行第{problem.column}列" if problem.line is not None else ""
        raise ParameterFileError(problem.said(_SAYS, path=path, where=where)) from None


def read_params_file(path: str | Path) -> ParameterSet:
    """Parse one file (uncached)."""
    path = Path(path)
    return ParameterSet.from_mapping(_read(path), source=str(path))


@functools.lru_cache(maxsize=8)
def _load_cached(resolved: str, mtime_ns: int) -> ParameterSet:
    return read_params_file(resolved)


def load_policy_params(path: str | Path | None = None) -> ParameterSet:
    """The parameter set from ``path`` or the default file, cached per file (reloaded if changed)."""
    p = Path(path) if path is not None else default_params_path()
    try:
        mtime = p.stat().st_mtime_ns
    except FileNotFoundError:
        raise ParameterFileError(f"政策参数文件不存在：{p}") from None
    return _load_cached(str(p.resolve()), mtime)
