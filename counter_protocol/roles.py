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


# 窗口业务: the roles that take, handle and archive cases (业务办理); an account without one of them
# (外勤 alone, 审计, 系统管理) does no counter business — the window, the CLI and the centre refuse it
COUNTER_ROLES = frozenset({"clerk", "supervisor"})

# 不相容岗位分离 (7.3; security.md: 人社厅发〔2021〕64号 business / audit never one person, 等保
# separate 系统管理员 and 审计管理员): the business roles, and the pairs one account never holds together
BUSINESS_ROLES = frozenset({"clerk", "supervisor", "field"})
AUDIT_ROLES = frozenset({"auditor"})


def does_counter_business(roles: Iterable[str]) -> bool:
    """Whether an account with ``roles`` may do the window's business (受理、办理、办结、归档)."""
    return bool(set(roles) & COUNTER_ROLES)


def incompatible_roles(roles: Iterable[str]) -> str | None:
    """Why one account may not hold ``roles`` together (Chinese), or None when they are compatible."""
    held = set(roles)
    if not held & AUDIT_ROLES:
        return None
    business = sorted(held & BUSINESS_ROLES, key=ROLES.index)
    if business:
        return (f"审计与业务岗位不能由同一账号兼任（{role_text(business)} 与 {role_text(sorted(held & AUDIT_ROLES))}）："
                "业务经办与审计监督须分离（人社厅发〔2021〕64号）")
    if "admin" in held:
        return "审计与系统管理不能由同一账号兼任：系统管理员与审计管理员须分设（等保 2.0 三级）"
    return None


def is_audit_account(roles: Iterable[str]) -> bool:
    return bool(set(roles) & AUDIT_ROLES)


def is_business_account(roles: Iterable[str]) -> bool:
    return bool(set(roles) & BUSINESS_ROLES)
