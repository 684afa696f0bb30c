"""A tester's finding: ``counter-app approvals list --state pending`` and the 审批 tab fetched only the
centre's pending requests and filtered the local copy, so a request another supervisor had rejected
meanwhile stayed 待审批 here, under a 「（中心）」 label. Now a request pending here that the centre no
longer lists as pending is looked up and refreshed, and shows as decided (by whom); the maker is
named by name (the request carries it), not by login id. The real centre, in-process on SQLite."""

from __future__ import annotations

from types import SimpleNamespace

from counter_app.domain.catalog import Escalation
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalService, name_rows, refresh_from_centre
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960
from tests.unit.sync.test_on_site_refused_by_centre import OFFICE, _client, _login, _sync


def _request(store, id_number: str = MALE_1960) -> str:
    workflow = CaseWorkflow(store, actor="clerk01", clerk_name="窗口经办员01", approvals_required={Escalation.rejection},
                            **OFFICE)
    result = accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": id_number, "phone": "13800138000"},
        "conditions": {"not_yet_registered": "已在本市参保"}}))
    assert result.approval_id
    return result.approval_id


def test_a_request_decided_elsewhere_is_refreshed_and_shown_decided(store, central_sqlite_client, qapp):
    central = central_sqlite_client
    clerk = _login(central, "clerk01").access_token
    rid = _request(store)
    _sync(store, central, clerk)
    with _client(central, _login(central, "supervisor02").access_token) as c:
        c.decide_approval(rid, "rejected", "材料不符")               # decided elsewhere; nothing pulled here yet
    approvals = ApprovalService(store, actor="supervisor01", **OFFICE)
    assert approvals.get(rid)["state"] == "pending"
    with _client(central, _login(central, "supervisor01").access_token) as c:
        found = refresh_from_centre(store, c, "pending", "FT")
    assert found.decided_elsewhere == (rid,) and rid in found.known
    row = approvals.get(rid)
    assert (row["state"], row["checker"], row["reason"]) == ("rejected", "supervisor02", "材料不符")
    assert [r["id"] for r in approvals.list(state="pending")] == []
    # the maker by name in the queue's 经办人 column
    from counter_app.ui.approvals_panel import ApprovalsModel

    [named] = name_rows(store, [row])
    assert named["maker_name"] == "窗口经办员01"
    model = ApprovalsModel()
    model.set_rows([SimpleNamespace(**named)])
    assert model.data(model.index(0, ApprovalsModel.COLUMNS.index("maker"))) == "窗口经办员01"


def test_a_request_not_yet_at_the_centre_is_not_said_to_come_from_it(store, central_sqlite_client):
    central = central_sqlite_client
    rid = _request(store)                      # never pushed
    with _client(central, _login(central, "supervisor01").access_token) as c:
        found = refresh_from_centre(store, c, "pending", "FT")
    assert rid not in found.known and found.decided_elsewhere == ()
    assert ApprovalService(store, actor="supervisor01", **OFFICE).get(rid)["state"] == "pending"
