"""服务指南 (7.5.1 服务信息公开): the printed guide of a service says its materials, its time limit and
the office's 投诉渠道 as the catalog and the published reference data give them; it is refused, with
nothing queued, while the office has no 投诉渠道; doctor warns about the missing setting."""

from __future__ import annotations

import io
import uuid
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from counter_app.domain.service_guide import GuideRefused
from counter_app.printing.printqueue import PrintQueue
from counter_app.storage.tables_sync import ReferenceVersionRow
from counter_app.storage.uow import canonical_json
from counter_app.workflows import service_guide
from counter_app.workflows.reference import current_catalog
from counter_rules.offices import OfficesError, offices_from_dict

CHANNELS = [{"kind": "电话", "text": "0755-8888 0000（测试）"}, {"kind": "地址", "text": "深圳市福田区测试路 1 号（测试）"}]


def _publish_offices(store, offices: dict) -> None:
    """A version of ``offices`` pulled from the centre (a new version name each time: what a version
    gave is kept per process, counter_app.workflows.reference)."""
    version = f"t-guide-{uuid.uuid4().hex[:12]}"
    with store.new_session() as s:
        s.add(ReferenceVersionRow(name="offices", version=version, effective_from=None, digest="g" * 64,
                                  received_at=datetime(2026, 3, 1), content=canonical_json({"offices": offices})))
        s.commit()


def _text(pdf: bytes) -> str:
    """The PDF's text without white space (a table cell wraps a name over lines)."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_offices_file_takes_complaint_channels_checked_and_none_is_shipped():
    from counter_app.reference.offices import default_offices

    assert all(not f.complaint_channels for f in default_offices().values())
    facts = offices_from_dict({"offices": {"FT": {"complaint_channels": CHANNELS}}})
    assert [(c.kind, c.text) for c in facts["FT"].complaint_channels] == [(c["kind"], c["text"]) for c in CHANNELS]
    for bad, said in [("12333", "应为一个列表"), ([{"kind": "电话"}], "只有这两项"),
                      ([{"kind": "", "text": "12333"}], "渠道种类"), ([{"kind": "网站", "text": "<script>"}], "不含 < >"),
                      ([{"kind": "电话", "text": "1"}] * 9, "最多 8 项")]:
        with pytest.raises(OfficesError, match=said):
            offices_from_dict({"offices": {"FT": {"complaint_channels": bad}}})


@pytest.mark.parametrize("code", ["reg_enroll", "contribution", "transfer_in", "pension"])
def test_the_guide_says_every_material_the_time_limit_and_the_channels(store, code):
    _publish_offices(store, {"FT": {"complaint_channels": CHANNELS}})
    pdf, (guide,) = service_guide.render(store, [code], office="福田分局", office_code="FT", on=date(2026, 12, 6))
    text = _text(pdf)
    service = current_catalog(store).get(code)
    assert _flat(f"{service.name} 服务指南") in text
    for m in service.materials:
        assert _flat(m.name) in text, m.name
        if m.what_to_bring:
            assert _flat(m.what_to_bring) in text, m.what_to_bring
    assert _flat(service.time_limit.text_with_basis()) in text
    for limit in service.time_limit_overrides.values():
        assert _flat(limit.text_with_basis()) in text
    for step in service.steps:
        assert _flat(step.name) in text, step.name
    for c in CHANNELS:
        assert _flat(c["kind"] + c["text"]) in text
    assert "DB4403/T254.1—2022《社会保险经办服务规范第1部分：职工基本养老保险》" in text
    assert f"第{service.clause}条" in text
    assert "服务内容" in text and "办理依据" in text and "办理程序" in text and "办理时限" in text


def test_a_working_day_limit_is_printed_as_the_catalog_sets_it(store):
    _publish_offices(store, {"FT": {"complaint_channels": CHANNELS}})
    limit = current_catalog(store).get("transfer_in").time_limit
    assert limit.working_days
    text = _text(service_guide.render(store, ["transfer_in"], office="福田分局", office_code="FT")[0])
    assert f"{limit.working_days}个工作日（经办机构设定）" in text


def test_refused_without_the_offices_channels_and_nothing_is_queued(store):
    _publish_offices(store, {"FT": {"court": "深圳市福田区人民法院"}, "LH": {"complaint_channels": CHANNELS}})
    queue = PrintQueue(store, actor="clerk01", workstation_id="FT-W01", roles=["clerk"])
    with pytest.raises(GuideRefused) as refused:
        service_guide.print_guides(store, queue, ["reg_enroll"], office="福田分局", office_code="FT", clerk="clerk01")
    said = str(refused.value)
    assert "投诉渠道" in said and "complaint_channels" in said and "7.5.1" in said and "FT" in said
    assert (refused.value.code, refused.value.params) == ("no_channels", ("福田分局", "FT"))   # the UI words it
    assert queue.jobs() == []
    with pytest.raises(GuideRefused, match="没有业务事项「no_such」"):
        service_guide.render(store, ["no_such"], office="罗湖分局", office_code="LH")


def test_every_service_goes_into_one_pdf_each_from_its_own_page(store):
    _publish_offices(store, {"FT": {"complaint_channels": CHANNELS}})
    pdf, guides = service_guide.render(store, None, office="福田分局", office_code="FT")
    catalog = current_catalog(store)
    assert [g.code for g in guides] == catalog.codes()
    pages = ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    starts = [i for i, page in enumerate(pages) if "一、服务内容" in page]
    assert len(starts) == len(catalog.codes()) and starts[0] == 0
    for i, code in zip(starts, catalog.codes(), strict=True):
        assert f"{catalog.get(code).name}服务指南" in pages[i]


def test_doctor_warns_while_this_office_has_no_channels(store):
    from counter_app.config import default_settings
    from counter_app.workflows.checks import complaint_channel_checks
    from counter_app.workflows.reference import offices_in_force

    settings = default_settings()
    (check,) = complaint_channel_checks(settings, offices_in_force(store).value)
    assert check.status == "warn" and "complaint_channels" in check.message + check.hint
    _publish_offices(store, {settings.office.code: {"complaint_channels": CHANNELS}})
    (check,) = complaint_channel_checks(settings, offices_in_force(store).value)
    assert check.status == "ok" and "电话" in check.message
