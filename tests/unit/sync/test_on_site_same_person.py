"""The counter's own on-site check compares people as the centre does: a supervisor whose other
account (the same 工号) made the request is refused on the clerk's screen at once, in Chinese, instead
of being accepted here and refused by the centre later; without staff numbers, the same display name
in the same office is the same person. The staff number reaches the counter in the login's answer
(``UserInfo.staff_no``, optional). The real centre, in-process on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.config import default_settings
from counter_app.domain.case_engine import CaseState
from counter_app.storage.audit import AuditRow
from counter_app.sync.auth import AuthManager
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_protocol import approvals as ap
from counter_protocol import sync as p
from tests.support.cases import MALE_1960
from tests.unit.sync.test_on_site_refused_by_centre import OFFICE, _client, _sync


def _refused_case(store, maker: str):
    from counter_app.domain.catalog import Escalation
    from counter_app.workflows.accept import Draft, accept_draft
    from counter_app.workflows.cases import CaseWorkflow

    workflow = CaseWorkflow(store, actor=maker, clerk_name="科长01", approvals_required={Escalation.rejection}, **OFFICE)
    result = accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"},
        "conditions": {"not_yet_registered": "已在本市参保"}}))
    assert result.state is CaseState.review and result.approval_id
    return workflow, result.case_id, result.approval_id


def _auth(store, central) -> AuthManager:
    settings = default_settings()
    settings.central.url = "http://testserver"
    return AuthManager(store, settings, client_factory=lambda: _client(central))


def _add_clerk_account(central, name: str, display_name: str, staff_no: str | None) -> None:
    from counter_central import admin

    with Session(central.app.state.engine) as s:
        admin.add_user(s, name, office="FT", role="clerk", password=f"{name}-pass-2026", display_name=display_name,
                       staff_no=staff_no)


def test_the_login_answer_carries_the_staff_number(central_sqlite_client):
    with _client(central_sqlite_client) as c:
        pair = c.login("supervisor01", "supervisor01-demo", "FT-W01")
    assert pair.user.staff_no == "FT2001"


def test_a_supervisors_second_account_is_refused_on_site_at_once(store, central_sqlite_client):
    central = central_sqlite_client
    _add_clerk_account(central, "sup01clerk", "科长01", "FT2001")       # supervisor01's 工号: the same person
    auth = _auth(store, central)
    signed_in = auth.login("sup01clerk", "sup01clerk-pass-2026")
    assert signed_in.user.staff_no == "FT2001"
    workflow, cid, rid = _refused_case(store, maker="sup01clerk")
    clerk = auth.tokens("sup01clerk").access_token
    assert _sync(store, central, clerk).rejected == 0

    checker, _mode, key = auth.authenticate_once("supervisor01", "supervisor01-demo")
    assert checker.staff_no == "FT2001"
    approvals = ApprovalService(store, actor="sup01clerk", names={"sup01clerk": "科长01"}, **OFFICE)
    with pytest.raises(ApprovalRefused, match="登记的工号相同，是同一人"):
        approvals.decide_on_site(rid, checker, approve=True, reason="核实已参保", approval_key=key)
    assert approvals.get(rid)["state"] == "pending"
    assert workflow.get(cid).case.state is CaseState.review
    with store.session() as s:
        refused = [r.detail for r in s.scalars(select(AuditRow).where(AuditRow.action == "approval.refused"))]
    assert refused and "是同一人" in refused[0]
    from counter_app.sync.outbox import OutboxRepository

    assert not [e for e in OutboxRepository(store).list_entries(["pending"], limit=50) if e.kind == "approval.decided"]

    # another person (another 工号) decides on site as before
    checker2, _mode, key2 = auth.authenticate_once("supervisor02", "supervisor02-demo")
    approvals.decide_on_site(rid, checker2, approve=True, reason="核实已参保", approval_key=key2)
    assert workflow.get(cid).case.state is CaseState.rejected


def test_without_staff_numbers_the_same_name_in_the_office_is_one_person(store):
    """Accounts the centre described without a 工号 (no number recorded, or an older centre)."""
    auth = AuthManager(store, default_settings())
    auth._remember("w09", "w09-pass-2026", p.UserInfo(username="w09", display_name="科长01", roles=["clerk"],
                                                      office_code="FT"))
    _workflow, _cid, rid = _refused_case(store, maker="w09")
    checker = p.UserInfo(username="supervisor01", display_name="科长 01", roles=["supervisor", "clerk"],
                         office_code="FT", approval_level=1, staff_no="FT2001")
    approvals = ApprovalService(store, actor="w09", **OFFICE)
    with pytest.raises(ApprovalRefused, match="姓名相同、同属分局 FT，未登记工号时视为同一人"):
        approvals.decide_on_site(rid, checker, approve=True, reason="同意", approval_key=b"k" * 32)


def test_the_rule_both_ends_share():
    a = ap.Person("sup01", "科长01", "FT", "FT2001")
    assert ap.same_person(a, ap.Person("sup01clerk", "别名", "LH", "ft2001")) == "staff_no"
    assert ap.same_person(a, ap.Person("sup01x", "科长01", "FT", "FT2999")) is None      # same name, two people
    assert ap.same_person(a, ap.Person("w09", "科长０1", "FT")) == "name"
    assert ap.same_person(a, ap.Person("w09", "科长01", "LH")) is None                   # another office
    assert ap.same_person(ap.Person("x", "", "FT"), ap.Person("y", "", "FT")) is None     # nothing to compare
