"""Field work on the reference registry (上门认证): the optional roster keys of the JSON-lines import
format, and what a synced home visit changes in the person's record.

Optional person keys (docs/registry.md): ``address`` (居住地址), ``phone`` (联系电话), ``photo``
(base64 JPEG/PNG, the registry photo) and ``fingerprint_template`` (base64, the template enrolled at
6.6.1.1.2.3 as the registry holds it). They are kept in their own columns, not in the record JSON.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Iterable

from sqlalchemy.orm import Session

FIELD_KEYS = ("address", "phone", "photo", "fingerprint_template")
MAX_ADDRESS, MAX_PHONE = 200, 32
MAX_BLOB_BASE64 = 96 * 1024


def split_field_keys(lines: Iterable[str | bytes]) -> tuple[list[str | bytes], dict[int, dict], list[tuple[int, str]]]:
    """(lines without the field keys, line number → those keys, problems). A line that is not a
    JSON object is passed on unchanged for the record parser to report."""
    out: list[str | bytes] = []
    extras: dict[int, dict] = {}
    problems: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        try:
            text = line.strip() if isinstance(line, str) else line.decode("utf-8").strip()
            raw = json.loads(text) if text else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            out.append(line)
            continue
        if not isinstance(raw, dict) or raw.get("kind", "person") != "person" or not set(raw) & set(FIELD_KEYS):
            out.append(line)
            continue
        found = {k: raw.pop(k) for k in FIELD_KEYS if k in raw}
        bad = _problems(found)
        if bad:
            problems.append((n, "；".join(bad)))
        extras[n] = {k: v for k, v in found.items() if v not in (None, "")}
        out.append(json.dumps(raw, ensure_ascii=False))
    return out, extras, problems


def _problems(found: dict) -> list[str]:
    bad = []
    for key, limit in (("address", MAX_ADDRESS), ("phone", MAX_PHONE)):
        v = found.get(key)
        if v is not None and (not isinstance(v, str) or len(v) > limit):
            bad.append(f"{key}：应为不超过 {limit} 个字符的文本")
    for key in ("photo", "fingerprint_template"):
        v = found.get(key)
        if v is None:
            continue
        try:
            if not isinstance(v, str) or len(v) > MAX_BLOB_BASE64:
                raise ValueError
            base64.b64decode(v, validate=True)
        except (ValueError, binascii.Error):
            bad.append(f"{key}：应为 base64 编码（不超过 {MAX_BLOB_BASE64 // 1024} KB）")
    return bad


def flag_person(session: Session, id_number: str, flag: str) -> bool:
    """Raise a flag for the centre on the person (e.g. ``deceased_reported``): nothing is deleted
    and the status is not changed; the centre's staff act on it (a death report:
    counter_central.certification.report_death, death_reports, clear_death_report). The caller commits."""
    from counter_central.db import RegistryPerson

    row = session.get(RegistryPerson, id_number.strip().upper())
    if row is None:
        return False
    row.field_flag = flag
    return True


# ------------------------------------------------------------------------------------ demo

# (office, name, sex, birth, months since the last certification (None: never), address, phone)
_DEMO_FIELD = (
    ("FT", "陈桂兰", "female", "1946-02-11", 12, "福田区莲花街道景田北社区景田北路 12 号 3 栋 502", "13800138011"),
    ("FT", "周德明", "male", "1941-09-23", 14, "福田区华富街道田面社区深南中路 3018 号 6 栋 201", "13800138012"),
    ("FT", "吴淑珍", "female", "1939-12-30", None, "福田区园岭街道百花二路 7 号 2 栋 101", "0755-83330012"),
    ("LH", "郑国强", "male", "1944-05-02", 12, "罗湖区东门街道湖贝路 88 号 9 栋 704", "13800138021"),
    ("LH", "黄玉梅", "female", "1948-07-19", 13, "罗湖区翠竹街道翠竹北路 21 号 1 栋 303", "13800138022"),
)


# the demo pensioners' registry photo: a plain grey silhouette (60×80 PNG), so the demo's home visits
# can take the photo path (核对档案照片: a person with no enrolled template and no photo cannot be
# certified at home, counter_central.field / counter_app.workflows.field)
DEMO_PHOTO = ("iVBORw0KGgoAAAANSUhEUgAAADwAAABQCAAAAABgoUmPAAAAw0lEQVR42u2WWw4CIQxFGeKOu46z0tnEfJhojEAvIo"
              "hJ+ZlQetInU44zfb5yCjhgZ90aZ9w/VlU4Tgdt4TWY1631xIyzb8EIkimlQpRlUa8o3ao9SUn0O+7zj+Ha7bXNYzbR"
              "67JlE2UTYjYtlKyVxdb9twcnxr9OSbx8jQ26MsxAey4ZN+9uU0+heZZJQv4rMM3CMq/DcNRpwLjGmOM2AkAFRjLHZh"
              "MDEeHblpEZ4k3Sla+nbjziAl4EWwdkkbCujD00LzrJKckCXsOPAAAAAElFTkSuQmCC")


def _months_back(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, min(today.day, 28))


def demo_field_lines(today: date) -> list[str]:
    """Demo pensioners for the field roster, dated relative to ``today`` so the demo always has
    people lapsing soon and lapsed in two offices (FT and LH), in the registry import format."""
    from counter_protocol.identifiers import id_check_char

    lines = []
    for n, (office, name, sex, birth, months, address, phone) in enumerate(_DEMO_FIELD, start=1):
        area = "440304" if office == "FT" else "440303"
        seq = f"{70 + n:02d}{1 if sex == 'male' else 2}"
        first17 = area + birth.replace("-", "") + seq
        last = _months_back(today, months).isoformat() if months is not None else None
        lines.append(json.dumps({
            "kind": "person", "id_number": first17 + id_check_char(first17), "name": name, "sex": sex,
            "birth": birth, "category": "male" if sex == "male" else "female_worker", "status": "retired",
            "office": office, "insured_since": "1985-01-01", "contribution_months": 360, "deemed_months": 60,
            "history_reviewed": True, "special_work_months": None, "account_balance": "0",
            "benefit_place_shenzhen": True, "last_certified": last, "unit_uscc": None,
            "address": address, "phone": phone, "photo": DEMO_PHOTO}, ensure_ascii=False))
    return lines
