"""``counter-app print guide``: refused with the setting named while the office has no 投诉渠道; then
the guide of one service (or of all, one PDF) queued on a private CUPS and audited."""

from __future__ import annotations

import json

import pytest

from counter_app.workflows.reference import current_catalog
from tests.unit.cli.test_cli_case import run
from tests.unit.workflows.test_service_guide import CHANNELS, _flat, _publish_offices, _text

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def _with_store(fn):
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        return fn(store)
    finally:
        store.close()


def _jobs_and_actions():
    from counter_app.printing.printqueue import PrintQueue
    from counter_app.storage.audit import AuditRow

    def read(store):
        queue = PrintQueue(store)
        jobs = [(j, queue.pdf(j.id)) for j in queue.jobs()]
        with store.session() as s:
            return jobs, [(r.action, r.object_type, r.object_id) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    return _with_store(read)


def test_print_guide_refused_then_queued_and_audited(app_home, signed_in, capsys, private_cups):
    from counter_app.paths import app_paths

    q = private_cups.add_queue("TstGuide", "file:///dev/null")
    app_paths().ensure().config_file.write_text(f'[printer]\nname = "{q}"\n', encoding="utf-8")

    code, out, _ = run(capsys, "print", "guide", "--service", "transfer_in", "--json")
    assert code == 2 and "complaint_channels" in json.loads(out)["error"], out
    assert _jobs_and_actions() == ([], [])

    _with_store(lambda store: _publish_offices(store, {"FT": {"complaint_channels": CHANNELS}}))
    code, out, err = run(capsys, "print", "guide", "--service", "transfer_in", "--json")
    assert code == 0, (out, err)
    answer = json.loads(out)
    assert answer["services"] == ["transfer_in"] and answer["pages"] >= 1 and answer["job"]["printer"] == q
    assert answer["job"]["title"] == "服务指南 一般缴费账户关系转入"
    jobs, actions = _jobs_and_actions()
    ((job, pdf),) = jobs
    assert job.id == answer["job"]["id"] and job.document_id is None
    text = _text(pdf)
    assert "45个工作日（经办机构设定）" in text and _flat(CHANNELS[0]["text"]) in text
    assert ("guide.print_submitted", "service_guide", "transfer_in") in actions

    code, out, _ = run(capsys, "print", "guide", "--all", "--json")
    assert code == 0 and json.loads(out)["services"] == _with_store(lambda store: current_catalog(store).codes())
    code, out, _ = run(capsys, "print", "guide", "--service", "reg_enroll")
    assert code == 0 and "服务指南（1 项业务" in out and "已加入打印队列" in out and "服务指南 参保登记" in out, out
    code, out, err = run(capsys, "print", "guide", "--service", "nope")
    assert code == 2 and "没有业务事项「nope」" in err


def test_print_guide_needs_a_service_or_all(app_home, signed_in, capsys):
    with pytest.raises(SystemExit):
        run(capsys, "print", "guide")
