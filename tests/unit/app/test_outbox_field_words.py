"""待同步's details in words: every key a workflow writes to the outbox reads in the clerk's language,
and so does every value that is a code.

Review: the details showed raw keys (archive_code, ticks.bank_card.state, conditions[1].facts.
min_contribution_months, required_level…) in the Chinese UI, and 是 / 否 in the English one; then
raw values (事项编码：reg_enroll, 手指：left_index, 环节：received, 参保档案查询情况：unknown, 送达方式：mail…)
and a photo's placeholder written in Chinese by the query. The entries here are written by the real
workflows (every service of the catalog taken from 受理 to 归档 and rated, a case returned for missing
materials, one refused; a benefit decision approved by a supervisor, a fingerprint enrolled and
verified, an exemption from prints, a complaint moved on, a 上门认证 recorded), read back with the
panel's own query (case_queries.outbox_entry_details) and worded by counter_app.ui.outbox_fields.
"""

from __future__ import annotations

from datetime import datetime, timezone

import re

import pytest
from sqlalchemy import select

from counter_app.domain.checklist import TickState
from counter_app.reference.catalog import load_catalog
from counter_app.storage.tables_core import OutboxEntry
from counter_app.ui.outbox_fields import FIELD_LABELS, PARENT_LABELS, field_label, field_lines, field_value
from counter_app.workflows.case_queries import outbox_entry_details
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import NOW
from tests.unit.workflows.test_case_workflow import MALE_1966, ready_for_decision, run_steps

# the consent notice read and agreed to before the fingerprint / photo (PIPL Art. 28/29)
CONSENTED = datetime.now(timezone.utc)

ASCII_WORD = re.compile(r"[A-Za-z_]{2,}")
# a raw key in a label (reg_enroll, archive_code); an acronym of a name (SM3 校验值, DPI) is not one
RAW_KEY = re.compile(r"(?=[A-Za-z_]{2,})[A-Z]*[a-z_][A-Za-z_]*")
# the words listed as labels, which a value may be named by too (上门认证, 指纹比对)
FIELD_WORDS = frozenset([*FIELD_LABELS.values(), *PARENT_LABELS.values()])


def _workflow(store, archive_root=None) -> CaseWorkflow:
    return CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW, archive_root=archive_root)


def _every_service(workflow) -> None:
    """What test_case_workflow's happy path does, for every service; then a returned and a refused case."""
    catalog = workflow.catalog
    for service in catalog.services:
        applicant_type = service.applicant_types[0]
        variants = ()
        if service.variants:
            variants = (next(v.code for v in service.variants
                             if not v.applicant_types or applicant_type in v.applicant_types),)
        cid = ready_for_decision(workflow, service, applicant_type, variants)
        workflow.decide(cid, expected="accepted")
        run_steps(workflow, cid)
        workflow.complete(cid)
        run_steps(workflow, cid)
        workflow.archive(cid)
        workflow.rate(cid, 1 if service.code == "reg_enroll" else 5, "等候时间长")
        if service.code == "reg_enroll":     # its paper file too (归档 of the materials, 7.2)
            from counter_app.printing.archive import file_case
            from counter_app.storage.uow import UnitOfWork

            with UnitOfWork(workflow.store, actor="clerk01") as uow:
                file_case(uow, case_id=cid, office_code="FT", workstation_id="FT-W01", category="养老保险",
                          retention="30年", materials=[], clerk="clerk01")
                uow.commit()
    returned = ready_for_decision(workflow, catalog.get("reg_change"), "individual", ("person.name",))
    workflow.tick(returned, "important_change_proof", TickState.missing)
    workflow.tick(returned, "original_id_copy", TickState.defective, "复印件模糊不清")
    workflow.decide(returned)
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李四", "id_number": MALE_1966},
                           facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    workflow.submit(view.case.id)
    for m in catalog.get("pension").plan("individual", ("normal",)).materials:
        workflow.tick(view.case.id, m.code)
    workflow.decide(view.case.id, expected="not_eligible", approved_by="chief01")


