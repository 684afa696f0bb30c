"""A field-only sign-in on a laptop pulls only what field work needs, with a cursor of its own
(docs/sync.md "Pull scopes"): the office's approvals and case updates stay off the laptop, a clerk
signing in on the same store afterwards still receives everything published before and meanwhile,
a store from before the scopes keeps its cursor, and a login with both counter and field roles moves
both cursors. Real store, real SyncWorker, the real centre in-process on SQLite."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.storage.tables_sync import InboxChange
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.status import META_CURSOR, META_FIELD_CURSOR, reference_in_force, meta_get, meta_set
from counter_app.sync.worker import SyncWorker
from counter_central.core import add_change, hash_password
from counter_central.db import ChangeRow, User, utcnow
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS

WS = "FT-W01"   # one laptop: the same store and workstation for every sign-in


def _client(tc, user: str, password: str | None = None) -> CentralClient:
    client = CentralClient("http://testserver", transport=tc._transport)
    pair = client.login(user, password or DEMO_PASSWORDS[user], WS)
    client.tokens = StaticToken(pair.access_token)
    client.roles = pair.user.roles          # as the sign-in keeps them (AuthManager.stored_user)
    return client


def _sync(store, tc, user: str, password: str | None = None):
    """One round as ``user`` signed in on this laptop, in the scope of the roles the centre gave
    (what ``counter-app sync`` does: cli.sync._pull_scope)."""
    client = _client(tc, user, password)
    try:
        report = SyncWorker(store, client, workstation_id=WS, scope=p.pull_scope(client.roles)).run_once()
    finally:
        client.close()
    assert report.error is None, report
    return report


def _publish(tc, tag: str) -> tuple[str, str]:
    """The office's counter business (a supervisor's case update, an approval request) and a
    reference version, as the centre publishes them; returns (case id, approval id)."""
    case, approval = f"C{tag}{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    sup = _client(tc, "supervisor01")
    admin = _client(tc, "admin01")
    try:
        sup.post_case_update(p.CaseUpdate(kind="case.info_sheet_received", case_id=case, office_code="FT",
                                          payload={"sheet_no": tag}))
        admin.publish_reference(p.PublishReference(name="offices", version=tag, content={"offices": {}}))
    finally:
        sup.close()
        admin.close()
    with Session(tc.app.state.engine) as s:
        add_change(s, "approval.requested", "approval", approval, {"case_id": case, "summary": "待遇核定"},
                   office_code="FT")
        s.commit()
    return case, approval


def _inbox(store) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(InboxChange.aggregate_id)))


def _pending_at(store, cursor: int) -> bool:
    with store.session() as s:
        return s.get(InboxChange, cursor).applied_at is None


def _newest(tc) -> int:
    with Session(tc.app.state.engine) as s:
        return int(s.scalar(select(func.max(ChangeRow.cursor))))


def test_a_field_sign_in_stores_no_counter_business_and_the_clerk_still_gets_all_of_it(store, central_sqlite_client):
    tc = central_sqlite_client
    case_a, appr_a = _publish(tc, "a")
    _sync(store, tc, "clerk01")                       # the counter's earlier round
    counter_cursor = int(meta_get(store, META_CURSOR))
    assert {case_a, appr_a} <= _inbox(store)

    case_b, appr_b = _publish(tc, "b")                # published while the laptop is out in the field
    field = _sync(store, tc, "field01")
    assert field.pull_scope == "field"
    assert not {case_b, appr_b} & _inbox(store)       # the office's counter business stays off the laptop
    assert reference_in_force(store, "offices")["version"] == "b"      # what field work uses arrives
    assert int(meta_get(store, META_CURSOR)) == counter_cursor         # the counter's cursor did not move
    assert int(meta_get(store, META_FIELD_CURSOR)) == _newest(tc)

    again = _sync(store, tc, "field01")               # nothing new for the field scope: nothing scanned again
    assert again.pulled == 0 and int(meta_get(store, META_FIELD_CURSOR)) == _newest(tc)

    case_c, appr_c = _publish(tc, "c")
    clerk = _sync(store, tc, "clerk01")               # the clerk signs in on the same laptop afterwards
    assert clerk.pull_scope == "counter"
    assert {case_a, appr_a, case_b, appr_b, case_c, appr_c} <= _inbox(store)
    assert int(meta_get(store, META_CURSOR)) == _newest(tc)


def test_a_store_from_before_the_scopes_keeps_its_cursor(store, central_sqlite_client):
    tc = central_sqlite_client
    case_a, appr_a = _publish(tc, "a")
    old = _newest(tc)
    with store.new_session() as s:                    # what an older version left: one cursor, nothing pulled
        meta_set(s, META_CURSOR, str(old))
        s.commit()
    case_b, appr_b = _publish(tc, "b")

    field = _sync(store, tc, "field01")
    assert field.pulled == 1                          # only "b" of offices: no history pulled again
    assert reference_in_force(store, "offices")["version"] == "b"
    assert int(meta_get(store, META_CURSOR)) == old

    _sync(store, tc, "clerk01")
    inbox = _inbox(store)
    assert {case_b, appr_b} <= inbox and not {case_a, appr_a} & inbox   # from the carried cursor on


def test_a_login_with_counter_and_field_roles_pulls_everything_and_moves_both_cursors(store, central_sqlite_client):
    tc = central_sqlite_client
    with Session(tc.app.state.engine) as s:
        s.add(User(username="both01", display_name="both01", password_hash=hash_password("both01-demo"),
                   roles="clerk,field", office_code="FT", active=True, created_at=utcnow()))
        s.commit()
    case_a, appr_a = _publish(tc, "a")
    both = _sync(store, tc, "both01", "both01-demo")
    assert both.pull_scope == "counter" and {case_a, appr_a} <= _inbox(store)
    assert int(meta_get(store, META_CURSOR)) == int(meta_get(store, META_FIELD_CURSOR)) == _newest(tc)
    field = _sync(store, tc, "field01")               # the field scope starts where that pull ended
    assert field.pulled == 0


def test_the_sync_command_pulls_in_the_signed_in_user_s_scope_on_postgresql(app_home, store, central_server):
    """``counter-app sync``'s round takes the scope from the roles of the user signed in on this
    laptop, against the centre on PostgreSQL."""
    from counter_app.cli.sync import _one_round
    from counter_app.sync.auth import AuthManager
    from tests.support.cases import settings_for
    from tests.support.central import login_client

    settings = settings_for(central_server.url, f"FS-{uuid.uuid4().hex[:8]}")
    auth = AuthManager(store, settings)
    auth.login("clerk01", "clerk01-demo")
    first = _one_round(settings, store, auth, 50)
    assert first.error is None and first.pull_scope == "counter"
    counter_cursor = int(meta_get(store, META_CURSOR))

    sup = login_client(central_server.url, "supervisor01")
    try:
        case = f"F{uuid.uuid4().hex[:10]}"
        sup.post_case_update(p.CaseUpdate(kind="case.info_sheet_received", case_id=case, office_code="FT",
                                          payload={"sheet_no": "XF-1"}))
    finally:
        sup.close()

    # a case update the counter pulled earlier and could not apply yet: its case goes on in a
    # counter user's name, never a field worker's
    with store.session() as s:
        s.add(InboxChange(cursor=10**12, kind="case.info_sheet_received", aggregate_type="case",
                          aggregate_id="PENDING1", payload=p.canonical_json({"sheet_no": "P-1"}),
                          created_at=utcnow(), received_at=utcnow()))
        s.commit()

    auth.login("field01", "field01-demo")             # the laptop goes out with a field worker
    field = _one_round(settings, store, auth, 50)
    assert field.error is None and field.pull_scope == "field"
    assert field.inbox_applied + field.inbox_unapplied == 0 and _pending_at(store, 10**12)
    assert case not in _inbox(store) and int(meta_get(store, META_CURSOR)) == counter_cursor
    assert int(meta_get(store, META_FIELD_CURSOR)) > counter_cursor     # passed over the case update

    auth.login("clerk01", "clerk01-demo")
    clerk = _one_round(settings, store, auth, 50)
    assert clerk.error is None and clerk.pull_scope == "counter" and case in _inbox(store)
    assert not _pending_at(store, 10**12)
