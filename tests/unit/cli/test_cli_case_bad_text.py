"""Bad input the exploratory tester (bad_input) fed ``counter-app case import`` and ``case step --data``:
control and text-direction characters that reached the notices and the terminal, and facts the rules
raise on later. Each is refused in Chinese naming the field, and nothing is stored; what a case
already holds is printed through ``free_text.shown``."""

from __future__ import annotations

import json

import pytest

from tests.unit.cli.test_cli_case import run, write

PERSON = "11010519491231002X"
PENSION_AGE = "440303196203081256"


def _cases(capsys) -> list[dict]:
    code, out, _ = run(capsys, "case", "list", "--json")
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def _refused(capsys, tmp_path, data) -> str:
    code, out, err = run(capsys, "case", "import", write(tmp_path, data), "--json")
    assert code != 0, out
    assert "Traceback" not in err
    return json.loads(out)["error"]


def _enrol(**changes) -> dict:
    return {"service": "reg_enroll", "applicant_type": "individual",
            "applicant": {"id_number": PERSON, "name": "张三"}, "materials": "all", "conditions": "confirmed",
            **changes}


@pytest.mark.parametrize(("data", "named"), [
    (_enrol(applicant={"id_number": PERSON, "name": "张\x1b[31m三\u202e"}), "applicant.name"),
    (_enrol(applicant={"id_number": PERSON, "name": "张三", "address": "福田区\u2028某路"}), "applicant.address"),
    (_enrol(materials={"person_form": {"state": "defective", "problem": "缺少签名\x1b]0;pwned\x07\u202e章盖"}}),
     "材料 person_form 的 problem"),
    (_enrol(materials={"person_form": "缺少\u202e签名"}), "材料 person_form 的状态"),
    (_enrol(conditions={"x": "原因\x1b[2J"}), "受理条件 x 的原因"),
    (_enrol(facts={"transfer": {"from_region": "湖南\u202e"}}), "facts.transfer.from_region"),
])
def test_control_and_direction_characters_are_refused_at_import(app_home, signed_in, tmp_path, capsys, data, named):
    """Exploratory test: a name 张\\x1b[31m三\\u202e, or a material's problem with an OSC title sequence,
    was imported (exit 0), printed on the 受理告知书 / 业务指引告知书 and echoed to the terminal by case
    show. Refused now as the window's applicant form refuses them, naming the field; nothing stored."""
    error = _refused(capsys, tmp_path, data)
    assert error.startswith(named) and "含有不能保存的字符" in error and "控制字符或文字方向控制符" in error, error
    assert _cases(capsys) == []


def test_a_reason_may_carry_a_line_break(app_home, signed_in, tmp_path, capsys):
    """A note (a material's problem) may run over lines, as the centre's rule for notes allows."""
    code, out, err = run(capsys, "case", "import", write(tmp_path, _enrol(
        materials={"person_form": {"state": "defective", "problem": "缺少签名\n缺少盖章"}})), "--json")
    assert code == 0, err or out


def test_case_show_and_list_print_stored_text_fit_for_the_terminal(app_home, signed_in, tmp_path, capsys):
    """A problem stored before import refused such characters cannot drive the terminal: case show
    prints it without the escape sequence and the RLO (the --json answer keeps the stored text)."""
    from sqlalchemy import update

    from counter_app.cli._common import open_store
    from counter_app.storage.tables_cases import CaseTickRow

    code, out, err = run(capsys, "case", "import", write(tmp_path, _enrol(
        materials={"person_form": {"state": "defective", "problem": "缺少签名"}})), "--json")
    assert code == 0, err or out
    case = json.loads(out)
    store = open_store()
    try:
        with store.session() as s:
            s.execute(update(CaseTickRow).where(CaseTickRow.case_id == case["case_id"], CaseTickRow.code == "person_form")
                      .values(problem="缺少签名\x1b]0;pwned\x07\u202e章盖"))
            s.commit()
    finally:
        store.close()
    code, out, _ = run(capsys, "case", "show", case["case_no"])
    assert code == 0 and "缺少签名章盖" in out, out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "pwned" not in out
    code, out, _ = run(capsys, "case", "list")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out


def _pension(facts: dict) -> dict:
    return {"service": "pension", "applicant_type": "individual", "variants": ["normal"],
            "applicant": {"id_number": PENSION_AGE, "name": "李建国"}, "materials": "all",
            "conditions": "confirmed", "facts": facts}


@pytest.mark.parametrize(("facts", "said"), [
    ({"requested_retirement": "abc"}, "facts.requested_retirement（申请退休年月）：年月“abc”格式错误"),
    ({"category": "alien"}, "facts.category（人员类别）：人员类别“alien”无效"),
    ({"birth": "1962-13"}, "facts.birth（出生年月）：月份“13”无效"),
    ({"birth": [1962]}, "facts.birth（出生年月）：应为年月 YYYY-MM"),
    ({"contribution_months": "lots"}, "facts.contribution_months（累计缴费月数） 应为非负整数"),
    ({"contribution_months": -5}, "facts.contribution_months（累计缴费月数）不能小于0"),
    ({"history_reviewed": "yes"}, "facts.history_reviewed（历史信息已审核） 应为 true、false 或 null"),
    ({"death_cause": "old age"}, "facts.death_cause（死亡原因） 应为 illness"),
    ({"account_balance": "12.345"}, "facts.account_balance（个人账户余额）最多到分"),
    ({"pension": "4000"}, "facts.pension 应为 JSON 对象"),
])
def test_facts_the_rules_cannot_use_are_refused_at_import(app_home, signed_in, tmp_path, capsys, facts, said):
    """Exploratory test: requested_retirement "abc", birth "1962-13", contribution_months -5 … were
    stored on the case and made the rules raise later (RuleInputError, ValueError, TypeError). Each
    fact is checked as the rules, the person's record and the 核定 form take it; nothing stored."""
    error = _refused(capsys, tmp_path, _pension(facts))
    assert error.startswith(said), error
    assert _cases(capsys) == []