def _more_workflows(store) -> None:
    """What the workflow tests do for approvals, fingerprints, complaints and a field visit
    (tests/unit/workflows: test_benefit_approval, test_fingerprint_workflow, test_complaints,
    test_field_visit_cleared): each writes its own kinds of entries."""
    from counter_app.devices.fingerprint.base import Finger
    from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
    from counter_app.workflows import field
    from counter_app.workflows import fingerprint as fw
    from counter_app.workflows.accept import act_and_close
    from counter_app.workflows.complaints import ComplaintService
    from tests.support.approvals import TEST_APPROVAL_KEY
    from tests.unit.workflows.test_benefit_approval import _approvals, _at_decision, _pension, _sup
    from tests.unit.workflows.test_field_visit_cleared import ID_NUMBER, _Centre

    workflow, cid = _at_decision(store)      # 补发 9 个月: waits for a 科长
    held = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    _approvals(store).decide_on_site(held.approval_id, _sup(), approve=True, reason="补发核实无误",
                                     approval_key=TEST_APPROVAL_KEY)
    device = DemoFingerprintDevice(scan_delay=0.001)
    device.open()
    try:
        fw.capture_for_case(store, device, cid, clerk="clerk01", workstation_id="FT-W01", finger=Finger.left_index)
        fw.verify_for_case(store, device, cid, clerk="clerk01")
    finally:
        device.close()
    exemption = fw.continue_without_prints(store, cid, "双手手指残缺，无法按压", clerk="clerk01")
    fw.decide_exemption(store, exemption.exemption_id, supervisor="supervisor01", approve=True)
    complaints = ComplaintService(store, workstation_id="FT-W01")
    for ticket in complaints.list():
        complaints.advance(ticket["id"], user="supervisor01", roles=["supervisor"], note="调阅录像，核实等候 50 分钟")
    field.pull(store, _Centre(), user="field01", workstation_id="L-1", office_code="FT")
    [assignment] = field.roster(store, user="field01")
    field.record_visit(store, assignment.key, staff=[field.Staff("field01"), field.Staff("field02", mode="offline")],
                       workstation_id="L-1", result="eligible", address_confirmed=True, note="本人在家",
                       evidence=field.Evidence(card_id_number=ID_NUMBER, fingerprint="matched", photo=b"p" * 3000,
                                               signature=b"s" * 300, signature_method="pad", consent_at=CONSENTED))


def _details(store) -> list[dict]:
    with store.session() as s:
        seqs = list(s.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)))
    return [outbox_entry_details(store, seq) for seq in seqs]


def _is_data(key: str) -> bool:
    """A key that is data, not a name: a file of an archive package (documents/….pdf, audit.json) or
    a document by its 文号 (深社保福田〔2026〕受告第…号)."""
    return "/" in key or "." in key or "〔" in key


def _walked(store, tmp_path) -> list[dict]:
    _every_service(_workflow(store, archive_root=tmp_path / "archive"))
    _more_workflows(store)
    return _details(store)


def test_every_key_the_workflows_write_has_words(qapp, store, tmp_path):
    entries = _walked(store, tmp_path)
    kinds = {d["kind"] for d in entries}
    assert {"case.transition", "case.step", "document.issued", "archive.filed", "archive.package",
            "case.rated", "complaint.opened", "complaint.advanced", "approval.requested", "approval.decided",
            "fingerprint.enrolled", "fingerprint.verified", "fingerprint.exemption_requested",
            "fingerprint.exemption_decided", "field.visit_recorded"} <= kinds
    raw: dict[str, str] = {}
    paths = 0
    for d in entries:
        service = next((v for p, v in d["fields"] if p == ("service_code",)), "")
        for path, _value in d["fields"]:
            paths += 1
            label = field_label(path, d["kind"], service)
            shown = " · ".join(part for part, key in zip(label.split(" · "), [k for k in path if isinstance(k, str)], strict=True)
                               if not _is_data(key))
            if RAW_KEY.search(shown):
                raw.setdefault(f"{d['kind']}: {label}", ".".join(map(str, path)))
    assert paths > 1000
    assert not raw, "keys without words:\n" + "\n".join(f"{k}  ({v})" for k, v in sorted(raw.items()))


