"""资格认证 at the window against what the record says now, on the real centre (PostgreSQL): a death
that becomes known while the pensioner is at the window refuses the result before anything is
printed; worked offline from the snapshot, the centre's refusal voids the 认证结果告知单 and the
case is never archived as 认证通过; the notice promises back-pay months (6.6.2.8) and a suspension
only as the counter knows them; and the certification date is the Beijing day on a PC left on UTC
(a payout tester's findings)."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.certification import CertificationError
from tests.integration.test_certification_window import Window
from tests.support.cases import man_born_1960

pytestmark = pytest.mark.integration


def _registry(central_db, id_number, name, last, *, status="retired", suspension=None):
    from counter_central.registry import import_records

    rec = {"kind": "person", "id_number": id_number, "name": name, "sex": "male", "birth": "1960-01-01",
           "category": "male", "status": status, "office": "FT", "insured_since": "1985-01-01",
           "contribution_months": 360, "deemed_months": 0, "history_reviewed": True, "special_work_months": None,
           "account_balance": "0", "benefit_place_shenzhen": True, "last_certified": last, "unit_uscc": None}
    if suspension:
        rec["payment_suspension"] = suspension
    with Session(central_db) as s:
        report = import_records(s, [json.dumps(rec, ensure_ascii=False)], by="test")
        assert report.ok, report.problems


@pytest.fixture
def window(_migrated_template, tmp_path, central_server, app_home):
    w = Window(_migrated_template, tmp_path, central_server.url)
    yield w
    w.store.close()


def _accepted(window, id_number, name):
    cid = window.cert.start({"name": name, "id_number": id_number})
    window.cert.accept(cid)
    window.cert.consent(cid)
    return cid


def _notice_text(window, cid) -> str:
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.templates import render_pdf

    [doc] = [d for d in window.cases.documents(cid) if d["kind"] == "certification_notice"]
    pdf = render_pdf(DocumentKind.certification_notice, doc["fields"], doc["number"] or "")
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def _entries(store, kind="certification.recorded"):
    with store.session() as s:
        return list(s.scalars(select(OutboxEntry).where(OutboxEntry.kind == kind)))


def test_a_death_known_after_acceptance_refuses_the_result_before_anything_is_printed(window, central_db):
    pid = man_born_1960(61)
    _registry(central_db, pid, "林测试", "2026-03-10")
    cid = _accepted(window, pid, "林测试")
    _registry(central_db, pid, "林测试", "2026-03-10", status="deceased")     # a data-sharing match, meanwhile
    with pytest.raises(CertificationError, match="已死亡"):
        window.cert.record_success(cid, method="photo", photo_confirmed=True)
    case = window.cases.get(cid).case
    assert case.state.value == "accepted" and not case.steps
    assert not any(d["kind"] == "certification_notice" for d in window.cases.documents(cid))
    assert _entries(window.store) == []


def test_offline_the_snapshot_certifies_and_the_centres_refusal_voids_the_notice(window, central_db):
    pid = man_born_1960(62)
    _registry(central_db, pid, "周测试", "2026-03-10")
    cid = _accepted(window, pid, "周测试")
    _registry(central_db, pid, "周测试", "2026-03-10", status="deceased")
    window.cases.records.client_factory = lambda: None                  # offline: the case's snapshot
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True)
    assert out.valid_until.isoformat() == "2027-12-31"
    assert "认证通过" in _notice_text(window, cid)
    # not archived while the centre has not answered
    with pytest.raises(Exception, match="尚未经中心确认"):
        window.cases.archive(cid)
    window.sync()                                                        # the centre refuses it
    [entry] = _entries(window.store)
    assert entry.state == "rejected" and "已死亡" in (entry.reason or "")
    case = window.cases.get(cid).case
    step = case.steps[-1]
    assert step.result == "failed" and "已死亡" in step.data["certification"]["centre_refusal"]["reason"]
    [doc] = [d for d in window.cases.documents(cid) if d["kind"] == "certification_notice"]
    assert doc["status"] == "voided" and "被中心拒收" in doc["void_reason"] and "收回" in doc["void_reason"]
    window.sync()                                                        # followed once
    assert window.cases.get(cid).case.steps[-1].data["certification"]["centre_refusal"] == \
        step.data["certification"]["centre_refusal"]


def test_the_notice_promises_no_months_the_counter_does_not_know(window, central_db):
    pid = man_born_1960(63)
    _registry(central_db, pid, "吴测试", "2025-02-18", suspension="lapse")   # suspended: since when, not held here
    cid = _accepted(window, pid, "吴测试")
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True)
    text = _notice_text(window, cid)
    assert "经审批后恢复发放" in text and "是否补发及补发月份以审批结果为准" in text
    assert "缺漏发放月份" not in text and "个月（" not in text
    assert out.resumption and not out.back_pay_known and out.back_pay_months == ()
    [entry] = _entries(window.store)
    assert json.loads(entry.payload)["back_pay_months"] == []


def test_a_lapse_without_a_suspension_is_not_called_suspended(window, central_db):
    pid = man_born_1960(64)
    _registry(central_db, pid, "郑测试", "2025-02-18")                       # lapsed 2026-03-01, never suspended
    cid = _accepted(window, pid, "郑测试")
    standing = window.cert.standing(cid, datetime(2026, 12, 3).date())
    assert standing.text() == "资格认证已于 2026-02-28 到期，认证已过期（待暂停审批）"
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True)
    assert not out.resumption and out.back_pay_months == ()
    text = _notice_text(window, cid)
    assert "暂停发放的基本养老金，经审批后恢复发放" not in text and "缺漏发放月份" not in text
    assert "原资格认证已过期" in text and "是否补发及补发月份以审批结果为准" in text


def test_the_certification_date_is_the_beijing_day_on_a_pc_left_on_utc(window, central_db, set_clock_zone):
    set_clock_zone("UTC")
    pid = man_born_1960(65)
    _registry(central_db, pid, "陈测试", "2026-03-10")
    window.cases.now = lambda: datetime(2026, 11, 30, 17, 0)     # the PC's clock: 2026-12-01 01:00 in Beijing
    cid = _accepted(window, pid, "陈测试")
    out = window.cert.record_success(cid, method="photo", photo_confirmed=True)
    assert out.certified_on.isoformat() == "2026-12-01" and out.valid_until.isoformat() == "2027-12-31"
    text = _notice_text(window, cid)
    assert "于2026年12月1日通过窗口认证" in text and "有效期至2027年12月31日" in text
    [entry] = _entries(window.store)
    assert json.loads(entry.payload)["certified_on"] == "2026-12-01"
