"""Approvals under maker-checker, end to end: the centre on PostgreSQL, the maker on workstation A,
the checker on workstation B (集中授权), and on site on A (现场授权), offline too."""

from __future__ import annotations

import itertools
import json
import shutil
import time
import uuid

import pytest

from counter_app.cli.sync import _one_round
from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.storage.db import Store
from counter_app.sync.auth import AuthManager, LoginError
from counter_app.sync.client import CentralClient, RequestRejected
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.reference import current_authorisation
from tests.support.cases import man_born_1960, ready_case, settings_for
from tests.support.central import login_client

pytestmark = pytest.mark.integration


class Workstation:
    def __init__(self, template, tmp_path, url: str, username: str, password: str, *, dead_centre: bool = False):
        self.ws = f"AP-{uuid.uuid4().hex[:8]}"
        path = tmp_path / f"{self.ws}.sqlite3"
        shutil.copyfile(template, path)
        self.store = Store.open(path)
        self.settings = settings_for(url, self.ws)
        self.auth = AuthManager(self.store, self.settings)
        self.auth.login(username, password)
        self.user = username
        today = __import__("datetime").date.today()
        self.cases = CaseWorkflow(self.store, actor=username, office="福田分局", office_code="FT", workstation_id=self.ws,
                                 approvals_required=current_authorisation(self.store).decisions_gated(today))
        self.approvals = ApprovalService(self.store, actor=username, office_code="FT", workstation_id=self.ws,
                                         office="福田分局")

    def sync(self):
        report = _one_round(self.settings, self.store, self.auth, 50)
        assert report.error is None, report.error
        return report

    def close(self):
        self.store.close()


@pytest.fixture
def rig(_migrated_template, tmp_path, central_server, app_home):
    made = []

    def make(username: str, password: str) -> Workstation:
        w = Workstation(_migrated_template, tmp_path, central_server.url, username, password)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


_PEOPLE = itertools.count(1)


def _person() -> dict:
    """Another person for each 参保登记: one in hand per person (the catalog's ``second_case``)."""
    return {"name": "张三", "id_number": man_born_1960(next(_PEOPLE))}


def _rejection_case(w: Workstation) -> str:
    cid = ready_case(w.cases, "reg_enroll", unmet="not_yet_registered", applicant=_person())
    assert w.cases.get(cid).outcome.kind.value == "not_eligible"
    return cid


def _decide(url: str, username: str, rid: str, decision: str = "approved", reason: str = "同意"):
    c = login_client(url, username)
    try:
        return c.decide_approval(rid, decision, reason)
    finally:
        c.close()


def test_remote_approval_maker_on_a_checker_on_b(rig, central_server):
    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    # on by default: a clerk alone cannot issue a 不予受理决定书
    with pytest.raises(TransitionRefused, match="须经负责人审批"):
        a.cases.decide(cid, expected="not_eligible")
    req = a.approvals.request(cid, "rejection")
    assert req["state"] == "pending" and req["required_level"] == 1 and req["maker"] == "clerk01"
    with pytest.raises(ApprovalRefused, match="不能重复申请"):
        a.approvals.request(cid, "rejection")
    a.sync()

    b = rig("supervisor01", "supervisor01-demo")
    b.sync()
    queue = b.approvals.list(state="pending")
    assert req["id"] in [r["id"] for r in queue]      # reached the supervisor's workstation by pull

    # the centre refuses the maker, a user who is no supervisor, another office's supervisor
    with pytest.raises(RequestRejected, match="经办人本人"):
        _decide(central_server.url, "clerk01", req["id"])
    with pytest.raises(RequestRejected, match="只有科长"):
        _decide(central_server.url, "field01", req["id"])
    with pytest.raises(RequestRejected, match="没有该审批申请"):       # another office's: as an unknown id
        _decide(central_server.url, "supervisor11", req["id"])
    decided = _decide(central_server.url, "supervisor01", req["id"], "approved", "核实确未参保")
    assert decided.state.value == "approved" and decided.checker == "supervisor01" and decided.mode == "remote"
    # decided requests are immutable
    with pytest.raises(RequestRejected, match="已批准"):
        _decide(central_server.url, "supervisor02", req["id"], "rejected", "改主意")

    # the decision reaches the clerk's case: 不予受理 with the checker as approver, the maker as actor
    start = time.monotonic()
    a.sync()
    elapsed = time.monotonic() - start
    view = a.cases.get(cid)
    assert view.case.state is CaseState.rejected
    last = a.cases.history(cid)[-1]
    assert last["to"] == "rejected" and last["approved_by"] == "supervisor01" and last["actor"] == "clerk01"
    mine = a.approvals.list(case_id=cid)
    assert mine[0]["state"] == "approved" and mine[0]["checker"] == "supervisor01" and mine[0]["reason"] == "核实确未参保"
    assert elapsed < 10, f"one sync round took {elapsed:.1f}s"


