"""The counter names its build and protocol on every request (User-Agent), and the centre keeps,
per workstation, the last build it saw — written only when it changes, not on every push — so
``counter-central workstations list`` shows IT which machines are behind (the upgrade tester: an
old workstation locked out after "centre first" could not be told from a new one)."""

from __future__ import annotations

import json

import httpx
import pytest
import uuid6
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from counter_app.sync.client import CentralClient, StaticToken
from counter_central.cli import main
from counter_central.db import Workstation, make_engine, migrate
from counter_protocol import sync as p
from counter_protocol.build import full_version


class Seen(httpx.BaseTransport):
    """The real centre behind a transport that notes each request's User-Agent."""

    def __init__(self, inner: httpx.BaseTransport):
        self.inner = inner
        self.agents: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.agents.append(request.headers.get("user-agent", ""))
        return self.inner.handle_request(request)


def _item(seq: int) -> p.OutboxItem:
    payload = {"text": f"第{seq}条"}
    return p.OutboxItem(id=str(uuid6.uuid7()), seq=seq, kind="note.added", aggregate_type="note",
                        aggregate_id=f"n{seq}", payload=payload,
                        payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01")


def _workstation(engine, ws: str) -> Workstation:
    with Session(engine) as s:
        row = s.get(Workstation, ws)
        assert row is not None
        s.expunge(row)
        return row


def _count_updates(engine) -> list[str]:
    """The UPDATE statements on workstations the engine runs from now on."""
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE WORKSTATIONS"):
            seen.append(statement)

    return seen


def test_the_header_arrives_and_is_recorded_once(central_sqlite_client):
    engine = central_sqlite_client.app.state.engine
    transport = Seen(central_sqlite_client._transport)
    with CentralClient("http://testserver", transport=transport) as anon:
        pair = anon.login("clerk01", "clerk01-demo", "FT-W01")
    row = _workstation(engine, "FT-W01")
    assert row.client_build == full_version() and row.client_protocol == p.PROTOCOL_VERSION
    first_seen = row.client_seen_at
    assert first_seen is not None

    updates = _count_updates(engine)
    # a worker that has not seen this workstation since its start (another worker took the login)
    central_sqlite_client.app.state.client_builds._written.clear()
    with CentralClient("http://testserver", transport=transport, tokens=StaticToken(pair.access_token)) as c:
        for seq in range(1, 4):
            assert c.push(p.PushRequest(workstation_id="FT-W01", entries=[_item(seq)])).results[0].status == "accepted"
        c.pull(0)
        c.summary()
    assert transport.agents and set(transport.agents) == {f"counter-app/{full_version()} protocol/{p.PROTOCOL_VERSION}"}
    assert updates == []                                   # the same build: no write per request
    assert _workstation(engine, "FT-W01").client_seen_at == first_seen


def test_an_older_counter_and_then_an_upgrade_are_seen(central_sqlite_client, capsys, tmp_path):
    engine = central_sqlite_client.app.state.engine
    r = central_sqlite_client.post("/api/v1/auth/login", headers={"User-Agent": "python-httpx/0.27.0"},
                                   json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": "FT-W02"})
    assert r.status_code == 200
    token = r.json()["access_token"]
    row = _workstation(engine, "FT-W02")
    assert (row.client_build, row.client_protocol) == ("python-httpx/0.27.0", None)

    updates = _count_updates(engine)
    newer = "counter-app/0.1.0.1+abc1234.20270105 protocol/1"
    for _ in range(3):
        assert central_sqlite_client.get("/api/v1/sync/summary", headers={
            "Authorization": f"Bearer {token}", "User-Agent": newer}).status_code == 200
    assert len(updates) == 1                               # the change, once
    row = _workstation(engine, "FT-W02")
    assert (row.client_build, row.client_protocol) == ("0.1.0.1+abc1234.20270105", 1)


def test_workstations_list_shows_the_builds(central_sqlite_client, capsys):
    engine = central_sqlite_client.app.state.engine
    url = str(engine.url)
    central_sqlite_client.post("/api/v1/auth/login", headers={"User-Agent": "python-httpx/0.27.0"},
                               json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": "FT-W02"})
    with CentralClient("http://testserver", transport=central_sqlite_client._transport) as anon:
        anon.login("clerk01", "clerk01-demo", "FT-W01")
    assert main(["workstations", "add", "FT-W03", "--office", "FT", f"--db={url}"]) == 0     # not used yet
    capsys.readouterr()
    assert main(["workstations", "list", f"--db={url}", "--json"]) == 0
    rows = {r["workstation_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["FT-W01"]["client_build"] == full_version() and rows["FT-W01"]["client_protocol"] == p.PROTOCOL_VERSION
    assert rows["FT-W01"]["client_seen_at"].endswith("Z")
    assert rows["FT-W02"]["client_build"] == "python-httpx/0.27.0" and rows["FT-W02"]["client_protocol"] is None
    assert main(["workstations", "list", f"--db={url}"]) == 0
    lines = {line.split("\t", 1)[0]: line for line in capsys.readouterr().out.splitlines()}
    assert f"客户端 {full_version()}（同步协议 {p.PROTOCOL_VERSION}，" in lines["FT-W01"]
    assert "客户端 旧版本，未报告构建（python-httpx/0.27.0），请升级" in lines["FT-W02"]
    assert rows["FT-W03"]["client_build"] is None and "客户端 未知" in lines["FT-W03"]


@pytest.fixture(params=["sqlite", "postgresql"])
def centre_engine(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as s:
        from counter_central.admin import add_office, add_workstation

        add_office(s, "FT", name="福田分局")
        add_workstation(s, "FT-W09", office="FT")
    yield engine
    engine.dispose()


def test_the_recorder_on_both_databases(centre_engine):
    from counter_central.clients import ClientBuilds

    builds = ClientBuilds()
    updates = _count_updates(centre_engine)
    agent = "counter-app/0.1.0.0+5a70176.20261205 protocol/1"
    for _ in range(3):
        with Session(centre_engine) as s:
            builds.seen(s, "FT-W09", agent)
    assert len(updates) == 1
    # a second worker (or a restart) that has not written it: with what the database holds read
    # already (with the token), nothing; without it, one UPDATE that changes no row
    with Session(centre_engine) as s:
        ClientBuilds().seen(s, "FT-W09", agent, ("0.1.0.0+5a70176.20261205", 1))
    assert len(updates) == 1
    with Session(centre_engine) as s:
        ClientBuilds().seen(s, "FT-W09", agent)
    assert len(updates) == 2
    with centre_engine.connect() as conn:
        got = conn.execute(text("SELECT client_build, client_protocol FROM workstations "
                                "WHERE workstation_id = 'FT-W09'")).one()
    assert tuple(got) == ("0.1.0.0+5a70176.20261205", 1)
    with Session(centre_engine) as s:      # what it read is another build: written
        ClientBuilds().seen(s, "FT-W09", agent, ("0.0.9.0+5a70176.20261105", 1))
    assert len(updates) == 3
    with Session(centre_engine) as s:
        builds.seen(s, "FT-W09", "x" * 300 + "\x00\n")            # anything else: printable, cut short
        assert s.scalar(select(Workstation.client_build).where(Workstation.workstation_id == "FT-W09")) == "x" * 80


def test_the_migration_matches_the_model_and_goes_back(tmp_path):
    from alembic import command
    from alembic.config import Config

    from counter_central.db import MIGRATIONS_DIR
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0023_death_reports")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO workstations (workstation_id, office_code, name, registered_by, registered_at) "
                          "VALUES ('FT-W01', 'FT', '', 'admin', '2026-12-01 00:00:00')"))
    upgrade("heads")
    assert schema_drift(engine, "workstations") == []
    with engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT client_build, client_protocol, client_seen_at FROM workstations")).one()) \
            == (None, None, None)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "c0024_client_builds-1")
    with engine.connect() as conn:
        cols = {r[1] for r in conn.execute(text("PRAGMA table_info(workstations)"))}
        assert "client_build" not in cols and conn.execute(text("SELECT count(*) FROM workstations")).scalar() == 1
    upgrade("heads")
    assert schema_drift(engine, "workstations") == []
    engine.dispose()
