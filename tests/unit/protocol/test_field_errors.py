"""A malformed field said in Chinese (counter_protocol.field_errors). Review: a 422's ``errors[].msg``
and an entry refused as 审批记录内容不完整 carried pydantic's English (``Input should be a valid
datetime, invalid character in year``) to the clerk's screen."""

from __future__ import annotations

import re
from typing import get_args

import pytest
from pydantic import ValidationError
from pydantic_core.core_schema import ErrorType

from counter_protocol import approvals as ap
from counter_protocol import sync as p
from counter_protocol.field_errors import _WORDS, field_error_words, where

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"\b(Input|should|Field|valid|Value error)\b")


def _request(**over) -> dict:
    base = dict(action="rejection", case_id="C1", maker="clerk01", made_at="2026-12-05T09:00:00+08:00",
                payload_digest="a" * 64, required_level=1)
    return {**base, **over}


def _errors(model, data) -> list[dict]:
    with pytest.raises(ValidationError) as exc:
        model.model_validate(data)
    return exc.value.errors()


@pytest.mark.parametrize(("over", "loc", "said"), [
    ({"made_at": "20x6-12-05"}, "made_at", "应为日期时间（如 2026-01-31T09:30:00+08:00）"),
    ({"maker": "m" * 65}, "maker", "长度不能超过 64 个字符"),
    ({"payload_digest": "a"}, "payload_digest", "长度不能少于 64 个字符"),
    ({"required_level": 3}, "required_level", "应不大于 2"),
    ({"required_level": 0}, "required_level", "应不小于 1"),
    ({"required_level": "two"}, "required_level", "应为整数"),
    ({"required_level": 1.5}, "required_level", "应为整数，不能有小数部分"),
    ({"details": []}, "details", "应为对象（JSON 对象）"),
    ({"case_id": 7}, "case_id", "应为文本"),
    ({"maker": "a\x00b"}, "maker", "不能包含空字符"),                  # our validator's own sentence
])
def test_each_wrong_field_of_a_request_is_said_in_chinese_with_its_limit(over, loc, said):
    [error] = _errors(ap.RequestPayload, _request(**over))
    assert (where(error), field_error_words(error)) == (loc, said)


def test_a_missing_field_a_literal_and_a_pattern_are_said_in_chinese():
    errors = _errors(ap.DecisionPayload, {"decision": "maybe", "reason": "同意", "decided_at": "2026-12-05T09:00:00Z",
                                          "payload_digest": "a" * 64})
    said = {where(e): field_error_words(e) for e in errors}
    assert said == {"decision": "应为以下取值之一：'approved'、'rejected'", "checker": "缺少必填项"}
    item = {"id": "not-a-key", "seq": -1, "kind": "case.step", "aggregate_type": "case", "aggregate_id": "A",
            "payload": {}, "payload_digest": "a" * 64}
    said = {where(e): field_error_words(e) for e in _errors(p.PushRequest, {"workstation_id": "W", "entries": [item]})}
    assert said == {"entries[0].id": "格式不正确", "entries[0].seq": "应不小于 0"}
    [error] = _errors(p.PushRequest, {"workstation_id": "W", "entries": []})
    assert field_error_words(error) == "至少应有 1 项"


def test_every_word_is_chinese_and_names_a_real_pydantic_error():
    assert set(_WORDS) <= set(get_args(ErrorType))
    assert all(HAN.search(w) and not ENGLISH.search(w) for w in _WORDS.values())


def test_an_english_message_of_an_unknown_kind_is_not_passed_on():
    assert field_error_words({"type": "something_new", "msg": "Input should be something new"}) == "内容不正确"
    assert field_error_words({"type": "value_error", "msg": "Value error, bad", "ctx": {"error": ValueError("bad")}}) \
        == "取值不正确"
    assert field_error_words({"type": "string_too_long", "msg": "x"}) == "长度不能超过"     # no ctx: the limit left out
