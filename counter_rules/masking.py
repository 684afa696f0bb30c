"""Masking of personal data (证件号码、姓名、手机号码、固定电话、银行卡号、地址) for lists and logs."""

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
# landlines with their area code (0755-83212345, (0755)83212345, 020 8765 4321, 075583212345): the
# area code stays, the rest but the last four is masked. A bare 7–8 digit number is not taken (an
# amount, a count, a sequence number): a labelled one (电话：83212345) is, below.
_LANDLINE = r"(?<![0-9A-Za-z+])((?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ \-]?)(\d{3,4})([ \-]?)(\d{4})(?![0-9A-Za-z])"
# bank-card numbers: 16–19 digits, bare or grouped by four (spaces or hyphens), that pass the Luhn
# check — the first six (the bank) and the last four stay
_CARD = r"(?<![0-9A-Za-z])(\d{4}(?:[ \-]?\d{4}){2,3}(?:[ \-]?\d{1,3})?)(?![0-9A-Za-z])"
# phone=… / 电话：… / 联系电话 / tel / mobile: whatever the label introduces is masked, digits but the
# last four (an extension, a landline without its area code)
_PHONE_FIELD = (
    r"""((?:(?i:phone|tel|mobile|contact_phone)|联系电话|固定电话|电话|手机)["']?\s*[:=：]\s*["']?)([0-9+()（）\- ]{5,24}\d)"""
)
# address=… / 地址：… / 住址 / 居住地址 / 联系地址: the value (up to a quote, a comma or semicolon,
# a line's end) is replaced as a whole — an address is personal data however it is written
_ADDRESS_FIELD = (
    r"""((?:(?i:address|addr|contact_address|home_address)|联系地址|居住地址|家庭住址|户籍地址|住址|地址)["']?\s*[:=：]\s*["']?)"""
    r"""([^"',;，；\n]{2,120})"""
)
# an address written out without a label: … 路/街/道/巷/大道 + number + 号 (and what follows: 栋,
# 单元, 室 …); the district and road stay, the number and what follows are masked
_ADDRESS = (r"([\u4e00-\u9fff]{1,20}(?:大道|路|街|巷|道|村))\s*"
            r"(\d+(?:[\-之]\d+)?\s*号(?:[\s\d\u4e00-\u9fffA-Za-z\-]{0,20}?(?:栋|座|单元|楼|层|室|房))*)")

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


def _card(m: re.Match[str]) -> str:
    from counter_protocol.identifiers import luhn_check_digit   # here: the window imports this module at start-up

    digits = re.sub(r"[ \-]", "", m.group(1))
    if not (16 <= len(digits) <= 19) or luhn_check_digit(digits[:-1]) != digits[-1]:
        return m.group(0)
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def _stars_but_last4(value: str) -> str:
    digits = sum(ch.isdigit() for ch in value)
    seen, out = 0, []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_text(text: str) -> str:
    """Mask every ID number, phone number (mobile, landline), bank-card number, labelled name and
    address found in free text."""
    text = mask_numbers(text)
    text = _compiled(_CARD).sub(_card, text)
    text = _compiled(_LANDLINE).sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3) + m.group(4), text)
    text = _compiled(_PHONE_FIELD).sub(lambda m: m.group(1) + _stars_but_last4(m.group(2)), text)
    text = _compiled(_ADDRESS_FIELD).sub(lambda m: m.group(1) + "（地址已隐去）", text)
    text = _compiled(_ADDRESS).sub(lambda m: m.group(1) + "**号", text)
    text = _compiled(_NAME_FIELD).sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    text = _compiled(_INPUT_VALUE).sub(r"\1…（已隐去）\3", text)
    return text
