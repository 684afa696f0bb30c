"""缴费核定's figures as one calculation (6.2.1.1 b, policy.md §4), on the CLI's path (the window's form
rules, counter_rules.decision_data) and in the case engine: a 核定缴费基数 typed over the rules' is held
to the floor and ceiling of the 费款所属期 and the amounts follow it; a 缴费合计 that is not 单位缴费 +
个人缴费 is refused; a wrong declared base is named alone (not a 「请填写费款所属期」 the rules fill)."""

from __future__ import annotations

import json

import pytest

from tests.support.cases import man_born_1960
from tests.unit.cli.test_cli_case import outbox_kinds, run, write


def _case(tmp_path, capsys, n: int) -> str:
    code, out, err = run(capsys, "case", "import", write(tmp_path, {
        "service": "contribution", "applicant_type": "individual",
        "applicant": {"id_number": man_born_1960(n), "name": "张伟"}, "materials": "all",
        "conditions": "confirmed"}, "import.json"), "--json")
    assert code == 0, err or out
    return json.loads(out)["case_no"]


def _determine(tmp_path, capsys, case_no: str, data: dict, code: int) -> dict:
    got, out, err = run(capsys, "case", "step", case_no, "determine_amount", "--data",
                        write(tmp_path, data, "data.json"), "--json")
    assert got == code, (out, err)
    assert "Traceback" not in err
    return json.loads(out)


def _stored(case_no: str) -> dict:
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.cli.case import _case_workflow, _find_case
    from counter_app.domain.case_engine import decision_data

    store = open_store()
    try:
        view = _case_workflow(store, load_cli_settings(), "clerk01").get(_find_case(store, case_no))
        return decision_data(view.case, "contributions", view.service)
    finally:
        store.close()


def test_a_base_below_the_floor_and_a_total_off_its_parts_are_refused(app_home, signed_in, tmp_path, capsys):
    """The tester's entry: declared 30000, 核定缴费基数 changed to 100, 缴费合计 to 1 — refused, naming
    the floor of the period and the sum the parts give (the amounts of base 100: 16.00 + 8.00);
    nothing recorded, nothing queued."""
    case_no = _case(tmp_path, capsys, 73)
    before = outbox_kinds()
    refused = _determine(tmp_path, capsys, case_no, {"contributions.declared_base": "30000",
                                                     "contributions.base": "100", "contributions.total": "1"}, 1)
    reason = refused["reason"]
    assert "核定缴费基数100.00低于费款所属期" in reason and "的缴费基数下限4775.00：应不低于4775.00" in reason
    assert "缴费合计1.00与按已核定数据计算的结果不符：应为24.00" in reason
    assert outbox_kinds() == before and _stored(case_no) == {}


def test_a_base_above_the_ceiling_is_refused_naming_it(app_home, signed_in, tmp_path, capsys):
    case_no = _case(tmp_path, capsys, 74)
    refused = _determine(tmp_path, capsys, case_no, {"contributions.declared_base": "8000",
                                                     "contributions.base": "30000"}, 1)
    assert "核定缴费基数30000.00高于费款所属期" in refused["reason"]
    assert "的缴费基数上限27549.00：应不高于27549.00" in refused["reason"]


def test_the_amounts_follow_a_base_changed_within_the_limits(app_home, signed_in, tmp_path, capsys):
    """经办人修改 of the 核定缴费基数 to 6000 (declared 8000): the amounts are those of 6000 at the
    period's rates, not of the declared base."""
    case_no = _case(tmp_path, capsys, 75)
    _determine(tmp_path, capsys, case_no, {"contributions.declared_base": "8000", "contributions.base": "6000"}, 0)
    stored = _stored(case_no)
    assert (stored["base"], stored["employer"], stored["individual"], stored["total"]) == \
        ("6000.00", "960.00", "480.00", "1440.00")


def test_an_amount_typed_off_the_base_is_refused(app_home, signed_in, tmp_path, capsys):
    case_no = _case(tmp_path, capsys, 76)
    refused = _determine(tmp_path, capsys, case_no, {"contributions.declared_base": "8000",
                                                     "contributions.employer": "1000"}, 1)
    assert "单位缴费1000.00与按已核定数据计算的结果不符：应为1280.00" in refused["reason"]


def test_a_wrong_declared_base_is_named_alone(app_home, signed_in, tmp_path, capsys):
    """「abc」: only 申报缴费基数应为数字 — the 费款所属期 is computed by the rules, not missing."""
    case_no = _case(tmp_path, capsys, 77)
    refused = _determine(tmp_path, capsys, case_no, {"contributions.declared_base": "abc"}, 1)
    assert refused["reason"] == "核定数据不完整或有误：申报缴费基数应为数字"


def test_the_engine_refuses_figures_that_contradict_each_other(store):
    """The authoritative check when the step is recorded (whoever records it): a base below the floor,
    and a total that is not the sum of its parts."""
    from counter_app.domain.case_engine import TransitionRefused
    from tests.support.cases import clerk_service, ready_case

    workflow = clerk_service(store)
    cid = ready_case(workflow, "contribution", applicant={"name": "张伟", "id_number": man_born_1960(78)})
    workflow.decide(cid, expected="accepted")
    low = {"period": "2026-12", "base": "100.00", "employer": "16.00", "individual": "8.00", "total": "24.00"}
    with pytest.raises(TransitionRefused, match="核定缴费基数100.00低于费款所属期2026-12的缴费基数下限4775.00"):
        workflow.record_step(cid, "determine_amount", data={"contributions": low})
    off = {"period": "2026-12", "base": "8000.00", "employer": "1280.00", "individual": "640.00", "total": "1.00"}
    with pytest.raises(TransitionRefused, match="缴费合计1.00与按已核定数据计算的结果不符：应为1920.00"):
        workflow.record_step(cid, "determine_amount", data={"contributions": off})
    good = {**off, "total": "1920.00"}
    assert workflow.record_step(cid, "determine_amount", data={"contributions": good}).result == "done"
