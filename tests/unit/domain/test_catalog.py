"""The service catalog: every section 6 window flow is an entry with what the standard requires."""

import json

import pytest

from counter_app.domain.catalog import CatalogError, OutcomeKind, StepKind, catalog_from_dict, service_to_summary
from counter_app.domain.documents import DocumentKind
from counter_app.reference.catalog import CatalogRegistry, default_catalog, load_catalog
from counter_app.resources import resource_path

EXPECTED = {
    "reg_enroll": "6.1.1.2", "reg_change": "6.1.2.2", "reg_cancel": "6.1.3.2", "contribution": "6.2.2",
    "account_query": "6.3.3", "transfer_in": "6.4.1.1.2", "transfer_out": "6.4.1.2.2",
    "temp_transfer_in": "6.4.2.1.2", "temp_transfer_out": "6.4.2.2.2", "history_review": "6.5.2",
    "pension": "6.6.1.1.2", "disability_allowance": "6.6.1.2.2", "death_benefit": "6.6.1.3.2",
    "account_settlement": "6.6.1.4.2", "certification": "6.6.3",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_catalog_has_every_window_flow_with_its_clause(catalog):
    assert catalog.version
    assert {s.code: s.clause for s in catalog.services} == EXPECTED


def test_every_outcome_names_its_document_and_materials_are_the_agencys(catalog):
    for s in catalog.services:
        kinds = {o.kind: o for o in s.outcomes}
        if s.code in ("transfer_out", "temp_transfer_out"):
            # 6.4.1.2.2 / 6.4.2.2.2 name no acceptance document: the 信息表 goes to the receiving agency
            assert kinds[OutcomeKind.accepted].document is None
        elif s.code == "certification":
            # 5.6.3 / 6.6.3 name no document: the step's receipt is the document — the 认证结果告知单 of
            # a window certification, the 上门认证申请告知单 of a home-visit request (no 认证通过)
            assert kinds[OutcomeKind.accepted].document is None
            assert kinds[OutcomeKind.completed].document is None
            assert {st.code: st.document for st in s.steps} == {
                "certify": DocumentKind.certification_notice, "home_visit_request": DocumentKind.home_visit_notice}
        else:
            assert kinds[OutcomeKind.accepted].document in (DocumentKind.acceptance_notice,
                                                            DocumentKind.acceptance_notification)
        assert kinds[OutcomeKind.not_eligible].document is DocumentKind.rejection_decision
        if OutcomeKind.incomplete in kinds:
            assert kinds[OutcomeKind.incomplete].document is DocumentKind.guidance_notice
        assert s.materials and all(m.maintained_by == "agency" for m in s.materials)
        assert all(m.what_to_bring for m in s.materials)


def test_instant_time_limits_come_from_the_standard(catalog):
    for code, clause in (("reg_enroll", "6.1.1.2.3"), ("reg_change", "6.1.2.2.3"), ("reg_cancel", "6.1.3.2.3"),
                         ("account_settlement", "6.6.1.4.2.3")):
        tl = catalog.get(code).time_limit
        assert tl.instant and tl.source == "standard" and tl.clause == clause and tl.text() == "即时办结"
    # the standard gives no figure for the pension review: an agency parameter in working days
    tl = catalog.get("pension").time_limit
    assert not tl.instant and tl.source == "agency" and tl.text().endswith("个工作日")


def test_change_registration_keeps_important_apart_from_general(catalog):
    s = catalog.get("reg_change")
    groups = {v.name: v.group for v in s.variants}
    for name in ("姓名", "证件号码", "户籍", "国家/地区", "个人身份"):
        assert groups[name] == "重要信息"
    for name in ("民族", "手机号码", "银行信息", "生僻字备注", "居住证有效终止日期"):
        assert groups[name] == "一般信息"
    for name in ("单位名称", "统一社会信用代码", "经办人信息", "银行账号", "单位密码重置", "单位恢复参保"):
        assert name in groups
    important = {m.code for m in s.plan("individual", ["person.name"]).materials}
    general = {m.code for m in s.plan("individual", ["person.mobile"]).materials}
    assert "important_change_proof" in important and "important_change_proof" not in general
    assert len(important) > len(general)


def test_cancellation_reasons_are_variants_of_5_1_3(catalog):
    s = catalog.get("reg_cancel")
    names = {v.name for v in s.variants}
    assert {"营业执照被注销或吊销", "中止劳动关系", "参保人死亡", "社会保险关系转出", "个人缴费人员自愿申请停止参保"} <= names
    assert "death_proof" in {m.code for m in s.plan("survivor", ["person.death"]).materials}
    assert s.validate_selection("individual", ["unit.dissolved"])  # a unit's reason for a person: refused


def test_pension_has_fingerprint_publicity_and_denial(catalog):
    s = catalog.get("pension")
    normal = [st.kind for st in s.plan("individual", ["normal"]).steps]
    special = [st.kind for st in s.plan("individual", ["special_work_type"]).steps]
    assert normal[0] is StepKind.fingerprint and StepKind.publicity not in normal
    assert StepKind.publicity in special and StepKind.verification in special
    assert s.outcome(OutcomeKind.denied).document is DocumentKind.pension_denial_decision
    assert next(st for st in s.steps if st.kind is StepKind.fingerprint).clause == "6.6.1.1.2.3"


def test_transfer_steps_and_documents(catalog):
    t_in = [(st.kind, st.document) for st in catalog.get("transfer_in").steps]
    assert t_in[0] == (StepKind.letter_generated, DocumentKind.transfer_contact_letter)
    assert [k for k, _ in t_in][1:5] == [StepKind.letter_sent, StepKind.sheet_awaited, StepKind.sheet_received, StepKind.sheet_reviewed]
    t_out = [st.kind for st in catalog.get("temp_transfer_out").steps]
    assert t_out == [StepKind.sheet_generated, StepKind.sheet_sent, StepKind.fund_transfer, StepKind.termination]
    assert catalog.get("temp_transfer_out").steps[0].document is DocumentKind.temp_transfer_info_sheet
    assert not catalog.get("transfer_out").has_outcome(OutcomeKind.incomplete)  # 6.4.1.2.2: two results only


def test_history_review_purposes_and_delivery(catalog):
    s = catalog.get("history_review")
    assert {v.clause for v in s.variants} == {"5.5.1", "5.5.2", "5.5.3"}
    # 6.5.1.3 送达方式 as the applicant wishes, recorded before the decision prints it; 6.5.2.3 送达 after 办结
    kinds = [st.kind for st in s.steps]
    assert kinds.index(StepKind.delivery) < kinds.index(StepKind.process)
    assert s.steps[-1].kind is StepKind.served and s.steps[-1].after_completion and s.steps[-1].clause == "6.5.2.3"
    assert s.outcome(OutcomeKind.completed).document is DocumentKind.deemed_years_decision


def test_bad_catalog_is_refused_in_chinese(tmp_path):
    raw = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    no_version = dict(raw, version="")
    with pytest.raises(CatalogError, match="版本"):
        catalog_from_dict(no_version)
    broken = json.loads(json.dumps(raw))
    broken["services"][0]["outcomes"][0]["document"] = "no_such_document"
    with pytest.raises(CatalogError, match="文书种类"):
        catalog_from_dict(broken)
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CatalogError, match="格式错误"):
        load_catalog(path)