def _accepted_case(store) -> list[dict]:
    from tests.support.cases import ready_case

    workflow = _workflow(store)
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    return [d for d in _details(store) if d["kind"] == "case.transition" and any(
        p == ("action",) and v == "accept" for p, v in d["fields"])]


def test_an_accepted_case_reads_in_chinese(qapp, store):
    [d] = _accepted_case(store)
    lines = field_lines(d)
    assert {"操作：予以受理", "原状态：受理审核", "新状态：已受理（办理中）", "审核结果 · 种类：受理",
            "审核结果 · 出具文书：受理告知书", "材料核对 · 户籍证明或居住证 · 状态：已提交",
            "受理条件[1] · 条件：参保人证件号码有效", "受理条件[1] · 结果：符合",
            "受理条件[1] · 事实 · 证件号码：110105********0017"} <= set(lines), lines
    assert not [line for line in lines if ASCII_WORD.search(line.split("：")[0])]


def test_an_accepted_case_reads_in_english(qapp, store, english):
    [d] = _accepted_case(store)
    lines = field_lines(d)
    assert {"Action: Accepted", "From state: Acceptance review", "To state: Accepted (in progress)",
            "Review result · Kind: Accepted", "Acceptance conditions[1] · Result: Met",
            "Materials checked · Household registration certificate or residence permit · State: Submitted",
            "Acceptance conditions[1] · Facts · ID number: 110105********0017"} <= set(lines), lines
    assert not [line for line in lines if re.search(r"[\u4e00-\u9fff]", line.split(": ")[0])]


CODE = re.compile(r"[a-z][a-z_]*")
# keys whose values are data that looks like a code: logins, a roster's key, a key's id
LOGIN_KEYS = frozenset({"actor", "clerk", "approved_by", "checker", "maker", "owner", "supervisor", "staff",
                        "template_ref", "assignment_id", "key_id"})


def _lines(entries) -> dict[str, list[str]]:
    by_kind: dict[str, list[str]] = {}
    for d in entries:
        by_kind.setdefault(d["kind"], []).extend(field_lines(d))
    return by_kind


def test_every_value_that_is_a_code_has_words(qapp, store, tmp_path):
    """A value like reg_enroll, left_index, received, unknown, mail, on_site is shown in words (the
    code kept beside a service's name); only logins and the like stay as they are."""
    entries = _walked(store, tmp_path)
    raw: dict[str, set[str]] = {}
    codes = 0
    for d in entries:
        service = next((v for p, v in d["fields"] if p == ("service_code",)), "")
        for path, value in d["fields"]:
            keys = [k for k in path if isinstance(k, str)]
            if not isinstance(value, str) or not CODE.fullmatch(value) or not keys or keys[-1] in LOGIN_KEYS:
                continue
            codes += 1
            shown = field_value(path, value, service)
            if shown == value or CODE.fullmatch(shown):
                raw.setdefault(f"{d['kind']}: {'.'.join(keys)}", set()).add(value)
    assert codes > 500
    assert not raw, "values shown as codes:\n" + "\n".join(f"{k}  {sorted(v)}" for k, v in sorted(raw.items()))
    lines = _lines(entries)
    assert {"事项编码：参保登记（reg_enroll）", "参保档案查询情况：未查询",
            "受理条件[1] · 事实 · 证件类型：居民身份证"} <= set(lines["case.transition"])
    assert [line for line in lines["case.transition"] if line.endswith(" · 事实 · 性别：男")]
    assert {"步骤类型：采集指纹", "数据 · 资格认证 · 认证渠道：窗口认证", "数据 · 资格认证 · 方式：指纹比对",
            "数据 · 资格认证 · 暂停发放原因：资格认证过期", "数据 · 方式：邮寄送达",
            "数据 · 视同缴费年限 · 合计月数：82"} <= set(lines["case.step"])
    assert "文书内容 · 转移接续 · 转移方向：转出" in lines["document.issued"]
    assert {"手指：左手食指", "质量：良好", "采集设备：演示采集器"} <= set(lines["fingerprint.enrolled"])
    assert "用途：资格认证" in lines["fingerprint.verified"]
    assert "审批方式：现场授权" in lines["approval.decided"]
    assert "环节：已受理" in lines["complaint.opened"] and "环节：已核实" in lines["complaint.advanced"]
    assert {"上门认证 · 照片：（图像，约 3000 字节，不显示）", "上门认证 · 签名 · 签名图像：（图像，约 300 字节，不显示）",
            "上门认证 · 签名 · 签名方式：签名板", "上门认证 · 第二名人员验证方式：离线验证",
            "上门认证 · 身份核验 · 指纹比对：比对一致",
            # the field form's 读卡 reads the 社保卡 and compares it with the roster, not a 身份证 with the person
            "上门认证 · 身份核验 · 已读取社保卡芯片：是", "上门认证 · 身份核验 · 社保卡与名单人员一致：是"} \
        <= set(lines["field.visit_recorded"])


