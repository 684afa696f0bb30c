"""The centre's database cannot be reached (PostgreSQL down, a fail-over, the file gone): the API
answers 503 with Retry-After and the Chinese ErrorBody (reason ``database_unavailable``), as for a full
worker, not a bare text/plain 500 "Internal Server Error"; the client backs off, says 中心服务暂时不可用,
and its health probe (sync status, doctor, the sync round) does not call the centre online.

The real centre in-process on SQLite whose database file goes away under it (the connection fails
with an OperationalError, as a connection to a stopped PostgreSQL does)."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from counter_app.sync.client import CentralClient, TransientError


@pytest.fixture
def dead_db_centre(tmp_path):
    from counter_central.app import create_app

    folder = tmp_path / "centre"
    folder.mkdir()
    app = create_app(f"sqlite:///{folder / 'central.sqlite3'}", demo=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        app.state.engine.dispose()
        shutil.move(str(folder), str(tmp_path / "gone"))     # every new connection now fails
        yield client
    app.state.engine.dispose()


def test_a_request_is_503_with_retry_after_and_a_chinese_body(dead_db_centre):
    r = dead_db_centre.post("/api/v1/auth/login", json={"username": "clerk01", "password": "clerk01-demo",
                                                        "workstation_id": "FT-W01"})
    assert r.status_code == 503 and r.headers["content-type"].startswith("application/json")
    assert int(r.headers["retry-after"]) >= 1
    body = r.json()
    assert body["reason"] == "database_unavailable" and body["detail"] == "中心数据库暂时无法连接，请稍后再试"
    assert "自动重试" in body["suggested_action"]


def test_the_client_backs_off_and_is_not_online(dead_db_centre):
    with CentralClient("http://testserver", transport=dead_db_centre._transport) as client:
        with pytest.raises(TransientError) as err:
            client.login("clerk01", "clerk01-demo", "FT-W01")
        assert "中心服务暂时不可用" in str(err.value) and err.value.retry_after and err.value.retry_after >= 1
        with pytest.raises(TransientError) as err:
            client.health()                                   # degraded: not "online"
        assert str(err.value).startswith("中心服务暂时不可用")