def test_self_approval_refused_at_both_ends_even_for_a_supervisor_maker(rig, central_server):
    s1 = rig("supervisor01", "supervisor01-demo")
    cid = _rejection_case(s1)
    req = s1.approvals.request(cid, "rejection")
    me, _, key = s1.auth.authenticate_once("supervisor01", "supervisor01-demo")
    with pytest.raises(ApprovalRefused, match="经办人本人"):          # the client
        s1.approvals.decide_on_site(req["id"], me, approve=True, reason="自批", approval_key=key)
    s1.sync()
    with pytest.raises(RequestRejected, match="经办人本人"):           # the centre
        _decide(central_server.url, "supervisor01", req["id"])
    ok = _decide(central_server.url, "supervisor02", req["id"], "rejected", "请再核实")
    assert ok.state.value == "rejected"
    s1.sync()
    assert s1.cases.get(cid).case.state is CaseState.review           # returned to the clerk, unchanged
    assert s1.approvals.list(case_id=cid)[0]["state"] == "rejected"


def _cancel_case(w: Workstation) -> str:
    """A 注销参保 (停止参保, 个人自愿) ready for its acceptance, which stands on the reg_cancel approval."""
    return ready_case(w.cases, "reg_cancel", variants=("person.voluntary",), applicant=_person())


def test_level_boundaries(rig, central_server):
    a = rig("clerk01", "clerk01-demo")
    # each approval on a case whose service has the point (the catalog's flow): 注销 on a 注销参保,
    # 待遇核定 on a 养老金申领
    cancel = a.approvals.request(_cancel_case(a), "reg_cancel")                   # 注销: 中心主任 (2)
    pension = ready_case(a.cases, "pension", variants=("normal",), applicant=_person())
    benefit = a.approvals.request(pension, "benefit_decision", back_pay_months=7)   # 科长 (1)
    assert cancel["required_level"] == 2 and benefit["required_level"] == 1
    with pytest.raises(ApprovalRefused, match="不需要审批"):
        a.approvals.request(pension, "benefit_decision", back_pay_months=6, amount="50000.00")
    a.sync()
    with pytest.raises(RequestRejected, match="审批级别不足"):
        _decide(central_server.url, "supervisor01", cancel["id"])
    assert _decide(central_server.url, "director01", cancel["id"]).state.value == "approved"
    assert _decide(central_server.url, "supervisor01", benefit["id"]).state.value == "approved"
    # the client applies the same rule on site
    sup, _, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    third_case = _cancel_case(a)
    third = a.approvals.request(third_case, "reg_cancel")
    with pytest.raises(ApprovalRefused, match="审批级别不足"):
        a.approvals.decide_on_site(third["id"], sup, approve=True, reason="同意", approval_key=key)
    director, _, key = a.auth.authenticate_once("director01", "director01-demo")
    assert a.approvals.decide_on_site(third["id"], director, approve=True, reason="同意注销",
                                      approval_key=key)["state"] == "approved"
    assert a.cases.get(third_case).case.state is CaseState.accepted     # the 注销 it approved is accepted
    assert a.sync().rejected == 0                                       # the centre re-checks and accepts