def test_registry_keeps_old_versions(catalog):
    raw = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    newer = catalog_from_dict(dict(raw, version="2099.1"))
    reg = CatalogRegistry(catalog, newer)
    assert reg.current.version == "2099.1" and reg.get(catalog.version) is catalog
    with pytest.raises(CatalogError, match="找不到"):
        reg.get("1999.1")


def test_summary_shape_for_the_cli(catalog):
    summary = service_to_summary(catalog.get("pension"))
    assert {"code", "name", "clause", "applicant_types", "materials", "outcomes"} <= set(summary)
    assert all("document" in o for o in summary["outcomes"])
    assert default_catalog().version == catalog.version


def test_cli_services_json_prints_the_catalog(capsys):
    from counter_app.cli.main import main

    assert main(["services", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["code"] for i in items] == list(EXPECTED)
    for item in items:
        assert {"code", "name", "clause", "applicant_types", "materials", "outcomes"} <= set(item)
        assert item["materials"] and all("document" in o for o in item["outcomes"])
    assert main(["services", "--code", "no_such"]) == 1
    assert "没有事项" in capsys.readouterr().err


def test_cli_services_says_which_applicant_type_a_material_is_for(capsys):
    """Review: ``services --code pension`` listed 单位经办人身份证件 必交 and the transfers 授权委托书 必交
    as if every applicant had to bring them; the case checklist filters them by applicant type."""
    from counter_app.cli.main import main

    assert main(["services", "--code", "pension"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "  · 单位经办人身份证件 必交（仅申请对象为参保单位时）" in lines
    assert "  · 基本养老金申领表 必交" in lines                       # for every applicant: no note
    for code in ("transfer_out", "temp_transfer_out", "transfer_in"):
        assert main(["services", "--code", code]) == 0
        assert "  · 授权委托书 必交（仅申请对象为代办人时）" in capsys.readouterr().out.splitlines(), code
    assert main(["services", "--code", "pension", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    by_code = {m["code"]: m for m in item["materials"]}
    assert by_code["unit_handler_id"]["applies_to"] == "参保单位"
    assert by_code["unit_handler_id"]["applicant_types"] == ["unit"]      # the existing field is unchanged
    assert by_code["pension_form"]["applies_to"] == ""


def test_certification_has_the_two_channels_of_5_6_3_and_its_conditions_from_the_record(catalog):
    s = catalog.get("certification")
    assert [v.code for v in s.variants] == ["window", "home_visit"]
    # the window's check is the pensioner's own; a 上门 request may come from a family member (代办人)
    assert set(s.applicant_types) == {"individual", "agent"}
    assert [set(v.applicant_types) for v in s.variants] == [{"individual"}, {"individual", "agent"}]
    rules = {c.code: c.rule for c in s.conditions}
    assert rules == {"insured_id_valid": "id_valid", "pensioner": "pensioner"}
    # 5.6.3 b) 窗口: the identity check and its result; a) 上门: the request for the field roster
    window, home = s.plan("individual", ["window"]).steps, s.plan("individual", ["home_visit"]).steps
    assert [st.code for st in window] == ["certify"] and [st.code for st in home] == ["home_visit_request"]
    assert window[0].document is DocumentKind.certification_notice and window[0].clause == "5.6.3"   # b) 窗口
    assert home[0].document is DocumentKind.home_visit_notice and home[0].clause == "5.6.3"


AGENCY_WORKING_DAYS = {"transfer_in": 45, "transfer_out": 15, "temp_transfer_in": 45, "temp_transfer_out": 15,
                       "history_review": 20, "pension": 20, "disability_allowance": 20, "death_benefit": 20}


def test_working_day_limits_are_agency_set_and_say_so(catalog):
    """The 45 / 15 / 20 working days are in neither the standard nor shared/notes/policy.md: they are the
    agency's figures, shown with that basis wherever they are listed or printed, never bare."""
    for code, days in AGENCY_WORKING_DAYS.items():
        tl = catalog.get(code).time_limit
        assert (tl.instant, tl.working_days, tl.source, tl.clause) == (False, days, "agency", ""), code
        assert tl.basis() == "经办机构设定" and tl.text_with_basis() == f"{days}个工作日（经办机构设定）"
    assert {s.code for s in catalog.services if not s.time_limit.instant} == set(AGENCY_WORKING_DAYS)
    enroll = catalog.get("reg_enroll").time_limit
    assert enroll.text_with_basis() == "即时办结（DB4403/T 254.1—2022 6.1.1.2.3）"


def test_every_service_says_whether_a_second_case_is_allowed_and_why(catalog):
    """s7 dupes: the rule is data (``second_case``): each entry names one of the rules with a reason;
    an unknown rule or a rule without a reason is refused at load; an entry without it (a case's
    snapshot from before 2026.3) gets the strictest rule."""
    from counter_rules.catalog import SECOND_CASE_UNSTATED, SecondCaseRule

    raw = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    assert all("second_case" in s for s in raw["services"])
    assert all(s.second_case.reason for s in catalog.services)
    rules = {s.code: s.second_case.rule for s in catalog.services}
    assert rules["pension"] is rules["transfer_out"] is SecondCaseRule.until_archived
    assert rules["account_query"] is rules["certification"] is SecondCaseRule.allowed
    assert rules["reg_change"] is SecondCaseRule.while_open_same_item
    for bad, says in (({"rule": "sometimes", "reason": "x"}, "second_case.rule「sometimes」未定义"),
                      ({"rule": "allowed", "reason": " "}, "缺少理由"), ("allowed", "应为含 rule 与 reason 的对象")):
        broken = json.loads(json.dumps(raw))
        broken["services"][0]["second_case"] = bad
        with pytest.raises(CatalogError, match=says):
            catalog_from_dict(broken)
    old = json.loads(json.dumps(raw))
    del old["services"][4]["second_case"]
    assert catalog_from_dict(old).services[4].second_case == SECOND_CASE_UNSTATED
    assert service_to_summary(catalog.get("reg_change"))["second_case"]["rule"] == "refused_while_open_same_item"
