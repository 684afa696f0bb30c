"""The accounts' roles (角色), as both programs name them: the code a token and the admin commands
carry, and the Chinese name a person reads. No pydantic here: the window's status bar imports it
before anything of the protocol's models is loaded."""

from __future__ import annotations

from collections.abc import Iterable

ROLES = ("clerk", "supervisor", "field", "auditor", "admin")

# 外勤: the roles of staff who work away from the counter (资格认证上门, on a laptop). A login whose
# roles are all among these pulls only the field scope of the centre's changes (counter_protocol.sync).
FIELD_ROLES = frozenset({"field"})

ROLE_NAMES = {"clerk": "窗口经办", "supervisor": "审核主管", "field": "上门认证", "admin": "系统管理",
              "auditor": "审计"}


def role_text(roles: Iterable[str]) -> str:
    """Each role as ``code（名称）``, comma-separated: what an administrator types and what it means."""
    return "，".join(f"{r}（{ROLE_NAMES[r]}）" if r in ROLE_NAMES else str(r) for r in roles)
