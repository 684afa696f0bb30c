"""分局文书事项 (counter_rules.offices): a name refused says why — the character it may not hold, or
its length — never a length reason for a short name with a forbidden character."""

from __future__ import annotations

import pytest

from counter_rules.offices import MAX_NAME, OfficesError, offices_from_dict


@pytest.mark.parametrize("value, said", [("<b>法院", "不能含有 “<”、“>”"), ("福田&法院", "不能含有 “&”")])
def test_a_name_with_a_forbidden_character_is_refused_naming_it(value, said):
    with pytest.raises(OfficesError) as refused:
        offices_from_dict({"offices": {"FT": {"court": value}}})
    assert said in str(refused.value) and "字的名称" not in str(refused.value)


def test_a_name_too_long_is_refused_with_its_length():
    with pytest.raises(OfficesError, match=f"应为不超过 {MAX_NAME} 字的名称（现为 {MAX_NAME + 1} 字）"):
        offices_from_dict({"offices": {"FT": {"review_body": "法" * (MAX_NAME + 1)}}})


def test_a_complaint_channel_with_a_forbidden_character_is_refused_naming_it():
    with pytest.raises(OfficesError, match="渠道种类（kind）不能含有 “&”"):
        offices_from_dict({"offices": {"FT": {"complaint_channels": [{"kind": "电话&", "text": "12333"}]}}})
    with pytest.raises(OfficesError, match="内容（text）不能含有 “<”"):
        offices_from_dict({"offices": {"FT": {"complaint_channels": [{"kind": "网站", "text": "<script"}]}}})
