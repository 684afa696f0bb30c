"""Province-level regions (省级行政区) for the 跨省 test of 关系转移接续 (5.4.1). Pure: no I/O.

5.4.1 serves a person whose 职工基本养老保险关系 needs to move ACROSS provinces: the other side
of a transfer (the 转出地 of a transfer in, the 转入地 of a transfer out) must be a province other
than Shenzhen's own (广东省). The other side is written 省市县 (e.g. 湖南省长沙市); its province is
read from the start of the text, by its full name or its common short form (湖南长沙). The 新疆生产建设
兵团 keeps its own 社会保险经办机构 and is named like a province in transfers.
"""

from __future__ import annotations

SHENZHEN_PROVINCE = "广东省"
SHENZHEN_REGION = "广东省深圳市"     # the 转入地 of a transfer in, the 转出地 of a transfer out (DB4403: Shenzhen)

# full name → short form
PROVINCES: dict[str, str] = {
    "北京市": "北京", "天津市": "天津", "上海市": "上海", "重庆市": "重庆",
    "河北省": "河北", "山西省": "山西", "辽宁省": "辽宁", "吉林省": "吉林", "黑龙江省": "黑龙江",
    "江苏省": "江苏", "浙江省": "浙江", "安徽省": "安徽", "福建省": "福建", "江西省": "江西", "山东省": "山东",
    "河南省": "河南", "湖北省": "湖北", "湖南省": "湖南", "广东省": "广东", "海南省": "海南",
    "四川省": "四川", "贵州省": "贵州", "云南省": "云南", "陕西省": "陕西", "甘肃省": "甘肃", "青海省": "青海",
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏", "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆", "新疆生产建设兵团": "兵团",
}

# cities of 广东省 a clerk may write without the province (广州市天河区): the same province as Shenzhen
_GUANGDONG_CITIES = ("深圳", "广州", "珠海", "汕头", "佛山", "韶关", "湛江", "肇庆", "江门", "茂名", "惠州", "梅州",
                     "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮")


def province_of(region: str) -> str | None:
    """The province-level region ``region`` (省市县) begins with, by its full name; None when it
    begins with none (a city of 广东省 written alone is 广东省)."""
    text = "".join(str(region or "").split())
    for full in sorted(PROVINCES, key=len, reverse=True):      # 新疆生产建设兵团 before 新疆
        if text.startswith(full):
            return full
    for full, short in sorted(PROVINCES.items(), key=lambda kv: len(kv[1]), reverse=True):
        if short != "兵团" and text.startswith(short):
            return full
    if text.startswith(_GUANGDONG_CITIES):
        return SHENZHEN_PROVINCE
    return None


def cross_province_problem(region: str) -> tuple[str, str] | None:
    """Why ``region`` cannot be the other side of a 跨省 transfer (5.4.1), as (refusal code, the
    region as written), or None when it is another province."""
    province = province_of(region)
    shown = " ".join(str(region or "").split())[:40]
    if province is None:
        return ("transfer_region_province", shown)
    if province == SHENZHEN_PROVINCE:
        return ("transfer_same_province", shown)
    return None
