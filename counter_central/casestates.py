"""Which case transitions the centre allows (办件状态迁移).

Prefers the client's own state machine (``counter_app.domain.cases``) when that module offers a
transition table; otherwise a small server-side table of the states the flows use.
"""

from __future__ import annotations

import importlib
from typing import Callable

# Fallback: from-state → allowed to-states. ``None`` = the case is new to the centre.
FALLBACK_TRANSITIONS: dict[str | None, set[str]] = {
    None: {"draft", "received", "accepted", "guided", "rejected"},
    "draft": {"received", "accepted", "guided", "rejected", "withdrawn", "cancelled"},
    "received": {"accepted", "guided", "supplement", "rejected", "withdrawn", "processing", "completed"},
    "supplement": {"received", "accepted", "rejected", "withdrawn"},
    "guided": {"received", "closed"},
    "accepted": {"processing", "escalated", "awaiting_info_sheet", "completed", "withdrawn"},
    "processing": {"escalated", "awaiting_info_sheet", "completed", "rejected"},
    "awaiting_info_sheet": {"processing", "completed"},
    "escalated": {"processing", "completed", "rejected"},
    "completed": {"closed"},
    "rejected": {"closed"},
    "withdrawn": {"closed"},
}


def _domain_rule() -> Callable[[str | None, str], bool] | None:
    try:
        mod = importlib.import_module("counter_app.domain.cases")
    except ImportError:
        return None
    for fn_name in ("can_transition", "is_allowed_transition", "transition_allowed"):
        fn = getattr(mod, fn_name, None)
        if callable(fn):
            def rule(src, dst, _fn=fn):
                try:
                    return bool(_fn(src, dst))
                except Exception:  # unknown state names in the domain enum → not allowed
                    return False
            return rule
    table = getattr(mod, "TRANSITIONS", None)
    if isinstance(table, dict) and table and all(isinstance(k, tuple) for k in table):
        # {(from, to): action}; a new case starts as draft (action "create")
        pairs = {(getattr(a, "value", a), getattr(b, "value", b)) for a, b in table}
        initial = getattr(getattr(mod, "CaseState", None), "draft", None)
        initial = getattr(initial, "value", initial) or "draft"

        def rule(src, dst, _pairs=pairs, _initial=initial):
            return dst == _initial if src is None else (src, dst) in _pairs
        return rule
    if isinstance(table, dict):
        def rule(src, dst, _t=table):
            allowed = _t.get(src) or {getattr(k, "value", k): v for k, v in _t.items()}.get(src, ())
            return dst in {getattr(s, "value", s) for s in allowed}
        return rule
    return None


_RULE: Callable[[str | None, str], bool] | None = None
_SOURCE = "fallback"


def transition_allowed(src: str | None, dst: str) -> bool:
    global _RULE, _SOURCE
    if _RULE is None:
        rule = _domain_rule()
        if rule is not None:
            _RULE, _SOURCE = rule, "counter_app.domain.cases"
        else:
            _RULE = lambda s, d: d in FALLBACK_TRANSITIONS.get(s, set())
    return _RULE(src, dst)


def rule_source() -> str:
    transition_allowed(None, "draft")
    return _SOURCE
