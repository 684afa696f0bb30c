"""The second staff member of a home visit (and the supervisor of an on-site approval) signs in on
the laptop for one action (``AuthManager.authenticate_once``): every attempt, failed or not, is in
the workstation's audit trail like any sign-in (等保 2.0: audit records of user actions), and a
field worker's messages speak of the 第二名工作人员, not of an 审批人 (approver) they are not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counter_app.config import default_settings
from counter_app.storage.tables_audit import AuditRow
from counter_app.sync.auth import AuthManager, LoginError
from counter_app.sync.client import TransientError
from counter_app.workflows import field
from counter_protocol import sync as p


class _Unreachable:
    """A centre that does not answer: authentication goes against the offline verifier."""

    def login(self, *a, **k):
        raise TransientError("无法连接中心服务")

    def close(self):
        pass


def _auth(store) -> AuthManager:
    auth = AuthManager(store, default_settings(), client_factory=_Unreachable)
    # field02 signed in online on this laptop before: its offline verifier is kept
    auth._remember("field02", "field02-demo",
                   p.UserInfo(username="field02", display_name="外勤人员02", roles=["field"], office_code="FT"))
    return auth


def _audit(store) -> list[tuple[str, str, str, str]]:
    with store.session() as s:
        return [(r.actor, r.action, r.result, r.detail) for r in s.scalars(select(AuditRow).order_by(AuditRow.seq))]


def test_the_second_staff_members_sign_in_is_audited_failed_or_not(store):
    auth = _auth(store)
    with pytest.raises(field.FieldError):
        field.second_staff(auth, "field01", "field02", "wrong-password")
    staff = field.second_staff(auth, "field01", "field02", "field02-demo")
    assert (staff.username, staff.mode) == ("field02", "offline")
    trail = _audit(store)
    assert [(a, act, res) for a, act, res, _d in trail] == [("field02", "login.failed", "failed"),
                                                            ("field02", "login", "ok")]
    assert all("单次验证" in d for *_x, d in trail)        # not a sign-in of the laptop's session
    assert "离线" in trail[1][3]


def test_an_approvers_failed_on_site_authentication_is_audited(store):
    auth = _auth(store)
    with pytest.raises(LoginError):
        auth.authenticate_once("supervisor01", "whatever")          # never signed in here, centre unreachable
    assert [(a, act, res) for a, act, res, _d in _audit(store)] == [("supervisor01", "login.failed", "failed")]


@pytest.mark.parametrize(("username", "password"), [("field02", "wrong-password"), ("field03", "field03-demo"),
                                                    ("field02", ""), ("f" * 65, "pw")])
def test_the_field_messages_name_the_second_staff_member_not_an_approver(store, username, password):
    with pytest.raises(field.FieldError) as err:
        field.second_staff(_auth(store), "field01", username, password)
    assert "审批人" not in str(err.value) and "授权" not in str(err.value), str(err.value)
    assert "第二名工作人员" in str(err.value)
