"""Masking of personal data (证件号码、姓名、手机号码) for lists and logs."""

from __future__ import annotations

import re
from functools import cache

# The patterns are compiled on first use, not at import: the window imports this module at start-up
# and masks nothing before it is idle (compiling the six cost ~3 ms of every start, #20).
# 18-char citizen / residence-permit IDs, 15-char old foreigner IDs, 15-digit old citizen IDs, phones.
_ID18 = r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])"
_FOREIGN15 = r"(?<![0-9A-Za-z])([A-Z]{3})(\d{8})(\d{4})(?![0-9A-Za-z])"
# first-generation 15-digit citizen IDs: area (1-8xxxxx), YYMMDD, 3-digit sequence
_ID15 = (
    r"(?<![0-9A-Za-z])([1-8]\d{5})(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3})(?![0-9A-Za-z])"
)
# mobiles, bare or with +86 / 0086 / (+86), digits optionally grouped 3-4-4 by spaces or hyphens
_PHONE = (
    r"(?<![\d+])((?:\+86|0086|\(\+86\)|（\+86）)?[ \-]?)(1[3-9]\d)([ \-]?)(\d{4})([ \-]?)(\d{4})(?!\d)"
)
# name=张三 / 姓名：张三 / "name": "张三". The labels alone ignore case: re.IGNORECASE over the
# whole pattern made the compiler case-fold all 27,000 characters of the CJK class (~3 ms of every
# start); the name classes below need no folding ([A-Za-z] has both cases already).
_NAME_FIELD = (
    r"""((?:(?i:name|applicant_name|holder_name)|姓名)["']?\s*[:=：]\s*["']?)([\u3400-\u9fff\u00b7·]{1,20}|[A-Za-z][A-Za-z .'-]{0,40}[A-Za-z])"""
)

# pydantic's ValidationError quotes the value it refused ("[type=string_too_long, input_value='张三…',
# input_type=str]"): free text a clerk typed, a name, an ID in any form — never kept in a log
_INPUT_VALUE = r"(?s)(input_value=)(.*?)(, input_type=)"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def mask_id(value: str | None) -> str:
    """440301199001011234 → 440301********1234 (keeps area code and last four)."""
    if not value:
        return ""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_name(value: str | None) -> str:
    """张三丰 → 张**; 李四 → 李*; keeps the family name only."""
    if not value:
        return ""
    v = value.strip()
    return v[0] + "*" * (len(v) - 1) if len(v) > 1 else "*"


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    v = value.strip()
    return v[:3] + "****" + v[-4:] if len(v) == 11 else "*" * len(v)


def mask_numbers(text: str) -> str:
    """Mask every ID number and mobile number found in free text (masking twice changes nothing)."""
    text = _compiled(_ID18).sub(lambda m: m.group(1) + "********" + m.group(3), text)
    text = _compiled(_FOREIGN15).sub(lambda m: m.group(1) + "********" + m.group(3), text)
    text = _compiled(_ID15).sub(lambda m: m.group(1) + "*****" + m.group(2)[-1] + m.group(3), text)
    return _compiled(_PHONE).sub(
        lambda m: m.group(1) + m.group(2) + m.group(3) + "****" + m.group(5) + m.group(6), text
    )


def mask_text(text: str) -> str:
    """Mask every ID number, phone number and labelled name found in free text."""
    text = mask_numbers(text)
    text = _compiled(_NAME_FIELD).sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    text = _compiled(_INPUT_VALUE).sub(r"\1…（已隐去）\3", text)
    return text
