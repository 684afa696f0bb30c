"""办理结果反馈: a result the agency feeds back to the applicant 通过信息系统 (6.4.1.1.1.3 and
6.4.2.1.1.3: 接续参保人养老保险关系，并将办理结果通过信息系统反馈至服务对象).

The contract between the counter and the centre. A catalog step marked ``result_feedback``
(``接续养老保险关系并反馈办理结果``), recorded ``done``, carries in its ``case.step`` entry
``{"feedback": {"mobile": "13800138000"}}`` — the contact mobile the applicant gave at the window,
normalised — or ``{"feedback": {"mobile": null}}`` when they gave none (or none that is a mobile):
the centre then lists the case as one to be told by other means. Nothing else of the applicant
goes with it; the centre keeps the entry sealed at rest and the mobile leaves it only in the
export for the SMS platform (``counter-central results feedback``,
:mod:`counter_central.result_feedback`)."""

from __future__ import annotations

from typing import Any, Mapping

from counter_protocol.identifiers import check_mobile

FEEDBACK_KEY = "feedback"


def _mobile(value: str) -> str | None:
    """``value`` as a normalised mobile number, or None when it is none."""
    found = check_mobile(value)
    return found.normalized if found.valid else None


def feedback_block(applicant: Mapping[str, Any]) -> dict[str, str | None]:
    """The ``feedback`` of a step entry for ``applicant`` (the case's applicant data)."""
    return {"mobile": _mobile(str(applicant.get("phone") or ""))}


def mobile_of(payload: Mapping[str, Any]) -> tuple[bool, str | None]:
    """(whether the step entry asks for a feedback, the mobile to send it to) — a malformed block
    asks for one with no mobile: the case is told by other means, never dropped."""
    block = payload.get(FEEDBACK_KEY)
    if block is None:
        return False, None
    mobile = block.get("mobile") if isinstance(block, dict) else None
    return True, (_mobile(mobile) if isinstance(mobile, str) else None)


# what the step's being done means for the applicant, by step kind (counter_rules.terms.StepKind)
DONE_WORDS = {"continuation": "您的基本养老保险关系已接续。"}


def message(service_name: str, case_no: str, office_name: str, step_kind: str) -> str:
    """The SMS text: which application, which case number, where, and that it is done — no name,
    no ID number (a mobile may be shared or passed on)."""
    where = f"在{office_name}" if office_name else ""
    return f"您{where}申请的{service_name}（办件编号 {case_no}）已办结。" + DONE_WORDS.get(step_kind, "")
