"""The centre refuses 办结 (and 不予认定, 归档) of a case whose steps it never accepted (the supervisor
tester's s5: draft → review → accepted, a 待遇核定 the centre rejects, accepted → completed — the
case still reached 办结 at the centre). The steps a move needs are the catalog's for the case's
service, applicant type and variants (counter_rules.case_steps, the counter's own rule); only
``case.step`` entries the centre accepted count. The session's centre on PostgreSQL: raw pushes
with the clerk's real token, then the real client's own paths."""

from __future__ import annotations

import json

import pytest
import uuid6

from tests.integration.test_approval_points_centre import (
    BIG, WITHIN, _approve, _entry, _kept, _pensioner, _push, _request, _step, clerk,  # noqa: F401  (clerk: the fixture)
)
from tests.integration.test_approvals import rig  # noqa: F401  (the fixture)
from tests.support.central import login_client

pytestmark = pytest.mark.integration

MISSING = "中心没有该办件以下步骤已完成的记录，不能办结："


def _move(cid: str, frm: str | None, to: str, service: str = "pension", **more):
    return _entry({"case_id": cid, "case_no": "", "service_code": service, "catalog_version": "x", "from_state": frm,
                   "to_state": to, "actor": "clerk01", **more}, aggregate=cid, kind="case.transition")


def _opened(cid: str, service: str = "pension", variants: tuple[str, ...] = (), **_ignored):
    """The moves of a case up to 受理, its creation naming its applicant type and variants."""
    return [_move(cid, None, "draft", service, applicant_type="individual", variants=list(variants)),
            _move(cid, "draft", "review", service), _move(cid, "review", "accepted", service)]


def _centre_state(central_db, cid: str) -> str | None:
    with central_db.connect() as conn:
        row = conn.exec_driver_sql("select state from case_states where case_id = %s", (cid,)).first()
    return row[0] if row else None


def test_the_testers_s5_completion_without_its_decision_step_is_rejected(clerk, central_db):  # noqa: F811
    """s5 in one batch: the 1.42 M 元 decision with no approval is rejected, so the 办结 after it is
    rejected too, naming the steps the centre holds no record of; the case stays 已受理 there and
    the refusal is kept with its reason."""
    cid = str(uuid6.uuid7())
    done = _move(cid, "accepted", "completed")
    res = _push(clerk, *_opened(cid), _step(cid, "decision", data=BIG), done)
    assert [r[0] for r in res] == ["accepted"] * 3 + ["rejected", "rejected"], res
    reason = res[-1][1]
    assert reason == MISSING + "当场采集参保人指纹、审核申请材料（需补齐补正的告知补齐补正材料清单）、出具《深圳市企业职工养老保险金核准决定书》"
    assert _kept(central_db, done.id) == ("rejected", reason)
    assert _centre_state(central_db, cid) == "accepted"


def test_a_completion_with_no_steps_at_all_is_rejected_and_stands_once_they_are_done(clerk, central_db):  # noqa: F811
    """The steps pushed later (another batch, as an offline workstation sends them) let the 办结 stand."""
    cid = str(uuid6.uuid7())
    assert [r[0] for r in _push(clerk, *_opened(cid))] == ["accepted"] * 3
    [(status, reason)] = _push(clerk, _move(cid, "accepted", "completed"))
    assert status == "rejected" and reason.startswith(MISSING), reason
    assert _push(clerk, _step(cid, "fingerprint", data={"template_ref": "fp-1"}), _step(cid, "review")) == \
        [("accepted", None)] * 2
    [(status, reason)] = _push(clerk, _move(cid, "accepted", "completed"))
    assert (status, reason) == ("rejected", MISSING + "出具《深圳市企业职工养老保险金核准决定书》")
    assert _push(clerk, _step(cid, "decision", data=WITHIN)) == [("accepted", None)]
    assert _push(clerk, _move(cid, "accepted", "completed")) == [("accepted", None)]
    assert _centre_state(central_db, cid) == "completed"


def test_the_steps_of_the_cases_variants_are_asked_as_its_latest_transition_names_them(clerk):  # noqa: F811
    """特殊工种 asks for the 公示 — a 办结 naming other variants changes nothing; a case changed to
    正常退休 before its acceptance (the acceptance names its variants) does not."""
    def steps(cid: str) -> list:
        return [_step(cid, "fingerprint", data={"template_ref": "fp-1"}), _step(cid, "review"),
                _step(cid, "decision", data=WITHIN)]

    cid = str(uuid6.uuid7())
    res = _push(clerk, *_opened(cid, variants=("special_work_type",)), *steps(cid),
                _move(cid, "accepted", "completed", variants=["normal"]))
    assert res[-1][0] == "rejected" and "公示" in res[-1][1], res
    cid = str(uuid6.uuid7())
    res = _push(clerk, *_opened(cid, variants=("special_work_type",), variants_at_acceptance=None)[:2],
                _move(cid, "review", "accepted", variants=["normal"]), *steps(cid), _move(cid, "accepted", "completed"))
    assert res == [("accepted", None)] * 7, res


