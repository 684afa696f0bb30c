"""The draft of a case and what an operation changed: pure values the window holds on its GUI thread.

:class:`Draft` is the JSON form the 综合受理 desk hands over and the window saves (``counter-app case
import``; :func:`counter_app.workflows.accept.accept_draft` accepts it in one transaction), and
:class:`OpChanges` what one clerk action changed, which the UI's task pattern announces. Pure: no
I/O, no SQLAlchemy, so the window imports them before its store is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from counter_app.domain.catalog import Service
from counter_app.domain.changes import OpChanges as OpChanges  # re-exported: workflows import it from here
from counter_app.domain.checklist import MISSING, PRESENT, Tick, TickState

DEFECTIVE_DEFAULT = "所提交材料不符合要求"

class DraftError(ValueError):
    """A draft (or an imported file) that cannot be read; the message is the clerk's Chinese."""


@dataclass(frozen=True)
class Draft:
    """A case as entered at the window (or received at a 综合受理 desk), before it is stored."""

    service: str
    applicant_type: str
    applicant: Mapping[str, str]
    variants: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    ticks: Mapping[str, Tick] | None = None            # None: every material present ("all")
    answers: Mapping[str, tuple[bool | None, str]] | None = None   # None: the clerk's conditions confirmed
    case_id: str | None = None                         # a returned case resubmitted

    # ------------------------------------------------------------ JSON form
    @classmethod
    def from_json(cls, data: Any) -> "Draft":
        if not isinstance(data, dict):
            raise DraftError("办件文件应为 JSON 对象")
        known = {"service", "applicant_type", "applicant", "unit_uscc", "unit_name", "materials", "conditions",
                 "variants", "facts", "case_id", "saved_at", "note"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise DraftError(f"办件文件中有不认识的项目：{'、'.join(unknown)}")
        service = data.get("service")
        if not isinstance(service, str) or not service:
            raise DraftError("办件文件缺少 service（业务编码）")
        atype = data.get("applicant_type") or "individual"
        if not isinstance(atype, str):
            raise DraftError("applicant_type 应为文字")
        applicant = data.get("applicant") or {}
        if not isinstance(applicant, dict):
            raise DraftError("applicant 应为 JSON 对象（id_number、name …）")
        applicant = {str(k): str(v) for k, v in applicant.items() if v not in (None, "")}
        if data.get("unit_uscc"):
            applicant["credit_code"] = str(data["unit_uscc"])
        if data.get("unit_name"):
            applicant["unit_name"] = str(data["unit_name"])
        ticks = _ticks_of(data.get("materials", "all"))
        answers = _answers_of(data.get("conditions", "confirmed"))
        variants = data.get("variants") or []
        if not isinstance(variants, list):
            raise DraftError("variants 应为业务情形编码的列表")
        facts = data.get("facts") or {}
        if not isinstance(facts, dict):
            raise DraftError("facts 应为 JSON 对象")
        return cls(service, atype, applicant, tuple(str(v) for v in variants), facts, ticks, answers,
                   data.get("case_id") or None)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"service": self.service, "applicant_type": self.applicant_type,
                               "applicant": {k: v for k, v in self.applicant.items() if k != "credit_code"}}
        if self.applicant.get("credit_code"):
            out["unit_uscc"] = self.applicant["credit_code"]
        if self.ticks is None:
            out["materials"] = "all"
        else:
            out["materials"] = {c: (t.state.value if not t.problem else {"state": t.state.value, "problem": t.problem})
                                for c, t in self.ticks.items()}
        if self.answers is None:
            out["conditions"] = "confirmed"
        else:
            out["conditions"] = {c: (met if met is not False or not reason else reason)
                                 for c, (met, reason) in self.answers.items() if met is not None}
        if self.variants:
            out["variants"] = list(self.variants)
        if self.facts:
            out["facts"] = dict(self.facts)
        if self.case_id:
            out["case_id"] = self.case_id
        return out

    # ------------------------------------------------------------ against the service
    def resolved(self, service: Service) -> tuple[dict[str, Tick], dict[str, tuple[bool | None, str]]]:
        """The ticks of every planned material and the answers to every condition the clerk judges."""
        plan = service.plan(self.applicant_type, self.variants)
        codes = {m.code for m in plan.materials}
        if self.ticks is None:
            ticks = {m.code: PRESENT for m in plan.materials}
        else:
            unknown = sorted(set(self.ticks) - codes)
            if unknown:
                raise DraftError(f"「{service.name}」没有材料：{'、'.join(unknown)}")
            ticks = {m.code: self.ticks.get(m.code, MISSING) for m in plan.materials}
        judged = [c.code for c in plan.conditions if not c.check]
        if self.answers is None:
            answers: dict[str, tuple[bool | None, str]] = dict.fromkeys(judged, (True, ""))
        else:
            unknown = sorted(set(self.answers) - {c.code for c in plan.conditions})
            if unknown:
                raise DraftError(f"「{service.name}」没有受理条件：{'、'.join(unknown)}")
            # also a rule condition the rules cannot decide (facts missing) that the clerk confirmed
            answers = {c.code: self.answers[c.code] for c in plan.conditions if c.code in self.answers}
        return ticks, answers


def _ticks_of(value: Any) -> dict[str, Tick] | None:
    if value == "all":
        return None
    if value == "none":
        return {}
    if isinstance(value, list):
        return {str(c): PRESENT for c in value}
    if isinstance(value, dict):
        out = {}
        for code, v in value.items():
            try:
                if isinstance(v, dict):
                    out[str(code)] = Tick(TickState(v.get("state", "present")), str(v.get("problem") or ""))
                else:
                    out[str(code)] = Tick.of(v)
            except ValueError:
                raise DraftError(f"材料 {code} 的状态应为 present、missing 或 defective") from None
        return out
    raise DraftError('materials 应为 "all"、材料编码列表或 {编码: 状态}')


def _answers_of(value: Any) -> dict[str, tuple[bool | None, str]] | None:
    if value == "confirmed":
        return None
    if isinstance(value, dict):
        out: dict[str, tuple[bool | None, str]] = {}
        for code, v in value.items():
            if v is True:
                out[str(code)] = (True, "")
            elif v is None:
                out[str(code)] = (None, "")
            elif v is False or isinstance(v, str):
                out[str(code)] = (False, v if isinstance(v, str) else "")
            else:
                raise DraftError(f"受理条件 {code} 应为 true、false 或不符合的原因")
        return out
    raise DraftError('conditions 应为 "confirmed" 或 {条件编码: true/false/原因}')