def test_on_site_approval_offline_is_queued_and_rechecked_by_the_centre(rig, central_server):
    a = rig("clerk01", "clerk01-demo")
    # the supervisor once signed in on this screen online: their offline verifier is here
    a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    # the centre goes away
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    with pytest.raises(LoginError, match="不正确"):
        a.auth.authenticate_once("supervisor02", "wrong")
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    assert mode == "offline" and sup.approval_level == 1
    assert key is not None and len(key) == 32                         # unsealed with the password just typed
    assert a.auth.current_user() == "clerk01"                         # the clerk stays signed in
    clerk, _, no_key = a.auth.authenticate_once("clerk01", "clerk01-demo")
    assert no_key is None                                             # a clerk has no approval key
    with pytest.raises(ApprovalRefused, match="经办人本人"):
        a.approvals.decide_on_site(req["id"], clerk, approve=True, reason="同意", approval_key=no_key)
    done = a.approvals.decide_on_site(req["id"], sup, approve=True, reason="现场核实", approval_key=key)
    assert done["state"] == "approved" and done["mode"] == "on_site"
    assert a.cases.get(cid).case.state is CaseState.rejected
    last = a.cases.history(cid)[-1]
    assert last["approved_by"] == "supervisor02" and last["actor"] == "clerk01"
    [doc] = [d for d in a.cases.documents(cid) if d["kind"] == "rejection_decision"]
    assert doc["fields"]["approver"] == "科长02" and doc["fields"]["clerk"] == "窗口经办员01"   # by name, never the login
    # back online: the request and the decision reach the centre, which re-checks and accepts them
    report = a.sync()
    assert report.rejected == 0 and report.conflict == 0
    c = login_client(central_server.url, "supervisor01")
    try:
        at_centre = {r.id: r for r in c.approvals().items}[req["id"]]
    finally:
        c.close()
    assert at_centre.state.value == "approved" and at_centre.checker == "supervisor02" and at_centre.mode == "on_site"


def _centre_state(url: str, rid: str):
    c = login_client(url, "supervisor01")
    try:
        r = {r.id: r for r in c.approvals().items}[rid]
        return r.state.value, r.checker
    finally:
        c.close()


def _decided_entry(w: Workstation, rid: str):
    from counter_app.storage.tables_core import OutboxEntry

    with w.store.session() as s:
        row = s.query(OutboxEntry).filter_by(kind="approval.decided", aggregate_id=rid).one()
        return row.state, row.reason


def _transition_entry(w: Workstation, case_id: str, to_state: str):
    """(state, reason) of the case's outbox entry moving it to ``to_state``."""
    from counter_app.storage.tables_core import OutboxEntry

    with w.store.session() as s:
        rows = s.query(OutboxEntry).filter_by(kind="case.transition", aggregate_id=case_id).all()
        (row,) = [r for r in rows if json.loads(r.payload).get("to_state") == to_state]
        return row.state, row.reason


def test_a_clerk_cannot_approve_their_own_request_by_naming_a_supervisor(rig, central_server):
    """The gap closed: the clerk's own outbox entry naming a supervisor of the office (the account
    as this workstation keeps it) with a key of the clerk's making is rejected by the centre and
    changes nothing; the supervisor's own authentication on this screen is accepted, online."""
    import os

    a = rig("clerk01", "clerk01-demo")
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")   # online: the key comes with the login
    assert mode == "online" and key is not None and len(key) == 32
    forged = a.approvals.request(_rejection_case(a), "rejection")
    honest = a.approvals.request(_rejection_case(a), "rejection")
    named = a.auth.stored_user("supervisor02")                    # what the clerk can read on this machine
    assert a.approvals.decide_on_site(forged["id"], named, approve=True, reason="同意",
                                      approval_key=os.urandom(32))["state"] == "approved"
    assert a.approvals.decide_on_site(honest["id"], sup, approve=True, reason="现场核实",
                                      approval_key=key)["state"] == "approved"
    report = a.sync()
    assert report.rejected == 2       # the forged decision, and the 不予受理 it would have allowed
    state, reason = _decided_entry(a, forged["id"])
    assert state == "rejected" and "审批人验证不符" in reason
    assert _centre_state(central_server.url, forged["id"]) == ("pending", "")
    state, reason = _transition_entry(a, forged["case_id"], "rejected")
    assert state == "rejected" and "没有负责人 supervisor02 批准该办件「不予受理决定」的审批记录" in reason
    assert _transition_entry(a, honest["case_id"], "rejected")[0] == "synced"
    assert _decided_entry(a, honest["id"])[0] == "synced"
    assert _centre_state(central_server.url, honest["id"]) == ("approved", "supervisor02")
    # the key is never kept in clear on this workstation
    data = b"".join(p.read_bytes() for p in a.store.path.parent.glob(a.store.path.name + "*"))
    assert key not in data and key.hex().encode() not in data


