"""资格认证 at the window and what the centre knows (follow-ups of the payout tester's findings 1-2):

- the day a 暂停发放 took effect reaches the counter beside the registry record
  (``RegistryAnswer.payment_suspended_on``; the record an older counter reads strictly stays as it
  was), is cached with the record, and the 认证结果告知单 then states the back-pay months of
  6.6.2.8 from the one shared computation — the months the centre's resumption request carries;
  where the centre holds no such day, the notice keeps 「以审批结果为准」;
- a registry adapter written before the day existed is still called (with the reason alone) and
  the centre answers the day from its own suspension;
- a certification the centre refused (中心拒收) is told to the clerk: the window's status poll names
  the 办件编号 and the 待同步 details say the notice is to be recovered from the pensioner.

The real centre, in-process on SQLite."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.reference.params import load_policy_params
from counter_app.storage.tables_core import OutboxEntry
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.workflows import inbox
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.certification import WindowCertification
from counter_app.workflows.records import RecordService
from counter_protocol import certification as rules
from tests.support.cases import man_born_1960

WS = "FT-W01"
OFFICE = {"office": "福田分局", "office_code": "FT", "workstation_id": WS}
TODAY = datetime(2026, 12, 3, 10, 0)


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def client_for(central, token: str | None = None) -> CentralClient:
    return CentralClient("http://testserver", tokens=StaticToken(token), transport=central._transport)


def login(central, user: str = "clerk01") -> str:
    with client_for(central) as c:
        return c.login(user, f"{user}-demo", WS).access_token


def registry(central, id_number: str, name: str, last: str, *, status: str = "retired",
             suspension: str | None = None) -> None:
    from counter_central.registry import import_records

    rec = {"kind": "person", "id_number": id_number, "name": name, "sex": "male", "birth": "1960-01-01",
           "category": "male", "status": status, "office": "FT", "insured_since": "1985-01-01",
           "contribution_months": 360, "deemed_months": 0, "history_reviewed": True, "special_work_months": None,
           "account_balance": "0", "benefit_place_shenzhen": True, "last_certified": last, "unit_uscc": None}
    if suspension:
        rec["payment_suspension"] = suspension
    with Session(central.app.state.engine) as s:
        report = import_records(s, [json.dumps(rec, ensure_ascii=False)], by="test")
        assert report.ok, report.problems


def suspend_approved(central, id_number: str, *, lapsed_on: date, last: date, decided_at: datetime) -> None:
    """A lapse suspension the sweep raised, approved by a supervisor at ``decided_at`` (UTC): carried
    out as the centre's decision route does (counter_central.certification.on_decided)."""
    from counter_central import certification as cc

    with Session(central.app.state.engine) as s:
        sid = str(uuid.uuid4())
        req = cc._raise_request(s, action="payment_suspension", case_id=f"suspension:{sid}", case_no="",
                                office_code="FT", workstation_id=cc.CENTRE_WORKSTATION, maker=cc.SWEEP_MAKER,
                                on=lapsed_on, level=1, summary="资格认证过期，拟暂停发放",
                                details={"suspension_id": sid, "reason": "lapse", "lapsed_on": lapsed_on.isoformat()})
        s.add(cc.SuspensionRow(id=sid, id_number=id_number, office_code="FT", reason="lapse", note="资格认证过期",
                               lapsed_on=lapsed_on, last_certified=last, state=cc.FLAGGED, suspend_request_id=req.id))
        s.flush()
        req.state, req.checker, req.decided_at, req.reason = "approved", "supervisor01", decided_at, "核实无误"
        cc.on_decided(s, req)
        s.commit()


class Counter:
    """A window workstation signed in at the in-process centre (its look-ups go there)."""

    def __init__(self, store, central, token: str):
        self.store, self.central, self.token = store, central, token
        self.records = RecordService(store, lambda: client_for(central, token))
        self.cases = CaseWorkflow(store, actor="clerk01", records=self.records, now=lambda: TODAY, **OFFICE)
        self.cert = WindowCertification(self.cases, load_policy_params())

    def accepted(self, id_number: str, name: str) -> str:
        cid = self.cert.start({"name": name, "id_number": id_number})
        self.cert.accept(cid)
        self.cert.consent(cid)
        return cid

    def sync(self):
        """A sync round and what the sync agent does after it (cli.sync._apply_inbox)."""
        with client_for(self.central, self.token) as c:
            report = SyncWorker(self.store, c, workstation_id=WS).run_once(check_clock=False)
        assert report.error is None, report.error
        return inbox.apply_pending(self.store, actor="clerk01", **OFFICE)

    def notice_text(self, cid: str) -> str:
        from counter_app.domain.documents import DocumentKind
        from counter_app.printing.templates import render_pdf

        [doc] = [d for d in self.cases.documents(cid) if d["kind"] == "certification_notice"]
        pdf = render_pdf(DocumentKind.certification_notice, doc["fields"], doc["number"] or "")
        return re.sub(r"\s+", "", "".join(pg.extract_text() or "" for pg in PdfReader(io.BytesIO(pdf)).pages))


