"""核定数据 and the other texts of a step's data have a length limit. Review: a 1 MB string was accepted
as a 核查 finding, a 公示 objection or a 核定 form's text field (转出地社保经办机构), stored, sent and
printed. Now refused with a Chinese message naming the field and the limit: a 核定 text field at most
60 characters (one line of the 联系函 / 信息表), a finding, objection, reason or note at most 500 (one
numbered reason of a 决定书), a delivery address at most 200; the centre refuses a ``case.step`` entry
that brings a longer one anyway."""

from __future__ import annotations

import pytest

from counter_app.domain.case_engine import TransitionRefused
from counter_protocol.free_text import STEP_TEXT_CHARS, long_text_refusal
from counter_rules.decision_data import TEXT_CHARS, DecisionField, check
from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401  (fixture)
from tests.unit.domain.test_cases_engine import accepted_pension, catalog, record  # noqa: F401  (fixture)

MEGABYTE = "长" * 1_000_000


def test_a_decision_data_text_field_takes_at_most_one_printed_line():
    agency = DecisionField("transfer.from_agency", "转出地社保经办机构", "text")
    assert check(agency, "长" * TEXT_CHARS) == ("长" * TEXT_CHARS, "")
    value, problem = check(agency, MEGABYTE)
    assert value is None
    assert problem == f"转出地社保经办机构最多{TEXT_CHARS}个字（现有1000000个字），请精简后重新输入"
    assert problem.code == "field_text_long"


def test_a_finding_of_a_megabyte_is_refused_naming_the_field_and_nothing_is_recorded(catalog):  # noqa: F811
    s, case = accepted_pension(catalog, "special_work_type")
    record(case, s, "fingerprint", data={"template_ref": "fp-1"})
    record(case, s, "publicity", "started", data={"start": "2026-03-02", "end": "2026-03-02"})
    with pytest.raises(TransitionRefused) as refused:
        record(case, s, "publicity", "objection", data={"objection": MEGABYTE})
    assert str(refused.value) == f"公示异议最多{STEP_TEXT_CHARS}个字（现有1000000个字），请精简后重新输入"
    assert refused.value.reason.code == "step_text_long"
    assert [r.step_code for r in case.steps] == ["fingerprint", "publicity"]
    record(case, s, "publicity", "objection", data={"objection": "异" * STEP_TEXT_CHARS})     # the limit itself: fine
    with pytest.raises(TransitionRefused, match="步骤数据 extra.notes\\[1\\]最多500个字"):
        record(case, s, "verification", "eligible", data={"finding": "核查属实", "extra": {"notes": ["短", MEGABYTE]}})


def test_a_delivery_address_takes_at_most_the_registrys_200():
    assert long_text_refusal({"method": "mail", "address": "址" * 200}, "data") is None
    assert long_text_refusal({"method": "mail", "address": "址" * 201}, "data") == \
        "data.address 最多200个字（现有201个字），请精简后重新输入"


def test_the_centre_refuses_a_step_with_a_text_over_the_limit(centre):  # noqa: F811
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    step = {"step_code": "verification", "step_kind": "verification", "result": "eligible",
            "data": {"finding": "长" * (STEP_TEXT_CHARS + 1)}}
    res = push(client, clerk, "FT-W01", entry(1, step, case="LT1", kind="case.step"),
               entry(2, {**step, "data": {"finding": "核查属实"}}, case="LT1", kind="case.step"))
    assert [r["status"] for r in res] == ["rejected", "accepted"], res
    assert res[0]["reason"] == f"步骤数据不能保存：data.finding 最多{STEP_TEXT_CHARS}个字（现有501个字），请精简后重新输入"