def test_the_values_read_in_english(qapp, store, tmp_path, english):
    lines = _lines(_walked(store, tmp_path))
    assert {"Service code: Enrolment registration (reg_enroll)", "Insurance record lookup: Not looked up",
            "Acceptance conditions[1] · Facts · ID type: Resident ID card"} <= set(lines["case.transition"])
    assert {"Finger: Left index finger", "Device: Demo device"} <= set(lines["fingerprint.enrolled"])
    assert "How decided: On site" in lines["approval.decided"]
    assert "Stage: Received" in lines["complaint.opened"]
    assert {"Home-visit certification · Photo: (image, about 3000 bytes, not shown)",
            "Home-visit certification · Second staff member's sign-in: Verified offline",
            "Home-visit certification · Identity check · Social security card chip read: yes"} \
        <= set(lines["field.visit_recorded"])
    assert "Document content · Transfer · Direction: Transfer out" in lines["document.issued"]


def test_every_word_of_the_domains_tables_is_listed_for_translation():
    """The values named by the domain's Chinese tables are worded through OutboxPanel; a new channel,
    stage, finger… must be listed (outbox_fields.DOMAIN_VALUE_WORDS), a new step kind or death cause named."""
    from counter_app.devices.fingerprint.base import FINGER_LABELS
    from counter_app.domain.complaints import STAGE_NAMES
    from counter_app.printing.templates import DELIVERY_NAMES
    from counter_app.ui.outbox_fields import DOMAIN_VALUE_WORDS, VALUE_NAMES
    from counter_protocol.certification_sync import CHANNEL_NAMES, METHOD_NAMES
    from counter_protocol.records import SUSPENSION_REASON_NAMES
    from counter_rules import conditions
    from counter_rules.retirement import Category, DeathCause
    from counter_rules.terms import StepKind

    words = [*CHANNEL_NAMES.values(), *METHOD_NAMES.values(), *SUSPENSION_REASON_NAMES.values(),
             *STAGE_NAMES.values(), *DELIVERY_NAMES.values(), *FINGER_LABELS.values(), *(c.label for c in Category)]
    assert not [w for w in words if w not in DOMAIN_VALUE_WORDS and w not in FIELD_WORDS]
    assert set(VALUE_NAMES["step_kind"]) == {k.value for k in StepKind}
    assert set(VALUE_NAMES["death_cause"]) == {c.value for c in DeathCause}
    assert set(VALUE_NAMES["record_state"]) == {conditions.ONLINE, conditions.CACHE, conditions.NONE, conditions.UNKNOWN}


def _approval_requested(store) -> dict:
    """A 基本养老金核定 decision held for a supervisor (补发 9 个月): its approval.requested entry,
    which lists the case's materials by name, read back as the panel reads it."""
    from tests.unit.workflows.test_benefit_approval import _at_decision, _pension
    from counter_app.workflows.accept import act_and_close

    workflow, cid = _at_decision(store)
    act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-06")}))
    [d] = [d for d in _details(store) if d["kind"] == "approval.requested"]
    return d


