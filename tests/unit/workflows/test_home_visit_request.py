"""上门认证 chosen at the window (5.6.3 a: 上门，针对行动不便的服务对象). Was: the catalog offered the
variant ``home_visit`` but its only step was the window's identity check, which closed the case as a
窗口认证 with a 认证结果告知单 saying 认证通过; no home-visit request was raised and the field roster never
heard of it. Now the step is 提出上门认证申请: one workflow call (counter_app.workflows.home_visit)
records it with the 上门认证申请告知单, closes the case as 已转上门认证 and writes one outbox entry;
the sync opens the request at the centre (once) and the roster a field laptop pulls carries it.
The real centre, in-process on SQLite; the real workstation store and sync."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.terms import CaseState
from counter_app.printing.documents import documents_of_case, render_document
from counter_app.reference.params import load_policy_params
from counter_app.storage.tables_core import OutboxEntry
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.workflows.cases import CaseWorkflow, TransitionRefused
from counter_app.workflows.certification import WindowCertification
from counter_app.workflows.home_visit import HomeVisitRefused, raise_home_visit
from counter_app.workflows.records import RecordService
from counter_protocol import certification_sync as cs

WS = "FT-W01"
PERSON = "440305195805201364"      # 王秀英 (FT, retired, certified 2026-03-10): not due, so on no roster unless asked
PRE = "/api/v1"


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def _client(central, token: str | None = None) -> CentralClient:
    return CentralClient("http://testserver", tokens=StaticToken(token), transport=central._transport)


def _token(central, user: str = "clerk01", ws: str = WS) -> str:
    with _client(central) as c:
        return c.login(user, f"{user}-demo", ws).access_token


def _cases(store, central) -> CaseWorkflow:
    token = _token(central)
    records = RecordService(store, lambda: _client(central, token))
    return CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=WS,
                        records=records)


def _accepted(cases: CaseWorkflow, variant: str = "home_visit", person: str = PERSON) -> str:
    view = cases.create("certification", "individual", variants=(variant,),
                        applicant={"name": "王秀英", "id_number": person})
    cid = view.case.id
    cases.submit(cid)
    cases.tick(cid, "insured_id")
    cases.decide(cid, expected="accepted")
    return cid


def _sync(store, central) -> None:
    with _client(central, _token(central)) as c:
        report = SyncWorker(store, c, workstation_id=WS).run_once(check_clock=False)
    assert report.rejected == 0 and report.conflict == 0, report


def _outbox(store) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(r.kind, r.aggregate_type) for r in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))]


def _text(store, cid: str, kind: str) -> str:
    with store.session() as s:
        [doc] = [d for d in documents_of_case(s, cid) if d.kind.value == kind]
    pages = PdfReader(io.BytesIO(render_document(doc))).pages
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pages))


def _roster(central) -> list[dict]:
    with _client(central) as c:
        token = c.login("field01", "field01-demo", f"T-{uuid.uuid4().hex[:10]}").access_token
    pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    r = central.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()["entries"]


def test_home_visit_at_the_window_raises_the_request_the_field_roster_carries(store, central):
    from counter_central.certification import CertificationRow
    from counter_central.db import FieldRequest

    cases = _cases(store, central)
    cid = _accepted(cases)
    view = cases.get(cid)
    assert view.next_step == "home_visit_request"
    assert [s.code for s in view.service.plan("individual", view.case.variants).steps] == ["home_visit_request"]
    # the window's identity check is not this case's step: no 窗口认证 can be recorded for it
    with pytest.raises(TransitionRefused):
        WindowCertification(cases, load_policy_params()).record_success(cid, method="photo", photo_confirmed=True)
    assert cases.get(cid).case.state is CaseState.accepted

    raised = raise_home_visit(cases, cid, reason="行动不便，卧床，家属代为申请")
    done = cases.get(cid)
    assert done.case.state is CaseState.completed
    assert _outbox(store).count((cs.KIND_HOME_VISIT_REQUESTED, cs.AGGREGATE)) == 1
    assert (cs.KIND_RECORDED, cs.AGGREGATE) not in _outbox(store)          # no certification recorded
    with store.session() as s:
        kinds = [d.kind.value for d in documents_of_case(s, cid)]
    assert "home_visit_notice" in kinds and "certification_notice" not in kinds
    text = _text(store, cid, "home_visit_notice")
    assert "上门认证申请告知单" in text and "安排外勤人员上门" in text and raised.request_id in text
    assert "认证通过" not in text and "有效期至" not in text
    # a second click changes nothing: the case is closed
    with pytest.raises(TransitionRefused):
        raise_home_visit(cases, cid)

    _sync(store, central)
    engine = central.app.state.engine
    with Session(engine) as s:
        req = s.get(FieldRequest, raised.request_id)
        assert req is not None and req.state == "open" and req.id_number == PERSON and req.office_code == "FT"
        assert done.case.case_no in req.reason and req.requested_by == "clerk01"
        assert s.scalar(select(func.count()).select_from(CertificationRow)) == 0      # nobody certified
    entries = [e for e in _roster(central) if e["id_number"] == PERSON]
    assert [(e["reason"], e["request_id"]) for e in entries] == [("requested", raised.request_id)]

    # a second window case for the same person finds the open request: one visit, not two
    again = raise_home_visit(cases, _accepted(cases))
    _sync(store, central)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(FieldRequest)
                        .where(FieldRequest.id_number == PERSON, FieldRequest.state == "open")) == 1
        assert s.get(FieldRequest, again.request_id) is None
    assert [e["request_id"] for e in _roster(central) if e["id_number"] == PERSON] == [raised.request_id]


def test_a_window_case_cannot_raise_a_home_visit_and_the_step_is_not_recorded_elsewhere(store, central):
    cases = _cases(store, central)
    cid = _accepted(cases, variant="window")
    assert cases.get(cid).next_step == "certify"
    with pytest.raises(HomeVisitRefused) as refused:
        raise_home_visit(cases, cid)
    assert getattr(refused.value.reason, "code", None) == "home_visit_not_variant"
    assert "不是上门认证" in str(refused.value)
    assert (cs.KIND_HOME_VISIT_REQUESTED, cs.AGGREGATE) not in _outbox(store)
    too_long = _accepted(cases)
    with pytest.raises(HomeVisitRefused, match="不能超过 200 个字"):
        raise_home_visit(cases, too_long, reason="行" * 201)
    assert cases.get(too_long).case.state is CaseState.accepted


def test_the_centre_refuses_a_request_for_another_office_s_pensioner_and_opens_nothing(central):
    """The centre trusts no client: the entry's person must be a retired pensioner of the pushing
    workstation's office (as ``POST /field/requests``); a refused entry opens no request."""
    from counter_central.db import FieldRequest, RegistryPerson
    from tests.unit.central.test_central_security import auth, entry, push

    with Session(central.app.state.engine) as s:
        other = s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                                 RegistryPerson.office != "FT")).first()
    assert other
    token = auth(central, "clerk01", "FT-W01")

    def request(pid: str, seq: int, clerk: str = "clerk01"):
        rid = str(uuid.uuid4())
        payload = {"request_id": rid, "id_number": pid, "clerk": clerk, "requested_at": "2026-12-03T02:00:00+00:00",
                   "reason": "行动不便", "case_id": "c-1", "case_no": "FT-W01-20261203-0001"}
        item = entry(seq, payload, case=rid, kind=cs.KIND_HOME_VISIT_REQUESTED, aggregate_type=cs.AGGREGATE)
        return rid, item.model_copy(update={"actor": "clerk01"})

    rid, item = request(other, 1)
    [res] = push(central, token, "FT-W01", item)
    assert res["status"] == "rejected" and "上门认证由该分局申请和安排" in res["reason"], res
    rid2, item2 = request(PERSON, 2, clerk="supervisor01")
    [res2] = push(central, token, "FT-W01", item2)
    assert res2["status"] == "rejected" and "经办人（supervisor01）" in res2["reason"], res2
    rid3, item3 = request(PERSON, 3)
    [ok] = push(central, token, "FT-W01", item3)
    assert ok["status"] == "accepted", ok
    with Session(central.app.state.engine) as s:
        assert s.get(FieldRequest, rid) is None and s.get(FieldRequest, rid2) is None
        assert s.get(FieldRequest, rid3).state == "open"


