"""服务指南 (DB4403/T 254.1—2022 7.5.1 服务信息公开): what a printed guide of one service says, built
from the 业务目录 in force and the office's published 投诉渠道 — never from hand-written text.

7.5.1: 「社保机构应实行服务信息公开，向社会公示服务内容、依据、程序、时限、投诉渠道等信息，接受群众监督。」
Each of the five is taken from data: 服务内容 (the service, who may apply, its 办理情形 and 受理条件),
依据 (the standard's title and the clauses the catalog entry cites), 程序 (the steps as the catalog
lists them), 时限 (the catalog's time limit, with its basis and any per-applicant-type override) and
the 申请材料 (with the applicant types and 情形 they apply to). The 投诉渠道 are a fact of the office
(reference data ``offices``, counter_rules.offices): a guide without them fails 7.5.1, so
:func:`build_guide` refuses (:class:`GuideRefused`) rather than print one.

Pure: no I/O. The caller passes the catalog entry, the office's channels and the clause titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from counter_rules.catalog import ACCEPTANCE_OUTCOMES, Catalog, Material, OutcomeKind, Service, Step, applicant_type_name
from counter_rules.documents import STANDARD_NUMBER, STANDARD_TITLE
from counter_rules.offices import CHANNELS_KEY, CHANNELS_LABEL, ComplaintChannel

GUIDE_TITLE = "服务指南"
GUIDE_CLAUSE = "7.5.1"
TAG_VARIANTS_LISTED = 6       # a material's 情形 named one by one up to this many, else by their groups
_CLAUSE = re.compile(r"^\d+(?:\.\d+)*$")


def _channels_template(outcome: str) -> str:
    return (f"{{0}}（分局代码 {{1}}）未设置{CHANNELS_LABEL}：服务指南须公示{CHANNELS_LABEL}"
            f"（{STANDARD_NUMBER} {GUIDE_CLAUSE} 服务信息公开），{outcome}。请系统管理员在分局文书事项（offices）中"
            f"为本分局设置 {CHANNELS_KEY}（如 电话、地址、网站）并由中心发布，同步后再打印。")


# code -> the clerk's Chinese, {0}, {1} … for the parameters (the CLI and the log say it as it is; the UI
# words the code through tr(), counter_app.ui.service_guide.REFUSALS)
REFUSALS = {
    "none_chosen": "请选择要打印服务指南的业务事项",
    "unknown_service": "业务目录（{0}）中没有业务事项「{1}」；可打印的事项：{2}",   # {2}: the codes, joined by 、
    "no_channels": _channels_template("本次未打印"),                                 # {0} office name, {1} its code
    "render_failed": "无法生成服务指南：{0}",                                         # {0}: the font's / renderer's message
}


class GuideRefused(ValueError):
    """The guide cannot be printed; the message is the clerk's (Chinese) and names what is missing.
    Raised through :meth:`of`, it keeps its ``code`` (a key of :data:`REFUSALS`) and ``params`` as data."""

    def __init__(self, message: str, *, code: str = "", params: tuple[str, ...] = ()):
        super().__init__(message)
        self.code, self.params = code, params

    @classmethod
    def of(cls, code: str, *params: object) -> "GuideRefused":
        texts = tuple(str(p) for p in params)
        return cls(REFUSALS[code].format(*texts), code=code, params=texts)


def missing_channels_message(office_name: str, office_code: str, *, refused: bool = True) -> str:
    """Why a guide is refused for an office without 投诉渠道 (``refused``: said at the refused print,
    else as doctor's warning): the setting named, and who sets it."""
    return _channels_template("本次未打印" if refused else "设置前服务指南不能打印").format(office_name, office_code)


@dataclass(frozen=True)
class GuideMaterial:
    name: str
    required: bool
    applies_to: str          # 申请人类型 and 情形, in words ("" = every applicant)
    what_to_bring: str


@dataclass(frozen=True)
class ServiceGuide:
    """One service's 服务指南, every line from the catalog and the office's reference data."""

    code: str
    name: str
    office: str
    clause: str                          # the service's clause (6.1.1.2)
    clause_title: str                    # its title in the standard (窗口参保登记), "" when not known
    figure: str                          # 图2
    applicant_types: tuple[str, ...]     # in words (单位、个人、代办人)
    variants: tuple[str, ...]            # 办理情形
    conditions: tuple[str, ...]          # 受理条件
    review_outcomes: tuple[str, ...]     # 受理审核的结果 (受理、材料不齐全（一次性告知）、不予受理)
    steps: tuple[str, ...]               # 程序 (after 受理)
    completion: str                      # how it ends (即时办结 / 办结), "" when the catalog names none
    after_completion: tuple[str, ...]    # steps recorded after 办结 (送达)
    time_limit: str                      # 即时办结（DB4403/T 254.1—2022 6.1.1.2.3）
    time_limit_overrides: tuple[tuple[str, str], ...]   # (申请人类型, 时限) where it differs
    materials: tuple[GuideMaterial, ...]
    clauses: tuple[str, ...]             # every clause the entry cites, in the standard's order
    channels: tuple[ComplaintChannel, ...]
    catalog_version: str
    effective_from: str

    @property
    def standard(self) -> str:
        return f"{STANDARD_NUMBER}《{STANDARD_TITLE}》"

    def basis(self) -> str:
        """依据, in words: the standard, the service's clause and its title."""
        title = f"「{self.clause_title}」" if self.clause_title else ""
        figure = f"（流程见{self.figure}）" if self.figure else ""
        return f"{self.standard}第{self.clause}条{title}{figure}"

    def text(self) -> str:
        """Every line of the guide as plain text (the CLI, tests, the PDF's searchable content)."""
        lines = [f"{self.name} {GUIDE_TITLE}", f"服务内容：{self.content()}", f"依据：{self.basis()}",
                 f"涉及条款：{'、'.join(self.clauses)}", "办理程序："]
        lines += [f"{i}. {s}" for i, s in enumerate(self.procedure(), 1)]
        lines.append(f"办理时限：{self.time_limit}")
        lines += [f"  {who}：{limit}" for who, limit in self.time_limit_overrides]
        lines.append("申请材料：")
        for i, m in enumerate(self.materials, 1):
            lines.append(f"{i}. {m.name}（{'必交' if m.required else '如需'}；{m.applies_to or '所有申请人'}）"
                         f"{m.what_to_bring}")
        lines.append(f"{CHANNELS_LABEL}：")
        lines += [f"{c.kind}：{c.text}" for c in self.channels]
        return "\n".join(lines)

    def procedure(self) -> list[str]:
        """程序: 受理审核 with its outcomes, the steps after 受理, then 办结."""
        out = [f"窗口受理审核：{'、'.join(self.review_outcomes)}"] if self.review_outcomes else []
        out += list(self.steps)
        if self.completion:
            out.append(self.completion if "办结" in self.completion else f"办结（{self.completion}）")
        return out + list(self.after_completion)

    def content(self) -> str:
        """服务内容 in one sentence: what is done, for whom."""
        who = "、".join(self.applicant_types)
        return f"{self.office}窗口为{who}办理{self.name}。"


def _clause_key(clause: str) -> tuple[int, ...]:
    return tuple(int(p) for p in clause.split("."))


def _clauses(service: Service) -> tuple[str, ...]:
    found = {service.clause, service.time_limit.clause}
    found |= {tl.clause for tl in service.time_limit_overrides.values()}
    found |= {c.clause for c in service.conditions} | {s.clause for s in service.steps}
    found |= {o.clause for o in service.outcomes} | {v.clause for v in service.variants}
    found |= {c for o in service.outcomes for _, c in o.applicant_clauses}
    return tuple(sorted((c for c in found if c and _CLAUSE.match(c)), key=_clause_key))


def _types(types: Iterable[str]) -> str:
    return "、".join(applicant_type_name(t) for t in types)


def _step_scope(service: Service, variants: frozenset[str], types: frozenset[str]) -> str:
    """“（特殊工种提前退休）” after a step that applies to some 情形 or applicant types only."""
    parts = [v.name for v in service.variants if v.code in variants]
    if types and set(types) != set(service.applicant_types):
        parts.append(_types(t for t in service.applicant_types if t in types))
    return f"（{'；'.join(parts)}）" if parts else ""


def _applies_to(service: Service, m: Material) -> str:
    parts = []
    if m.applicant_types and set(m.applicant_types) != set(service.applicant_types):
        parts.append(_types(t for t in service.applicant_types if t in m.applicant_types) or _types(sorted(m.applicant_types)))
    if m.variants:
        parts.append("情形：" + "、".join(v.name for v in service.variants if v.code in m.variants))
    if m.tags:
        tagged = [v for v in service.variants if v.tags & m.tags]
        if len(tagged) <= TAG_VARIANTS_LISTED:
            parts.append("变更" + "、".join(v.name for v in tagged) + "时")
        else:
            groups = list(dict.fromkeys(v.group for v in tagged if v.group))
            parts.append("变更" + "、".join(groups) + "时" if groups else "相关情形")
    return "；".join(parts)


def build_guide(service: Service, catalog: Catalog, *, office: str, office_code: str,
                channels: Iterable[ComplaintChannel], clause_titles: Mapping[str, str]) -> ServiceGuide:
    """The 服务指南 of ``service`` for office ``office``; :class:`GuideRefused` when the office has no
    投诉渠道 (7.5.1 requires them on every guide)."""
    channels = tuple(channels)
    if not channels:
        raise GuideRefused.of("no_channels", office, office_code)
    def step(s: Step) -> str:
        return s.name + _step_scope(service, s.variants, s.applicant_types)

    steps = tuple(step(s) for s in service.steps if not s.after_completion)
    after = tuple(step(s) for s in service.steps if s.after_completion)
    base = service.time_limit.text_with_basis()
    overrides = tuple((applicant_type_name(t), tl.text_with_basis())
                      for t, tl in service.time_limit_overrides.items() if tl.text_with_basis() != base)
    conditions = tuple(dict.fromkeys(c.text for c in service.conditions))
    review = tuple(o.name for o in service.outcomes if o.kind in ACCEPTANCE_OUTCOMES)
    completed = service.outcome(OutcomeKind.completed)
    return ServiceGuide(
        code=service.code, name=service.name, office=office, clause=service.clause,
        clause_title=clause_titles.get(service.clause, ""), figure=service.figure,
        applicant_types=tuple(applicant_type_name(t) for t in service.applicant_types),
        variants=tuple(v.name for v in service.variants), conditions=conditions, review_outcomes=review,
        steps=steps, completion=completed.name if completed is not None else "", after_completion=after,
        time_limit=base, time_limit_overrides=overrides,
        materials=tuple(GuideMaterial(m.name, m.required, _applies_to(service, m), m.what_to_bring)
                        for m in service.materials),
        clauses=_clauses(service), channels=channels, catalog_version=catalog.version,
        effective_from=catalog.effective_from)