def test_a_materials_name_is_shown_and_a_persons_name_masked(qapp, store):
    """Review: 待同步's details masked a material's 名称 (基*******) as if it were a person's name;
    the catalog's name of a material is no personal data. The applicant's name stays masked."""
    d = _approval_requested(store)
    names = [v for p, v in d["fields"] if p[-1:] == ("name",) and "materials" in p]
    plan = load_catalog().get("pension").plan("individual", ("normal",))
    assert names and set(names) <= {m.name for m in plan.materials}, names
    assert ("details", "case", "applicant") in [p for p, _ in d["fields"]]
    assert dict(d["fields"])[("details", "case", "applicant")] == "李*"
    lines = field_lines(d)
    assert f"申请内容 · 办件 · 材料[1] · 材料名称：{names[0]}" in lines, lines
    assert "李四" not in "\n".join(lines) and "李四" not in d["payload"]


def test_a_persons_name_under_a_list_stays_masked():
    """Only a material's name is spared: a person's under any other list (缴费明细) is masked."""
    from counter_app.workflows.case_queries import mask_fields

    masked = mask_fields({"rows": [{"name": "陈小明"}], "materials": [{"name": "居民身份证"}], "name": "王五",
                          "missing": [{"name": "户口簿", "agent_name": "赵六"}]})
    assert masked == {"rows": [{"name": "陈**"}], "materials": [{"name": "居民身份证"}], "name": "王*",
                      "missing": [{"name": "户口簿", "agent_name": "赵*"}]}


@pytest.fixture
def shenzhen_clock(monkeypatch):
    """The workstation's clock in Shenzhen (its local time is Beijing time)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_read_as_the_rest_of_the_ui_shows_them(qapp, shenzhen_clock):
    """Review: 待同步's details showed a payload's times as stored (made_at：2026-12-05T02:00:00Z,
    at：2026-12-05T10:00:00+08:00). Each reads in Beijing time, to the minute, as the approvals show
    theirs: one with its offset converted, one without it as the workstation's local time (the case
    workflow's clock), or as UTC where the storage's clock wrote it; a date or other text stays."""
    assert field_value(("approval", "made_at"), "2026-12-05T02:00:00Z") == "2026-12-05 10:00"
    assert field_value(("at",), "2026-12-05T10:00:00+08:00") == "2026-12-05 10:00"
    assert field_value(("visit", "visited_at"), "2026-12-05T22:47:15.123456+00:00") == "2026-12-06 06:47"
    assert field_value(("at",), "2026-03-02T10:00:00", kind="case.transition") == "2026-03-02 10:00"
    assert field_value(("created_at",), "2026-03-02T02:00:00", kind="document.issued") == "2026-03-02 10:00"
    assert field_value(("at",), "2026-03-02T02:00:00.715910", kind="complaint.advanced") == "2026-03-02 10:00"
    assert field_value(("due",), "2026-03-02") == "2026-03-02"
    assert field_value(("note",), "2026-03-02T10:00 前送达") == "2026-03-02T10:00 前送达"


def test_a_local_time_is_shown_in_beijing_time_on_a_utc_clock(qapp, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert field_value(("at",), "2026-03-02T02:00:00", kind="case.transition") == "2026-03-02 10:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_no_time_of_the_workflows_entries_is_shown_as_stored(qapp, store, tmp_path):
    iso = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
    stored = shown = 0
    for d in _walked(store, tmp_path):
        for line, (_path, value) in zip(field_lines(d), d["fields"], strict=True):
            stored += bool(iso.search(str(value)))
            shown += bool(iso.search(line))
    assert stored > 100 and shown == 0, (stored, shown)


def test_a_fingerprints_quality_reads_as_a_value(qapp, english):
    """Review: 待同步 said 「Quality: good」 among capitalised values (Finger: Left index finger); the
    grades read Good / Fair / Poor, as a value and after the capture notes' 「quality:」 alike."""
    from counter_app.ui.device_errors import prompt_text

    assert field_lines({"kind": "fingerprint.enrolled", "fields": [(("quality",), "good"), (("quality",), "poor")]}) \
        == ["Quality: Good", "Quality: Poor"]
    assert prompt_text("录入完成，质量一般") == "Enrolment complete, quality: Fair"


def test_a_fingerprints_quality_in_chinese(qapp):
    assert field_lines({"kind": "fingerprint.enrolled", "fields": [(("quality",), "good")]}) == ["质量：良好"]
