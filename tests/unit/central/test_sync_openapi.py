"""docs/sync-api.json is the OpenAPI document the central service serves (regenerate on change)."""

from __future__ import annotations

import json
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "sync-api.json"


def test_committed_openapi_matches_the_service():
    from counter_central.app import openapi_document

    current = json.loads(json.dumps(openapi_document(), ensure_ascii=False, sort_keys=True))
    committed = json.loads(DOC.read_text(encoding="utf-8"))
    assert committed == current, "docs/sync-api.json 已过期：运行 counter-central openapi --out docs/sync-api.json"


def test_openapi_documents_the_sync_endpoints():
    paths = json.loads(DOC.read_text(encoding="utf-8"))["paths"]
    for path in ("/api/v1/sync/push", "/api/v1/sync/pull", "/api/v1/sync/restore", "/api/v1/auth/login", "/api/v1/auth/refresh",
                 "/api/v1/auth/revoke", "/api/v1/auth/workstations", "/api/v1/reference", "/api/v1/health"):
        assert path in paths
    push = paths["/api/v1/sync/push"]["post"]
    assert "PushResponse" in json.dumps(push["responses"]["200"])