def test_certification_asks_the_step_of_its_own_variant(clerk):  # noqa: F811
    """资格认证: the window variant is done by 认证, the home-visit one by 提出上门认证申请 —
    neither by the other's step."""
    cid = str(uuid6.uuid7())
    res = _push(clerk, *_opened(cid, "certification", ("home_visit",)),
                _step(cid, "certify", service="certification"), _move(cid, "accepted", "completed", "certification"))
    assert res[-1][0] == "rejected" and "上门认证" in res[-1][1], res
    cid = str(uuid6.uuid7())
    res = _push(clerk, *_opened(cid, "certification", ("home_visit",)),
                _step(cid, "home_visit_request", service="certification"),
                _move(cid, "accepted", "completed", "certification"))
    assert res == [("accepted", None)] * 5, res


def test_a_denial_needs_a_finding_of_ineligibility_the_centre_accepted(clerk, central_server, central_db):  # noqa: F811
    """不予认定 with the supervisor's approval, but no 核查 found the case ineligible: rejected."""
    cid = str(uuid6.uuid7())
    assert [r[0] for r in _push(clerk, *_opened(cid, variants=("special_work_type",)))] == ["accepted"] * 3
    rid = _request(clerk, cid, "denial", {})
    _approve(central_server.url, "supervisor01", rid)
    denied = _move(cid, "accepted", "denied", approved_by="supervisor01", escalation="denial", reason="不符合条件")
    [(status, reason)] = _push(clerk, denied)
    assert status == "rejected" and reason == "中心没有该办件核查结论为不符合条件的记录，不能作出不予认定", reason
    assert _centre_state(central_db, cid) == "accepted"


def test_archiving_a_completed_case_waits_for_its_service(clerk):  # noqa: F811
    """历史信息审核: its 送达 is recorded after 办结, and the 归档 waits for it."""
    cid = str(uuid6.uuid7())
    steps = [_step(cid, code, data=data, service="history_review")
             for code, data in (("review", {}), ("delivery", {"method": "pickup"}), ("decision", {}))]
    res = _push(clerk, *_opened(cid, "history_review", ("pension",)), *steps,
                _move(cid, "accepted", "completed", "history_review"), _move(cid, "completed", "archived", "history_review"))
    assert [r[0] for r in res[:-1]] == ["accepted"] * 7, res
    assert res[-1] == ("rejected", "中心没有该办件以下步骤已完成的记录，不能归档：服务办结后送达核准决定书"), res
    assert _push(clerk, _step(cid, "served", service="history_review"),
                 _move(cid, "completed", "archived", "history_review")) == [("accepted", None)] * 2


def test_a_supervisors_update_to_completed_stands_on_the_steps_too(clerk, central_server, central_db):  # noqa: F811
    from counter_app.sync.client import RequestRejected
    from counter_protocol import sync as p

    cid = str(uuid6.uuid7())
    assert [r[0] for r in _push(clerk, *_opened(cid))] == ["accepted"] * 3
    sup = login_client(central_server.url, "supervisor01")
    try:
        with pytest.raises(RequestRejected) as refused:
            sup.post_case_update(p.CaseUpdate(kind="case.note", case_id=cid, to_state="completed"))
    finally:
        sup.close()
    assert (refused.value.status, refused.value.reason) == (409, "steps_missing"), refused.value.detail
    assert refused.value.detail.startswith(MISSING)
    assert _centre_state(central_db, cid) == "accepted"


# ------------------------------------------------------------------------------ the real client's own paths

def test_a_pension_changed_to_normal_before_acceptance_completes_at_the_centre(rig, central_db):  # noqa: F811
    """The counter's own case: created 特殊工种, changed to 正常退休 at acceptance, its steps and
    办结 queued and sent in one round: every entry accepted, 办结 at the centre."""
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.workflows.accept import Draft, accept_draft
    from tests.integration.test_approval_points_centre import _decision

    a = rig("clerk01", "clerk01-demo")
    applicant, facts = _pensioner(), dict(SAMPLE_RULE_FACTS["pension"])
    cid = a.cases.create("pension", "individual", variants=["special_work_type"], applicant=applicant,
                         facts=facts).case.id
    draft = Draft.from_json({"case_id": cid, "service": "pension", "applicant_type": "individual",
                             "variants": ["normal"], "applicant": applicant, "materials": "all", "facts": facts})
    accept_draft(a.cases, draft)
    a.cases.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    a.cases.record_step(cid, "review", "done")
    assert not _decision(a, cid, 2).approval_id
    assert a.cases.get(cid).case.state.value == "archived"            # 办结 and 归档 at once (act_and_close)
    report = a.sync()
    assert report.rejected == 0 and report.conflict == 0, report
    assert _centre_state(central_db, cid) == "archived"
    with a.store.session() as s:
        moves = [json.loads(e.payload) for e in s.query(OutboxEntry).filter_by(aggregate_id=cid, kind="case.transition")]
    assert [m["variants"] for m in moves if m.get("to_state") == "accepted"] == [["normal"]]
