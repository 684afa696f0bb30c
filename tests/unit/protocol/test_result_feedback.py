"""The 办理结果反馈 contract (counter_protocol.result_feedback): what the 接续 step's entry carries of
the applicant — a normalised mobile or an explicit none — and how the centre reads a block a client
got wrong: a feedback asked for with no usable mobile is told by other means, never dropped."""

from __future__ import annotations

import pytest

from counter_protocol.result_feedback import feedback_block, message, mobile_of


@pytest.mark.parametrize(("phone", "mobile"), [
    ("13800138000", "13800138000"),
    ("+86 138-0013-8000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("0755-83212345", None),          # a landline: no SMS
    ("1380013800", None),             # ten digits
    ("", None),
    (None, None),
])
def test_the_block_carries_a_normalised_mobile_or_an_explicit_none(phone, mobile):
    assert feedback_block({"name": "张三", "id_number": "110105196001010017", "phone": phone}) == {"mobile": mobile}


def test_nothing_of_the_applicant_but_the_mobile_goes_with_it():
    block = feedback_block({"name": "张三", "id_number": "110105196001010017", "address": "福田区某路1号",
                            "phone": "13800138000"})
    assert block == {"mobile": "13800138000"}


@pytest.mark.parametrize(("payload", "read"), [
    ({"step_code": "continued"}, (False, None)),
    ({"feedback": {"mobile": "13800138000"}}, (True, "13800138000")),
    ({"feedback": {"mobile": None}}, (True, None)),
    ({"feedback": {"mobile": "138001380001"}}, (True, None)),
    ({"feedback": {"mobile": 13800138000}}, (True, None)),
    ({"feedback": "13800138000"}, (True, None)),
    ({"feedback": []}, (True, None)),
])
def test_the_centre_reads_a_wrong_block_as_one_to_tell_otherwise(payload, read):
    assert mobile_of(payload) == read


def test_the_text_names_the_service_the_case_and_the_office_and_nothing_of_the_person():
    assert message("一般缴费账户关系转入", "FT2026120800001", "福田分局", "continuation") == (
        "您在福田分局申请的一般缴费账户关系转入（办件编号 FT2026120800001）已办结。您的基本养老保险关系已接续。")
    assert message("某事项", "X1", "", "other_kind") == "您申请的某事项（办件编号 X1）已办结。"
