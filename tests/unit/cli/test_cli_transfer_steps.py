"""s7 transfer_clerk items 7 and 11, headless: ``case step … sheet_reviewed`` by a clerk waits for a
supervisor (exit 5, an approval request, nothing recorded); ``case steps`` shows the 待遇核定 approval
note only on a benefit decision, a failed review as 审核不通过 with 收到信息表 next."""

from __future__ import annotations

from tests.unit.cli.test_cli_case_steps import as_json, imported
from tests.unit.cli.test_cli_case import write

TRANSFER_IN = {"service": "transfer_in", "applicant_type": "individual",
               "applicant": {"id_number": "440304198706151135", "name": "张伟"},
               "materials": "all", "conditions": "confirmed", "facts": {}, "variants": []}


def test_the_info_sheet_review_waits_for_a_supervisor_and_the_steps_say_so(app_home, signed_in, tmp_path, capsys):
    case_no = imported(tmp_path, capsys, TRANSFER_IN)
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["next_step"]["code"] == "letter_generated" and shown["next_step"]["fields"]
    # the 联系函's 核定数据 are no benefit decision: no 待遇核定 approval note
    assert not [a for a in shown["next_step"]["approvals"] if a["escalation"] == "benefit_decision"]
    letter = {"transfer": {"from_region": "湖南省长沙市", "from_agency": "长沙市社会保险服务中心"}}
    as_json(capsys, "case", "step", case_no, "letter_generated", "--data", write(tmp_path, letter, "letter.json"))
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        as_json(capsys, "case", "step", case_no, code)
    shown = as_json(capsys, "case", "steps", case_no)
    [review] = [a for a in shown["next_step"]["approvals"] if a["escalation"] == "info_sheet_review"]
    assert review["required"] is True
    assert {r["value"]: r["label"] for r in shown["next_step"]["results"]} == {"passed": "审核通过", "failed": "审核不通过"}

    asked = as_json(capsys, "case", "step", case_no, "sheet_reviewed", "--result", "passed", code=5)
    assert asked["approval_requested"] and asked["approval_id"]
    shown = as_json(capsys, "case", "steps", case_no)
    assert shown["next_step"]["code"] == "sheet_reviewed"
    [row] = [s for s in shown["steps"] if s["code"] == "sheet_reviewed"]
    assert row["result"] is None                                   # nothing recorded until approved
