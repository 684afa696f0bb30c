"""Loads the versioned service catalog (服务事项目录) from ``resources/catalog/services.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from counter_app.domain.catalog import Catalog, CatalogError, catalog_from_dict
from counter_protocol.file_problems import (DIRECTORY, ENCODING, JSON_SYNTAX, MISSING, OTHER, READ_ERRORS,
                                            FileProblem)

CATALOG_RESOURCE = "catalog/services.json"

# why the catalog file cannot be read (counter_protocol.file_problems; a permission problem is OTHER)
_SAYS = {
    MISSING: "服务事项目录文件不存在：{path}",
    JSON_SYNTAX: "服务事项目录文件格式错误：{path} 第 {line} 行第 {column} 列不是有效的 JSON",
    ENCODING: "服务事项目录文件不是 UTF-8 编码的 JSON：{path}",
    DIRECTORY: "服务事项目录应为文件，{path} 是一个目录",
    OTHER: "无法读取服务事项目录文件：{path}",
}


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Read and validate a catalog file; errors are :class:`CatalogError` with a Chinese message."""
    if path is None:
        from counter_app.resources import resource_path

        try:
            path = resource_path(CATALOG_RESOURCE)
        except FileNotFoundError as exc:
            raise CatalogError(str(exc)) from None
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except READ_ERRORS as exc:
        raise CatalogError(FileProblem.of(exc).said(_SAYS, path=path)) from None
    return catalog_from_dict(data)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped in resources/ (cached for the process)."""
    return load_catalog()


class CatalogRegistry:
    """Catalogs by version, so a case is always read with the version it started under."""

    def __init__(self, *catalogs: Catalog):
        self._by_version: dict[str, Catalog] = {}
        self.current: Catalog | None = None
        for c in catalogs:
            self.add(c)

    def add(self, catalog: Catalog, *, current: bool = True) -> None:
        self._by_version[catalog.version] = catalog
        if current or self.current is None:
            self.current = catalog

    def get(self, version: str) -> Catalog:
        try:
            return self._by_version[version]
        except KeyError:
            raise CatalogError(f"找不到服务事项目录版本 {version}；该办件须按其开办时的目录版本办理") from None

    def versions(self) -> list[str]:
        return sorted(self._by_version)
