"""居民身份证记录 (the typed ID card record) and the decoding of the GA/T 467 base message.

Pure functions: the 256-byte text block of ``SDT_ReadBaseMsg`` (or the dict of a JSON-returning
vendor library) in, an :class:`IdCardRecord` out. No I/O, no ctypes.

Base message (文字信息, UCS-2 little-endian, space padded), 256 bytes:

=====================  =====  ============================================
field                  bytes  content
=====================  =====  ============================================
姓名 name                 30  15 characters
性别 sex                   2  GB/T 2261.1 code: 1 男, 2 女, 0 未知, 9 未说明
民族 ethnicity             4  GB/T 3304 code, two digits ("01" 汉)
出生 birth                16  YYYYMMDD
住址 address              70  35 characters
公民身份号码 ID number    36  18 characters
签发机关 authority        30  15 characters
有效期起始 valid from     16  YYYYMMDD
有效期截止 valid until    16  YYYYMMDD, or "长期" (long-term)
预留 reserved             36
=====================  =====  ============================================

The photo block (1024 bytes) is the security module's compressed "wlt" image: decoding it to a
bitmap is the vendor's job (``GetBmp`` of the vendor library, or a photo file it writes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from counter_app.devices.warnings import IDCARD_BIRTH_DIFFERS, IDCARD_EXPIRED, IDCARD_SEX_DIFFERS, CardWarning

from counter_app.domain.ethnicity import ethnicity_code, ethnicity_name

Sex = Literal["male", "female"]

BASE_MESSAGE_LAYOUT = (("name", 30), ("sex", 2), ("ethnicity", 4), ("birth", 16), ("address", 70),
                       ("id_number", 36), ("authority", 30), ("valid_from", 16), ("valid_until", 16),
                       ("reserved", 36))
BASE_MESSAGE_SIZE = sum(n for _, n in BASE_MESSAGE_LAYOUT)          # 256
PHOTO_WLT_SIZE = 1024
LONG_TERM = "长期"


@dataclass(frozen=True)
class IdCardRecord:
    """One 居民身份证 as read through the security module."""

    id_number: str                       # 公民身份号码
    name: str                            # 姓名
    sex: Sex | None                      # 性别
    ethnicity_code: str                  # 民族代码 (GB/T 3304)
    ethnicity: str                       # 民族名称
    birth_date: date | None              # 出生日期
    address: str                         # 住址
    issuing_authority: str               # 签发机关
    valid_from: date | None              # 有效期限起始日期
    valid_until: date | None             # 有效期限截止日期 (None with long_term: 长期)
    long_term: bool = False              # 长期有效
    source: str = "sdtapi"               # sdtapi | json | demo
    photo: bytes = field(default=b"", repr=False, compare=False)   # decoded photo (BMP/JPEG/PNG) when the vendor gives it
    photo_format: str = ""               # bmp | jpeg | png | ""

    # The applicant form and the card bridge treat any card alike: the number is the 社会保障号码.
    @property
    def social_security_number(self) -> str:
        return self.id_number

    def is_expired(self, today: date) -> bool:
        """过期：截止日期早于 ``today``（截止日当天仍有效；长期证件不过期）。"""
        return not self.long_term and self.valid_until is not None and self.valid_until < today

    def warnings(self, today: date) -> list[str]:
        """Chinese warnings the clerk should see beside the data (the data still shows)."""
        return [w.text() for w in self.warning_items(today)]

    def warning_items(self, today: date) -> list[CardWarning]:
        """:meth:`warnings` as data (the window words them in its language)."""
        out = []
        if self.is_expired(today) and self.valid_until is not None:     # expired: it has an end date
            out.append(CardWarning(IDCARD_EXPIRED, (self.valid_until,)))
        return out + inconsistencies(self)

    def validity_text(self) -> str:
        start = self.valid_from.isoformat() if self.valid_from else "—"
        end = LONG_TERM if self.long_term else (self.valid_until.isoformat() if self.valid_until else "—")
        return f"{start} 至 {end}"

    def as_dict(self, today: date) -> dict:
        """JSON-ready (dates as YYYY-MM-DD, valid_until null for 长期); the photo itself is not in it."""
        iso = lambda d: d.isoformat() if d else None
        return {
            "id_number": self.id_number, "name": self.name, "sex": self.sex,
            "ethnicity_code": self.ethnicity_code, "ethnicity": self.ethnicity,
            "birth_date": iso(self.birth_date), "address": self.address,
            "issuing_authority": self.issuing_authority, "valid_from": iso(self.valid_from),
            "valid_until": iso(self.valid_until), "long_term": self.long_term,
            "expired": self.is_expired(today), "warnings": self.warnings(today), "source": self.source,
            "photo_format": self.photo_format or None, "photo_size": len(self.photo),
        }


# -- decoding ----------------------------------------------------------------------------------

def _text(raw: bytes) -> str:
    text = raw.decode("utf-16-le", errors="strict")
    nul = text.find("\x00")
    if nul >= 0:
        text = text[:nul]
    return text.strip(" \u3000")


def split_base_message(raw: bytes) -> dict[str, str]:
    """The ten text fields of the 256-byte base message (UCS-2LE), stripped."""
    if len(raw) < BASE_MESSAGE_SIZE - 36:   # some modules return it without the reserved tail
        raise ValueError(f"身份证文字信息长度应为 {BASE_MESSAGE_SIZE} 字节，实际 {len(raw)} 字节")
    out, pos = {}, 0
    for name, size in BASE_MESSAGE_LAYOUT:
        out[name] = _text(raw[pos:pos + size]) if pos < len(raw) else ""
        pos += size
    return out


def parse_card_date(text: str, what: str) -> date | None:
    text = (text or "").strip().replace("-", "").replace(".", "").replace("/", "")
    if not text:
        return None
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(f"{what}格式应为 YYYYMMDD：{text!r}")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"{what}不是有效日期：{text!r}") from None


def decode_sex(code: str) -> Sex | None:
    code = (code or "").strip()
    if code in ("1", "男"):
        return "male"
    if code in ("2", "女"):
        return "female"
    return None


class ContentProblem(ValueError):
    """What the card holds cannot be right (not merely unreadable): ``label`` names the problem
    without the card's data (the audit trail records it), the message says it in full."""

    def __init__(self, label: str, message: str):
        super().__init__(message)
        self.label = label