def refused_certification(store, central, id_number: str, name: str) -> tuple[Counter, str]:
    """Certified offline from the case's snapshot while the core system meanwhile learnt of the
    death; the sync round's centre refuses the ``certification.recorded`` entry. (case id, counter)"""
    registry(central, id_number, name, "2026-03-10")
    counter = Counter(store, central, login(central))
    cid = counter.accepted(id_number, name)
    registry(central, id_number, name, "2026-03-10", status="deceased")
    counter.records.client_factory = lambda: None                     # offline: the case's snapshot
    counter.cert.record_success(cid, method="photo", photo_confirmed=True)
    counter.records.client_factory = lambda: client_for(central, counter.token)
    return counter, cid


def test_the_notice_states_the_back_pay_months_from_the_day_the_suspension_took_effect(store, central):
    pid = man_born_1960(101)
    registry(central, pid, "郑测试", "2025-02-18")                   # lapsed on 2026-03-01
    # the suspension was approved only on 2026-06-15 (Beijing): payment ran until then
    suspend_approved(central, pid, lapsed_on=date(2026, 3, 1), last=date(2025, 2, 18),
                     decided_at=datetime(2026, 6, 15, 2, 0))

    # what an older counter reads strictly (the record) is as before; the day travels beside it
    with client_for(central, login(central)) as c:
        answer = c.lookup_person(pid)
    assert "payment_suspended_on" not in (answer.record or {}) and answer.record["payment_suspension"] == "lapse"
    assert answer.payment_suspended_on == date(2026, 6, 15)

    counter = Counter(store, central, login(central))
    cid = counter.accepted(pid, "郑测试")
    out = counter.cert.record_success(cid, method="photo", photo_confirmed=True)
    months = tuple(f"{y:04d}-{m:02d}" for y, m in rules.back_pay_months(
        "lapse", date(2025, 2, 18), date(2026, 6, 15), TODAY.date(), 12))
    assert out.resumption and out.back_pay_known and out.back_pay_months == months
    assert months[0] == "2026-06" and months[-1] == "2026-11" and len(months) == 6
    text = counter.notice_text(cid)
    assert "缺漏发放月份6个月（2026年6月至2026年11月），经审批后予以补发" in text, text
    assert "以审批结果为准" not in text

    # the centre's resumption request pays back the same months
    counter.sync()
    with store.session() as s:      # the case's entries too (its record snapshot holds the day)
        assert not s.scalars(select(OutboxEntry).where(OutboxEntry.state != "synced")).all()
    from counter_central.certification import SuspensionRow

    with Session(central.app.state.engine) as s:
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == pid)).one()
        assert susp.state == "resume_pending" and json.loads(susp.back_pay_months) == list(months)

    # the record cache keeps the day: offline, the same months
    cached = counter.records.person(pid, online=False)
    assert cached.state == "cache" and cached.record.payment_suspended_on == date(2026, 6, 15)


def test_without_the_day_at_the_centre_the_notice_leaves_the_months_to_the_approval(store, central):
    """An older centre (or a suspension it holds no row for) answers no day: the wording of today."""
    pid = man_born_1960(102)
    registry(central, pid, "钟测试", "2025-02-18", suspension="lapse")
    counter = Counter(store, central, login(central))
    cid = counter.accepted(pid, "钟测试")
    out = counter.cert.record_success(cid, method="photo", photo_confirmed=True)
    assert out.resumption and not out.back_pay_known and out.back_pay_months == ()
    text = counter.notice_text(cid)
    assert "是否补发及补发月份以审批结果为准" in text and "缺漏发放月份" not in text
    assert counter.records.person(pid, online=False).record.payment_suspended_on is None