def test_counter_app_case_step_raises_it_inside_the_window_s_transaction(store, central):
    """``counter-app case step CASE home_visit_request --data '{"reason": …}'`` maps to the same call,
    run inside act_and_close's unit of work (as the window's step button): one outbox entry, 办结."""
    from counter_app.cli.case import _step_action
    from counter_app.workflows.accept import act_and_close

    cases = _cases(store, central)
    cid = _accepted(cases)
    action, result = _step_action(cases, cases.get(cid), "home_visit_request", None, {"reason": "行动不便"})
    assert result == "done"
    act_and_close(cases, cid, action, close=False)
    assert cases.get(cid).case.state is CaseState.completed
    assert _outbox(store).count((cs.KIND_HOME_VISIT_REQUESTED, cs.AGGREGATE)) == 1
    assert "行动不便" in _text(store, cid, "home_visit_notice")


def test_a_family_member_requests_the_home_visit_for_a_pensioner_who_cannot_come(store, central):
    """Review: 上门认证 is for a pensioner who cannot come to the window (5.6.3 a), yet the catalog took
    only the pensioner in person — nobody could ask for it at the window. A family member (代办人) may
    now request it, with the pensioner's ID (or a copy) and their own; the window's 认证 itself stays
    the pensioner's alone."""
    cases = _cases(store, central)
    applicant = {"name": "王秀英", "id_number": PERSON, "agent_name": "李小红", "agent_id_number": "440303199001011220"}
    view = cases.create("certification", "agent", variants=("home_visit",), applicant=applicant)
    cid = view.case.id
    plan = view.service.plan("agent", ("home_visit",))
    assert {m.code for m in plan.materials} == {"insured_id_copy", "agent_id"}
    cases.submit(cid)
    for m in plan.materials:
        cases.tick(cid, m.code)
    assert cases.decide(cid, expected="accepted").case.state is CaseState.accepted
    raised = raise_home_visit(cases, cid, reason="卧床，家属代为申请")
    assert cases.get(cid).case.state is CaseState.completed
    text = _text(store, cid, "home_visit_notice")
    assert "上门认证申请告知单" in text and raised.request_id in text and "李小红" in text
    _sync(store, central)
    assert [e["request_id"] for e in _roster(central) if e["id_number"] == PERSON] == [raised.request_id]
    # the window's identity check is the pensioner's own: no 代办 for it
    with pytest.raises(TransitionRefused):
        cases.create("certification", "agent", variants=("window",), applicant=applicant)
