"""GA/T 467 base message decoding and the GB/T 3304 民族 codes (pure, no library)."""

from datetime import date

import pytest

from counter_app.devices.idcard.model import BASE_MESSAGE_SIZE, decode_base_message, encode_base_message
from counter_app.domain.ethnicity import ETHNICITY_NAMES, ethnicity_code, ethnicity_name

FIELDS = dict(name="欧阳𠮷", sex="2", ethnicity="08", birth="19920301", address="广西壮族自治区南宁市青秀区某路1号",
              id_number="440305199203010040", authority="南宁市公安局青秀分局", valid_from="20120301",
              valid_until="20220301")


def test_all_56_groups_and_the_two_other_codes():
    assert len(ETHNICITY_NAMES) == 58 and ethnicity_name("1") == "汉族" and ethnicity_name("56") == "基诺族"
    assert ethnicity_name("98") == "外国血统中国籍人士" and ethnicity_name("57") == ""
    assert ethnicity_code("壮") == "08" and ethnicity_code("维吾尔族") == "05" and ethnicity_code("火星") == ""


def test_layout_is_256_bytes_and_round_trips():
    raw = encode_base_message(**FIELDS)
    assert len(raw) == BASE_MESSAGE_SIZE == 256
    assert raw[:2] == "欧".encode("utf-16-le")                  # UCS-2 little endian from byte 0
    rec = decode_base_message(raw)
    assert (rec.name, rec.sex, rec.ethnicity) == ("欧阳𠮷", "female", "壮族")
    assert rec.address.startswith("广西壮族自治区") and rec.issuing_authority == "南宁市公安局青秀分局"
    assert rec.is_expired(date(2022, 3, 2)) and not rec.is_expired(date(2022, 3, 1))
    assert rec.as_dict(date(2026, 1, 1))["valid_until"] == "2022-03-01"


def test_long_term_and_a_message_without_the_reserved_tail():
    rec = decode_base_message(encode_base_message(**{**FIELDS, "valid_until": "长期"})[:220])
    assert rec.long_term and rec.valid_until is None and rec.validity_text() == "2012-03-01 至 长期"


@pytest.mark.parametrize("change, words", [
    ({"valid_from": "20121301"}, "有效期起始日期不是有效日期"),   # month 13
    ({"birth": "1992030"}, "出生日期格式"),
    ({"id_number": ""}, "未读到公民身份号码"),
    ({"name": ""}, "未读到姓名"),
])
def test_bad_fields_are_named(change, words):
    with pytest.raises(ValueError, match=words):
        decode_base_message(encode_base_message(**{**FIELDS, **change}))


def test_short_message_is_refused():
    with pytest.raises(ValueError, match="256"):
        decode_base_message(b"\x00" * 100)