def test_an_on_site_decision_offline_needs_the_key_sealed_at_an_online_login(rig, central_server):
    """Offline the key is unsealed with the password just typed; a supervisor whose credential here
    carries no key (signed in before it existed) cannot decide on site offline — refused here at
    once, not queued for the centre to reject; once signed in online again, the decision goes."""
    from counter_app.storage.tables_sync import OfflineCredential
    from counter_app.sync.central_hash import open_approval_key

    a = rig("clerk01", "clerk01-demo")
    a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    with a.store.session() as s:
        sealed = s.get(OfflineCredential, "supervisor02").approval_key_sealed
    assert sealed and open_approval_key(sealed, "supervisor02", "wrong", central_url=a.auth.url,
                                        workstation_id=a.ws) is None
    assert open_approval_key(sealed, "supervisor02", "supervisor02-demo", central_url=a.auth.url,
                             workstation_id="AP-other") is None          # bound to this workstation
    with a.store.new_session() as s:                                       # as before this version
        s.get(OfflineCredential, "supervisor02").approval_key_sealed = None
        s.commit()
    req = a.approvals.request(_rejection_case(a), "rejection")
    online = a.auth._client_factory
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    assert mode == "offline" and key is None
    with pytest.raises(ApprovalRefused, match="联网登录一次"):
        a.approvals.decide_on_site(req["id"], sup, approve=True, reason="现场核实", approval_key=key)
    a.auth._client_factory = online
    a.auth.authenticate_once("supervisor02", "supervisor02-demo")         # online once more: sealed again
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    assert mode == "offline" and key is not None
    assert a.approvals.decide_on_site(req["id"], sup, approve=True, reason="现场核实",
                                      approval_key=key)["state"] == "approved"
    a.auth._client_factory = online
    assert a.sync().rejected == 0
    assert _centre_state(central_server.url, req["id"]) == ("approved", "supervisor02")


def _cli(home, *args, stdin=None):
    """(exit code, the last line's JSON object or None, stderr) of ``counter-app <args>`` at ``home``."""
    import json

    from tests.support.cli import run_cli

    r = run_cli(home, *args, stdin=stdin)
    out = r.stdout.strip().splitlines()
    return r.returncode, (json.loads(out[-1]) if out and out[-1].startswith("{") else None), r.stderr


def _refused_here(home):
    """(actor, detail) of the ``approval.refused`` records of the workstation at ``home``."""
    code, out, err = _cli(home, "audit", "list", "--limit", "200", "--json")
    assert code == 0, err
    return [(r["actor"], r["detail"]) for r in out["records"] if r["action"] == "approval.refused"]


def _cli_home(tmp_path, url: str, username: str):
    from tests.support.central import DEMO_PASSWORDS

    home = tmp_path / f"home-{username}"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{url}"\n[office]\nworkstation_id = "CLI-{uuid.uuid4().hex[:8]}"\n', encoding="utf-8")
    code, _, err = _cli(home, "login", username, "--password-stdin", "--json", stdin=DEMO_PASSWORDS[username] + "\n")
    assert code == 0, err
    return home


def test_requests_made_in_one_second_queue_in_the_order_they_were_made(rig, central_server, central_db, tmp_path,
                                                                       monkeypatch):
    """made_at is kept to the second, so requests of one second tie on it; the queue (the counter's
    and the centre's) still lists them longest waiting first: a supervisor's Enter on the top row
    must not pick the later one."""
    import counter_app.workflows.approvals as approvals_module
    from counter_app.storage.base import utcnow

    a = rig("clerk01", "clerk01-demo")
    cases = [_rejection_case(a) for _ in range(6)]
    one_second = utcnow().replace(microsecond=0)
    with monkeypatch.context() as m:
        m.setattr(approvals_module, "utcnow", lambda: one_second)
        made = [a.approvals.request(cid, "rejection")["id"] for cid in cases]
    assert [r["id"] for r in a.approvals.list(state="pending")] == made
    a.sync()
    # PostgreSQL writes an updated row anew at the heap's end, so rows that tie come back in the
    # order they were last written; the centre's own writes to a request (here a no-op) reorder them
    from sqlalchemy import text

    with central_db.begin() as c:
        c.execute(text("UPDATE approval_requests SET summary = summary WHERE id = :id"), {"id": made[0]})

    sup = _cli_home(tmp_path, central_server.url, "supervisor01")
    code, listed, _ = _cli(sup, "approvals", "list", "--state", "pending", "--json")
    assert code == 0 and listed["source"] == "centre"
    assert [r["id"] for r in listed["items"] if r["id"] in made] == made
    b = rig("supervisor01", "supervisor01-demo")
    b.sync()
    assert [r["id"] for r in b.approvals.list(state="pending") if r["id"] in made] == made


