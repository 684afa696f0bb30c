"""社会保障卡记录 (the typed card record) and the decoding of card fields.

Pure functions: bytes from the card's EF05/EF06 records (or the text of the unified reader
interface) in, typed values out. No I/O, no pyscard.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Literal

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
        from counter_app.devices.card.errors import ExpiredCardWarning

        out = []
        if self.is_expired(today):
            out.append(ExpiredCardWarning(self.expiry_date).message)
        return out

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
