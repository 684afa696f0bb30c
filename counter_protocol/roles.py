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


# 7.3.2 明确各岗位经办权限: who may do each action beyond 受理、办理、办结、归档 (does_counter_business).
# One table the window, the CLI (their workflows) and the centre ask. Reading (查看、导出审计记录)
# is no action here: an auditor keeps it.
PRINT_DOCUMENTS = "print_documents"          # 打印、补打文书 (paper under the office's 文号)
BRING_BACK = "bring_back"                    # 取回归档外移的办件 (to open it: a read, nothing of it changes)
REQUEST_APPROVAL = "request_approval"        # 提出、撤回审批申请 (the maker)
DECIDE_APPROVAL = "decide_approval"          # 审批决定 (the checker; never the maker: counter_protocol.approvals)
FIELD_VISIT = "field_visit"                  # 上门认证：拉取名单、记录上门认证
WINDOW_CERTIFICATION = "window_certification"  # 窗口资格认证
HANDLE_COMPLAINT = "handle_complaint"        # 推进差评工单
CLEAR_DEATH_REPORT = "clear_death_report"    # 撤销上门认证死亡报告 (the report's office; never one of its staff)
MANAGE_SIGN_KEY = "manage_sign_key"          # 生成、更换分局电子签章密钥 (the certificate receivers trust)
# 更换外勤笔记本签名密钥: make a laptop's new key (counter-app field new-key) and, at the centre,
# allow a laptop whose key was revoked to register a new one (counter-central field allow-new-key)
MANAGE_LAPTOP_KEY = "manage_laptop_key"

ACTION_ROLES: dict[str, frozenset[str]] = {
    PRINT_DOCUMENTS: COUNTER_ROLES,
    BRING_BACK: COUNTER_ROLES | AUDIT_ROLES,
    REQUEST_APPROVAL: COUNTER_ROLES,
    DECIDE_APPROVAL: frozenset({"supervisor"}),
    FIELD_VISIT: FIELD_ROLES,
    WINDOW_CERTIFICATION: COUNTER_ROLES,
    HANDLE_COMPLAINT: frozenset({"supervisor"}),
    CLEAR_DEATH_REPORT: frozenset({"supervisor"}),
    MANAGE_SIGN_KEY: frozenset({"supervisor", "admin"}),
    MANAGE_LAPTOP_KEY: frozenset({"admin"}),
}

ACTION_NAMES = {PRINT_DOCUMENTS: "打印文书", BRING_BACK: "取回归档外移的办件", REQUEST_APPROVAL: "提出审批申请",
                DECIDE_APPROVAL: "作审批决定", FIELD_VISIT: "办理上门认证", WINDOW_CERTIFICATION: "办理资格认证",
                HANDLE_COMPLAINT: "处理差评工单", CLEAR_DEATH_REPORT: "撤销死亡报告",
                MANAGE_SIGN_KEY: "生成或更换分局电子签章密钥", MANAGE_LAPTOP_KEY: "更换外勤笔记本的签名密钥"}


# who reads the office's 上门认证死亡报告 (masked): those who clear them and the auditors
DEATH_REPORT_READERS = frozenset({"supervisor"}) | AUDIT_ROLES


def may(action: str, roles: Iterable[str]) -> bool:
    """Whether an account with ``roles`` may do ``action`` (a key of :data:`ACTION_ROLES`)."""
    return bool(set(roles) & ACTION_ROLES[action])


def allowed_text(action: str) -> str:
    """The roles that may do ``action``, as a person reads them (``窗口经办、审核主管``)."""
    return "、".join(ROLE_NAMES[r] for r in ROLES if r in ACTION_ROLES[action])


def held_text(roles: Iterable[str]) -> str:
    """The roles an account holds, as :func:`role_text` words them (``无角色`` when none)."""
    return role_text(sorted(set(roles), key=lambda r: ROLES.index(r) if r in ROLES else len(ROLES))) or "无角色"


# the sentence of a refused action: account, the roles it holds, the action, the roles that may
ACTION_REFUSED = "账号 {0}（{1}）不能{2}：只有{3}岗位的账号可以"


def action_refusal(action: str, roles: Iterable[str], who: str = "") -> str | None:
    """Why an account with ``roles`` may not do ``action`` (中文), or None when it may."""
    if may(action, roles):
        return None
    return ACTION_REFUSED.format(who or "（未登录）", held_text(roles), ACTION_NAMES[action], allowed_text(action))