def test_a_request_made_again_in_the_same_second_is_the_cases_latest(rig, monkeypatch):
    """Withdrawn and asked again within one second (made_at is to the second): the case shows the
    new, pending request, not the withdrawn one."""
    import counter_app.workflows.approvals as approvals_module
    from counter_app.storage.base import utcnow
    from counter_app.workflows.approvals import latest_approval

    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    one_second = utcnow().replace(microsecond=0)
    with monkeypatch.context() as m:
        m.setattr(approvals_module, "utcnow", lambda: one_second)
        first = a.approvals.request(cid, "rejection")
        a.approvals.withdraw(first["id"])
        a.approvals.request(cid, "rejection")
    latest = latest_approval(a.store, cid)
    assert latest is not None and latest.state == "pending"


def test_headless_list_and_decide_with_every_refusal(rig, central_server, tmp_path):
    a = rig("clerk01", "clerk01-demo")
    req = a.approvals.request(_rejection_case(a), "rejection")
    s1 = rig("supervisor01", "supervisor01-demo")
    own = s1.approvals.request(_rejection_case(s1), "rejection")
    a.sync()
    s1.sync()

    sup = _cli_home(tmp_path, central_server.url, "supervisor01")
    code, listed, _ = _cli(sup, "approvals", "list", "--state", "pending", "--json")
    assert code == 0 and listed["source"] == "centre" and listed["office_code"] == "FT"
    ids = [r["id"] for r in listed["items"]]
    assert req["id"] in ids and own["id"] in ids and {r["state"] for r in listed["items"]} == {"pending"}
    made = [r["made_at"] for r in listed["items"]]
    assert made == sorted(made)                                        # longest waiting first

    clerk = _cli_home(tmp_path, central_server.url, "clerk01")
    code, out, _ = _cli(clerk, "approvals", "list", "--json")
    assert code == 1 and "只有科长" in out["error"]
    code, out, _ = _cli(clerk, "approvals", "decide", req["id"], "--approve", "--reason", "同意", "--json")
    assert code == 1 and "只有科长" in out["error"]
    # refused before asking the centre, and audited (docs/supervisors.md; tester "supervisor" finding 4)
    [(actor, detail)] = _refused_here(clerk)
    assert actor == "clerk01" and "集中授权批准被拒绝" in detail and out["error"] in detail and req["id"] in detail
    other = _cli_home(tmp_path, central_server.url, "supervisor11")
    code, out, _ = _cli(other, "approvals", "decide", req["id"], "--approve", "--reason", "同意", "--json")
    assert code == 1 and "没有该审批申请" in out["error"]             # another office's: as an unknown id
    # refused by the centre: audited at this workstation too (finding 3; the centre records it as well)
    [(actor, detail)] = _refused_here(other)
    assert actor == "supervisor11" and "没有该审批申请" in detail and req["id"] in detail
    code, out, _ = _cli(sup, "approvals", "decide", own["id"], "--approve", "--reason", "同意", "--json")
    assert code == 1 and "经办人本人" in out["error"]                  # the maker, a supervisor
    code, out, _ = _cli(sup, "approvals", "decide", req["id"], "--reject", "--reason", "材料存疑", "--json")
    assert code == 0 and out["state"] == "rejected" and out["checker"] == "supervisor01"
    code, out, err = _cli(sup, "approvals", "decide", req["id"], "--approve", "--reason", "改为同意")
    assert code == 1 and "已驳回" in err and "Traceback" not in err    # decided: immutable
    code, out, _ = _cli(clerk, "approvals", "request", "NOPE", "--action", "fly", "--json")
    assert code == 2 and "不认识的审批事项" in out["error"]
    code, out, _ = _cli(clerk, "approvals", "request", "NOPE", "--action", "reprint", "--json")
    assert code == 2 and "--document" in out["error"]
    code, out, err = _cli(clerk, "approvals", "request", "NOPE", "--action", "reg_cancel", "--json")
    assert code == 1 and out["error"] and "Traceback" not in err       # no such case here: said, not raised


