"""分局文书事项 (reference data set ``offices``): what each office's decisions name besides the office
itself — the 行政复议机关 and the people's court a person may turn to (行政复议法 2023 第二十条: a
decision that does not name the 复议机关 and the period leaves the period running from when the
person learns of them, up to one year) — and what its 转移联系函 gives the 转出地 agency
(6.4.1.1.1.3: the 转出地 sends the 信息表 and transfers the fund to this office): the account the fund
is paid into (开户名称, 开户银行, 银行账号) and the office's contact (联系地址, 联系电话, 邮政编码) —
and the office's 投诉渠道 (``complaint_channels``: a list of ``{kind, text}``, e.g. 电话 / 地址 /
网站), which its printed 服务指南 makes public (7.5.1: 向社会公示……投诉渠道等信息).

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


# 投诉渠道 (7.5.1): each a short kind (电话、地址、网站、信箱…) and its text, as the agency publishes it
CHANNELS_KEY = "complaint_channels"
CHANNELS_LABEL = "投诉渠道"
MAX_CHANNELS = 8
MAX_CHANNEL_KIND = 10
MAX_CHANNEL_TEXT = 120


@dataclass(frozen=True)
class ComplaintChannel:
    """One 投诉渠道 of an office: ``kind`` (电话、地址、网站…) and ``text`` (the number, address, URL)."""

    kind: str
    text: str


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
    complaint_channels: tuple[ComplaintChannel, ...] = ()   # 投诉渠道 (7.5.1), in the order published

    def remedy_fields(self) -> dict[str, str]:
        """The document fields of a decision (only what is set): ``review_body``, ``court``."""
        return {k: v for k, v in (("review_body", self.review_body), ("court", self.court)) if v}

    def transfer_fields(self) -> dict[str, str]:
        """The 转移联系函's account and contact (only what is set), under their document keys."""
        return {k: getattr(self, k) for k in TRANSFER_KEYS if getattr(self, k)}


def _clean(value: str) -> str:
    return " ".join(value.split())


def _channels(code: str, value: Any) -> tuple[ComplaintChannel, ...]:
    """The ``complaint_channels`` of office ``code``: a list of ``{"kind": …, "text": …}``."""
    where = f"分局 {code}：{CHANNELS_LABEL}（{CHANNELS_KEY}）"
    if not isinstance(value, list):
        raise OfficesError(f"{where}应为一个列表，每项为 {{\"kind\": 渠道种类, \"text\": 内容}}")
    if len(value) > MAX_CHANNELS:
        raise OfficesError(f"{where}最多 {MAX_CHANNELS} 项")
    out = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, Mapping) or set(item) != {"kind", "text"}:
            raise OfficesError(f"{where}第 {i} 项应为 {{\"kind\": 渠道种类, \"text\": 内容}}，只有这两项")
        kind, text = item["kind"], item["text"]
        if not isinstance(kind, str) or not isinstance(text, str):
            raise OfficesError(f"{where}第 {i} 项的 kind 和 text 应为文字")
        kind, text = _clean(kind), _clean(text)
        if _forbidden(kind, "<>&"):
            raise OfficesError(f"{where}第 {i} 项的渠道种类（kind）不能含有 {_forbidden(kind, '<>&')}")
        if _forbidden(text, "<>"):
            raise OfficesError(f"{where}第 {i} 项的内容（text）不能含有 {_forbidden(text, '<>')}（不含 < >）")
        if not kind or len(kind) > MAX_CHANNEL_KIND:
            raise OfficesError(f"{where}第 {i} 项的渠道种类（kind）应为不超过 {MAX_CHANNEL_KIND} 字的名称，如 电话、地址、网站")
        if not text or len(text) > MAX_CHANNEL_TEXT or any(ch in text for ch in "<>"):
            raise OfficesError(f"{where}第 {i} 项的内容（text）应为不超过 {MAX_CHANNEL_TEXT} 字的文字（不含 < >）")
        out.append(ComplaintChannel(kind, text))
    return tuple(out)


def _forbidden(value: str, characters: str) -> str:
    """The characters of ``characters`` that ``value`` holds, quoted and listed (``“<”、“&”``), or empty."""
    return "、".join(f"“{ch}”" for ch in characters if ch in value)


def offices_from_dict(content: Mapping[str, Any]) -> dict[str, OfficeFacts]:
    """office code → :class:`OfficeFacts`, from ``{"offices": {"FT": {"review_body": …, "court": …,
    "complaint_channels": [{"kind": "电话", "text": …}]}}}``."""
    offices = content.get("offices", {})
    if not isinstance(offices, Mapping):
        raise OfficesError("offices 应为以分局代码为键的表")
    out: dict[str, OfficeFacts] = {}
    for code, entry in offices.items():
        if not isinstance(code, str) or not OFFICE_CODE_RE.match(code):
            raise OfficesError(f"分局代码 {code!r} 不正确（大写字母和数字，1–8 位）")
        if not isinstance(entry, Mapping):
            raise OfficesError(f"分局 {code}：应为一个表（{'、'.join((*_KEYS, *TRANSFER_KEYS, CHANNELS_KEY))}）")
        unknown = sorted(set(map(str, entry)) - set(_KEYS) - set(TRANSFER_KEYS) - {CHANNELS_KEY})
        if unknown:
            raise OfficesError(f"分局 {code}：不认识的项 {'、'.join(unknown)}"
                               f"（可用：{'、'.join((*_KEYS, *TRANSFER_KEYS, CHANNELS_KEY))}）")
        values: dict[str, Any] = {}
        for key, label in {**_KEYS, **TRANSFER_KEYS}.items():
            value = entry.get(key, "")
            if not isinstance(value, str):
                raise OfficesError(f"分局 {code}：{label}（{key}）应为文字")
            value = " ".join(value.split())
            forbidden = _forbidden(value, "<>&")
            if forbidden:
                raise OfficesError(f"分局 {code}：{label}（{key}）不能含有 {forbidden}（文书照印，只写名称）")
            if len(value) > MAX_NAME:
                raise OfficesError(f"分局 {code}：{label}（{key}）应为不超过 {MAX_NAME} 字的名称（现为 {len(value)} 字）")
            pattern = _PATTERNS.get(key)
            if value and pattern is not None and not pattern[0].match(value):
                raise OfficesError(f"分局 {code}：{label}（{key}）{pattern[1]}")
            values[key] = value
        values[CHANNELS_KEY] = _channels(code, entry.get(CHANNELS_KEY, []))
        out[code] = OfficeFacts(**values)
    return out
