"""Reference data is checked once, in core.publish_reference, whether it comes by ``POST /reference``
or by ``counter-central reference publish``: a graded authorisation table that would not ask for the
approvals it names (level 0, "high", an unknown action or key, a date that is no date) and a catalog
or parameter set the counters cannot read are refused with 422 and the reason, nothing stored. A
damaged table already stored (published before the check) asks the strictest level, never none.

Red-team findings (2026-12): ``{"rules":[{"action":"rejection","level":0}]}`` was published (201) and
cases were then accepted without an approver; ``"level":"high"`` likewise; ``"effective_from":
"yesterday"`` answered 500; catalog ``{"garbage":1}`` and policy_params ``{"x":"y"}`` were published
by the API while the command line refused them."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_central.resources import resources_root
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS

PRE = "/api/v1"
RULE = {"action": "rejection", "level": 1, "effective_from": "2000-01-01"}


def _login(c, user: str, ws: str | None = None) -> tuple[dict, str]:
    ws = ws or f"T-{uuid.uuid4().hex[:10]}"
    r = c.post(f"{PRE}/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user], "workstation_id": ws})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}, ws


def _stored(c) -> tuple[int, int]:
    from counter_central.db import ChangeRow, ReferenceRow

    with Session(c.app.state.engine) as s:
        return (s.scalar(select(func.count()).select_from(ReferenceRow)),
                s.scalar(select(func.count()).select_from(ChangeRow).where(ChangeRow.kind == "reference.published")))


def _shipped() -> dict:
    return json.loads((resources_root() / "reference" / "authorisation.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("content,named", [
    ({"rules": [{**RULE, "level": 0}]}, "第 1 条规则（不予受理决定）的审批级别"),           # turned approvals off
    ({"rules": [{**RULE, "level": "high"}]}, "第 1 条规则（不予受理决定）的审批级别"),
    ({"rules": [{**RULE, "level": 3}]}, "审批级别"),
    ({"rules": [{**RULE, "level": True}]}, "审批级别"),
    ({"rules": [{**RULE, "level": 1.5}]}, "审批级别"),
    ({"rules": [RULE, {**RULE, "action": "fly"}]}, "第 2 条规则的审批事项（action）不认识"),
    ({"rules": [{**RULE, "levle": 2}]}, "不认识的项 levle"),
    ({"rules": [{**RULE, "effective_from": "yesterday"}]}, "生效日期（effective_from）"),
    ({"rules": [{"action": "rejection", "level": 1}]}, "生效日期（effective_from）"),
    ({"rules": [{**RULE, "when": "weather"}]}, "条件（when）"),
    ({"rules": [{**RULE, "action": "benefit_decision", "when": "amount"}]}, "amount_max"),
    ({"rules": []}, "缺少规则"),
    ({"rules": [RULE], "parameters": "x"}, "参数（parameters）应为列表"),
    ({"rules": [RULE], "parameters": [{"key": "amount_max", "value": "NaN", "effective_from": "2000-01-01"}]},
     "金额上限"),
    ({"rules": [RULE, {**RULE, "level": 2}]}, "第 2 条规则（不予受理决定）与第 1 条"),
    ({"rules": [RULE], "extra": 1}, "不认识的项 extra"),
    # the 500: ValueError from the date, reached from raise_pending_levels
    ({"rules": [{"action": "rejection", "level": "high", "effective_from": "yesterday"}], "parameters": "x"},
     "分级授权表"),
])
def test_an_authorisation_table_that_would_not_ask_for_approval_is_refused_422(central_sqlite_client, content, named):
    c = central_sqlite_client
    h, _ = _login(c, "admin01")
    before = _stored(c)
    r = c.post(f"{PRE}/reference", json={"name": "authorisation", "version": "bad-1", "content": content}, headers=h)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["reason"] == "reference_invalid" and body["suggested_action"]
    assert body["detail"].startswith("authorisation 未发布：") and named in body["detail"], body["detail"]
    assert "Traceback" not in r.text and "ValueError" not in r.text
    assert _stored(c) == before                                                       # nothing stored
    assert c.get(f"{PRE}/reference/authorisation", headers=h).status_code == 404


def test_the_shipped_table_and_a_well_formed_one_are_published(central_sqlite_client):
    c = central_sqlite_client
    h, _ = _login(c, "admin01")
    r = c.post(f"{PRE}/reference", json={"name": "authorisation", "version": "shipped", "content": _shipped()},
               headers=h)
    assert r.status_code == 201, r.text
    table = {"version": "a-2027", "levels": {"1": "科长", "2": "中心主任"},
             "rules": [RULE, {**RULE, "level": 2, "effective_from": "2027-01-01", "effective_to": "2027-12-31",
                              "note": "年内由中心主任审批"},
                       {"action": "benefit_decision", "level": 1, "effective_from": "2022-01-01", "when": "back_pay"}],
             "parameters": [{"key": "back_pay_months_max", "value": 6, "effective_from": "2022-01-01"}]}
    r = c.post(f"{PRE}/reference", json={"name": "authorisation", "version": "a-2027", "content": table}, headers=h)
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("name,content", [
    ("catalog", {"garbage": 1}),
    ("policy_params", {"x": "y"}),
    ("offices", {"offices": "x"}),
])
def test_the_api_runs_the_checks_the_command_line_runs(central_sqlite_client, name, content):
    c = central_sqlite_client
    h, _ = _login(c, "admin01")
    before = _stored(c)
    r = c.post(f"{PRE}/reference", json={"name": name, "version": "bad-1", "content": content}, headers=h)
    assert r.status_code == 422, r.text
    assert r.json()["reason"] == "reference_invalid" and r.json()["detail"].startswith(f"{name} 未发布：柜面无法使用")
    assert _stored(c) == before
    # the certification roster still reads the bundled parameters (a broken set answered 409 to every roster)
    if name == "policy_params":
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        hf, _ = _login(c, "field01")
        pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=hf).status_code == 200


def _entry(seq: int, case: str, payload: dict) -> dict:
    import uuid6

    return p.OutboxItem(id=str(uuid6.uuid7()), seq=seq, kind="case.transition", aggregate_type="case",
                        aggregate_id=case, payload=payload,
                        payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01"
                        ).model_dump(mode="json")


def _push(c, h, ws, *entries) -> list[dict]:
    r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": list(entries)}, headers=h)
    assert r.status_code == 200, r.text
    return r.json()["results"]


@pytest.mark.parametrize("level,when_from", [
    ("high", "2000-01-01"),      # accepted a 不予受理 with no approver
    (3, "2000-01-01"),           # a level the product does not know
    (True, "2000-01-01"),
    (1, "yesterday"),            # a date that is no date: 500 on publishing, none read
    (None, "2000-01-01"),
])
def test_a_damaged_table_already_stored_asks_the_strictest_level_never_none(central_sqlite_client, level, when_from):
    from counter_central import certification
    from counter_central.db import ReferenceRow

    c = central_sqlite_client
    table = {"rules": [{"action": "rejection", "level": level, "effective_from": when_from},
                       {"action": "reg_cancel", "level": 1, "effective_from": "2000-01-01"}]}
    with Session(c.app.state.engine) as s:
        s.add(ReferenceRow(name="authorisation", version="damaged", content=json.dumps(table), digest="d" * 64))
        s.commit()
        assert certification.table_level(s, "rejection", date(2026, 12, 1)) == 2       # 中心主任, not 0 / None
        assert certification.table_level(s, "reg_cancel", date(2026, 12, 1)) == 1     # a readable rule as it is
        assert certification.table_level(s, "reprint", date(2026, 12, 1)) is None
    h, ws = _login(c, "clerk01")
    res = _push(c, h, ws, _entry(1, "DMG1", {"from_state": "", "to_state": "draft"}),
                _entry(2, "DMG1", {"from_state": "draft", "to_state": "review"}),
                _entry(3, "DMG1", {"from_state": "review", "to_state": "rejected"}))
    assert [r["status"] for r in res] == ["accepted", "accepted", "rejected"], res
    assert "没有审批人" in res[2]["reason"]


def test_raise_pending_levels_reads_a_damaged_table_as_the_strictest_instead_of_failing(central_sqlite_client):
    """raise_pending_levels (run on publishing a table) read the newest table: "yesterday" in it was a
    ValueError, the 500 of the red-team finding. Now the pending request is raised to 中心主任."""
    from counter_central.approvals import raise_pending_levels
    from counter_central.db import ApprovalRow, ReferenceRow, utcnow

    with Session(central_sqlite_client.app.state.engine) as s:
        s.add(ReferenceRow(name="authorisation", version="damaged", digest="d" * 64, content=json.dumps(
            {"rules": [{"action": "rejection", "level": "high", "effective_from": "yesterday"}], "parameters": "x"})))
        s.add(ApprovalRow(id=str(uuid.uuid4()), action="rejection", case_id="PL1", office_code="FT",
                          workstation_id="FT-W01", maker="clerk01", made_at=utcnow(), payload_digest="a" * 64,
                          required_level=1, state="pending"))
        s.commit()
        assert raise_pending_levels(s) == 1
        assert s.scalars(select(ApprovalRow.required_level).where(ApprovalRow.case_id == "PL1")).one() == 2
