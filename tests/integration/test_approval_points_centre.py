"""The centre weighs every approval point it receives (审批点, 7.3.2), whatever the entry says of
itself (the supervisor tester's findings 1 and 2): a step at an approval point of its service —
a 待遇核定 over the table's parameters, the 信息表审核, the 免于采集指纹 — pushed with the clerk's own
token and no approval is rejected; an entry naming an approver stands only on that supervisor's
approved request of the same approval point, for exactly what it asked, at the level the entry's
own figures need. The session's centre on PostgreSQL: raw pushes with real tokens (what a modified
client, or a script using the clerk's sign-in, can send), then the real client's own paths."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import date, datetime, timezone

import pytest
import uuid6

from counter_protocol import approvals as ap
from counter_protocol import sync as p
from tests.integration.test_approvals import rig  # noqa: F401  (the fixture)
from tests.support.central import login_client

pytestmark = pytest.mark.integration

_SEQ = itertools.count(1)


def _months_ago(n: int) -> str:
    today = date.today()
    i = today.year * 12 + today.month - 1 - n
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


# 71 months × 20 000 元: 中心主任 (amount over 50 000) — the tester's 1.42 M 元
BIG = {"pension": {"start_month": _months_ago(71), "total": "20000.00", "retirement_month": _months_ago(71)}}
# 9 months × 3 000 元 = 27 000 元: 科长 (back pay over 6 months, amount under 50 000)
SMALL = {"pension": {"start_month": _months_ago(9), "total": "3000.00", "retirement_month": _months_ago(9)}}
# 2 months × 3 000 元: within both parameters, no approval
WITHIN = {"pension": {"start_month": _months_ago(2), "total": "3000.00", "retirement_month": _months_ago(2)}}


def _entry(payload: dict, *, aggregate: str, kind: str, aggregate_type: str = "case", actor: str = "clerk01"):
    return p.OutboxItem(id=str(uuid6.uuid7()), seq=next(_SEQ), kind=kind, aggregate_type=aggregate_type,
                        aggregate_id=aggregate, payload=payload, actor=actor, created_at=datetime.now(timezone.utc),
                        payload_digest=p.payload_digest(p.canonical_json(payload)))


def _push(client, *entries) -> list[tuple[str, str | None]]:
    res = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=list(entries)))
    return [(r.status, r.reason) for r in res.results]


def _transition(cid: str, frm: str | None, to: str, service: str = "pension"):
    return _entry({"case_id": cid, "case_no": "", "service_code": service, "from_state": frm, "to_state": to,
                   "actor": "clerk01"}, aggregate=cid, kind="case.transition")


def _accepted_case(clerk, service: str = "pension") -> str:
    cid = str(uuid6.uuid7())
    res = _push(clerk, _transition(cid, None, "draft", service), _transition(cid, "draft", "review", service),
                _transition(cid, "review", "accepted", service))
    assert [r[0] for r in res] == ["accepted"] * 3, res
    return cid


def _step(cid: str, step_code: str, result: str = "done", data: dict | None = None, *, approved_by: str = "",
          escalation: str | None = None, service: str = "pension", kind: str = "case.step"):
    return _entry({"case_id": cid, "case_no": "", "service_code": service, "catalog_version": "x",
                   "step_code": step_code, "step_kind": "process", "result": result, "data": data or {},
                   "escalation": escalation, "approved_by": approved_by, "actor": "clerk01",
                   "at": datetime.now(timezone.utc).isoformat()}, aggregate=cid, kind=kind)


def _request(clerk, cid: str, action: str, details: dict, level: int = 1) -> str:
    rid = str(uuid6.uuid7())
    payload = ap.RequestPayload(action=action, case_id=cid, maker="clerk01", made_at=datetime.now(timezone.utc),
                                payload_digest=hashlib.sha256(rid.encode()).hexdigest(), required_level=level,
                                summary="测试申请", details=details).model_dump(mode="json")
    res = _push(clerk, _entry(payload, aggregate=rid, kind=ap.KIND_REQUESTED, aggregate_type=ap.AGGREGATE))
    assert res == [("accepted", None)], res
    return rid


def _approve(url: str, supervisor: str, rid: str) -> None:
    c = login_client(url, supervisor)
    try:
        assert c.decide_approval(rid, "approved", "核实无误").state.value == "approved"
    finally:
        c.close()


def _kept(central_db, entry_id: str) -> tuple[str, str]:
    """(outcome, reason) the centre keeps of a received entry (received_entries)."""
    with central_db.connect() as conn:
        row = conn.exec_driver_sql("select outcome, reason from received_entries where id = %s", (entry_id,)).one()
    return row[0], row[1]


@pytest.fixture
def clerk(central_server):
    c = login_client(central_server.url, "clerk01")
    yield c
    c.close()


def test_a_benefit_decision_over_the_parameters_with_no_approval_is_rejected(clerk, central_db):
    """Finding 1: the 1.42 M 元 decision pushed by the clerk alone is rejected and kept with its
    reason; one within the parameters needs no approval and stands."""
    cid = _accepted_case(clerk)
    big = _step(cid, "decision", data=BIG)
    [(status, reason)] = _push(clerk, big)
    assert status == "rejected" and "「待遇核定（补发或金额超过限额）」须经负责人审批" in reason, reason
    assert _kept(central_db, big.id) == ("rejected", reason)
    assert _push(clerk, _step(_accepted_case(clerk), "decision", data=WITHIN)) == [("accepted", None)]


def test_the_other_approval_points_of_a_step_need_their_approval_too(clerk):
    """信息表审核 (transfer_in) and 免于采集指纹 are recorded only with their approval; the failed
    capture is recorded first and waits for it (the counter's own order)."""
    cid = _accepted_case(clerk, "transfer_in")
    [(status, reason)] = _push(clerk, _step(cid, "sheet_reviewed", "passed", service="transfer_in"))
    assert status == "rejected" and "审核收到的转移接续信息表" in reason, reason
    cid = _accepted_case(clerk)
    assert _push(clerk, _step(cid, "fingerprint", "failed", {"reason": "手指磨损无法采集"})) == [("accepted", None)]
    [(status, reason)] = _push(clerk, _step(cid, "fingerprint", "waived", {"reason": "手指磨损无法采集"}))
    assert status == "rejected" and "「指纹无法采集」须经负责人审批" in reason, reason


def test_a_level_1_approval_of_27000_yuan_does_not_cover_1_42_million(clerk, central_server):
    """Finding 2 B: 科长02 approved 27 000 元; the clerk records 1.42 M 元 naming them — rejected
    (not what was approved, and over their level); the approved figures themselves stand."""
    cid = _accepted_case(clerk)
    rid = _request(clerk, cid, "benefit_decision", {"step_code": "decision", "result": "done", "data": SMALL,
                                                    "terms": {"back_pay_months": 9, "amount": "27000.00"}})
    _approve(central_server.url, "supervisor02", rid)
    [(status, reason)] = _push(clerk, _step(cid, "decision", data=BIG, approved_by="supervisor02",
                                            escalation="benefit_decision"))
    assert status == "rejected" and "核定数据与负责人 supervisor02 批准的「待遇核定" in reason, reason
    [(status, reason)] = _push(clerk, _step(cid, "decision", "done", {**SMALL, "via": "centre"},
                                            approved_by="supervisor02", escalation="benefit_decision"))
    assert status == "accepted", reason


def test_an_approval_of_the_big_figures_by_a_level_1_supervisor_is_not_enough(clerk, central_server, central_db):
    """The level is weighed on the entry's own figures too: a 科长's approval stored before the table
    asked a 中心主任 (its stored level 1) does not make 1.42 M 元 stand."""
    cid = _accepted_case(clerk)
    rid = _request(clerk, cid, "benefit_decision", {"step_code": "decision", "result": "done", "data": BIG,
                                                    "terms": {"back_pay_months": 71, "amount": "1420000.00"}})
    with central_db.begin() as conn:     # approved by a 科长 at level 1 (as under an older, laxer table)
        conn.exec_driver_sql("update approval_requests set state = 'approved', checker = 'supervisor02', "
                             "required_level = 1, mode = 'remote', reason = '同意' where id = %s", (rid,))
    [(status, reason)] = _push(clerk, _step(cid, "decision", data=BIG, approved_by="supervisor02",
                                            escalation="benefit_decision"))
    assert status == "rejected" and "审批级别不足" in reason and "中心主任（2 级）" in reason, reason


def test_an_unrelated_approval_on_the_case_covers_nothing_else(clerk, central_server):
    """Finding 2 C: 科长02 approved a 补打 on the case; a 1.42 M 元 decision naming them, with no
    approval point said, is rejected — a missing ``escalation`` is never "any approval"; an entry
    naming an approver where no approval is needed is rejected too."""
    cid = _accepted_case(clerk)
    rid = _request(clerk, cid, "reprint", {"document": "X"})
    _approve(central_server.url, "supervisor02", rid)
    [(status, reason)] = _push(clerk, _step(cid, "decision", data=BIG, approved_by="supervisor02"))
    assert status == "rejected" and "没有负责人 supervisor02 批准该办件「待遇核定" in reason, reason
    [(status, reason)] = _push(clerk, _step(cid, "review", approved_by="supervisor02"))
    assert status == "rejected" and "不是需要审批的事项" in reason, reason


def test_an_approved_step_request_covers_only_its_own_step_and_result(clerk, central_server):
    """The 信息表审核 a supervisor approved as 不通过 cannot be recorded as 通过."""
    cid = _accepted_case(clerk, "transfer_in")
    rid = _request(clerk, cid, "info_sheet_review", {"step_code": "sheet_reviewed", "result": "failed",
                                                     "data": {"reason": "缴费年限不符"}, "terms": {}})
    _approve(central_server.url, "supervisor02", rid)
    [(status, reason)] = _push(clerk, _step(cid, "sheet_reviewed", "passed", {"via": "centre"}, service="transfer_in",
                                            approved_by="supervisor02", escalation="info_sheet_review"))
    assert status == "rejected" and "办理结果与负责人 supervisor02 批准的" in reason, reason
    ok = _step(cid, "sheet_reviewed", "failed", {"reason": "缴费年限不符", "via": "centre"}, service="transfer_in",
               approved_by="supervisor02", escalation="info_sheet_review")
    assert _push(clerk, ok) == [("accepted", None)]
    assert json.loads(json.dumps(ok.payload))["data"]["via"] == "centre"


def test_a_benefit_decision_dated_back_is_weighed_on_its_back_pay_at_the_centre(clerk):
    """The 补发 months are counted to the day the centre receives the decision, never to the day the
    entry says it was made: 9 months' back pay (科长) dated back 4 months looked like 5 (no approval)."""
    from datetime import timedelta

    cid = _accepted_case(clerk)
    back = datetime.now(timezone.utc) - timedelta(days=125)
    dated = _step(cid, "decision", data=SMALL)
    dated = dated.model_copy(update={"created_at": back})
    [(status, reason)] = _push(clerk, dated)
    assert status == "rejected" and "「待遇核定（补发或金额超过限额）」须经负责人审批" in reason, reason
    assert _push(clerk, _step(_accepted_case(clerk), "decision", data=WITHIN)) == [("accepted", None)]


def test_an_approval_is_spent_by_the_step_it_authorised(clerk, central_server):
    """One approved 待遇核定 covers one record: a second identical step (another entry) is refused,
    in a later push or in the same batch; the same entry sent again is a duplicate, not refused; a
    new approval covers the next record."""
    cid = _accepted_case(clerk)
    asked = {"step_code": "decision", "result": "done", "data": SMALL, "terms": {"back_pay_months": 9, "amount": "27000.00"}}
    _approve(central_server.url, "supervisor02", _request(clerk, cid, "benefit_decision", asked))

    def step():
        return _step(cid, "decision", data=SMALL, approved_by="supervisor02", escalation="benefit_decision")

    first, again = step(), step()
    assert _push(clerk, first) == [("accepted", None)]
    [(status, reason)] = _push(clerk, again)
    assert status == "rejected" and reason == ("负责人 supervisor02 批准的「待遇核定（补发或金额超过限额）」审批申请"
                                              "已用于该办件的另一条记录：一次批准只能办理一次"), reason
    res = clerk.push(p.PushRequest(workstation_id=clerk.workstation_id, entries=[first]))   # an outbox retry
    assert [(r.status, r.outcome) for r in res.results] == [("duplicate", "accepted")]
    _approve(central_server.url, "supervisor02", _request(clerk, cid, "benefit_decision", asked))
    assert _push(clerk, step(), step()) == [("accepted", None), ("rejected", reason)]


def _overridden(cid: str, **extra):
    """The clerk's 改判 of a system-verified condition (as counter_app.workflows.cases records it)."""
    return _entry({"case_id": cid, "case_no": "", "service_code": "reg_enroll", "condition": "not_yet_registered",
                   "system_result": "unmet", "clerk_result": "met", "reason": "系统记录有误", "actor": "clerk01", **extra},
                  aggregate=cid, kind="case.condition_override")


def _acceptance(cid: str, **extra):
    return _entry({"case_id": cid, "case_no": "", "service_code": "reg_enroll", "from_state": "review",
                   "to_state": "accepted", "actor": "clerk01", **extra}, aggregate=cid, kind="case.transition")


def test_an_acceptance_resting_on_a_condition_override_needs_its_approval(clerk, central_server):
    """A 受理 decided on the clerk's 改判 stands only on the approved 改判 (condition_override) of the
    case: not with no approver (the 改判 held at the centre, or said by the entry itself), not on
    another approval the entry names; an acceptance with no 改判 needs none."""
    def at_review() -> str:
        cid = str(uuid6.uuid7())
        res = _push(clerk, _transition(cid, None, "draft", "reg_enroll"), _transition(cid, "draft", "review", "reg_enroll"))
        assert [r[0] for r in res] == ["accepted"] * 2, res
        return cid

    cid = at_review()
    res = _push(clerk, _overridden(cid), _acceptance(cid))
    assert res[0] == ("accepted", None) and res[1][0] == "rejected", res
    assert res[1][1] == "「改判系统核验的受理条件」须经负责人审批（分级授权），该记录没有审批人"
    [(status, reason)] = _push(clerk, _acceptance(cid))                 # the 改判 stored before
    assert status == "rejected" and "「改判系统核验的受理条件」" in reason, reason
    said = at_review()                                                   # the entry's own decision basis
    [(status, reason)] = _push(clerk, _acceptance(said, conditions=[
        {"code": "not_yet_registered", "result": "met", "override": {"system_result": "unmet", "reason": "系统记录有误"}}]))
    assert status == "rejected" and "「改判系统核验的受理条件」" in reason, reason
    _approve(central_server.url, "supervisor02", _request(clerk, cid, "reprint", {"document": "X"}))
    [(status, reason)] = _push(clerk, _acceptance(cid, approved_by="supervisor02", escalation="reprint"))
    assert status == "rejected" and "没有负责人 supervisor02 批准该办件「改判系统核验的受理条件」" in reason, reason
    _approve(central_server.url, "supervisor02", _request(clerk, cid, "condition_override", {}))
    assert _push(clerk, _acceptance(cid, approved_by="supervisor02")) == [("accepted", None)]
    plain = at_review()
    assert _push(clerk, _acceptance(plain)) == [("accepted", None)]


# ------------------------------------------------------------------------------ the real client's own paths

PENSIONER_1965 = "440304196512150012"   # born 1965-12: the sample pension figures are his (and his peers')
_PEOPLE = itertools.count(431)            # one case of a service per person: each case its own person


def _pensioner() -> dict:
    from tests.support.cases import man_born_like

    return {"name": "李四", "id_number": man_born_like(PENSIONER_1965, next(_PEOPLE))}


def _step_entries(w, cid: str) -> list[tuple[str, str, str, str | None]]:
    """(step, result, outbox state, reason) of the case's step entries on workstation ``w``, in order."""
    from counter_app.storage.tables_core import OutboxEntry

    with w.store.session() as s:
        rows = s.query(OutboxEntry).filter_by(aggregate_id=cid).order_by(OutboxEntry.seq).all()
        return [(json.loads(r.payload)["step_code"], json.loads(r.payload)["result"], r.state, r.reason)
                for r in rows if r.kind in ("case.step", "case.step_approved")]


def _all_synced(w, cid: str) -> list[tuple[str, str]]:
    """Every step entry of the case sent and accepted by the centre (none rejected): (step, result)."""
    w.sync()
    entries = _step_entries(w, cid)
    assert [e for e in entries if e[2] != "synced"] == [], entries
    return [(e[0], e[1]) for e in entries]


def _at_decision(w) -> str:
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.workflows.accept import Draft, accept_draft

    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": _pensioner(), "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(w.cases, draft).case_id
    w.cases.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    w.cases.record_step(cid, "review", "done")
    return cid


def _decision(w, cid: str, back_months: int):
    """The clerk records the 核准 with ``back_months`` months of back pay (the sample figures)."""
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.samples import sample_fields
    from counter_app.workflows.accept import act_and_close

    pension = {**sample_fields(DocumentKind.pension_approval_decision)["pension"], "start_month": _months_ago(back_months)}
    return act_and_close(w.cases, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": pension}))


def test_a_benefit_decision_within_the_parameters_and_one_approved_remotely_are_accepted(rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    cid = _at_decision(a)
    assert not _decision(a, cid, 2).approval_id                       # within the parameters: no approval
    assert _all_synced(a, cid)[-1] == ("decision", "done")
    cid = _at_decision(a)
    asked = _decision(a, cid, 8)                                      # 8 months' back pay: 科长
    assert asked.approval_id
    a.sync()
    _approve(central_server.url, "supervisor01", asked.approval_id)
    a.sync()                                                          # the decision comes back: the step is recorded
    assert a.cases.get(cid).case.steps[-1].approved_by == "supervisor01"
    assert _all_synced(a, cid)[-1] == ("decision", "done")


def test_a_benefit_decision_approved_on_site_online_and_offline_is_accepted(rig, central_server):  # noqa: F811
    from counter_app.sync.client import CentralClient

    a = rig("clerk01", "clerk01-demo")
    cid = _at_decision(a)
    asked = _decision(a, cid, 8)
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    assert mode == "online"
    a.approvals.decide_on_site(asked.approval_id, sup, approve=True, reason="现场核实", approval_key=key)
    assert _all_synced(a, cid)[-1] == ("decision", "done")

    cid = _at_decision(a)
    asked = _decision(a, cid, 12)                                    # 12 × 4824.81 > 50 000: 中心主任
    a.auth.authenticate_once("director01", "director01-demo")          # online once: the key sealed here
    online = a.auth._client_factory
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    director, mode, key = a.auth.authenticate_once("director01", "director01-demo")
    assert mode == "offline" and key is not None
    a.approvals.decide_on_site(asked.approval_id, director, approve=True, reason="现场核实", approval_key=key)
    a.auth._client_factory = online
    assert _all_synced(a, cid)[-1] == ("decision", "done")


def _at_sheet_review(w) -> str:
    from tests.support.cases import man_born_1960, ready_case

    cid = ready_case(w.cases, "transfer_in", applicant={"name": "张伟", "id_number": man_born_1960(next(_PEOPLE))})
    w.cases.decide(cid, expected="accepted")
    w.cases.record_transfer_step(cid, "letter_generated", data={"transfer": {
        "from_region": "湖南省长沙市", "from_agency": "长沙市社会保险服务中心"}})
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        w.cases.record_transfer_step(cid, code)
    return cid



def test_the_info_sheet_review_approved_remotely_or_on_site_is_accepted(rig, central_server):  # noqa: F811
    from counter_app.workflows.accept import act_and_close

    a = rig("clerk01", "clerk01-demo")
    cid = _at_sheet_review(a)
    asked = act_and_close(a.cases, cid, lambda s: s.record_transfer_step(cid, "sheet_reviewed", passed=False,
                                                                          reason="缴费年限与档案不符"))
    a.sync()
    _approve(central_server.url, "supervisor01", asked.approval_id)
    a.sync()
    assert _all_synced(a, cid)[-1] == ("sheet_reviewed", "failed")

    cid = _at_sheet_review(a)
    asked = act_and_close(a.cases, cid, lambda s: s.record_transfer_step(cid, "sheet_reviewed", passed=True))
    sup, _, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    a.approvals.decide_on_site(asked.approval_id, sup, approve=True, reason="信息表核对无误", approval_key=key)
    assert _all_synced(a, cid)[-1] == ("sheet_reviewed", "passed")


def test_the_fingerprint_waiver_approved_remotely_is_accepted(rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.workflows.accept import Draft, accept_draft

    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": _pensioner(), "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(a.cases, draft).case_id
    a.cases.record_step(cid, "fingerprint", "failed", data={"reason": "双手手指磨损无法采集"})
    req = a.approvals.request(cid, "fingerprint_unavailable")
    a.sync()
    _approve(central_server.url, "supervisor01", req["id"])
    a.sync()
    assert _all_synced(a, cid) == [("fingerprint", "failed"), ("fingerprint", "waived")]


def test_a_step_the_centre_rejects_is_shown_rejected_with_its_reason_on_the_workstation(rig):  # noqa: F811
    """A workstation whose table gated no benefit decision (reference data not yet pulled) records a
    big decision alone: the centre rejects it, and the counter's 待同步 shows it rejected with the
    centre's reason (listed in ui.centre_words, worded in the clerk's language)."""
    from counter_app.workflows.cases import CaseWorkflow

    a = rig("clerk01", "clerk01-demo")
    a.cases = CaseWorkflow(a.store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=a.ws,
                           approvals_required=frozenset())
    cid = _at_decision(a)
    assert not _decision(a, cid, 71).approval_id              # the stale table asked nothing here
    report = a.sync()
    assert report.rejected == 2          # the step, and the 办结 that stood on it (counter_central.case_steps)
    step, result, state, reason = _step_entries(a, cid)[-1]
    assert (step, result, state) == ("decision", "done", "rejected")
    assert reason == "「待遇核定（补发或金额超过限额）」须经负责人审批（分级授权），该记录没有审批人"
