"""``counter-app case steps / step / complete / archive / deny``: a case imported headless is carried
to 归档 headless, through the window's workflow path (``workflows.accept.act_and_close``) and the
approvals gating the window's case service is built with (``app_context.case_workflow``)."""

from __future__ import annotations

import io
import json
from datetime import date

from counter_app.cli.main import main
from tests.unit.cli.test_cli_case import MALE_1960, outbox_kinds, run, write

PENSIONER = "440304196512150012"      # born 1965-12: retired 2026-03 (the sample 核定数据)

# the keys every action command prints under --json (others script against them)
ACTION_KEYS = {"ok", "case", "case_id", "state", "state_label", "action", "documents", "next_step"}
REFUSED_KEYS = {"ok", "case", "case_id", "state", "state_label", "refused", "reason", "refusal_code", "error"}


def imported(tmp_path, capsys, data) -> str:
    code, out, err = run(capsys, "case", "import", write(tmp_path, data, "import.json"), "--json")
    assert code == 0, err or out
    case = json.loads(out)
    assert case["state"] == "accepted", case
    return case["case_no"]


def pension_case(tmp_path, capsys, variants=("normal",)) -> str:
    """A 基本养老金核定 case whose 核定数据 the core system did NOT hand over: typed at the decision."""
    from counter_app.printing.samples import sample_case_facts

    facts = {k: v for k, v in sample_case_facts("pension").items()
             if k in ("contribution_months", "benefit_place_shenzhen", "history_reviewed")}
    return imported(tmp_path, capsys, {"service": "pension", "applicant_type": "individual", "variants": list(variants),
                                       "applicant": {"id_number": PENSIONER, "name": "张三"}, "materials": "all",
                                       "conditions": "confirmed", "facts": facts})


def as_json(capsys, *argv, code: int = 0) -> dict:
    got, out, err = run(capsys, *argv, "--json")
    assert got == code, (argv, got, out, err)
    assert "Traceback" not in err
    return json.loads(out)


def fingerprint_at_the_window(case_no: str) -> None:
    """The fingerprint step as the window records it when a capture ends (ui.workspace.panel_steps
    ._fp_finished): the template stored for the case, the step recorded through act_and_close."""
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.cli.case import _case_workflow, _find_case
    from counter_app.workflows.accept import act_and_close

    store = open_store()
    try:
        workflow = _case_workflow(store, load_cli_settings(), "clerk01", "张经办")
        cid = _find_case(store, case_no)
        act_and_close(workflow, cid, lambda w: w.record_step(cid, "fingerprint", "done", data={"template_ref": "tpl-1"}),
                      close=False)
    finally:
        store.close()


