"""What the system found for an acceptance condition (受理条件的系统核验), in the clerk's language.

``counter_rules.conditions`` writes each verdict's ``explanation`` (the note beside the condition,
e.g. 出生 1960-01 → 法定退休 2020-01（60岁），已达；累计缴费 20年) and its ``reasons`` in Chinese: they
are case data, stored with the case and printed on the Chinese notices. Here, at the UI boundary,
each sentence is listed (context ``ConditionNotes``; a date, a figure or a word it put in is ``%1`` …)
and worded through tr() when shown. A note made of several parts joined by "；" is worded part by
part. The words put in — a record status, the names of facts, 是 / 否, an age or a number of
years — are worded too; a catalog text (a condition's refusal reason) by the catalog's own
translation, an ID number's error by :mod:`counter_app.ui.identifier_errors`. A sentence not listed
is shown as it is. tests/unit/app/test_condition_note_words.py evaluates every service of the
catalog against records of every kind and reads each note back in English, so a new or reworded
sentence cannot silently stay Chinese.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEMPLATES = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    # explanations (_Verdict.explanation)
    QT_TRANSLATE_NOOP("ConditionNotes", "未查询参保档案，须经办人核实（%1）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "待核验（离线）：须查询参保档案（%1）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "尚未读卡或录入参保人证件号码"),
    QT_TRANSLATE_NOOP("ConditionNotes", "证件号码无效：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "居民身份证有效期至 %1，已过期"),
    QT_TRANSLATE_NOOP("ConditionNotes", "居民身份证有效期“%1”无法识别，须经办人核实"),
    QT_TRANSLATE_NOOP("ConditionNotes", "证件号码校验通过，出生 %1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "证件号码校验通过"),
    QT_TRANSLATE_NOOP("ConditionNotes", "居民身份证有效期至 %1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "尚未录入统一社会信用代码"),
    QT_TRANSLATE_NOOP("ConditionNotes", "统一社会信用代码校验通过"),
    QT_TRANSLATE_NOOP("ConditionNotes", "统一社会信用代码无效：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1，可办理参保登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 已在本市参保，不能重复参保登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1，已参保登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 未在本市参保登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1，在本市参保"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 未在本市参加职工基本养老保险"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 不在参保缴费或暂停状态"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 已在领取基本养老金或病残津贴"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 参保人已死亡"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1，尚未核定领取待遇"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1，领取待遇中"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 不是领取待遇的人员"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 个人账户已注销"),
    # a status the catalog words for this condition (its ``by_status``): %2 is the catalog's reason
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 不符合受理条件：%2"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1 → 须经办人根据申请材料核实：%2"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保起始 %1，已缴费 %2 个月，个人账户已建立"),
    QT_TRANSLATE_NOOP("ConditionNotes", "无缴费记录 → 个人账户尚未建立"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保档案未注明历史信息是否已审核，须查询档案后核验"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息尚未审核 → 先办理历史信息审核"),
    QT_TRANSLATE_NOOP("ConditionNotes", "须经办人根据申请材料确认"),
    QT_TRANSLATE_NOOP("ConditionNotes", "女职工须确认人员类别（原法定退休年龄50周岁或55周岁）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "须录入参保人证件号码，查询参保档案后核验"),
    QT_TRANSLATE_NOOP("ConditionNotes", "缺少事实：%1（须查询参保档案）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "事实不完整或有误：%1"),
    # the parts of a retirement clause's note (conditions._retirement_text, _summary), joined by "；"
    QT_TRANSLATE_NOOP("ConditionNotes", "出生 %1 → 法定退休 %2（%3），已达"),
    QT_TRANSLATE_NOOP("ConditionNotes", "出生 %1 → 法定退休 %2（%3），未达"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费 %1，%2年最低 %3，已满"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费 %1，%2年最低 %3，不足"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费 %1，已满15年"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费 %1，不足15年"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费 %1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "档案状态：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "待遇领取地深圳：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息已审核：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "符合5.6.1.4所列情形"),
    QT_TRANSLATE_NOOP("ConditionNotes", "须经办人确认是否丧失国籍或离境"),
    QT_TRANSLATE_NOOP("ConditionNotes", "所选情形不成立，但符合5.6.1.4的其他情形，请改选办理情形"),
    QT_TRANSLATE_NOOP("ConditionNotes", "须经办人根据材料确认：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "特殊工种提前退休：年龄条件由经办人按审批材料确认"),
    # what the clerk's answer adds (conditions._with_answer)
    QT_TRANSLATE_NOOP("ConditionNotes", "%1（经办人改判：%2）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "离线暂予受理，联网后由中心复核"),
    QT_TRANSLATE_NOOP("ConditionNotes", "本事项不允许离线暂予受理，请联网核验"),
    QT_TRANSLATE_NOOP("ConditionNotes", "经办人确认"),
    # reasons (_Verdict.reasons) the note column shows when there is no explanation
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人证件号码无效：%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人居民身份证已过有效期（有效期至 %1），请出示有效身份证件"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1（档案状态：%2）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1（无缴费记录）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人已在领取基本养老金或病残津贴（档案状态：%1），%2"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人已死亡（档案状态：%1），%2，遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息尚未核定，须先办理历史信息审核（6.5）"),
    # the rules' reasons (counter_rules.retirement: Unmet.reason)
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费年限不足：%1年达到法定退休年龄，最低缴费年限为%2，现有%3，尚差%4。"
                                        "不直接拒绝：可继续缴费（或按规定一次性缴费）至满足年限后再申请；"
                                        "也可按5.6.1.4申请个人账户储存额核定"),
    QT_TRANSLATE_NOOP("ConditionNotes", "待遇领取地不是深圳市"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未达到法定退休年龄：法定退休年龄%1，%2达到"),
    QT_TRANSLATE_NOOP("ConditionNotes", "申请的退休时间%1早于弹性提前退休的最早时间%2（%3）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "申请的退休时间%1晚于弹性延迟退休的最晚时间%2（%3）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未到申请的退休时间%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "改革施行（2025-01-01）前已达到退休年龄，不适用弹性退休；法定退休时间为%1"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已达到法定退休年龄（%1，%2），应申请基本养老金核定"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费年限不足15年：现有%1，尚差%2"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未经鉴定为因病或非因工致残完全丧失劳动能力"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未在深圳市参加职工基本养老保险"),
    QT_TRANSLATE_NOOP("ConditionNotes", "深圳市不是参保人的最后参保地"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人死亡信息未确认"),
    QT_TRANSLATE_NOOP("ConditionNotes", "死亡原因未确定：须为因病或非因工死亡"),
    QT_TRANSLATE_NOOP("ConditionNotes", "因工死亡的，按工伤保险规定办理，不属于本项"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已领取工伤保险或失业保险的丧葬补助金和抚恤金"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未丧失中华人民共和国国籍"),
    QT_TRANSLATE_NOOP("ConditionNotes", "丧失国籍时已达到领取基本养老金条件，应办理基本养老金核定"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未达到法定退休年龄（%1，%2达到）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "缴费年限已满最低缴费年限，应申请基本养老金核定（5.6.1.1）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "不属于港澳台及外籍人员离境"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未参加深圳市基本养老保险"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息已核定，无需重复审核"),
)

# an age or a length of contributions (counter_rules.retirement.format_age / format_years): worded
# only where a note put one in, never matched against a whole sentence
DURATIONS = (
    QT_TRANSLATE_NOOP("ConditionNotes", "%1岁"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1岁%2个月"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1年"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1年%2个月"),
    QT_TRANSLATE_NOOP("ConditionNotes", "%1个月"),
)
# what a record status is read as until the core system records a 参保登记 / 注销 办结 at a window
# (counter_rules.registration.Provisional.note, in brackets after the status)
PROVISIONAL = (
    QT_TRANSLATE_NOOP("ConditionNotes", "（本机办结%1 %2，待核心系统确认）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "（%1分局办结%2 %3，待核心系统确认）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "（其他窗口办结%1 %2，待核心系统确认）"),
)

# the words put into a note: record statuses (counter_protocol.records), what was looked up, the
# names of facts (conditions.FACT_NAMES), yes / no, a card valid for good
WORDS = (
    QT_TRANSLATE_NOOP("ConditionNotes", "未参保"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保缴费"),
    QT_TRANSLATE_NOOP("ConditionNotes", "暂停"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已退休"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已死亡"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已注销"),
    QT_TRANSLATE_NOOP("ConditionNotes", "未登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "正常参保"),
    QT_TRANSLATE_NOOP("ConditionNotes", "暂停缴费"),
    QT_TRANSLATE_NOOP("ConditionNotes", "（核心业务系统无此人档案）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "（核心业务系统无此单位）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保单位档案"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人档案"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息审核状态"),
    QT_TRANSLATE_NOOP("ConditionNotes", "是"),
    QT_TRANSLATE_NOOP("ConditionNotes", "否"),
    QT_TRANSLATE_NOOP("ConditionNotes", "长期"),
    QT_TRANSLATE_NOOP("ConditionNotes", "出生年月"),
    QT_TRANSLATE_NOOP("ConditionNotes", "性别"),
    QT_TRANSLATE_NOOP("ConditionNotes", "人员类别"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保状态"),
    QT_TRANSLATE_NOOP("ConditionNotes", "累计缴费月数"),
    QT_TRANSLATE_NOOP("ConditionNotes", "待遇领取地为深圳"),
    QT_TRANSLATE_NOOP("ConditionNotes", "在深圳参保"),
    QT_TRANSLATE_NOOP("ConditionNotes", "深圳为最后参保地"),
    QT_TRANSLATE_NOOP("ConditionNotes", "历史信息已审核"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保人死亡"),
    QT_TRANSLATE_NOOP("ConditionNotes", "完全丧失劳动能力（鉴定）"),
    QT_TRANSLATE_NOOP("ConditionNotes", "死亡原因"),
    QT_TRANSLATE_NOOP("ConditionNotes", "已领工伤/失业保险丧葬抚恤待遇"),
    QT_TRANSLATE_NOOP("ConditionNotes", "丧失国籍"),
    QT_TRANSLATE_NOOP("ConditionNotes", "港澳台及外籍人员离境"),
    QT_TRANSLATE_NOOP("ConditionNotes", "持港澳台或外国人证件"),
    QT_TRANSLATE_NOOP("ConditionNotes", "参保登记"),
    QT_TRANSLATE_NOOP("ConditionNotes", "注销登记"),
)

_SUFFIXES = ("（核心业务系统无此人档案）", "（核心业务系统无此单位）")
_DURATION = re.compile(r"\d+(岁|年|个月)(\d+个月)?")


def note_text(note: str) -> str:
    """A condition's note (an explanation or a reason) in the language of the UI: worded part by
    part ("；"); a part not listed as it is."""
    if not note:
        return note
    whole = _part(note)                 # a sentence that has "；" of its own (a rule's reason)
    if whole != note or "；" not in note:
        return whole
    return QCoreApplication.translate("Refusals", "；").join(_part(p) for p in note.split("；"))


def _part(text: str) -> str:
    from counter_app.ui.messages import composed_text

    if text in WORDS:
        return QCoreApplication.translate("ConditionNotes", text)
    return composed_text(text, TEMPLATES, "ConditionNotes", note_word)


def note_word(param: str) -> str:
    """A value a note put in: a status (with what the registry said), a list of fact names, an age
    or a length of contributions, an ID number's error, a catalog text; else as it is."""
    if not param or param.isascii():
        return param
    if param in WORDS:
        return QCoreApplication.translate("ConditionNotes", param)
    for suffix in _SUFFIXES:
        if param.endswith(suffix) and param[:-len(suffix)] in WORDS:
            return note_word(param[:-len(suffix)]) + QCoreApplication.translate("ConditionNotes", suffix)
    status, bracket, rest = param.partition("（")
    if bracket and status in WORDS and param.endswith("，待核心系统确认）"):
        from counter_app.ui.messages import composed_text

        worded = composed_text(bracket + rest, PROVISIONAL, "ConditionNotes", note_word)
        if worded != bracket + rest:
            return note_word(status) + worded
    if "、" in param and all(p in WORDS for p in param.split("、")):
        return QCoreApplication.translate("Refusals", "、").join(note_word(p) for p in param.split("、"))
    if _DURATION.fullmatch(param):
        from counter_app.ui.messages import composed_text

        return composed_text(param, DURATIONS, "ConditionNotes")
    from counter_app.ui.identifier_errors import identifier_text

    for word in (identifier_text, note_text):      # an ID number's error; a note inside a note (改判)
        worded = word(param)
        if worded != param:
            return worded
    from counter_app.ui.catalog_text import catalog_tr

    return catalog_tr(param)
