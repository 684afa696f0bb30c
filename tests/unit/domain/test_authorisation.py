"""Graded authorisation table (7.3.2): defaults, levels at each boundary, effective dates."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.authorisation import AuthorisationError, table_from_dict
from counter_app.domain.catalog import Escalation
from counter_app.reference.authorisation import default_authorisation, shipped_content

ON = date(2026, 6, 1)


def test_shipped_defaults_are_marked_as_the_agencys_and_need_a_supervisor_for_the_named_actions():
    table = default_authorisation()
    assert table.agency_defaults and "经办机构" in table.note
    required = table.approvals_required(ON)
    for action in (Escalation.rejection, Escalation.condition_override, Escalation.fingerprint_unavailable,
                   Escalation.reg_cancel, Escalation.reprint):
        assert action in required
    assert table.required_level(Escalation.rejection, ON) == 1
    assert table.required_level(Escalation.reg_cancel, ON) == 2
    # a benefit decision only needs approval over the parameters
    assert Escalation.benefit_decision not in required
    assert table.required_level(Escalation.benefit_decision, ON, back_pay_months=0, amount="100") == 0


@pytest.mark.parametrize("months,amount,level", [
    (6, "50000.00", 0),       # at both limits: not over
    (7, "50000.00", 1),       # back pay one month over → 科长
    (6, "50000.01", 2),       # amount one fen over → 中心主任
    (7, "50000.01", 2),
])
def test_benefit_decision_boundaries(months, amount, level):
    assert default_authorisation().required_level("benefit_decision", ON, back_pay_months=months, amount=amount) == level


def test_a_later_rule_replaces_an_earlier_one_from_its_date_and_parameters_are_effective_dated():
    content = shipped_content()
    content["rules"].append({"action": "reprint", "level": 0, "effective_from": "2027-01-01"})
    content["parameters"].append({"key": "back_pay_months_max", "value": "12", "effective_from": "2027-01-01"})
    table = table_from_dict(content, "agency-2027")
    assert table.version == "agency-2027"
    assert table.required_level("reprint", date(2026, 12, 31)) == 1
    assert table.required_level("reprint", date(2027, 1, 1)) == 0
    assert Escalation.reprint not in table.approvals_required(date(2027, 1, 1))
    assert table.required_level("benefit_decision", date(2026, 12, 31), back_pay_months=8) == 1
    assert table.required_level("benefit_decision", date(2027, 1, 1), back_pay_months=8) == 0


@pytest.mark.parametrize("bad", [
    {"rules": [{"action": "fly", "level": 1}]},
    {"rules": [{"action": "reprint", "level": 3}]},
    {"rules": [{"action": "reprint", "level": 1, "effective_from": "2026-13-01"}]},
    {"rules": [{"action": "reprint", "level": 1, "when": "weather"}]},
    {"nothing": []},
])
def test_a_malformed_table_is_refused_in_chinese(bad):
    with pytest.raises(AuthorisationError) as err:
        table_from_dict(bad)
    assert "分级授权" in str(err.value)


def test_a_parameter_without_a_value_in_force_is_said_not_defaulted():
    content = shipped_content()
    content["parameters"] = []
    with pytest.raises(AuthorisationError, match="没有生效的取值"):
        table_from_dict(content).required_level("benefit_decision", ON, back_pay_months=99)


def test_the_case_engine_is_gated_on_the_decisions_only():
    gated = default_authorisation().decisions_gated(ON)
    # 不予认定 always (7.3.2; a table cannot drop it); a failed capture is recorded first and waits
    # for the waiver; a benefit decision is weighed per decision (back pay / amount against the parameters);
    # the review of a received 转移接续信息表 is recorded once approved (s7 transfer_clerk 7)
    assert gated == {Escalation.rejection, Escalation.denial, Escalation.condition_override, Escalation.reg_cancel,
                     Escalation.benefit_decision, Escalation.info_sheet_review}
