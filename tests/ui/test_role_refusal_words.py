"""7.3.2 role refusals (storage.permissions.require_role) in the clerk's language.

Was: the refusal's template was worded through tr(), but the roles and the action it names were
Chinese even in the English window ("Account auditor01 (auditor（审计）) may not 打印文书 …"). The
refusal carries the role and action codes now; the window words them, the CLI keeps the Chinese."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language
from counter_protocol import roles as r

HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")     # Han, CJK punctuation, full-width forms


def _refused(store, action: str, roles: list[str], actor: str):
    from counter_app.storage.permissions import RoleRefused, require_role

    with pytest.raises(RoleRefused) as refused:
        require_role(store, action, actor=actor, roles=roles, workstation_id="FT-W01")
    return refused.value


def test_a_role_refusal_names_the_roles_and_the_action_in_english(app_home, store, english_back):
    from counter_app.ui.messages import plain_text

    refused = _refused(store, r.PRINT_DOCUMENTS, ["auditor"], "auditor01")
    chinese = "账号 auditor01（auditor（审计））不能打印文书：只有窗口经办、审核主管岗位的账号可以"
    assert str(refused) == chinese and plain_text(refused) == chinese       # the CLI's words, the Chinese window's
    assert install_language(QApplication.instance(), "en")
    assert plain_text(refused) == ("Account auditor01 (auditor (Auditor)) may not print documents: "
                                   "only accounts of the Counter clerk, Supervisor posts may")
    assert install_language(QApplication.instance(), "zh_CN")
    assert plain_text(refused) == chinese


def test_every_action_and_role_reads_english(app_home, store, english):
    from counter_app.ui.messages import plain_text

    for action in r.ACTION_ROLES:
        for roles in ([], ["admin", "field"], ["auditor"]):
            if r.may(action, roles):
                continue
            text = plain_text(_refused(store, action, roles, "x01"))
            assert not HAN.search(text), text


def test_an_approval_request_refused_for_the_role_reads_english(app_home, store, english):
    """ApprovalRefused kept only the Chinese of the role refusal (str(reason)): the code was lost."""
    from counter_app.ui.messages import plain_text
    from counter_app.workflows.approvals import ApprovalRefused, ApprovalService

    service = ApprovalService(store, actor="auditor01", roles=["auditor"], office_code="FT", workstation_id="FT-W01")
    with pytest.raises(ApprovalRefused) as refused:
        service.require_maker()
    assert str(refused.value).startswith("账号 auditor01（auditor（审计））不能提出审批申请")
    assert not HAN.search(plain_text(refused.value)), plain_text(refused.value)