def record_from_fields(f: dict[str, str], *, source: str, photo: bytes = b"", photo_format: str = "") -> IdCardRecord:
    """An :class:`IdCardRecord` from decoded text fields (keys as in :data:`BASE_MESSAGE_LAYOUT`).

    Raises ``ValueError`` with a Chinese message naming the field that is wrong
    (:class:`ContentProblem` when the data cannot be right).
    """
    from counter_protocol.free_text import unsafe_characters
    from counter_protocol.identifiers import check_id

    number = (f.get("id_number") or "").strip().upper()
    name = (f.get("name") or "").strip()
    if not number:
        raise ValueError("未读到公民身份号码")
    if not name:
        raise ValueError("未读到姓名")
    idc = check_id(number, today=date.today())
    if not idc.valid:
        raise ContentProblem("公民身份号码无效", f"公民身份号码无效：{idc.error}")
    for key, label in (("name", "姓名"), ("address", "住址"), ("authority", "签发机关")):
        bad = unsafe_characters(f.get(key) or "")
        if bad:
            raise ContentProblem(f"{label}含控制字符", f"{label}含控制字符（{'、'.join(bad)}）")
    eth = (f.get("ethnicity") or "").strip()
    if eth and not eth.isdigit():          # JSON libraries may give the name ("汉") instead of the code
        code = ethnicity_code(eth)
        eth_name = ethnicity_name(code) or eth
    else:
        code = eth.zfill(2) if eth else ""
        eth_name = ethnicity_name(code)
    until_text = (f.get("valid_until") or "").strip()
    long_term = until_text == LONG_TERM or until_text.startswith(LONG_TERM)
    valid_from = parse_card_date(f.get("valid_from", ""), "有效期起始日期")
    valid_until = None if long_term else parse_card_date(until_text, "有效期截止日期")
    if valid_from and valid_until and valid_from > valid_until:
        raise ContentProblem("有效期起始日期晚于截止日期",
                             f"有效期起始日期（{valid_from.isoformat()}）晚于截止日期（{valid_until.isoformat()}）")
    return IdCardRecord(
        id_number=number, name=name, sex=decode_sex(f.get("sex", "")) or idc.sex,
        ethnicity_code=code, ethnicity=eth_name,
        birth_date=parse_card_date(f.get("birth", ""), "出生日期") or idc.birth_date,
        address=(f.get("address") or "").strip(), issuing_authority=(f.get("authority") or "").strip(),
        valid_from=valid_from, valid_until=valid_until,
        long_term=long_term, source=source, photo=photo, photo_format=photo_format,
    )


def inconsistencies(record: IdCardRecord) -> list[CardWarning]:
    """Fields that disagree with the number (a warning: the data still shows)."""
    from counter_protocol.identifiers import check_id

    out = []
    born, sex_differs = check_id(record.id_number).disagreements(record.birth_date, record.sex)
    if born and record.birth_date:
        out.append(CardWarning(IDCARD_BIRTH_DIFFERS, (record.birth_date, born)))
    if sex_differs:
        out.append(CardWarning(IDCARD_SEX_DIFFERS))
    return out


def decode_base_message(raw: bytes, *, source: str = "sdtapi", photo: bytes = b"", photo_format: str = "") -> IdCardRecord:
    """The 256-byte GA/T 467 text block → :class:`IdCardRecord` (``ValueError`` in Chinese)."""
    try:
        fields_ = split_base_message(raw)
    except UnicodeDecodeError:
        raise ValueError("身份证文字信息不是 UCS-2 编码") from None
    return record_from_fields(fields_, source=source, photo=photo, photo_format=photo_format)


def encode_base_message(*, name: str, sex: str, ethnicity: str, birth: str, address: str, id_number: str,
                        authority: str, valid_from: str, valid_until: str) -> bytes:
    """The inverse of :func:`split_base_message` (demo backend, tests): each field UCS-2LE, space padded."""
    values = {"name": name, "sex": sex, "ethnicity": ethnicity, "birth": birth, "address": address,
              "id_number": id_number, "authority": authority, "valid_from": valid_from,
              "valid_until": valid_until, "reserved": ""}
    out = b""
    for key, size in BASE_MESSAGE_LAYOUT:
        data = values[key].encode("utf-16-le")
        if len(data) > size:
            raise ValueError(f"{key} 超长（最多 {size // 2} 个字符）")
        out += data + " ".encode("utf-16-le") * ((size - len(data)) // 2)
    return out


def sniff_photo_format(data: bytes) -> str:
    if data.startswith(b"BM"):
        return "bmp"
    if data.startswith(b"\xff\xd8"):
        return "jpeg"
    if data.startswith(b"\x89PNG"):
        return "png"
    return ""
