"""The record look-up's sealed cache (storage.crypto + workflows.records) and overrides in the case service."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from counter_app.storage.crypto import SealedDataError, StoreCipher
from counter_app.workflows.records import RecordService
from tests.unit.domain.test_conditions import AS_OF, person
from tests.support.approvals import TEST_APPROVAL_KEY

# ------------------------------------------------------------------------------------ the cache


def test_cipher_round_trip_and_tamper():
    c = StoreCipher(b"k" * 16, b"m" * 32)
    blob = c.seal(b'{"id_number": "440303196203081256"}', b"row1")
    assert b"440303196203081256" not in blob
    assert c.open(blob, b"row1") == b'{"id_number": "440303196203081256"}'
    with pytest.raises(SealedDataError):
        c.open(blob, b"row2")                                    # bound to its row
    with pytest.raises(SealedDataError):
        c.open(blob[:-1] + bytes([blob[-1] ^ 1]), b"row1")       # tampered
    with pytest.raises(SealedDataError):
        StoreCipher(b"x" * 16, b"m" * 32).open(blob, b"row1")    # other key
    assert c.digest("440303196203081256") != StoreCipher(b"k" * 16, b"n" * 32).digest("440303196203081256")


class FakeAnswerClient:
    """Stands in for the centre only to hand the cache an answer (the real look-up is tested in
    tests/integration/test_registry_precheck.py)."""

    def __init__(self, record):
        self.record = record

    def lookup_person(self, id_number):
        from counter_protocol.registry import RegistryAnswer

        return RegistryAnswer(kind="person", found=self.record is not None,
                              record=self.record.to_dict() if self.record else None, as_of=AS_OF)

    def open_case_check(self, service_code, id_number, *, case_id=None, variants=()):
        """受理审核前查重: no case elsewhere (the centre's check: tests/integration/test_samecase.py)."""
        from counter_protocol.samecase import OpenCaseAnswer

        return OpenCaseAnswer()

    def close(self):
        pass


def test_cache_keeps_no_personal_data_in_clear(store, app_home):
    rec = person()
    workflow = RecordService(store, lambda: FakeAnswerClient(rec))
    assert workflow.person(rec.id_number).state == "online"
    store.engine.dispose() if hasattr(store, "engine") else None
    raw = open(store.path, "rb").read()
    for wal in (store.path.with_name(store.path.name + "-wal"),):
        if wal.exists():
            raw += wal.read_bytes()
    assert rec.id_number.encode() not in raw and rec.name.encode("utf-8") not in raw
    hit = RecordService(store, lambda: None).person(rec.id_number, online=False)
    assert hit.state == "cache" and hit.record == rec and hit.as_of == AS_OF
    assert "本机缓存" in hit.describe() and "截至 2026-05-31" in hit.describe()
    # a different keyring key: the row does not open and counts as not cached
    other = RecordService(store, lambda: None, cipher=StoreCipher(b"z" * 16, b"z" * 32))
    assert other.person(rec.id_number, online=False).state == "none"


def test_an_absent_person_is_cached_as_absent(store, app_home):
    workflow = RecordService(store, lambda: FakeAnswerClient(None))
    assert workflow.person("440303199503031748").record is None
    hit = RecordService(store, lambda: None).person("440303199503031748", online=False)
    assert hit.state == "cache" and hit.record is None


# ------------------------------------------------------------------------------------ the case service


def test_override_in_the_case_service_is_recorded(store, app_home):
    from counter_app.workflows.cases import CaseWorkflow
    from counter_app.domain.case_engine import TransitionRefused

    rec = person(history_reviewed=False)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      records=RecordService(store, lambda: FakeAnswerClient(rec)), now=lambda: datetime(2026, 6, 1, 9))
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李建国", "id_number": rec.id_number})
    cid = view.case.id
    assert view.case.facts["registry"]["state"] == "online"
    assert view.outcome.kind is None or view.outcome.kind.value != "accepted"
    with pytest.raises(TransitionRefused, match="改判须填写理由"):
        workflow.answer_condition(cid, "history_reviewed", True)
    workflow.answer_condition(cid, "history_reviewed", True, "原参保地已审核，见证明")
    with store.session() as s:
        from sqlalchemy import text

        rows = [json.loads(p) for (p,) in s.execute(text("SELECT payload FROM outbox WHERE kind = 'case.condition_override'"))]
    assert rows and rows[0]["system_result"] == "unmet" and rows[0]["clerk_result"] == "met"
    assert rows[0]["reason"] == "原参保地已审核，见证明"
    ev = next(e for e in workflow.evaluations(cid) if e.code == "history_reviewed")
    assert ev.override and ev.result == "met"


