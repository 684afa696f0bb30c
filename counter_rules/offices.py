"""分局文书事项 (reference data set ``offices``): what each office's decisions name besides the office
itself — the 行政复议机关 and the people's court a person may turn to (行政复议法 2023 第二十条: a
decision that does not name the 复议机关 and the period leaves the period running from when the
person learns of them, up to one year) — and what its 转移联系函 gives the 转出地 agency
(6.4.1.1.1.3: the 转出地 sends the 信息表 and transfers the fund to this office): the account the fund
is paid into (开户名称, 开户银行, 银行账号) and the office's contact (联系地址, 联系电话, 邮政编码).

These are facts of the agency's own organisation, not of the program: nothing is assumed. The
shipped file (``resources/reference/offices.json``) names none; the centre publishes the agency's
(``counter-central reference publish offices FILE``). An office without them keeps the general
wording (依法申请行政复议 / 依法向人民法院提起行政诉讼). Pure: the counter and the centre both check
a file with :func:`offices_from_dict` (the centre before it publishes, the counter before it uses one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

OFFICE_CODE_RE = re.compile(r"^[A-Z0-9]{1,8}$")
MAX_NAME = 60
_KEYS = {"review_body": "行政复议机关", "court": "人民法院"}
# the office's fund account and contact, printed on its 转移联系函 (6.4.1.1.1.2, 6.4.2.1.1.2)
TRANSFER_KEYS = {"account_name": "开户名称", "bank": "开户银行", "bank_account": "银行账号",
                 "contact_address": "联系地址", "contact_phone": "联系电话", "postcode": "邮政编码"}
_PATTERNS = {"bank_account": (re.compile(r"^[0-9][0-9 -]{5,38}[0-9]$"), "应为银行账号（数字，可含空格或连字符）"),
             "contact_phone": (re.compile(r"^[0-9][0-9 ()+-]{4,28}[0-9]$"), "应为电话号码（数字，可含区号连字符）"),
             "postcode": (re.compile(r"^[0-9]{6}$"), "应为 6 位数字")}


class OfficesError(ValueError):
    """The file cannot be used; the message is the administrator's (Chinese)."""


@dataclass(frozen=True)
class OfficeFacts:
    review_body: str = ""   # 行政复议机关, e.g. the name the agency gives it in its own decisions
    court: str = ""         # the court a 行政诉讼 against the office's decisions is brought before
    account_name: str = ""      # 开户名称 of the fund account a 转出地 pays a transfer into
    bank: str = ""              # 开户银行
    bank_account: str = ""      # 银行账号
    contact_address: str = ""   # 联系地址
    contact_phone: str = ""     # 联系电话
    postcode: str = ""          # 邮政编码

    def remedy_fields(self) -> dict[str, str]:
        """The document fields of a decision (only what is set): ``review_body``, ``court``."""
        return {k: v for k, v in (("review_body", self.review_body), ("court", self.court)) if v}

    def transfer_fields(self) -> dict[str, str]:
        """The 转移联系函's account and contact (only what is set), under their document keys."""
        return {k: getattr(self, k) for k in TRANSFER_KEYS if getattr(self, k)}


def offices_from_dict(content: Mapping[str, Any]) -> dict[str, OfficeFacts]:
    """office code → :class:`OfficeFacts`, from ``{"offices": {"FT": {"review_body": …, "court": …}}}``."""
    offices = content.get("offices", {})
    if not isinstance(offices, Mapping):
        raise OfficesError("offices 应为以分局代码为键的表")
    out: dict[str, OfficeFacts] = {}
    for code, entry in offices.items():
        if not isinstance(code, str) or not OFFICE_CODE_RE.match(code):
            raise OfficesError(f"分局代码 {code!r} 不正确（大写字母和数字，1–8 位）")
        if not isinstance(entry, Mapping):
            raise OfficesError(f"分局 {code}：应为一个表（{'、'.join((*_KEYS, *TRANSFER_KEYS))}）")
        unknown = sorted(set(entry) - set(_KEYS) - set(TRANSFER_KEYS))
        if unknown:
            raise OfficesError(f"分局 {code}：不认识的项 {'、'.join(map(str, unknown))}"
                               f"（可用：{'、'.join((*_KEYS, *TRANSFER_KEYS))}）")
        values = {}
        for key, label in {**_KEYS, **TRANSFER_KEYS}.items():
            value = entry.get(key, "")
            if not isinstance(value, str):
                raise OfficesError(f"分局 {code}：{label}（{key}）应为文字")
            value = " ".join(value.split())
            if len(value) > MAX_NAME or any(ch in value for ch in "<>&"):
                raise OfficesError(f"分局 {code}：{label}（{key}）应为不超过 {MAX_NAME} 字的名称")
            pattern = _PATTERNS.get(key)
            if value and pattern is not None and not pattern[0].match(value):
                raise OfficesError(f"分局 {code}：{label}（{key}）{pattern[1]}")
            values[key] = value
        out[code] = OfficeFacts(**values)
    return out
