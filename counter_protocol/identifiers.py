"""Identifier checks (证件号码、统一社会信用代码、手机号码、邮政编码、银行卡号).

Each check answers :class:`IdCheck`: valid, or invalid with one precise Chinese reason — wrong
length, a bad character and its 1-based position, an impossible date, or a wrong check
character together with the expected one. Never a silent accept. Facts: policy.md §6.

- 公民身份号码 (GB 11643-1999): 18 characters; weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 on
  the first 17 digits, sum mod 11 → check ``10X98765432``; digits 7–14 a real birth date; the
  17th digit odd for men.
- 港澳居民居住证 / 台湾居民居住证: the same form and check, first six digits 810000 / 820000 /
  830000.
- 外国人永久居留身份证 (from 2023-12): 18 digits starting with 9 (9 + issuing province 2 +
  nationality 3 + birth date 8 + sequence 3 + the same check). The older form: 3 letters + 12
  digits (shape only — no further rule is known to us).
- 统一社会信用代码 (GB 32100-2015): alphabet ``0123456789ABCDEFGHJKLMNPQRTUWXY``, weights
  1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, check = (31 − sum mod 31) mod 31.
- 银行卡号: 12–19 digits with the Luhn check.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

KIND_LABELS = {
    "citizen_id": "居民身份证",
    "hk_macau_residence_permit": "港澳居民居住证",
    "taiwan_residence_permit": "台湾居民居住证",
    "foreign_permanent_id": "外国人永久居留身份证",
    "foreign_permanent_id_old": "外国人永久居留证（旧版15位）",
    "uscc": "统一社会信用代码",
    "mobile": "手机号码",
    "postcode": "邮政编码",
    "bank_card": "银行卡号",
}


@dataclass(frozen=True)
class IdCheck:
    valid: bool
    kind: str | None = None
    error: str | None = None
    birth_date: date | None = None
    sex: Literal["male", "female"] | None = None
    normalized: str | None = None   # trimmed, upper-case form when valid

    def disagreements(self, birth_date: date | None, sex: str | None) -> tuple[date | None, bool]:
        """What a card or certificate says beside a valid number and the number contradicts: (the
        number's birth date when ``birth_date`` is given and is another, else None; whether ``sex``
        is given and is another). Nothing for an invalid number."""
        born = (self.birth_date if self.valid and self.birth_date and birth_date and birth_date != self.birth_date
                else None)
        return born, bool(self.valid and self.sex and sex and sex != self.sex)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        return d


def _bad(error: str, kind: str | None = None) -> IdCheck:
    return IdCheck(valid=False, kind=kind, error=error)


def _char_desc(ch: str) -> str:
    return "空格" if ch.isspace() else f"“{ch}”"


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=False))
    return ID_CHECK_CHARS[total % 11]


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of 17 code characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _parse_date(digits: str, start_pos: int, label: str, today: date | None) -> tuple[date | None, str | None]:
    """digits = YYYYMMDD starting at 1-based position ``start_pos`` of the whole number."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    where = f"第{start_pos}—{start_pos + 7}位"
    if year < 1800:
        return None, f"{label}日期无效：{where}“{digits}”年份{year}不可能"
    try:
        d = date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            return None, f"{label}日期无效：{where}“{digits}”中月份{month:02d}不存在"
        return None, f"{label}日期无效：{where}“{digits}”中{year}年{month}月没有{day:02d}日"
    if today is not None and d > today:
        return None, f"{label}日期无效：{where}“{digits}”晚于今天"
    return d, None


def _kind_of_18(value: str) -> str:
    if value.startswith(("810000", "820000")):
        return "hk_macau_residence_permit"
    if value.startswith("830000"):
        return "taiwan_residence_permit"
    if value.startswith("9"):
        return "foreign_permanent_id"
    return "citizen_id"


def check_id(value: str | None, *, today: date | None = None) -> IdCheck:
    """Check a personal ID number of any supported kind (see module doc).

    ``today`` (optional, no clock is read) also rejects a birth date in the future.
    A lower-case ``x`` check character is accepted as ``X``.
    """
    v = (value or "").strip()
    if not v:
        return _bad("证件号码为空")
    if len(v) == 15 and v[0].isalpha():
        return _check_foreign_old(v)
    if len(v) != 18:
        return _bad(f"长度错误：证件号码应为18位（旧版外国人永久居留证为15位），实际为{len(v)}位")
    v = v[:17] + v[17].upper()
    for i, ch in enumerate(v[:17], start=1):
        if not ("0" <= ch <= "9"):
            return _bad(f"第{i}位字符{_char_desc(ch)}无效：前17位应为数字", _kind_of_18(v) if v[0].isdigit() else None)
    kind = _kind_of_18(v)
    label = KIND_LABELS[kind]
    if not (("0" <= v[17] <= "9") or v[17] == "X"):
        return _bad(f"第18位字符{_char_desc(v[17])}无效：校验位应为数字或X", kind)
    birth, err = _parse_date(v[6:14], 7, "出生", today)
    if err:
        return _bad(f"{label}{err}", kind)
    expected = id_check_char(v[:17])
    if v[17] != expected:
        return _bad(f"校验位错误：第18位应为“{expected}”，实际为“{v[17]}”", kind)
    sex: Literal["male", "female"] | None = None
    if kind != "foreign_permanent_id":
        sex = "male" if int(v[16]) % 2 == 1 else "female"
    return IdCheck(valid=True, kind=kind, birth_date=birth, sex=sex, normalized=v)


