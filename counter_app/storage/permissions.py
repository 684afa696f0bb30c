"""明确各岗位经办权限 (7.3.2) on this workstation: the one check every client action beyond the
case service's own (CaseWorkflow.require_counter_role) makes — printing, bringing a moved-out case
back, approvals, home visits, 资格认证, complaints — against the table both programs share
(counter_protocol.roles.ACTION_ROLES). A refused attempt is audited as ``business.refused`` in a
transaction of its own, before the action writes anything. Here, below the workflows, so that the
print queue (an adapter) checks with the same words."""

from __future__ import annotations

from collections.abc import Iterable

from counter_app.domain.case_engine import TransitionRefused
from counter_app.domain.refusals import Coded, Refusal
from counter_protocol import roles as r


class RoleRefused(TransitionRefused):
    """The signed-in account's roles do not allow the action (reason: a ``role_not_allowed`` Refusal)."""

    def __init__(self, reason: str, action: str):
        super().__init__(reason)
        self.action = action


def role_refusal(action: str, roles: Iterable[str], who: str) -> Refusal | None:
    """The refusal (中文, worded again by the window) of ``action`` by ``who`` with ``roles``, or None.
    The roles held, the action and the roles that may are :class:`Coded`: the Chinese with their
    codes, so the window names them in the clerk's language (counter_app.ui.refusals)."""
    roles = list(roles)
    if r.may(action, roles):
        return None
    held = sorted(set(roles), key=lambda c: r.ROLES.index(c) if c in r.ROLES else len(r.ROLES))
    allowed = [c for c in r.ROLES if c in r.ACTION_ROLES[action]]
    return Refusal("role_not_allowed", who or "（未登录）", Coded(r.held_text(roles), held),
                   Coded(r.ACTION_NAMES[action], (action,)), Coded(r.allowed_text(action), allowed))


def require_role(store, action: str, *, actor: str, roles: Iterable[str] | None, workstation_id: str = "",
                 object_type: str = "", object_id: str = "", words: Refusal | None = None) -> None:
    """Refuse ``action`` (a key of counter_protocol.roles.ACTION_ROLES) for an account whose ``roles``
    do not allow it: RoleRefused, the attempt audited. ``roles`` None: the caller decided who acts
    (as CaseWorkflow's ``roles``: a decision the centre made, applied by the pull). ``words``: the
    action's own refusal where it had one before this table (a complaint ticket's 只有科长…)."""
    if roles is None:
        return
    refusal = role_refusal(action, roles, actor)
    if refusal is None:
        return
    refusal = words or refusal
    from counter_app.storage.audit import record

    record(store, actor=actor, workstation_id=workstation_id, action="business.refused", object_type=object_type,
           object_id=object_id, result="refused", detail=str(refusal))
    raise RoleRefused(refusal, action)
