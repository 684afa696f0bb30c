"""``counter-app case resubmit CASE --materials CODE,…|all``: the applicant of a returned case
(材料不齐全（已退回）) comes back with the materials, and the case is continued headless as the window
continues it (open the returned case, tick what was brought, Ctrl+Enter): decided again from the
record and the rules, a new 业务指引告知书 while something is still missing, a 受理告知书 once complete.

Exploratory tester "register", finding 7: ``case import`` of the applicant who came back was refused
with 「…请在该办件中继续办理」, and no command could continue the case."""

from __future__ import annotations

import json

import pytest

from tests.support.cases import man_born_1960
from tests.unit.cli.test_cli_case import audit_actors, outbox_kinds, run, write
from tests.unit.cli.test_cli_case_steps import REFUSED_KEYS, as_json

PERSON = man_born_1960(90)
OTHER = man_born_1960(91)


def enrolment(materials, person: str = PERSON) -> dict:
    return {"service": "reg_enroll", "applicant_type": "individual",
            "applicant": {"id_number": person, "name": "王五"}, "materials": materials}


def returned_case(tmp_path, capsys, materials, person: str = PERSON) -> dict:
    code, out, err = run(capsys, "case", "import", write(tmp_path, enrolment(materials, person), "first.json"), "--json")
    assert code == 0, err or out
    case = json.loads(out)
    assert case["state"] == "returned" and len(case["documents"]) == 1, case      # 业务指引告知书
    return case


def missing_codes(case_no: str, capsys) -> list[str]:
    shown = as_json(capsys, "case", "show", case_no)
    return [m["material_code"] for m in shown["missing"]]


def guidance_items(number: str) -> list[str]:
    """The materials the 业务指引告知书 numbered ``number`` lists (its stored fields, as printed)."""
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_cases import CaseDocumentRow

    store = open_store()
    try:
        with store.session() as s:
            row = s.query(CaseDocumentRow).filter(CaseDocumentRow.number == number).one()
            return [m["material"] for m in json.loads(row.fields)["missing_items"]]
    finally:
        store.close()


def test_the_applicant_comes_back_and_the_returned_case_is_continued(app_home, signed_in, tmp_path, capsys):
    case = returned_case(tmp_path, capsys, [])
    case_no = case["case_no"]
    assert missing_codes(case_no, capsys) == ["person_form", "insured_id", "residence_proof"]

    # the desk hands the complete application over again: refused, and told how to continue the case
    again = write(tmp_path, enrolment("all"), "again.json")
    code, out, err = run(capsys, "case", "import", again, "--json")
    assert code == 1
    said = json.loads(out)["error"]
    assert case_no in said and f"counter-app case resubmit {case_no} --materials" in said, said
    code, out, err = run(capsys, "case", "import", again)
    assert code == 1 and f"counter-app case resubmit {case_no}" in err and "Traceback" not in err

    # the form only: still incomplete, a new 业务指引告知书 listing everything still missing
    first = as_json(capsys, "case", "resubmit", case_no, "--materials", "person_form")
    assert first["ok"] is True and first["action"] == "resubmit" and first["case"] == case_no
    assert first["state"] == "returned" and first["outcome"] == "incomplete"
    assert [d["title"] for d in first["documents"]] == ["业务指引告知书"] and first["documents"][0]["number"]
    assert first["documents"][0]["number"] not in case["documents"]                  # a new one
    assert [m["material_code"] for m in first["missing"]] == ["insured_id", "residence_proof"]
    assert first["next_step"] is None
    assert guidance_items(first["documents"][0]["number"]) == ["参保人有效身份证件", "户籍证明或居住证"]
    assert missing_codes(case_no, capsys) == ["insured_id", "residence_proof"]

    # the rest: 受理, a 受理告知书, the steps come next (text output)
    code, out, err = run(capsys, "case", "resubmit", case_no, "--materials", "insured_id, residence_proof")
    assert code == 0, err
    assert f"办件 {case_no} 已重新提交" in out and "已受理" in out and "受理告知书" in out and "下一步：register" in out
    shown = as_json(capsys, "case", "show", case_no)
    assert shown["state"] == "accepted"
    assert [h["action"] for h in shown["history"]] == ["create", "submit", "return", "resubmit", "return", "resubmit", "accept"]
    assert {m["code"]: m["state"] for m in shown["materials"]}["bank_card"] != "present"   # not brought: unchanged
    resubmits = [a for a in audit_actors() if a[1] == "case.resubmit"]
    assert resubmits == [("clerk01", "case.resubmit")] * 2
    assert outbox_kinds().count("document.issued") == 3
    assert as_json(capsys, "case", "steps", case_no)["next_action"] == "step"

    # now accepted: nothing left to resubmit
    refused = as_json(capsys, "case", "resubmit", case_no, "--materials", "all", code=1)
    assert refused["refusal_code"] == "not_returned" and "已受理" in refused["reason"]


def test_bad_input_is_refused_in_chinese_and_stores_nothing(app_home, signed_in, tmp_path, capsys):
    case_no = returned_case(tmp_path, capsys, ["person_form"], person=OTHER)["case_no"]
    before = outbox_kinds()

    unknown_case = as_json(capsys, "case", "resubmit", "FT-W01-20990101-9999", "--materials", "all", code=1)
    assert set(unknown_case) == REFUSED_KEYS and "本机没有办件 FT-W01-20990101-9999" in unknown_case["reason"]

    bad_code = as_json(capsys, "case", "resubmit", case_no, "--materials", "insured_id,passport", code=1)
    assert set(bad_code) == REFUSED_KEYS and bad_code["state"] == "returned"
    assert "没有材料：passport" in bad_code["reason"] and "residence_proof（户籍证明或居住证）" in bad_code["reason"]

    nothing = as_json(capsys, "case", "resubmit", case_no, "--materials", " , ", code=1)
    assert "--materials" in nothing["reason"]

    code, out, err = run(capsys, "case", "resubmit", case_no, "--materials", "passport")
    assert code == 1 and out == "" and "没有材料：passport" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:                               # --materials is required
        run(capsys, "case", "resubmit", case_no)
    assert usage.value.code == 2 and "--materials" in capsys.readouterr().err

    assert outbox_kinds() == before and missing_codes(case_no, capsys) == ["insured_id", "residence_proof"]
    assert not [a for a in audit_actors() if a[1] == "case.resubmit"]

    # nobody signed in: refused before the case is touched
    from tests.conftest import sign_in

    sign_in(None)
    code, out, err = run(capsys, "case", "resubmit", case_no, "--materials", "all")
    assert code == 1 and "未登录" in err
    assert outbox_kinds() == before
