"""A 注销参保 request's ground and subject (workflows.approvals._subject_text) in the English queue
and on-site dialog: the 办理情形 through the catalog's English, the masked person as recorded."""

from __future__ import annotations


def test_the_ground_reads_english_in_the_english_queue(english):
    from counter_app.ui.approval_summary import summary_text

    case = {"service_name": "注销登记/停止参保", "state": "review", "applicant": "张**"}
    row = {"action": "reg_cancel", "details": {"case": case},
           "summary": "注销登记/停止参保（受理审核）申请注销参保：张**（110105********0013），中止劳动关系"}
    text = summary_text(row)
    assert "张** (110105********0013)" in text and "中止" not in text and "：" not in text, text
    bare = summary_text({**row, "summary": "注销登记/停止参保（受理审核）申请注销参保："})   # an old request
    assert not bare.rstrip().endswith(":") and "注销" not in bare, bare