def test_a_certification_the_centre_refused_is_told_to_the_clerk(store, central):
    from counter_app.sync.status import window_status
    from counter_app.workflows.case_queries import outbox_entry_details

    pid = man_born_1960(103)
    counter, cid = refused_certification(store, central, pid, "冯测试")
    case_no = counter.cases.get(cid).case.case_no
    before = datetime.utcnow()
    report = counter.sync()
    assert [r["case_no"] for r in report.certifications_refused] == [case_no]

    # the window's status poll names the case (its 办件编号) and reloads it
    counts = window_status(store, "", before)
    assert counts.certifications_refused == (case_no,) and cid in counts.centre_updated
    assert counts.inbox_seen is not None and counts.inbox_seen >= before
    assert window_status(store, "", counts.inbox_seen).certifications_refused == ()   # told once

    # the 待同步 details of the refused entry: the notice is void and to be recovered
    with store.session() as s:
        seq = s.scalars(select(OutboxEntry.seq).where(OutboxEntry.kind == "certification.recorded")).one()
    details = outbox_entry_details(store, seq)
    assert details["state"] == "rejected"
    refused = details["certification_refused"]
    assert refused["case_no"] == case_no and refused["voided"] and "已死亡" in refused["reason"]



def test_a_refusal_followed_by_a_sync_without_the_window_waits_for_the_clerk_until_acknowledged(store, central):
    """The refusal followed by a background or CLI sync (no window open): nothing told the clerk. Now
    it stays listed — unacknowledged_refusals, the 办件 list's mark — until a clerk acknowledges it:
    one workflow call, kept on the refusal and audited; an auditor cannot; twice is refused."""
    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.storage.tables_audit import AuditRow
    from counter_app.workflows.case_queries import list_cases
    from counter_app.workflows.certification_refused import (ACKNOWLEDGED, acknowledge_refusal, archive_hold,
                                                             unacknowledged_refusals)

    pid = man_born_1960(104)
    counter, cid = refused_certification(store, central, pid, "卫测试")
    case_no = counter.cases.get(cid).case.case_no
    assert unacknowledged_refusals(store) == []                  # nothing refused yet
    counter.sync()                                               # `counter-app sync`: no window open
    [refused] = unacknowledged_refusals(store)
    assert (refused.case_id, refused.case_no) == (cid, case_no) and "已死亡" in refused.reason
    assert refused.voided and all(refused.voided)
    [row] = [r for r in list_cases(store, "all") if r.id == cid]
    assert row.certification_refused

    auditor = CaseWorkflow(store, actor="auditor01", roles=["auditor"], now=lambda: TODAY, **OFFICE)
    with pytest.raises(TransitionRefused):
        acknowledge_refusal(auditor, cid)
    assert len(unacknowledged_refusals(store)) == 1

    told = acknowledge_refusal(counter.cases, cid)
    assert told.case_no == case_no
    assert unacknowledged_refusals(store) == []
    [row] = [r for r in list_cases(store, "all") if r.id == cid]
    assert not row.certification_refused
    with store.session() as s:
        [audit] = s.scalars(select(AuditRow).where(AuditRow.action == ACKNOWLEDGED)).all()
    assert (audit.actor, audit.object_id, audit.result) == ("clerk01", case_no, "ok")
    assert refused.voided[0] in audit.detail
    with pytest.raises(TransitionRefused) as again:
        acknowledge_refusal(counter.cases, cid)
    assert getattr(again.value.reason, "code", "") == "certification_refusal_none"
    with store.session() as s:               # nothing else changes: the followed refusal holds no archive back
        assert archive_hold(s, cid) is None


def two_argument_adapter(session):
    """A registry adapter written before the day existed: ``set_payment_suspension(id_number, reason)``
    (``COUNTER_CENTRAL_REGISTRY=module:factory``, docs/registry.md)."""
    from counter_central.registry import TableRegistry

    class OldAdapter(TableRegistry):
        name = "old-adapter"

        def set_payment_suspension(self, id_number, reason):  # type: ignore[override]
            self._rewrite(id_number, payment_suspension=reason)

    return OldAdapter(session)


def test_an_adapter_without_the_day_is_still_written_and_the_centre_answers_the_day(central, monkeypatch):
    from counter_central.db import RegistryPerson

    monkeypatch.setenv("COUNTER_CENTRAL_REGISTRY", f"{__name__}:two_argument_adapter")
    pid = man_born_1960(105)
    registry(central, pid, "蒋测试", "2025-02-18")
    suspend_approved(central, pid, lapsed_on=date(2026, 3, 1), last=date(2025, 2, 18),
                     decided_at=datetime(2026, 6, 15, 2, 0))
    with Session(central.app.state.engine) as s:
        rec = json.loads(s.get(RegistryPerson, pid).record)
    assert rec["payment_suspension"] == "lapse" and "payment_suspended_on" not in rec
    with client_for(central, login(central)) as c:
        answer = c.lookup_person(pid)
    assert answer.payment_suspended_on == date(2026, 6, 15)          # the centre's own suspension