def approved_at_the_centre(case_id: str) -> None:
    """The supervisor's 集中授权 of the case's pending request, as the sync process pulls and applies it."""
    from counter_app.cli._common import open_store
    from counter_app.workflows import inbox
    from counter_app.workflows.approvals import ApprovalService
    from tests.support.cases import pulled_update

    store = open_store()
    try:
        approvals = ApprovalService(store, actor="clerk01", office_code="FT", workstation_id="FT-W01")
        pending = approvals.list(state="pending", case_id=case_id)
        assert len(pending) == 1, pending
        request = pending[0]
        details = request["details"]
        pulled_update(store, 1, case_id, {"escalation": request["action"], "decision": "approved", "reason": "核实无误",
                                          "posted_by": "supervisor01", "posted_by_name": "李科长", "maker": "clerk01",
                                          "request_id": request["id"],
                                          **{k: details[k] for k in ("step_code", "result", "data", "reasons")
                                             if details.get(k)}},
                      "case.escalation_decision")
        report = inbox.apply_pending(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01")
        assert [a.outcome for a in report.applied] == ["approved"], [u.note for u in report.unapplied]
    finally:
        store.close()


def test_a_registration_goes_from_import_to_archive_headless(app_home, signed_in, tmp_path, capsys):
    case_no = imported(tmp_path, capsys, {"service": "reg_enroll", "applicant_type": "individual",
                                          "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["ok"] is True and shown["case"] == case_no and shown["state"] == "accepted"
    assert [(s["code"], s["status"]) for s in shown["steps"]] == [("register", "open"), ("contribution_setup", "open")]
    assert shown["steps"][0]["clause"] == "6.1.1.2.3" and shown["steps"][0]["result"] is None
    assert shown["next_step"]["code"] == "register" and shown["next_step"]["default_result"] == "done"
    assert shown["next_step"]["headless"] is True and shown["next_action"] == "step"
    assert MALE_1960 not in json.dumps(shown, ensure_ascii=False) and "张三" not in json.dumps(shown, ensure_ascii=False)

    # out of order: refused in Chinese, exit 1, nothing recorded
    before = outbox_kinds()
    refused = as_json(capsys, "case", "step", case_no, "contribution_setup", code=1)
    assert set(refused) == REFUSED_KEYS and refused["ok"] is False and refused["refused"] is True
    assert refused["refusal_code"] == "earlier_step" and "办理参保登记" in refused["reason"]
    assert refused["state"] == "accepted" and outbox_kinds() == before
    code, out, err = run(capsys, "case", "step", case_no, "contribution_setup")
    assert code == 1 and out == "" and "请先办理步骤" in err and "Traceback" not in err

    done = as_json(capsys, "case", "step", case_no, "register")
    assert ACTION_KEYS <= set(done) and done["ok"] is True and done["action"] == "step"
    assert done["step"] == {"code": "register", "name": "办理参保登记", "result": "done"}
    assert done["state"] == "accepted" and done["next_step"] == "contribution_setup"
    code, out, err = run(capsys, "case", "step", case_no, "contribution_setup")
    assert code == 0 and "已办理步骤 contribution_setup" in out, err
    assert as_json(capsys, "case", "steps", case_no)["next_action"] == "complete"

    # 归档 before 办结: refused
    assert as_json(capsys, "case", "archive", case_no, code=1)["refusal_code"] == "state"
    completed = as_json(capsys, "case", "complete", case_no)
    assert completed["state"] == "completed" and completed["action"] == "complete"
    for d in completed["documents"]:              # the documents issued, with their 文号
        assert d["number"] and d["title"]
    archived = as_json(capsys, "case", "archive", case_no)
    assert archived["ok"] is True and archived["state"] == "archived"
    kinds = outbox_kinds()
    assert kinds.count("case.step") == 2 and kinds.count("case.transition") == 5     # create…accept, 办结, 归档
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["next_step"] is None and shown["next_action"] is None
    assert [s["actor"] for s in shown["steps"]] == ["clerk01", "clerk01"]
    assert as_json(capsys, "case", "show", case_no)["state"] == "archived"
    code, out, err = run(capsys, "archive", "verify", case_no, "--json")    # 归档 wrote its package, as the window's
    assert code == 0, out + err
    _audited(["case.transition"])


def _audited(actions) -> None:
    from tests.unit.cli.test_cli_case import audit_actors

    got = audit_actors()
    for action in actions:
        assert ("clerk01", action) in got, got


def test_a_pension_goes_to_archive_with_typed_decision_data_and_its_approval(app_home, signed_in, tmp_path, capsys):
    from counter_app.printing.samples import sample_decision_data

    case_no = pension_case(tmp_path, capsys)
    # the fingerprint is the window's: refused headless with the pointer, nothing recorded
    code, out, err = run(capsys, "case", "step", case_no, "fingerprint")
    assert code == 1 and "窗口" in err and "counter-app fingerprint" in err and "Traceback" not in err
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["next_step"]["code"] == "fingerprint" and shown["next_step"]["headless"] is False
    fingerprint_at_the_window(case_no)
    # the decision before the review: refused
    assert as_json(capsys, "case", "step", case_no, "decision", code=1)["refusal_code"] == "earlier_step"
    assert as_json(capsys, "case", "step", case_no, "review")["next_step"] == "decision"

    shown = as_json(capsys, "case", "steps", case_no)
    nxt = shown["next_step"]
    fields = {f["code"]: f for f in nxt["fields"]}
    assert {"pension.total", "pension.transitional", "pension.retirement_month"} <= set(fields)
    assert fields["pension.total"]["source"] == "rules" and fields["pension.transitional"]["source"] == "clerk"
    assert fields["pension.contribution_months"]["value"] == "386"        # from the record, as the form prefills
    assert any(a["escalation"] == "benefit_decision" for a in nxt["approvals"])

    # data the window's form refuses: refused the same, nothing recorded
    bad = sample_decision_data("pension")
    bad["pension"] = {**bad["pension"], "transitional": "abc"}
    refused = as_json(capsys, "case", "step", case_no, "decision", "--data", write(tmp_path, bad, "bad.json"), code=1)
    assert "核定数据" in refused["reason"] and "过渡性养老金" in refused["reason"]
    refused = as_json(capsys, "case", "step", case_no, "decision", "--data",
                      write(tmp_path, {"pension": {"colour": "red"}}, "odd.json"), code=1)
    assert "pension.colour" in refused["reason"]

    # the typed 核定数据 from a file: 8 months of back pay weigh over the table's limit — the request
    # is raised as the window raises it (ApprovalNeeded), exit 5, nothing recorded
    data = write(tmp_path, sample_decision_data("pension"), "decision.json")
    waiting = as_json(capsys, "case", "step", case_no, "decision", "--data", data, code=5)
    assert waiting["ok"] is False and waiting["approval_requested"] is True and waiting["approval_id"]
    assert waiting["state"] == "accepted" and "待审批" in waiting["reason"]
    assert "approval.requested" in outbox_kinds()
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["steps"][-1]["status"] == "open" and "待审批" in shown["steps"][-1]["waiting"]
    assert shown["approval"]["id"] == waiting["approval_id"] and shown["approval"]["state"] == "pending"
    # again before the decision: the same request is named, none is added
    assert as_json(capsys, "case", "step", case_no, "decision", "--data", data, code=5)["approval_id"] == waiting["approval_id"]
    assert outbox_kinds().count("approval.requested") == 1
    code, out, err = run(capsys, "case", "step", case_no, "decision", "--data", data)
    assert code == 5 and "审批申请" in err

    # 集中授权: pulled and applied (the step recorded with its approver, the 核准决定书 issued)
    approved_at_the_centre(waiting["case_id"])
    again = as_json(capsys, "case", "step", case_no, "decision", "--data", data)
    assert again["ok"] is True and again["already"] is True and again["approved_by"] == "supervisor01"
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["steps"][-1]["approved_by"] == "supervisor01" and shown["next_action"] == "complete"
    assert any(d["kind"] == "pension_approval_decision" and d["number"] for d in shown["documents"])

    completed = as_json(capsys, "case", "complete", case_no)
    assert completed["state"] == "completed"
    code, out, err = run(capsys, "case", "archive", case_no)
    assert code == 0 and "已归档" in out, err
    assert as_json(capsys, "case", "show", case_no)["state"] == "archived"


def test_decision_data_from_stdin(app_home, signed_in, tmp_path, capsys, monkeypatch):
    from counter_app.printing.samples import sample_decision_data

    case_no = pension_case(tmp_path, capsys)
    fingerprint_at_the_window(case_no)
    as_json(capsys, "case", "step", case_no, "review")
    flat = {f"pension.{k}": v for k, v in sample_decision_data("pension")["pension"].items()}   # by field code
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(flat)))
    assert as_json(capsys, "case", "step", case_no, "decision", "--data", "-", code=5)["approval_requested"] is True
    monkeypatch.setattr("sys.stdin", io.StringIO("[1, 2]"))
    assert "JSON 对象" in as_json(capsys, "case", "step", case_no, "decision", "--data", "-", code=1)["reason"]


def test_a_denial_raises_its_approval_request_and_is_made_when_approved(app_home, signed_in, tmp_path, capsys):
    """特殊工种提前退休: 公示 with an objection, 核查 not eligible, 不予认定 — gated (7.3.2)."""
    case_no = pension_case(tmp_path, capsys, variants=("special_work_type",))
    fingerprint_at_the_window(case_no)
    today = date.today().isoformat()
    code, out, err = run(capsys, "case", "step", case_no, "publicity")             # no default result
    assert code == 1 and "--result" in err
    code, out, err = run(capsys, "case", "step", case_no, "publicity", "--result", "started", "--data",
                         write(tmp_path, {"start": today, "end": today, "work_type": "高空作业"}, "pub.json"))
    assert code == 0, err
    issued = [d for d in as_json(capsys, "case", "steps", case_no)["documents"] if d["kind"] == "special_work_publicity"]
    assert len(issued) == 1 and issued[0]["number"]
    assert f"文号 {issued[0]['number']}" in out and "counter-app print" in out       # the 文号, and how to print it
    again = as_json(capsys, "case", "step", case_no, "publicity", "--result", "started", "--data",
                    write(tmp_path, {"start": today, "end": today}, "pub2.json"), code=1)
    assert again["refusal_code"] == "publicity_started"
    assert as_json(capsys, "case", "step", case_no, "publicity", "--result", "objection", code=1)["refused"]
    as_json(capsys, "case", "step", case_no, "publicity", "--result", "objection", "--data",
            write(tmp_path, {"objection": "群众反映工种不符"}, "obj.json"))
    as_json(capsys, "case", "step", case_no, "verification", "--result", "not_eligible", "--data",
            write(tmp_path, {"finding": "核查工种不属于特殊工种"}, "ver.json"))
    assert as_json(capsys, "case", "steps", case_no)["next_action"] == "deny"
    assert as_json(capsys, "case", "complete", case_no, code=1)["refused"] is True

    denied = as_json(capsys, "case", "deny", case_no, "--reason", "工种不属于特殊工种", code=5)
    assert denied["approval_requested"] is True and denied["state"] == "accepted" and denied["action"] == "deny"
    code, out, err = run(capsys, "case", "deny", case_no, "--reason", "工种不属于特殊工种")
    assert code == 5 and "审批申请" in err and "Traceback" not in err
    approved_at_the_centre(denied["case_id"])
    again = as_json(capsys, "case", "deny", case_no, "--reason", "工种不属于特殊工种")
    assert again["ok"] is True and again["already"] is True and again["state"] == "denied"
    archived = as_json(capsys, "case", "archive", case_no)
    assert archived["state"] == "archived"


def test_nobody_signed_in_or_no_such_case(app_home, signed_in, tmp_path, capsys):
    from tests.conftest import sign_in

    case_no = imported(tmp_path, capsys, {"service": "reg_enroll", "applicant_type": "individual",
                                          "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    missing = as_json(capsys, "case", "step", "FT-W01-20990101-0001", "register", code=1)
    assert set(missing) == REFUSED_KEYS and missing["state"] is None and "本机没有办件" in missing["reason"]
    sign_in(None)
    before = outbox_kinds()
    for argv in (["steps", case_no], ["step", case_no, "register"], ["complete", case_no], ["archive", case_no],
                 ["deny", case_no, "--reason", "x"]):
        code, out, err = run(capsys, "case", *argv)
        assert code == 1 and "未登录" in err and "counter-app login" in err and out == "", argv
        refused = as_json(capsys, "case", *argv, code=1)
        assert "未登录" in refused["reason"] and refused["state"] is None
    assert outbox_kinds() == before


def test_help_documents_the_exit_codes(capsys):
    import pytest

    for cmd in ("step", "complete", "archive", "deny"):
        with pytest.raises(SystemExit):
            main(["case", cmd, "--help"])
        out = capsys.readouterr().out
        assert "退出码" in out and "5 须负责人审批" in out


def test_history_review_decision_periods_are_checked_from_the_command_line(app_home, signed_in, tmp_path, capsys):
    """``case step --data`` for the 视同缴费年限核准决定书 goes through the window's periods check: an
    end before its start, negative months, future periods and a total that is not their sum are
    refused, nothing recorded; good periods issue the decision with their months and total."""
    case_no = imported(tmp_path, capsys, {
        "service": "history_review", "applicant_type": "individual", "variants": ["pension"],
        "applicant": {"id_number": MALE_1960, "name": "陈志明"}, "materials": "all", "conditions": "confirmed",
        "facts": {"insured_in_shenzhen": True, "benefit_place_shenzhen": True, "history_reviewed": False}})
    as_json(capsys, "case", "step", case_no, "review")
    as_json(capsys, "case", "step", case_no, "delivery", "--data", write(tmp_path, {"method": "pickup"}, "d.json"))
    needs = as_json(capsys, "case", "steps", case_no)["next_step"]
    assert "periods" in needs["data"]["done"]
    refused = as_json(capsys, "case", "step", case_no, "decision", code=1)
    assert "核准的视同缴费期间" in refused["reason"] and "deemed_years" not in refused["reason"]
    bad = {"deemed_years": {"periods": [{"start": "1995-01", "end": "1990-08", "unit": "x", "months": -5},
                                        {"start": "2030-01", "end": "2031-01", "unit": "未来单位", "months": 13}],
                            "total_months": 9999}}
    refused = as_json(capsys, "case", "step", case_no, "decision", "--data", write(tmp_path, bad, "bad.json"), code=1)
    assert "早于起始年月" in refused["reason"] and "尚未到来" in refused["reason"] and "月数应为不小于0的整数" in refused["reason"]
    assert as_json(capsys, "case", "steps", case_no)["next_step"]["code"] == "decision"     # nothing recorded
    good = {"deemed_years": {"periods": [{"start": "1988-01", "end": "1995-03", "unit": "深圳市某国营厂"}]}}
    done = as_json(capsys, "case", "step", case_no, "decision", "--data", write(tmp_path, good, "good.json"))
    assert done["ok"] is True
    shown = as_json(capsys, "case", "steps", case_no)
    decision = next(d for d in shown["documents"] if d["kind"] == "deemed_years_decision")
    assert decision["number"]


def test_a_query_step_names_the_clause_its_situation_rules_not_the_heading(app_home, signed_in, tmp_path, capsys):
    """个人账户查询's 对账单 step is catalogued under the heading 6.3.3; the case's 情形 names the clause
    that rules it (6.3.3.1 缴费期间, 6.3.3.2 待遇领取期间), as its document cites it: the steps say the same."""
    for variant, clause, person in (("contribution_phase", "6.3.3.1", MALE_1960), ("pension_phase", "6.3.3.2", PENSIONER)):
        case_no = imported(tmp_path, capsys, {"service": "account_query", "applicant_type": "individual",
                                              "variants": [variant], "applicant": {"id_number": person, "name": "张三"},
                                              "materials": "all", "conditions": "confirmed"})
        shown = as_json(capsys, "case", "steps", case_no)
        assert [(s["code"], s["clause"]) for s in shown["steps"]] == [("statement", clause)]
        assert shown["next_step"]["clause"] == clause
