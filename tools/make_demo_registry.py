"""Generate counter_central/registry/demo-registry.jsonl: the demo registry (``registry import
--seed-demo``). Every ID number and credit code has a valid check character
(counter_protocol.identifiers). Run once; the data file is shipped.

    PYTHONPATH=. python tools/make_demo_registry.py
"""

from __future__ import annotations

import json
from pathlib import Path

from counter_protocol.identifiers import check_id, check_uscc, id_check_char, uscc_check_char

OUT = Path(__file__).resolve().parents[1] / "counter_central" / "registry" / "demo-registry.jsonl"


def pid(area: str, birth: str, seq: int, male: bool) -> str:
    """440304 + YYYYMMDD + 2-digit seq + sex digit (odd = man) + check."""
    sex_digit = (seq % 5) * 2 + (1 if male else 0)
    first17 = f"{area}{birth.replace('-', '')}{seq:02d}{sex_digit}"
    v = first17 + id_check_char(first17)
    assert check_id(v).valid, v
    return v


def uscc(body: str) -> str:
    v = body + uscc_check_char(body)
    assert check_uscc(v).valid, v
    return v


UNIT_OK = "91440300708461136T"
UNIT_NEW = uscc("91440300MA5F00001")
UNIT_CANCELLED = uscc("91440300MA5F00002")


def person(id_number, name, sex, birth, category, status, **kw):
    base = {"kind": "person", "id_number": id_number, "name": name, "sex": sex, "birth": birth,
            "category": category, "status": status, "office": "FT", "insured_since": None,
            "contribution_months": None, "deemed_months": None, "history_reviewed": None,
            "special_work_months": None, "account_balance": None, "benefit_place_shenzhen": None,
            "last_certified": None, "unit_uscc": None, "phone": None}
    unknown = set(kw) - set(base)
    assert not unknown, unknown
    base.update(kw)
    if base["phone"] is None:
        del base["phone"]
    return base


def records() -> list[dict]:
    return [
        # 1987-06 man, insured 10 years: pension refused (age), 参保登记 refused (already insured)
        person(pid("440304", "1987-06-15", 11, True), "张伟", "male", "1987-06-15", "male", "insured",
               insured_since="2016-07-01", contribution_months=120, deemed_months=0, history_reviewed=True,
               account_balance="86000.00", benefit_place_shenzhen=True, unit_uscc=UNIT_OK),
        # 1962-03 man, 25 years, reviewed: pension accepted
        person(pid("440303", "1962-03-08", 12, True), "李建国", "male", "1962-03-08", "male", "insured",
               insured_since="1992-05-01", contribution_months=264, deemed_months=36, history_reviewed=True,
               account_balance="210000.00", benefit_place_shenzhen=True, unit_uscc=UNIT_OK),
        # retiree (woman, worker post, born 1958): registered, already retired
        person(pid("440305", "1958-05-20", 13, False), "王秀英", "female", "1958-05-20", "female_worker", "retired",
               insured_since="1988-01-01", contribution_months=300, deemed_months=24, history_reviewed=True,
               account_balance="0", benefit_place_shenzhen=True, last_certified="2026-03-10", phone="13800138013"),
        # retirees for 资格认证 (5.6.3): one whose certification lapsed (2025-02 → valid through 2026-02-28),
        # one due within the roster window (2025-12 → valid through 2026-12-31)
        person(pid("440303", "1952-07-01", 22, True), "钱国华", "male", "1952-07-01", "male", "retired",
               insured_since="1985-01-01", contribution_months=360, deemed_months=60, history_reviewed=True,
               account_balance="0", benefit_place_shenzhen=True, last_certified="2025-02-18", phone="13800138022"),
        person(pid("440304", "1956-11-23", 23, False), "孙桂兰", "female", "1956-11-23", "female_worker", "retired",
               insured_since="1986-03-01", contribution_months=330, deemed_months=12, history_reviewed=True,
               account_balance="0", benefit_place_shenzhen=True, last_certified="2025-12-05", phone="13800138023"),
        # short of the minimum years (12y6m at 60): guided, account settlement possible
        person(pid("440306", "1963-01-11", 14, True), "赵强", "male", "1963-01-11", "male", "insured",
               insured_since="2010-03-01", contribution_months=150, deemed_months=0, history_reviewed=True,
               account_balance="52000.00", benefit_place_shenzhen=True),
        # history not yet reviewed: guided to 历史信息审核 first
        person(pid("440307", "1964-02-02", 15, True), "陈志明", "male", "1964-02-02", "male", "insured",
               insured_since="1990-09-01", contribution_months=240, deemed_months=60, history_reviewed=False,
               account_balance="180000.00", benefit_place_shenzhen=True, unit_uscc=UNIT_OK),
        # deceased, with survivors: death benefit; history review (death)
        person(pid("440304", "1970-08-30", 16, True), "刘德华", "male", "1970-08-30", "male", "deceased",
               insured_since="1995-04-01", contribution_months=200, deemed_months=0, history_reviewed=False,
               account_balance="95000.00", benefit_place_shenzhen=True),
        # not yet insured
        person(pid("440303", "1995-03-03", 17, False), "孙丽", "female", "1995-03-03", "female_cadre", "none",
               contribution_months=0, deemed_months=0, history_reviewed=None, benefit_place_shenzhen=None),
        # insured, under retirement age, 200 months: disability allowance (capacity by appraisal)
        person(pid("440305", "1975-04-18", 18, True), "周杰", "male", "1975-04-18", "male", "insured",
               insured_since="2005-01-01", contribution_months=200, deemed_months=0, history_reviewed=True,
               account_balance="120000.00", benefit_place_shenzhen=True, unit_uscc=UNIT_OK),
        # benefit place not Shenzhen (woman, cadre post, born 1966-10): pension refused
        person(pid("440306", "1966-10-09", 19, False), "吴敏", "female", "1966-10-09", "female_cadre", "insured",
               insured_since="1998-01-01", contribution_months=220, deemed_months=0, history_reviewed=True,
               account_balance="130000.00", benefit_place_shenzhen=False),
        # suspended (contributions interrupted)
        person(pid("440307", "1980-01-25", 20, True), "郑浩", "male", "1980-01-25", "male", "suspended",
               insured_since="2003-06-01", contribution_months=96, deemed_months=0, history_reviewed=True,
               account_balance="40000.00", benefit_place_shenzhen=True),
        # cancelled (left Shenzhen): may register again
        person(pid("440304", "1990-12-12", 21, False), "黄婷", "female", "1990-12-12", "female_worker", "cancelled",
               insured_since="2012-01-01", contribution_months=48, deemed_months=0, history_reviewed=True,
               account_balance="0", benefit_place_shenzhen=False),
        {"kind": "unit", "uscc": UNIT_OK, "name": "深圳市示范科技有限公司", "status": "insured", "office": "FT"},
        {"kind": "unit", "uscc": UNIT_NEW, "name": "深圳市新设贸易有限公司", "status": "none", "office": "FT"},
        {"kind": "unit", "uscc": UNIT_CANCELLED, "name": "深圳市已注销实业有限公司", "status": "cancelled", "office": "FT"},
    ]


def main() -> None:
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
