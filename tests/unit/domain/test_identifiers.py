"""Identifier checks (policy.md §6): every example in the notes, precise Chinese reasons, and
single-character changes always detected."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_protocol.identifiers import (
    check_bank_card,
    check_id,
    check_mobile,
    check_postcode,
    check_uscc,
)

# Written out here from the notes, not imported from the module under test.
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def with_check(first17: str) -> str:
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, W, strict=False)) % 11]


def uscc_with_check(first17: str) -> str:
    return first17 + ALPHABET[(31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, UW, strict=False)) % 31) % 31]


# ---------------------------------------------------------------- notes' examples


def test_notes_citizen_id_example():
    r = check_id("11010519491231002X")
    assert r.valid and r.kind == "citizen_id" and r.error is None
    assert r.birth_date == date(1949, 12, 31)
    assert r.sex == "female"  # 17th digit 2 is even


def test_notes_foreign_permanent_id_example():
    r = check_id("932682198501010017")
    assert r.valid and r.kind == "foreign_permanent_id"
    assert r.birth_date == date(1985, 1, 1)


@pytest.mark.parametrize("code", ["91440300708461136T", "91350100M000100Y43"])
def test_notes_uscc_examples(code):
    r = check_uscc(code)
    assert r.valid and r.kind == "uscc" and r.error is None


def test_lowercase_x_is_accepted():
    assert check_id("11010519491231002x").valid


@pytest.mark.parametrize(
    "prefix,kind",
    [("810000", "hk_macau_residence_permit"), ("820000", "hk_macau_residence_permit"), ("830000", "taiwan_residence_permit"),
     ("440304", "citizen_id")],
)
def test_residence_permit_kinds(prefix, kind):
    value = with_check(prefix + "19900101" + "123")
    r = check_id(value)
    assert r.valid and r.kind == kind and r.sex == "male"  # 3 is odd


def test_sex_from_17th_digit():
    assert check_id(with_check("4403041990010112" + "3")).sex == "male"
    assert check_id(with_check("4403041990010112" + "8")).sex == "female"


def test_old_foreign_permanent_id_shape():
    r = check_id("USA440319850101")
    assert r.valid and r.kind == "foreign_permanent_id_old"
    bad = check_id("US1440319850101")
    assert not bad.valid and "第3位" in bad.error and "字母" in bad.error
    bad = check_id("USA44031985010A")
    assert not bad.valid and "第15位" in bad.error


# ---------------------------------------------------------------- precise reasons


def test_wrong_length():
    r = check_id("11010519491231002")
    assert not r.valid and "长度错误" in r.error and "17位" in r.error and "18位" in r.error


def test_bad_character_and_position():
    r = check_id("1101051949A231002X")
    assert not r.valid and "第11位" in r.error and "“A”" in r.error


def test_bad_check_character_position_18():
    r = check_id("11010519491231002Y")
    assert not r.valid and "第18位" in r.error


@pytest.mark.parametrize("birth,fragment", [("19490230", "2月没有30日"), ("19491301", "月份13"), ("19000229", "1900年2月没有29日")])
def test_impossible_date(birth, fragment):
    r = check_id(with_check("110105" + birth + "002"))
    assert not r.valid and "日期无效" in r.error and fragment in r.error


def test_leap_day_2000_is_a_date():
    assert check_id(with_check("110105" + "20000229" + "002")).valid


def test_future_birth_date_only_with_today():
    value = with_check("110105" + "20300101" + "002")
    assert check_id(value).valid
    r = check_id(value, today=date(2026, 1, 1))
    assert not r.valid and "晚于今天" in r.error


def test_wrong_check_character_names_expected():
    r = check_id("110105194912310021")
    assert not r.valid and r.error == "校验位错误：第18位应为“X”，实际为“1”"


def test_uscc_reasons():
    assert "长度错误" in check_uscc("9144030070846113").error
    r = check_uscc("9144030070846113OT")
    assert "第17位" in r.error and "I、O、Z、S、V" in r.error
    r = check_uscc("91440300708461136A")
    assert r.error == "校验位错误：第18位应为“T”，实际为“A”"
    r = check_uscc("91440300708461136-")
    assert "第18位" in r.error
    assert check_uscc("91440300708461136t").valid  # lower case accepted
    assert "为空" in check_uscc("  ").error


# ---------------------------------------------------------------- hypothesis: single changes detected



@st.composite
def valid_ids(draw):
    kind = draw(st.sampled_from(["citizen", "hk", "tw", "foreign"]))
    prefix = {"hk": "810000", "tw": "830000"}.get(kind)
    if prefix is None:
        prefix = ("9" if kind == "foreign" else draw(st.sampled_from("123456"))) + draw(st.text("0123456789", min_size=5, max_size=5))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    return with_check(prefix + birth.strftime("%Y%m%d") + seq)


@given(valid_ids())
def test_generated_ids_are_valid(value):
    assert check_id(value).valid


@given(valid_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_character_change_of_an_id_is_detected(value, pos, ch):
    if value[pos] == ch:
        ch = "0123456789X"[("0123456789X".index(ch) + 1) % 11]
    changed = value[:pos] + ch + value[pos + 1:]
    r = check_id(changed)
    assert not r.valid and r.error


@given(valid_ids(), st.integers(0, 17), st.characters(blacklist_categories=("Cs",)))
def test_any_other_character_is_detected(value, pos, ch):
    if ch in "0123456789Xx":
        return
    r = check_id(value[:pos] + ch + value[pos + 1:])
    assert not r.valid
    if not ch.isspace():  # leading/trailing blanks are trimmed, then the length is wrong
        assert f"第{pos + 1}位" in r.error


@given(st.text(ALPHABET, min_size=17, max_size=17), st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_single_character_change_of_a_credit_code_is_detected(first17, pos, ch):
    code = uscc_with_check(first17)
    assert check_uscc(code).valid
    if code[pos] == ch:
        ch = ALPHABET[(ALPHABET.index(ch) + 1) % 31]
    r = check_uscc(code[:pos] + ch + code[pos + 1:])
    assert not r.valid and r.error


# ---------------------------------------------------------------- mobile, postcode, bank card


def test_mobile():
    assert check_mobile("13800138000").valid
    assert check_mobile("+86 138-0013-8000").valid
    assert "11位" in check_mobile("1380013800").error
    assert "号段" in check_mobile("12800138000").error
    assert "第4位" in check_mobile("138a0138000").error


def test_postcode():
    assert check_postcode("518000").valid
    assert "6位" in check_postcode("51800").error
    assert "第6位" in check_postcode("51800O").error


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_bank_card():
    assert check_bank_card("4111 1111 1111 1111").valid
    assert check_bank_card("6222021234567890128").valid
    r = check_bank_card("6222021234567890123")
    assert r.error == "校验位错误：按Luhn算法末位应为“8”，实际为“3”"
    assert "12—19位" in check_bank_card("41111111111").error
    assert "第5位" in check_bank_card("4111-1111").error


@given(st.text("0123456789", min_size=12, max_size=19))
def test_bank_card_agrees_with_luhn(number):
    assert check_bank_card(number).valid == luhn_ok(number)
