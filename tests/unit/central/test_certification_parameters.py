"""The certification cycle at the centre is an unconfirmed agency setting (neither the standard, 5.6.2.1,
nor shared/notes/policy.md gives it): the sweep says so with its source, and a parameter set without it
is refused with the reason, never replaced by a figure of the centre's own."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timezone

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.support.central import DEMO_PASSWORDS

PRE = "/api/v1"


def _engine(client):
    return client.app.state.engine


def test_the_sweep_names_the_unconfirmed_certification_cycle_with_its_source(central_sqlite_client):
    from counter_central import certification as c
    from counter_central.audit import CentralAuditRecord

    with Session(_engine(central_sqlite_client)) as s:
        report = c.sweep(s, datetime.now(timezone.utc).date(), by="test")
        flagged = {u["key"]: u for u in report.as_dict()["unconfirmed"]}
        cycle = flagged["certification.cycle_months"]
        assert cycle["value"] == 12 and cycle["confirmed"] is False and cycle["unit"] == "月"
        assert "经办机构设定" in cycle["source"] and "待核实" in cycle["source"] and "次月" in cycle["note"]
        assert "certification.roster_window_days" in flagged
        audit = s.scalars(select(CentralAuditRecord).where(CentralAuditRecord.action == "certification.sweep")).all()
        assert audit and "参数待核实" in audit[-1].detail and "经办机构设定" in audit[-1].detail


def test_a_published_parameter_set_without_the_cycle_is_refused_not_defaulted(central_sqlite_client):
    """The roster once fell back to a cycle of 12 months and a window of 60 days of its own when the
    published parameters had none: a figure nobody confirmed, presented as the rule."""
    from counter_central import certification as c
    from counter_central.db import ReferenceRow

    content = {"version": "t-1", "params": {"pension.employer_rate": {"title": "养老保险单位缴费比例", "unit": "%",
               "values": [{"value": "16", "effective_from": "2025-01-01", "source": "测试", "confirmed": True}]}}}
    with Session(_engine(central_sqlite_client)) as s:
        s.add(ReferenceRow(name="policy_params", version="t-1", effective_from=None,
                           content=json.dumps(content, ensure_ascii=False), digest="0" * 64))
        s.commit()
        try:
            c.parameters(s, date(2026, 12, 1))
        except c.CertificationError as exc:
            assert "certification.cycle_months" in str(exc)
        else:
            raise AssertionError("a missing cycle must be refused")
    h = _login(central_sqlite_client, "field01")
    pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    r = central_sqlite_client.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h)
    assert r.status_code == 409, r.text
    assert r.json()["reason"] == "policy_parameter_missing" and "政策参数" in r.json()["detail"]


def _login(client, user):
    r = client.post(f"{PRE}/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user],
                                              "workstation_id": f"T-{uuid.uuid4().hex[:10]}"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
