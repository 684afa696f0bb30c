"""Loads the versioned service catalog (服务事项目录) from ``resources/catalog/services.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from counter_app.domain.catalog import Catalog, CatalogError, catalog_from_dict

CATALOG_RESOURCE = "catalog/services.json"


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
    except FileNotFoundError:
        raise CatalogError(f"服务事项目录文件不存在：{path}") from None
    except json.JSONDecodeError as exc:     # exc.msg is English; where it is, is enough
        raise CatalogError(f"服务事项目录文件格式错误：{path} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON") from None
    except UnicodeDecodeError:
        raise CatalogError(f"服务事项目录文件不是 UTF-8 编码的 JSON：{path}") from None
    except IsADirectoryError:
        raise CatalogError(f"服务事项目录应为文件，{path} 是一个目录") from None
    except OSError:
        raise CatalogError(f"无法读取服务事项目录文件：{path}") from None
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
