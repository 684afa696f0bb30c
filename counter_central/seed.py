"""Demo data for the central service: offices, users (clerk, supervisor, field, admin), reference data."""

from __future__ import annotations

import json
import tomllib

from sqlalchemy.orm import Session

from counter_protocol import sync as p
from counter_protocol.canonical import digest_of
from counter_central import core
from counter_central.db import Office, User, utcnow
from counter_central.resources import resources_root

DEMO_OFFICES = {"FT": "福田分局", "LH": "罗湖分局", "NS": "南山分局"}

# username → (display name, roles, office, demo password)
DEMO_USERS = {
    "clerk01": ("窗口经办员01", "clerk", "FT", "clerk01-demo"),
    "supervisor01": ("科长01", "supervisor,clerk", "FT", "supervisor01-demo"),
    "field01": ("外勤人员01", "field", "FT", "field01-demo"),
    "field02": ("外勤人员02", "field", "FT", "field02-demo"),
    "field11": ("罗湖外勤人员11", "field", "LH", "field11-demo"),
    "admin01": ("系统管理员01", "admin", "FT", "admin01-demo"),
    "supervisor02": ("科长02", "supervisor,clerk", "FT", "supervisor02-demo"),
    "director01": ("中心主任01", "supervisor", "FT", "director01-demo"),
    "supervisor11": ("罗湖科长11", "supervisor,clerk", "LH", "supervisor11-demo"),
    "auditor01": ("审计人员01", "auditor", "FT", "auditor01-demo"),
}
# username → 审批级别 (counter_protocol.approvals: 1 科长, 2 中心主任)
DEMO_LEVELS = {"supervisor01": 1, "supervisor02": 1, "director01": 2, "supervisor11": 1}
# username → 工号 (the staff member the account belongs to; counter_central.approvals.same_person)
DEMO_STAFF_NOS = {"clerk01": "FT1001", "supervisor01": "FT2001", "field01": "FT3001", "field02": "FT3002",
                  "field11": "LH3011", "admin01": "FT9001", "supervisor02": "FT2002", "director01": "FT2101",
                  "supervisor11": "LH2011", "auditor01": "FT8001"}


def _reference_documents() -> list[p.PublishReference]:
    """The client's bundled reference files, published as version 1 of each (if present)."""
    root = resources_root()
    docs: list[p.PublishReference] = []
    catalog = root / "catalog" / "services.json"
    if catalog.exists():
        data = json.loads(catalog.read_text(encoding="utf-8"))
        docs.append(_doc("catalog", data if isinstance(data, dict) else {"items": data}))
    authorisation = root / "reference" / "authorisation.json"
    if authorisation.exists():
        docs.append(_doc("authorisation", json.loads(authorisation.read_text(encoding="utf-8"))))
    params = root / "params" / "policy-params.toml"
    if params.exists():
        docs.append(_doc("policy_params", tomllib.loads(params.read_text(encoding="utf-8"))))
    return docs


def _doc(name: str, content: dict) -> p.PublishReference:
    digest = digest_of(content)
    return p.PublishReference(name=name, version=f"v1-{digest[:8]}", content=json.loads(p.canonical_json(content)))


def seed_demo(s: Session, *, with_reference: bool = True, with_registry: bool = True) -> dict[str, str]:
    """Create what is missing (idempotent); returns username → demo password. With
    ``with_registry`` the demo registry (counter_central/registry/demo-registry.jsonl) is loaded."""
    for code, name in DEMO_OFFICES.items():
        if s.get(Office, code) is None:
            s.add(Office(code=code, name=name))
    for username, (display, roles, office, password) in DEMO_USERS.items():
        user = s.get(User, username)
        if user is None:
            s.add(User(username=username, display_name=display, password_hash=core.hash_password(password),
                       roles=roles, office_code=office, active=True, created_at=utcnow(),
                       approval_level=DEMO_LEVELS.get(username, 0), staff_no=DEMO_STAFF_NOS.get(username)))
        elif user.staff_no is None:          # a demo centre made before accounts carried staff numbers
            user.staff_no = DEMO_STAFF_NOS.get(username)
    s.commit()
    if with_reference:
        for doc in _reference_documents():
            try:
                core.publish_reference(s, doc)
            except core.ServiceError:
                s.rollback()
    if with_registry:
        from counter_central.registry import seed_demo_registry

        seed_demo_registry(s)
    return {u: v[3] for u, v in DEMO_USERS.items()}
