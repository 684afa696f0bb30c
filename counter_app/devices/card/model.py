"""社会保障卡记录 (the typed card record) and the decoding of card fields.

Pure functions: bytes from the card's EF05/EF06 records (or the text of the unified reader
interface) in, typed values out. No I/O, no pyscard.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

from counter_app.devices.warnings import (CARD_BIRTH_DIFFERS, CARD_BIRTH_FUTURE, CARD_EXPIRED, CARD_EXPIRED_UNKNOWN,
                                          CARD_ISSUED_AFTER_EXPIRY, CARD_ISSUED_FUTURE, CARD_SEX_DIFFERS,
                                          CardWarning)

Sex = Literal["male", "female"]


@dataclass(frozen=True)
class CardRecord:
    """One social security card as read (社会保障卡基本信息)."""

    social_security_number: str          # 社会保障号码 (= 公民身份号码)
    name: str                            # 姓名
    sex: Sex | None                      # 性别
    birth_date: date | None              # 出生日期
    card_number: str                     # 社会保障卡卡号
    issue_date: date | None              # 发卡日期
    expiry_date: date | None             # 卡有效期
    area_code: str                       # 发卡地区行政区划代码 (first 6 chars of 卡识别码)
    spec_version: str                    # 规范版本, e.g. "2.00", "3.00"
    card_id: str                         # 卡识别码 (hex, upper case)
    card_type: str = ""                  # 卡类别
    issuing_institution: str = ""        # 发卡机构编号
    ethnicity: str = ""                  # 民族 (GB 3304 code)
    birthplace: str = ""                 # 出生地 (administrative division code)
    reset_info: str = ""                 # 复位信息 (ATR, hex) when the backend reports it
    source: str = "pcsc"                 # pcsc | unified | demo
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def third_generation(self) -> bool:
        """第三代社会保障卡 (规范版本 3.xx)."""
        return self.spec_version.strip().startswith("3")

    def is_expired(self, today: date) -> bool:
        """过期：有效期早于 ``today``（有效期当天仍有效）。"""
        return self.expiry_date is not None and self.expiry_date < today

    def warnings(self, today: date) -> list[str]:
        """Chinese warnings the clerk should see beside the data (the data still shows)."""
        return [w.text() for w in self.warning_items(today)]

    def warning_items(self, today: date) -> list[CardWarning]:
        """:meth:`warnings` as data (the window words them in its language)."""
        out = []
        if self.is_expired(today):
            out.append(CardWarning(CARD_EXPIRED, (self.expiry_date,)) if self.expiry_date
                       else CardWarning(CARD_EXPIRED_UNKNOWN))
        return out + inconsistencies(self, today)

    def content_problems(self, today: date) -> list[tuple[str, str]]:
        """What the card holds that cannot be right (the read fails): ``(label, explanation)``
        pairs; the label names the field without its data (for the audit trail)."""
        return content_problems(self, today)

    def as_dict(self, today: date) -> dict:
        """JSON-ready: dates as YYYY-MM-DD, plus ``expired`` relative to ``today``."""
        d = asdict(self)
        for key in ("birth_date", "issue_date", "expiry_date"):
            d[key] = d[key].isoformat() if d[key] else None
        d["expired"] = self.is_expired(today)
        d["warnings"] = self.warnings(today)
        if not d["extra"]:
            d.pop("extra")
        return d


# -- field decoding --------------------------------------------------------------------------

def decode_text(raw: bytes) -> str:
    """GBK/GB18030 text, 00/FF/space padded (姓名). GB18030 is a superset of GBK, so names
    with characters outside GB2312 (龑) and outside the BMP (𠮷) decode too."""
    raw = raw.rstrip(b"\x00\xff\x20")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raw = raw[:nul]
    return raw.decode("gb18030").strip()


def decode_ascii(raw: bytes) -> str:
    return raw.rstrip(b"\x00\xff\x20").decode("ascii").strip()


def decode_bcd(raw: bytes) -> str:
    """BCD digits, F-padded (出生地 '1101' from 11 01 FF)."""
    return raw.hex().upper().rstrip("F")


def decode_bcd_date(raw: bytes) -> date | None:
    """4-byte BCD YYYYMMDD; all zeros or all FF means not set."""
    if len(raw) != 4:
        raise ValueError(f"日期字段长度应为 4 字节，实际 {len(raw)} 字节")
    if raw in (b"\x00" * 4, b"\xff" * 4):
        return None
    return parse_yyyymmdd(raw.hex())


def parse_yyyymmdd(text: str) -> date | None:
    text = text.strip()
    if not text or set(text) <= {"0"}:
        return None
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(f"日期格式应为 YYYYMMDD：{text!r}")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def decode_code(raw: bytes) -> str:
    """A 1..n byte code: printable ASCII as text, otherwise hex (卡类别、发卡机构编号)."""
    stripped = raw.rstrip(b"\x00\x20")
    if stripped and all(0x20 <= b < 0x7F for b in stripped):
        return stripped.decode("ascii")
    return raw.hex().upper().rstrip("F") or ""


def decode_sex(raw: bytes) -> Sex | None:
    """'1' (or 0x01) 男, '2' (or 0x02) 女 (GB/T 2261.1); anything else unknown."""
    if not raw:
        return None
    b = raw[0]
    if b in (0x31, 0x01):
        return "male"
    if b in (0x32, 0x02):
        return "female"
    return None


def area_code_of(card_id_hex: str) -> str:
    return card_id_hex[:6] if re.fullmatch(r"\d{6}", card_id_hex[:6] or "") else ""


# -- holder facts from the ID number (unified interface gives no sex / birth date) ----------

def birth_date_from_id(value: str) -> date | None:
    from counter_protocol.identifiers import check_id

    return check_id(value).birth_date


def sex_from_id(value: str) -> Sex | None:
    """GB 11643: the 17th digit is odd for men (none for foreigners' permanent residence IDs)."""
    from counter_protocol.identifiers import check_id

    sex = check_id(value).sex
    return "male" if sex == "male" else "female" if sex == "female" else None


# -- what a card gives that cannot be right -----------------------------------------------------

class CardTextError(ValueError):
    """A text field that does not decode as the card's encoding would (GBK / GB18030)."""


def _looks_like_utf8(raw: bytes, decoded: str) -> bool:
    """A name written to the card in UTF-8 instead of GBK: the bytes are valid UTF-8 holding
    non-ASCII letters, and read as GB18030 they give characters outside GB2312 (mojibake such as
    “鐜嬮緫”). A real GBK name that is also valid UTF-8 and has a rare character is very unlikely."""
    try:
        as_utf8 = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if as_utf8.isascii() or not all(ch.isalpha() or ch in "·• " for ch in as_utf8):
        return False
    try:
        decoded.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def decode_name(raw: bytes) -> str:
    """姓名 as :func:`decode_text`, refusing bytes that are not the card's encoding
    (:class:`CardTextError`) instead of passing mojibake on."""
    try:
        text = decode_text(raw)
    except UnicodeDecodeError:
        raise CardTextError("姓名不是卡片规定的 GBK 编码") from None
    stripped = raw.rstrip(b"\x00\xff\x20").split(b"\x00", 1)[0]
    if _looks_like_utf8(stripped, text):
        raise CardTextError("姓名不是卡片规定的 GBK 编码（疑为 UTF-8 写卡）")
    return text


def content_problems(record: "CardRecord", today: date) -> list[tuple[str, str]]:
    """Impossible content: a 社会保障号码 that is no valid ID number (GB 11643 check digit, birth
    date), a name with control or direction characters."""
    from counter_protocol.free_text import unsafe_characters
    from counter_protocol.identifiers import check_id

    out: list[tuple[str, str]] = []
    idc = check_id(record.social_security_number, today=today)
    if not idc.valid:
        out.append(("社会保障号码无效", idc.error or ""))
    bad = unsafe_characters(record.name)
    if bad:
        out.append(("姓名含控制字符", "、".join(bad)))
    return out


def checked(record: "CardRecord") -> "CardRecord":
    """The record, or :class:`~counter_app.devices.card.errors.CardContentError` when what the card
    holds cannot be right (every backend's read ends here)."""
    from counter_app.devices.card.errors import CardContentError

    problems = record.content_problems(date.today())
    if problems:
        raise CardContentError(problems, detail="card content: " + "; ".join(label for label, _ in problems))
    return record


def inconsistencies(record: "CardRecord", today: date) -> list[CardWarning]:
    """Fields that disagree with each other or with the calendar (a warning: the data still shows)."""
    from counter_protocol.identifiers import check_id

    out = []
    born, sex_differs = check_id(record.social_security_number, today=today).disagreements(record.birth_date,
                                                                                           record.sex)
    if born and record.birth_date:
        out.append(CardWarning(CARD_BIRTH_DIFFERS, (record.birth_date, born)))
    elif record.birth_date and record.birth_date > today:
        out.append(CardWarning(CARD_BIRTH_FUTURE, (record.birth_date,)))
    if sex_differs:
        out.append(CardWarning(CARD_SEX_DIFFERS))
    if record.issue_date and record.expiry_date and record.issue_date > record.expiry_date:
        out.append(CardWarning(CARD_ISSUED_AFTER_EXPIRY, (record.issue_date, record.expiry_date)))
    if record.issue_date and record.issue_date > today:
        out.append(CardWarning(CARD_ISSUED_FUTURE, (record.issue_date,)))
    return out