def test_a_remote_decision_reaches_the_clerks_screen_within_10_s(rig, central_server, tmp_path):
    """The sync agent (as the GUI starts it, default cadences) and the window's status poll
    (STATUS_REFRESH_MS): from the supervisor's decision to the case shown as changed."""
    import json
    import os
    import subprocess
    import sys
    from datetime import datetime, timezone

    from counter_app.sync.status import window_status
    from counter_app.ui.main_window import STATUS_REFRESH_MS
    from tests.support.central import REPO

    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    cmd = [sys.executable, "-m", "counter_app", "sync", "agent", "--settings-json", a.settings.to_json(),
           "--store", str(a.store.path)]
    agent = subprocess.Popen(cmd, stdout=open(tmp_path / "agent.out", "w"), stderr=subprocess.STDOUT,
                             env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        deadline = time.monotonic() + 60
        while a.approvals.list(case_id=cid)[0]["state"] == "pending" and time.monotonic() < deadline:
            c = login_client(central_server.url, "supervisor01")
            try:
                if any(r.id == req["id"] for r in c.approvals("pending").items):
                    break
            finally:
                c.close()
            time.sleep(0.5)
        since = datetime.now(timezone.utc).replace(tzinfo=None)
        start = time.monotonic()
        _decide(central_server.url, "supervisor01", req["id"], "approved", "同意")
        seen = None
        while time.monotonic() - start < 30:
            time.sleep(STATUS_REFRESH_MS / 1000)                   # the window's poll
            counts = window_status(a.store, "", since)
            if cid in counts.centre_updated:
                seen = time.monotonic() - start
                break
    finally:
        agent.terminate()
        agent.wait(10)
    print(f"decision → clerk's screen: {seen:.1f} s" if seen else "never seen")
    assert seen is not None and seen <= 10, (seen, json.dumps(open(tmp_path / "agent.out").read()[-2000:]))
    assert a.cases.get(cid).case.state is CaseState.rejected


def test_the_clerks_case_shows_pending_then_rejected_with_the_reason(rig, central_server):
    from counter_app.workflows.approvals import approval_status
    from counter_app.workflows.case_queries import _waiting_reasons, waiting_sentence

    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    assert approval_status(a.store, cid).startswith("待审批：不予受理决定（须科长审批）")
    assert waiting_sentence(*_waiting_reasons(a.store, [cid])[cid]).startswith("待审批")
    a.sync()
    _decide(central_server.url, "supervisor01", req["id"], "rejected", "请补充核实参保记录")
    a.sync()
    status = approval_status(a.store, cid)
    assert status.startswith("已驳回") and "请补充核实参保记录" in status
    # a supervisor who never signed in on this workstation is named by grade, never by login id
    assert "审批人 科长" in status and "supervisor01" not in status
    assert a.cases.get(cid).case.state is CaseState.review          # returned to the clerk
    # a new request may be made after a rejection (the first is decided)
    assert a.approvals.request(cid, "rejection")["state"] == "pending"


def test_reprinting_a_decision_needs_an_approved_request_per_reprint(rig, central_server):
    from datetime import date

    from counter_app.printing.printqueue import PrintQueue, PrintQueueError
    from counter_app.workflows.approvals import reprint_refusal
    from counter_app.workflows.reference import current_authorisation

    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    a.sync()
    _decide(central_server.url, "supervisor01", req["id"])
    a.sync()
    [doc] = [d for d in a.cases.documents(cid) if d["kind"] == "rejection_decision"]

    def refusal():
        return reprint_refusal(a.store, document_id=doc["issued_id"], kind=doc["kind"], case_id=cid,
                               table=current_authorisation(a.store), on=date.today())

    assert "须经负责人审批" in refusal()
    queue = PrintQueue(a.store, actor="clerk01", workstation_id=a.ws, reprint_guard=lambda d: refusal())
    with pytest.raises(PrintQueueError, match="须经负责人审批"):
        queue.reprint(doc["issued_id"], reason="原件遗失")
    asked = a.approvals.request(cid, "reprint", details={"document_id": doc["issued_id"]})
    assert asked["required_level"] == 1
    assert refusal() is not None                                       # pending is not approved
    a.sync()
    _decide(central_server.url, "supervisor02", asked["id"], "approved", "原件遗失，同意补打")
    a.sync()
    assert refusal() is None                                           # one reprint authorised


def test_an_auditor_reads_the_queue_and_changes_nothing(rig, central_server):
    import uuid as _uuid
    from datetime import datetime, timezone

    from counter_protocol import sync as p

    a = rig("clerk01", "clerk01-demo")
    req = a.approvals.request(_rejection_case(a), "rejection")
    a.sync()
    aud = login_client(central_server.url, "auditor01")
    try:
        assert req["id"] in [r.id for r in aud.approvals("pending").items]     # reads
        with pytest.raises(RequestRejected, match="只有科长"):
            aud.decide_approval(req["id"], "approved", "同意")                   # decides nothing
        body = '{"n":1}'
        item = p.OutboxItem(id=str(_uuid.uuid4()), seq=1, kind="case.note", aggregate_type="case", aggregate_id="x",
                            payload={"n": 1}, payload_digest=p.payload_digest(body), actor="auditor01",
                            created_at=datetime.now(timezone.utc))
        with pytest.raises(RequestRejected, match="审计人员只能查看"):
            aud.push(p.PushRequest(workstation_id=aud.workstation_id, entries=[item]))   # pushes nothing
    finally:
        aud.close()


def test_on_site_authorisation_asks_the_supervisors_second_factor(rig, central_server, central_db):
    import pyotp
    from sqlalchemy.orm import Session

    from counter_central import admin

    name = f"sup{uuid.uuid4().hex[:6]}"
    with Session(central_db) as s:
        admin.add_user(s, name, office="FT", role="supervisor", password="Sup-pass-2026!x", level=1)
        secret = admin.enrol_totp(s, name).secret
    a = rig("clerk01", "clerk01-demo")
    req = a.approvals.request(_rejection_case(a), "rejection")
    with pytest.raises(LoginError, match="动态验证码"):
        a.auth.authenticate_once(name, "Sup-pass-2026!x")                 # online: the centre asks the code
    sup, mode, key = a.auth.authenticate_once(name, "Sup-pass-2026!x", pyotp.TOTP(secret).now())
    assert mode == "online" and sup.totp and sup.approval_level == 1
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    with pytest.raises(LoginError, match="动态验证码"):
        a.auth.authenticate_once(name, "Sup-pass-2026!x")                 # offline too
    assert a.approvals.decide_on_site(req["id"], sup, approve=True, reason="同意",
                                      approval_key=key)["state"] == "approved"


def test_headless_complaints_need_the_login_kept_on_this_machine(central_server, tmp_path):
    """``counter-app complaints list|advance`` read the signed-in user from the login kept on this
    machine (cli._common.signed_in_user, shared with ``approvals``): none is a Chinese refusal."""
    nobody = tmp_path / "home-nobody"
    (nobody / "config").mkdir(parents=True)
    (nobody / "config" / "config.toml").write_text(f'[central]\nurl = "{central_server.url}"\n', encoding="utf-8")
    code, out, err = _cli(nobody, "complaints", "list", "--json")
    assert code == 1 and "未登录" in out["error"] and "Traceback" not in err

    sup = _cli_home(tmp_path, central_server.url, "supervisor01")
    code, out, _ = _cli(sup, "complaints", "list", "--open", "--json")
    assert code == 0 and out == {"items": [], "centre_note": ""}     # the office's tickets read at the centre too
    code, out, err = _cli(sup, "complaints", "advance", "T-404", "--note", "已核实", "--json")
    assert code == 1 and "没有差评工单 T-404" in out["error"] and "Traceback" not in err