def test_a_case_entered_offline_gets_its_record_when_back_online(store, app_home):
    from counter_app.workflows.cases import CaseWorkflow

    rec = person(status="none", contribution_months=0, deemed_months=0)
    online = {"up": False}
    records = RecordService(store, lambda: FakeAnswerClient(rec) if online["up"] else None)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      records=records, now=lambda: datetime(2026, 6, 1, 9))
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "李建国", "id_number": rec.id_number}).case.id
    first = {e.code: e for e in workflow.evaluations(cid)}["not_yet_registered"]
    assert (first.result, first.source) == ("pending", "offline")
    online["up"] = True
    view = workflow.refresh_record(cid)
    assert view.case.facts["registry"]["state"] == "online"
    again = {e.code: e for e in workflow.evaluations(cid)}["not_yet_registered"]
    assert (again.result, again.source) == ("met", "system")


def test_without_a_usable_keyring_nothing_is_cached(store, app_home, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    import keyring.core

    from counter_app.storage.crypto import forget_cached_keys

    forget_cached_keys()
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    try:
        rec = person()
        got = RecordService(store, lambda: FakeAnswerClient(rec)).person(rec.id_number)
        assert got.state == "online" and got.record == rec               # the answer is used …
        from sqlalchemy import text

        with store.session() as s:
            assert s.execute(text("SELECT count(*) FROM record_cache")).scalar() == 0   # … but not kept
        assert RecordService(store, lambda: None).person(rec.id_number).state == "none"
    finally:
        forget_cached_keys()      # monkeypatch puts the suite's keyring backend back


def test_a_decision_on_an_override_waits_for_a_supervisor(store, app_home):
    from counter_app.domain.case_engine import CaseState, TransitionRefused
    from counter_app.domain.catalog import Escalation
    from counter_protocol import sync as p
    from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
    from counter_app.workflows.cases import CaseWorkflow

    rec = person(history_reviewed=False)
    now = datetime(2026, 6, 1, 9)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      records=RecordService(store, lambda: FakeAnswerClient(rec)), now=lambda: now,
                      approvals_required={Escalation.rejection, Escalation.condition_override})
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李建国", "id_number": rec.id_number})
    cid = view.case.id
    for m in view.service.plan("individual", ("normal",)).materials:
        workflow.tick(cid, m.code)
    workflow.answer_condition(cid, "history_reviewed", True, "原参保地已审核，见证明")
    for c in view.service.plan("individual", ("normal",)).conditions:
        if not c.check and c.code != "history_reviewed":
            workflow.answer_condition(cid, c.code, True)
    workflow.submit(cid)
    if workflow.get(cid).outcome.kind is None:
        pytest.skip("this record leaves a condition to confirm")
    with pytest.raises(TransitionRefused, match="改判系统核验的受理条件.*须经负责人审批"):
        workflow.decide(cid)
    approvals = ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                                today=lambda: now.date())
    req = approvals.request(cid, "condition_override")
    assert req["required_level"] == 1
    override = [c for c in req["details"]["case"]["conditions"] if c["override"]]
    assert override and "原参保地已审核" in override[0]["override"]
    sup = p.UserInfo(username="supervisor01", display_name="科长01", roles=["supervisor"], office_code="FT",
                     approval_level=1)
    maker = p.UserInfo(username="clerk01", display_name="经办", roles=["supervisor"], office_code="FT", approval_level=2)
    with pytest.raises(ApprovalRefused, match="经办人本人"):
        approvals.decide_on_site(req["id"], maker, approve=True, reason="自批", approval_key=TEST_APPROVAL_KEY)
    approvals.decide_on_site(req["id"], sup, approve=True, reason="证明属实", approval_key=TEST_APPROVAL_KEY)
    case = workflow.get(cid).case
    assert case.state is not CaseState.review
    last = workflow.history(cid)[-1]
    assert last["approved_by"] == "supervisor01" and last["actor"] == "clerk01"
