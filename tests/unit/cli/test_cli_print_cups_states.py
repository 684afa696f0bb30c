"""``counter-app print`` against CUPS's own job states — the tester's two runs, on a private cupsd.

1. ``case import --print`` to a queue on socket://127.0.0.1:9, ``cancel`` the CUPS job: the queue
   said 已完成 and the audit document.printed. 2. ``print send`` to such a queue, cupsd stopped:
   ``print retry`` submitted a second CUPS job beside the one CUPS kept."""

from __future__ import annotations

import json

import pytest

from tests.unit.cli.test_cli_case import MALE_1960, run, write

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def _audit_actions() -> list[str]:
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [r.action for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


def _use_printer(name: str) -> None:
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text(f'[printer]\nname = "{name}"\n', encoding="utf-8")


def test_a_notice_cancelled_in_cups_is_waiting_not_printed(app_home, signed_in, tmp_path, capsys, private_cups):
    q = private_cups.add_queue("TstFail", "socket://127.0.0.1:9")
    _use_printer(q)
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--print", "--json")
    assert code == 0, err or out
    (cups_job,) = private_cups.jobs(q)
    private_cups.run("cancel", cups_job)
    code, out, _ = run(capsys, "print", "queue", "--all")
    assert code == 0 and "已完成" not in out, out
    assert "等待处理（打印出错）" in out and f"打印任务在打印服务中被取消（{cups_job}），请重试。" in out
    actions = _audit_actions()
    assert "document.printed" not in actions and actions.count("document.print_canceled") == 1
    job_id = json.loads(run(capsys, "print", "queue", "--json")[1].splitlines()[0])["id"]
    private_cups.add_queue(q, "file:///dev/null")
    code, out, _ = run(capsys, "print", "retry", str(job_id))
    assert code == 0 and "打印中" in out and "补打" not in out, out


def test_retry_while_cups_is_down_is_refused_and_never_doubles_the_job(app_home, signed_in, tmp_path, capsys,
                                                                      private_cups):
    from reportlab.pdfgen import canvas

    q = private_cups.add_queue("TstHang", "socket://127.0.0.1:9")
    pdf = tmp_path / "x.pdf"
    page = canvas.Canvas(str(pdf))
    page.drawString(100, 100, "x")
    page.save()
    code, out, _ = run(capsys, "print", "send", str(pdf), "--printer", q, "--json")
    assert code == 0, out
    job_id = json.loads(out)["id"]
    (first,) = private_cups.jobs(q)
    private_cups.stop()
    code, out, _ = run(capsys, "print", "queue")
    assert "等待处理（打印机脱机）" in out and "未运行" in out
    code, out, err = run(capsys, "print", "retry", str(job_id))
    assert code == 2 and "为免重复打印" in (out + err), (out, err)
    private_cups.start()
    assert private_cups.jobs(q) == [first]
    code, out, _ = run(capsys, "print", "queue")
    assert "未运行" not in out, out                     # read again now that CUPS is back
    run(capsys, "print", "retry", str(job_id))
    assert len(private_cups.jobs(q)) <= 1, private_cups.jobs(q)
