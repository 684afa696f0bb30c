"""The 保管期限 reference table (7.2 档案管理, #16): ``resources/reference/retention.json``.

Each catalog service maps to a 档案门类 and its retention (永久 or N年), counted from 1 January of the
year after filing. A unit's registration files are 用人单位档案 (永久). ``confirmed`` is true only where
both the category's period and the service's category are stated in the source (shared notes,
security.md); the others are presumed and say so in the package's metadata. A service missing from the
table is kept 永久 (keeping longer never destroys a record early).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Retention:
    category: str
    title: str
    retention: str          # 永久 | N年
    code: str               # Y | D<N>  (the 保管期限 part of the archive code)
    confirmed: bool
    keep_until: str | None  # ISO date, None: permanent
    table_version: str = ""
    basis: str = ""


def table_path() -> Path:
    from counter_app.resources import resources_root

    return resources_root() / "reference" / "retention.json"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def retention_table(path: Path | None = None) -> dict:
    return _load(str(path or table_path()))


def retention_for(service_code: str, year: int, applicant_type: str = "", path: Path | None = None) -> Retention:
    """The service's 档案门类 and 保管期限 for a case filed in ``year`` (counted from 1 January after it)."""
    table = retention_table(path)
    service = table["services"].get(service_code)
    if service is None:
        category, service_confirmed, basis = "unconfirmed", False, "参照表未列出该业务"
    else:
        category = service.get("by_applicant_type", {}).get(applicant_type, service["category"])
        service_confirmed, basis = bool(service.get("confirmed", False)), service.get("basis", "")
    entry = table["categories"][category]
    retention = entry["retention"]
    if retention == "永久":
        code, until = "Y", None
    else:
        years = int(retention.rstrip("年"))
        code, until = f"D{years}", date(year + 1 + years, 1, 1).isoformat()
    return Retention(category, entry["title"], retention, code,
                     service_confirmed and bool(entry.get("confirmed", False)), until,
                     table.get("version", ""), basis)