def test_good_facts_are_still_imported(app_home, signed_in, tmp_path, capsys):
    facts = {"birth": [1962, 3], "category": "male", "contribution_months": 264, "history_reviewed": True,
             "benefit_place_shenzhen": True, "requested_retirement": "2027-03", "account_balance": "210000.00",
             "death_cause": None}
    code, out, err = run(capsys, "case", "import", write(tmp_path, _pension(facts)), "--json")
    assert code == 0, err or out


def test_decision_text_with_control_characters_is_refused_at_the_step(app_home, signed_in, tmp_path, capsys):
    """Exploratory test: ``case step … letter_generated --data`` with 转出地 "湖南省\\x1b[2J长沙市\\u202e"
    was recorded and the 联系函 printed it; refused now by the 核定数据 check, naming the field."""
    code, out, err = run(capsys, "case", "import", write(tmp_path, {
        "service": "transfer_in", "applicant_type": "individual",
        "applicant": {"id_number": "440304198706151135", "name": "张伟"}, "materials": "all",
        "conditions": "confirmed", "facts": {}, "variants": []}), "--json")
    assert code == 0, err or out
    case_no = json.loads(out)["case_no"]
    data = {"transfer.from_region": "湖南省\x1b[2J长沙市\u202e", "transfer.from_agency": "长沙市社保局",
            "transfer.to_region": "广东省深圳市", "transfer.to_agency": "深圳市社会保险基金管理局"}
    code, out, err = run(capsys, "case", "step", case_no, "letter_generated", "--data",
                         write(tmp_path, data, "step.json"), "--json")
    answer = json.loads(out)
    assert code == 1 and answer["ok"] is False, answer
    assert "转出地" in answer["reason"] and "控制字符或文字方向控制符" in answer["reason"]
    code, out, _ = run(capsys, "case", "show", case_no, "--json")
    assert not any(s["code"] == "letter_generated" for s in json.loads(out)["steps"])


def test_other_step_data_with_control_characters_is_refused(app_home, signed_in, tmp_path, capsys):
    """What else ``--data`` brings (here a note to the 联系函's dispatch) passes the same rule, naming
    where it is; nothing recorded."""
    code, out, err = run(capsys, "case", "import", write(tmp_path, {
        "service": "transfer_in", "applicant_type": "individual",
        "applicant": {"id_number": "440304198706151135", "name": "张伟"}, "materials": "all",
        "conditions": "confirmed", "facts": {}, "variants": []}), "--json")
    assert code == 0, err or out
    case_no = json.loads(out)["case_no"]
    data = {"transfer.from_region": "湖南省长沙市", "transfer.from_agency": "长沙市社保局",
            "transfer.to_region": "广东省深圳市", "transfer.to_agency": "深圳市社会保险基金管理局"}
    code, out, err = run(capsys, "case", "step", case_no, "letter_generated", "--data",
                         write(tmp_path, data, "step.json"), "--json")
    assert code == 0, out + err
    code, out, err = run(capsys, "case", "step", case_no, "letter_sent", "--data",
                         write(tmp_path, {"note": "已寄出\x1b]0;pwned\x07"}, "sent.json"), "--json")
    answer = json.loads(out)
    assert code == 1 and answer["reason"].startswith("步骤数据.note 含有不能保存的字符 U+001B、U+0007"), answer
    code, out, _ = run(capsys, "case", "show", case_no, "--json")
    assert not any(s["code"] == "letter_sent" for s in json.loads(out)["steps"])


def test_the_window_checklist_refuses_control_characters_in_a_problem_or_a_reason(store):
    """The checklist cells the window edits (a material's problem, a condition's reason) are printed on
    the notices: ESC and U+202E are refused there too, naming the cell, nothing stored."""
    from counter_app.domain.case_engine import TransitionRefused
    from tests.support.cases import clerk_service, ready_case

    workflow = clerk_service(store)
    cid = ready_case(workflow, "reg_enroll")
    material = workflow.get(cid).service.materials[0].code
    with pytest.raises(TransitionRefused, match="不符合要求的说明含有不能保存的控制字符.*U\\+001B"):
        workflow.tick(cid, material, "defective", "缺少签名\x1b]0;pwned\x07")
    kept = workflow.get(cid).case.ticks.get(material)
    assert kept is None or "\x1b" not in kept.problem
    condition = workflow.get(cid).service.conditions[0].code
    with pytest.raises(TransitionRefused, match="理由含有不能保存的控制字符.*U\\+202E"):
        workflow.answer_condition(cid, condition, False, "不符合\u202e条件")
    workflow.tick(cid, material, "defective", "缺少签名\n第二页未盖章")       # line breaks are fine
    assert workflow.get(cid).case.ticks[material].problem == "缺少签名\n第二页未盖章"


def test_step_data_the_window_records_is_refused_with_control_characters_too(store):
    """The check of step data lives in the workflow (CaseWorkflow.record_step), so the window's step
    inputs (a 核查 finding, a 公示 objection, a delivery address) are refused as `case step --data` is."""
    from counter_app.domain.case_engine import TransitionRefused
    from tests.support.cases import clerk_service, ready_case

    workflow = clerk_service(store)
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    step = workflow.get(cid).next_step
    with pytest.raises(TransitionRefused, match="步骤数据.note 含有不能保存的字符 U\\+202E"):
        workflow.record_step(cid, step, data={"note": "已核对\u202e原件"})
    assert step not in {r.step_code for r in workflow.get(cid).case.steps}