def _check_foreign_old(v: str) -> IdCheck:
    kind = "foreign_permanent_id_old"
    for i, ch in enumerate(v, start=1):
        if i <= 3:
            if not ("A" <= ch.upper() <= "Z"):
                return _bad(f"第{i}位字符{_char_desc(ch)}无效：前3位应为字母", kind)
        elif not ("0" <= ch <= "9"):
            return _bad(f"第{i}位字符{_char_desc(ch)}无效：第4—15位应为数字", kind)
    return IdCheck(valid=True, kind=kind, normalized=v.upper())


def check_uscc(value: str | None) -> IdCheck:
    """统一社会信用代码 (GB 32100-2015); lower-case letters are accepted as upper-case."""
    kind = "uscc"
    raw = (value or "").strip()
    if not raw:
        return _bad("统一社会信用代码为空", kind)
    if len(raw) != 18:
        return _bad(f"长度错误：统一社会信用代码应为18位，实际为{len(raw)}位", kind)
    v = raw.upper()
    for i, (ch, orig) in enumerate(zip(v, raw, strict=False), start=1):
        if ch not in USCC_ALPHABET:
            hint = "（不使用字母 I、O、Z、S、V）" if ch in "IOZSV" else "（只允许数字和大写字母）"
            return _bad(f"第{i}位字符{_char_desc(orig)}无效{hint}", kind)
    expected = uscc_check_char(v[:17])
    if v[17] != expected:
        return _bad(f"校验位错误：第18位应为“{expected}”，实际为“{v[17]}”", kind)
    return IdCheck(valid=True, kind=kind, normalized=v)


def check_mobile(value: str | None) -> IdCheck:
    """手机号码: 11 digits, 1 then 3–9; an optional +86/86 prefix, spaces and hyphens are ignored."""
    kind = "mobile"
    v = (value or "").strip().replace(" ", "").replace("-", "")
    if not v:
        return _bad("手机号码为空", kind)
    if v.startswith("+86"):
        v = v[3:]
    elif v.startswith("86") and len(v) == 13:
        v = v[2:]
    for i, ch in enumerate(v, start=1):
        if not ("0" <= ch <= "9"):
            return _bad(f"第{i}位字符{_char_desc(ch)}无效：手机号码应为数字", kind)
    if len(v) != 11:
        return _bad(f"长度错误：手机号码应为11位，实际为{len(v)}位", kind)
    if v[0] != "1" or v[1] not in "3456789":
        return _bad(f"号段错误：手机号码应以13—19开头，实际为“{v[:2]}”", kind)
    return IdCheck(valid=True, kind=kind, normalized=v)


def check_postcode(value: str | None) -> IdCheck:
    """邮政编码: 6 digits."""
    kind = "postcode"
    v = (value or "").strip()
    if not v:
        return _bad("邮政编码为空", kind)
    for i, ch in enumerate(v, start=1):
        if not ("0" <= ch <= "9"):
            return _bad(f"第{i}位字符{_char_desc(ch)}无效：邮政编码应为数字", kind)
    if len(v) != 6:
        return _bad(f"长度错误：邮政编码应为6位，实际为{len(v)}位", kind)
    return IdCheck(valid=True, kind=kind, normalized=v)


def luhn_check_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload`` (digits)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def check_bank_card(value: str | None) -> IdCheck:
    """银行卡号: 12–19 digits (spaces ignored) with a valid Luhn check digit."""
    kind = "bank_card"
    v = (value or "").strip().replace(" ", "")
    if not v:
        return _bad("银行卡号为空", kind)
    for i, ch in enumerate(v, start=1):
        if not ("0" <= ch <= "9"):
            return _bad(f"第{i}位字符{_char_desc(ch)}无效：银行卡号应为数字", kind)
    if not 12 <= len(v) <= 19:
        return _bad(f"长度错误：银行卡号应为12—19位，实际为{len(v)}位", kind)
    expected = luhn_check_digit(v[:-1])
    if v[-1] != expected:
        return _bad(f"校验位错误：按Luhn算法末位应为“{expected}”，实际为“{v[-1]}”", kind)
    return IdCheck(valid=True, kind=kind, normalized=v)
