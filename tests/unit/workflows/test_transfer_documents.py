"""What a tester found in the 6.3 / 6.4 documents (s7 transfer_clerk, items 3–5):

3. the 转移联系函 took its 转入地 as free text (a Shenzhen office wrote 「转入湖南省长沙市」), accepted a
   转出地 in 广东省 (5.4.1: 跨省 only) and printed the receiving account and contact as "—": the 转入地
   is this office, the account and contact the office's reference data (``offices``), a same-province
   转出地 is refused with the clause;
4. the 转出 信息表 printed 参保起止时间, 缴费月数, 个人账户储存额, 统筹基金转移额 as "—" and none could be
   entered: they come from the record and the clerk's 核定数据, the 基金划转 step records amount and date;
5. the 个人账户对账单 was empty in both phases and issued without a balance.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from counter_app.domain.case_engine import TransitionRefused
from counter_app.reference.catalog import load_catalog
from counter_app.storage.tables_sync import ReferenceVersionRow
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol.sync import canonical_json
from tests.support.cases import ready_case

NOW = datetime(2026, 3, 2, 10, 0)
PERSON_ID = "110105196001010017"
OFFICE = "深圳市社会保险基金管理局福田分局"


def _registry(**person) -> dict:
    p = {"kind": "person", "id_number": PERSON_ID, "name": "张伟", "sex": "male", "birth": "1960-01-01",
         "category": "male", "status": "insured", "office": "FT", "insured_since": "2005-01-01",
         "contribution_months": 200, "deemed_months": 24, "history_reviewed": True, "special_work_months": None,
         "account_balance": "120000.00", "benefit_place_shenzhen": True, "last_certified": None, "unit_uscc": None}
    p.update(person)
    return {"state": "online", "as_of": "2026-03-02T09:00:00", "person": p, "unit": None,
            "person_asked": True, "unit_asked": False}


@pytest.fixture
def workflow(store):
    return CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office=OFFICE, office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW)


def _accepted(workflow, code, variants=(), **person):
    cid = ready_case(workflow, code, variants=variants, applicant={"name": "张伟", "id_number": PERSON_ID},
                     facts={"registry": _registry(**person)})
    workflow.decide(cid, expected="accepted")
    return cid


def _text(workflow, cid, kind) -> str:
    from counter_app.printing.templates import render_pdf

    doc = next(d for d in workflow.documents(cid) if d["kind"] == kind)
    assert doc["status"] == "issued"
    pdf = render_pdf(kind, doc["fields"], doc["number"])
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _publish_offices(store, offices: dict) -> None:
    with store.new_session() as s:
        s.add(ReferenceVersionRow(name="offices", version="t-xfer", effective_from=None, digest="y" * 64,
                                  received_at=datetime(2026, 3, 1), content=canonical_json({"offices": offices})))
        s.commit()


@pytest.mark.parametrize("code", ["transfer_in", "temp_transfer_in"])
def test_the_contact_letter_comes_into_this_office_with_its_account(workflow, store, code):
    _publish_offices(store, {"FT": {"account_name": "深圳市社会保险基金管理局（测试）", "bank": "测试银行深圳分行",
                                    "bank_account": "4403 1234 5678 9012", "contact_address": "深圳市福田区测试路1号",
                                    "contact_phone": "0755-12345678", "postcode": "518000"}})
    cid = _accepted(workflow, code)
    # the 转入地 is no longer typed: what a clerk sends for it is not used
    workflow.record_transfer_step(cid, "letter_generated", data={"transfer": {
        "from_region": "湖南省长沙市", "from_agency": "长沙市社会保险服务中心",
        "to_region": "湖南省长沙市", "to_agency": "长沙市社保局"}})
    kind = "transfer_contact_letter" if code == "transfer_in" else "temp_transfer_contact_letter"
    text = _text(workflow, cid, kind)
    assert "由湖南省长沙市转入广东省深圳市" in text
    assert "长沙市社保局" not in text
    for value in ("深圳市社会保险基金管理局（测试）", "测试银行深圳分行", "4403123456789012", "深圳市福田区测试路1号",
                  "0755-12345678", "518000", OFFICE):
        assert value in text, value


@pytest.mark.parametrize("region", ["广东省广州市天河区", "广州市天河区", "长沙市"])
def test_a_transfer_in_from_guangdong_or_no_province_is_refused(workflow, region):
    cid = _accepted(workflow, "transfer_in")
    with pytest.raises(TransitionRefused) as refused:
        workflow.record_transfer_step(cid, "letter_generated", data={"transfer": {
            "from_region": region, "from_agency": "某社保机构"}})
    assert ("5.4.1" in refused.value.reason) == region.startswith(("广东", "广州"))
    assert workflow.documents(cid) == [] or all(d["kind"] != "transfer_contact_letter" for d in workflow.documents(cid))


def test_the_info_sheet_carries_the_record_and_the_fund_figures(workflow):
    cid = _accepted(workflow, "transfer_out")
    with pytest.raises(TransitionRefused, match="5.4.1"):
        workflow.record_transfer_step(cid, "sheet_generated", data={"transfer": {
            "to_region": "广东省广州市", "to_agency": "广州市社保中心", "insured_to": "2026-02", "pooled_amount": "1"}})
    workflow.record_transfer_step(cid, "sheet_generated", data={"transfer": {
        "from_region": "北京市朝阳区", "from_agency": "朝阳区社保",          # this office's side: never typed
        "to_region": "四川省成都市", "to_agency": "成都市社会保险事业管理局",
        "insured_to": "2026-02", "pooled_amount": "64000.00"}})
    text = _text(workflow, cid, "transfer_info_sheet")
    assert "由广东省深圳市转移至四川省成都市" in text and OFFICE in text and "朝阳区" not in text
    assert "2005年1月至2026年2月" in text          # 参保起止时间: the record's start, the clerk's end
    assert "200" in text                          # 实际缴费月数 (the record's, without the 视同 months)
    assert "120,000.00" in text and "64,000.00" in text
    workflow.record_transfer_step(cid, "sheet_sent")
    with pytest.raises(TransitionRefused, match="划转基金金额"):
        workflow.record_transfer_step(cid, "fund_transfer")
    with pytest.raises(TransitionRefused, match="划转日期"):
        workflow.record_transfer_step(cid, "fund_transfer", data={"transfer": {"fund_amount": "184000.00",
                                                                               "fund_date": "2026-03-09"}})
    rec = workflow.record_transfer_step(cid, "fund_transfer", data={"transfer": {"fund_amount": "184000.00",
                                                                                 "fund_date": "2026-03-02"}})
    assert rec.data["transfer"] == {"fund_amount": "184000.00", "fund_date": "2026-03-02"}


@pytest.mark.parametrize("variant", ["contribution_phase", "pension_phase"])
def test_the_account_statement_gives_the_records_account(workflow, variant):
    cid = _accepted(workflow, "account_query", (variant,), status="insured" if variant == "contribution_phase" else "retired")
    data = {"account": {"contribution_balance": "130000.00", "drawing_from": "2025-01", "paid_total": "10000.00"}} \
        if variant == "pension_phase" else None
    workflow.record_step(cid, "statement", data=data)
    text = _text(workflow, cid, "account_statement")
    assert "2005年1月" in text and "200" in text and "120,000.00" in text
    if variant == "pension_phase":
        assert "130,000.00" in text and "10,000.00" in text and "待遇领取期" in text


def test_no_statement_without_a_balance(workflow):
    cid = _accepted(workflow, "account_query", ("contribution_phase",), account_balance=None)
    with pytest.raises(TransitionRefused, match="个人账户储存额"):
        workflow.record_step(cid, "statement")
    assert workflow.documents(cid) == [] or all(d["kind"] != "account_statement" for d in workflow.documents(cid))
    cid = _accepted(workflow, "account_query", ("pension_phase",), status="retired")
    with pytest.raises(TransitionRefused, match="缴费期个人账户储存额"):
        workflow.record_step(cid, "statement")


def test_the_offices_fund_account_is_checked_and_none_is_shipped():
    from counter_app.reference.offices import default_offices
    from counter_rules.offices import OfficesError, offices_from_dict

    assert all(not f.transfer_fields() for f in default_offices().values())
    facts = offices_from_dict({"offices": {"FT": {"bank_account": "4403 0000 1111", "postcode": "518000"}}})
    assert facts["FT"].transfer_fields() == {"bank_account": "4403 0000 1111", "postcode": "518000"}
    for bad in ({"postcode": "5180"}, {"bank_account": "账号"}, {"contact_phone": "call me"}, {"bank_acount": "1"}):
        with pytest.raises(OfficesError):
            offices_from_dict({"offices": {"FT": bad}})
