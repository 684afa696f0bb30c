"""Privacy and audit of the CLI's write commands: the actor is the signed-in user (never a typed name),
clear personal data written by request is owner-only (0600) and audited, a print is recorded as
handed over until CUPS reports it printed."""

from __future__ import annotations

import json
import os
import stat

import pytest

from counter_app.cli.main import main
from tests.conftest import sign_in


def audit_rows():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [(r.actor, r.action, r.object_id, r.result, r.detail) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def fields_file(tmp_path, case_no: str = "", **extra):
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.samples import sample_fields

    from tests.support.cases import issued_fields

    kind = DocumentKind.acceptance_notice
    fields = issued_fields(kind, case_no, **extra) if case_no else {**sample_fields(kind), **extra}
    path = tmp_path / "fields.json"
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- notice render


def test_notice_render_with_nobody_signed_in_issues_nothing(app_home, tmp_path, capsys):
    sign_in(None)
    f = fields_file(tmp_path)
    code = main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(tmp_path / "n.pdf"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and "未登录" in out["error"]
    assert not (tmp_path / "n.pdf").exists() and audit_rows() == []          # no number, no record


def test_notice_render_records_and_prints_the_signed_in_user(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.printing.documents import get_document

    from tests.support.cases import cli_case

    case_no = cli_case(tmp_path)
    capsys.readouterr()
    before = len(audit_rows())
    f = fields_file(tmp_path, case_no)
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(b"old")
    os.chmod(pdf, 0o644)                                              # an older file in its place
    # not written over unasked, and no 文号 spent on it
    assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == f"文件已存在：{pdf}。未覆盖；确需覆盖请加 --force。"
    assert pdf.read_bytes() == b"old" and audit_rows()[before:] == []
    assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--force", "--json"]) == 0
    number = json.loads(capsys.readouterr().out)["number"]
    assert [(a, act) for a, act, *_ in audit_rows()[before:]] == [("clerk01", "document.issued")]
    store = open_store()
    try:
        with store.session() as s:
            doc = get_document(s, number=number)
    finally:
        store.close()
    assert doc.clerk == "clerk01" and doc.fields["clerk"] == "clerk01"    # no display name stored: the account
    assert doc.fields["case_no"] == case_no and doc.fields["applicant"]["name"] == "张三"   # the case's, as stored
    assert mode(pdf) == 0o600                                         # the applicant's name and ID inside


def test_notice_render_takes_office_date_clerk_and_case_from_the_workstation(app_home, signed_in, tmp_path, capsys):
    """Review: a fields file naming 罗湖分局, 2019-01-01, 经办人「张局长」 and a case that does not exist
    was issued 文号 深社保罗湖〔2019〕指引第FT-W01-…-000001号, and ``notice verify`` then passed it."""
    from tests.support.cases import cli_case

    case_no = cli_case(tmp_path)
    capsys.readouterr()
    before = len(audit_rows())
    pdf = tmp_path / "n.pdf"
    for bad, said in (({"office": "罗湖分局"}, "分局"), ({"date": "2019-01-01"}, "日期"), ({"clerk": "张局长"}, "经办人"),
                      ({"applicant": {"name": "林晓梅"}}, "申请人"), ({"office_code": "LH"}, "分局代码")):
        f = fields_file(tmp_path, case_no, **bad)
        assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--json"]) == 2
        error = json.loads(capsys.readouterr().out)["error"]
        assert error.startswith(f"办件字段与本机的记录不一致：{said}"), error
    f = fields_file(tmp_path, "不存在-0001")
    assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"].startswith("本机没有办件 不存在-0001")
    f = fields_file(tmp_path, case_no)
    assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--clerk", "李四"]) == 2
    assert "--clerk 只用于样稿" in capsys.readouterr().err
    assert not pdf.exists() and audit_rows()[before:] == []                   # no number, no record
    f = fields_file(tmp_path)                                                # the sample, as it stands
    assert main(["notice", "render", "acceptance_notice", "--case", str(f), "-o", str(pdf), "--clerk", "李四",
                 "--draft", "--json"]) == 0                                   # a draft: any name, no number
    assert json.loads(capsys.readouterr().out)["digest"] is None


# ---------------------------------------------------------------------------- materials package


def test_materials_package_is_owner_only_and_audited(app_home, signed_in, tmp_path, capsys):
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                             "applicant": {"id_number": "110105196001010017", "name": "张三"}, "materials": "all"},
                            ensure_ascii=False), encoding="utf-8")
    assert main(["case", "import", str(f), "--json"]) == 0
    case_id = json.loads(capsys.readouterr().out)["case_id"]
    before = len(audit_rows())
    out = tmp_path / "pkg.zip"
    assert main(["materials", "package", case_id, "--out", str(out), "--json"]) == 0
    assert mode(out) == 0o600
    rows = audit_rows()
    assert len(rows) == before + 1
    actor, action, object_id, result, _ = rows[-1]
    assert (actor, action, object_id, result) == ("clerk01", "materials.exported", case_id, "ok")
    assert main(["materials", "package", "no-such-case", "--out", str(tmp_path / "x.zip")]) == 1
    assert "本机没有该办件：no-such-case" in capsys.readouterr().err
    assert audit_rows()[-1][1:4] == ("materials.exported", "no-such-case", "failed")


def test_materials_package_takes_the_case_number(app_home, signed_in, tmp_path, capsys):
    """Exploratory test: given the 办件编号 (as every other command takes it), materials package said
    办件…没有文书也没有材料图像 for a case with documents: it looked the number up as an internal id."""
    import zipfile

    f = tmp_path / "case.json"
    f.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                             "applicant": {"id_number": "110105196001010017", "name": "张三"}, "materials": "all"},
                            ensure_ascii=False), encoding="utf-8")
    assert main(["case", "import", str(f), "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    out = tmp_path / "pkg.zip"
    code = main(["materials", "package", imported["case_no"], "--out", str(out), "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and answer["ok"] and answer["documents"] == len(imported["documents"]) == 1, answer
    names = zipfile.ZipFile(out).namelist()
    assert f"documents/{imported['documents'][0]}.pdf" in names


# ---------------------------------------------------------------------------- print send / move / printed


def test_print_send_and_move_are_audited_and_not_claimed_printed(app_home, signed_in, tmp_path, capsys, monkeypatch):
    from counter_app.printing import cups

    monkeypatch.setattr(cups.CupsPrinters, "default_queue", lambda self: None)   # no printer on this machine
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4 a notice")
    before = len(audit_rows())
    assert main(["print", "send", str(pdf), "--json"]) == 1                     # waiting: no printer
    job = json.loads(capsys.readouterr().out)
    rows = audit_rows()
    assert len(rows) == before + 1
    actor, action, object_id, result, detail = rows[-1]
    assert (actor, action, object_id) == ("clerk01", "file.print_submitted", str(job["id"]))
    assert "等待处理" in detail and "notice.pdf" not in detail
    assert not any(r[1] in ("document.printed", "file.printed") for r in rows)
    monkeypatch.setattr(cups.CupsPrinters, "status",
                        lambda self, q: cups.PrinterStatus(q, exists=False, reason=cups.OFFLINE, detail="打印机不存在"))
    main(["print", "move", str(job["id"]), "other_q", "--json"])
    assert audit_rows()[-1][:3] == ("clerk01", "print.moved", str(job["id"]))


@pytest.mark.parametrize("command", [["print", "send", "{pdf}"], ["print", "move", "1", "other_q"],
                                     ["print", "queue"], ["print", "queue", "--all"], ["print", "retry", "1"],
                                     ["materials", "package", "some-case", "--out", "{zip}"],
                                     ["queue", "export", "{zip}"]])
def test_print_and_materials_with_nobody_signed_in_refuse_and_record_nothing(command, app_home, tmp_path, capsys):
    """Nobody signed in: print send / move / queue / retry, materials package and queue export act as
    nobody — refused in Chinese (``{"error": …}`` under ``--json``, exit 1), nothing listed, queued,
    written or audited (was: done, and audited with an empty actor)."""
    from counter_app.cli._common import open_store
    from counter_app.printing.printqueue import PrintQueue

    sign_in(None)
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4 a notice")
    argv = [a.format(pdf=pdf, zip=tmp_path / "pkg.zip") for a in command]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert "未登录" in err and "counter-app login" in err and out == ""
    assert main([*argv, "--json"]) == 1
    out, err = capsys.readouterr()
    assert "未登录" in json.loads(out)["error"] and "Traceback" not in err
    assert audit_rows() == [] and not (tmp_path / "pkg.zip").exists()
    store = open_store()
    try:
        assert PrintQueue(store).jobs() == []
    finally:
        store.close()


@pytest.mark.parametrize("content", [b"Dear applicant,\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, b""])
def test_print_send_refuses_a_file_that_is_not_a_pdf(content, app_home, signed_in, tmp_path, capsys):
    """Exploratory test: print send queued any file (a text file, an image) and audited it as printed."""
    from counter_app.cli._common import open_store
    from counter_app.printing.printqueue import PrintQueue

    letter = tmp_path / "letter.txt"
    letter.write_bytes(content)
    assert main(["print", "send", str(letter)]) == 2
    out, err = capsys.readouterr()
    assert "不是 PDF 文件" in err and "Traceback" not in err and out == ""
    assert main(["print", "send", str(letter), "--json"]) == 2
    assert "不是 PDF 文件" in json.loads(capsys.readouterr().out)["error"]
    store = open_store()
    try:
        assert PrintQueue(store).jobs() == []
    finally:
        store.close()
    assert not [r for r in audit_rows() if r[1] == "file.print_submitted"]


@pytest.mark.parametrize("command", [["queue", "list"], ["print", "queue"], ["case", "list"]])
def test_list_json_is_json_lines_as_documented_and_nothing_when_empty(command, app_home, signed_in, capsys):
    """Exploratory test: ``queue list --json`` / ``print queue --json`` printed nothing for an empty
    queue (not a JSON document). The form is JSON Lines (one object a line, as scripts and the tests
    read it) — kept, and said in --help: no line for no item."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    shown = capsys.readouterr().out
    assert "JSON Lines" in shown and "不输出任何行" in shown, shown
    assert main([*command, "--json"]) == 0
    assert capsys.readouterr().out == ""


def test_print_queue_and_retry_act_as_the_signed_in_user(app_home, signed_in, tmp_path, capsys, monkeypatch):
    """Signed in, print queue lists the jobs and print retry re-sends one, recorded as the user."""
    from counter_app.cli._common import open_store
    from counter_app.printing import cups
    from counter_app.storage.tables_printing import PrintEvent

    monkeypatch.setattr(cups.CupsPrinters, "default_queue", lambda self: None)   # no printer: stays waiting
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4 a notice")
    assert main(["print", "send", str(pdf), "--json"]) == 1
    job = json.loads(capsys.readouterr().out)["id"]
    assert main(["print", "queue", "--json"]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == [job]
    assert main(["print", "retry", str(job), "--json"]) == 1                    # still no printer: waiting
    assert json.loads(capsys.readouterr().out)["state"] == "waiting"
    store = open_store()
    try:
        with store.session() as s:
            events = [(e.event, e.actor) for e in s.query(PrintEvent).filter_by(job_id=job)]
    finally:
        store.close()
    assert ("retry", "clerk01") in events and all(actor == "clerk01" for _, actor in events)


def test_queue_export_is_audited_as_the_signed_in_user(app_home, signed_in, tmp_path, capsys):
    """queue export signed in: done (here refused for want of the centre's key) and audited as the user."""
    assert main(["queue", "export", str(tmp_path / "q.jsonl"), "--json"]) == 1
    assert "导出失败" in json.loads(capsys.readouterr().out)["error"]
    assert [(a, act, res) for a, act, _, res, _ in audit_rows()] == [("clerk01", "export", "failed")]


def test_queue_export_to_a_folder_that_is_not_there_is_said_in_chinese_on_stderr(app_home, signed_in, tmp_path,
                                                                                   capsys):
    """Exploratory test: 无法写入 …：[Errno 2] No such file or directory: '….part' — the OSError's English,
    and on stdout without --json. Now file_problem's words, on stderr; ``{"error"}`` under --json."""
    from counter_app.paths import app_paths
    from counter_central.export_key import load_private_key, public_key

    key, _kid = public_key(load_private_key(tmp_path / "centre" / "export-key.pem", create=True))
    app_paths().ensure().config_file.write_text(f'[central]\nexport_public_key = "{key}"\n', encoding="utf-8")
    target = tmp_path / "no-such-stick" / "q.jsonl"
    assert main(["queue", "export", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"无法写入 {target}：所在目录不存在" in err and "Errno" not in err, (out, err)
    assert main(["queue", "export", str(tmp_path), "--json"]) == 1        # a folder, not a file
    out, err = capsys.readouterr()
    assert json.loads(out)["error"].startswith(f"无法写入 {tmp_path}：") and "Errno" not in out + err
    assert [(act, res) for _, act, _, res, _ in audit_rows()] == [("export", "failed")] * 2


class _Printer:
    """A printer that takes jobs and completes them when told."""

    def __init__(self):
        self.completed = False

    def status(self, queue):
        from counter_app.printing.cups import PrinterStatus

        return PrinterStatus(queue, exists=True, enabled=True, accepting=True)

    def submit(self, queue, pdf, *, copies=1, title=""):
        return f"{queue}-7"

    def job_state(self, job_id):
        return "completed" if self.completed else "processing"

    def cancel(self, job_id):
        pass

    def default_queue(self):
        return "q"


def test_a_document_is_recorded_printed_only_when_cups_reports_it_completed(store):
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.documents import issue_document
    from counter_app.printing.printqueue import PrintQueue
    from counter_app.printing.samples import sample_fields
    from counter_app.storage.audit import AuditRow
    from counter_app.storage.uow import UnitOfWork

    kind = DocumentKind.guidance_notice
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        doc = issue_document(uow, case_id="c1", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    printer = _Printer()
    queue = PrintQueue(store, printer, default_printer="q", actor="clerk01", workstation_id="FT-W01")

    def actions():
        with store.session() as s:
            return [(r.action, r.actor, r.workstation_id) for r in s.query(AuditRow).order_by(AuditRow.seq)]

    job = queue.submit_document(doc.id)
    assert actions()[-1] == ("document.print_submitted", "clerk01", "FT-W01")
    assert "document.printed" not in [a for a, *_ in actions()]
    queue.refresh()                                                             # still printing
    assert "document.printed" not in [a for a, *_ in actions()]
    printer.completed = True
    queue.refresh()
    assert actions()[-1] == ("document.printed", "clerk01", "FT-W01") and queue.job(job.id).state == "done"


def test_notice_render_refuses_a_publicity_whose_period_is_over(app_home, signed_in, tmp_path, capsys):
    """A 公示 is issued only for a period still to run: one already over gets no number."""
    from datetime import date, timedelta

    from counter_app.domain.documents import DocumentKind

    from tests.support.cases import cli_case, issued_fields

    case_no = cli_case(tmp_path)
    capsys.readouterr()
    before = len(audit_rows())
    fields = issued_fields(DocumentKind.special_work_publicity, case_no)
    yesterday = date.today() - timedelta(days=1)
    fields["publicity"].update(start=(yesterday - timedelta(days=6)).isoformat(), end=yesterday.isoformat())
    f = tmp_path / "pub.json"
    f.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    code = main(["notice", "render", "special_work_publicity", "--case", str(f), "-o", str(tmp_path / "p.pdf"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and f"公示期已于{yesterday.isoformat()}结束" in out["error"]
    assert not (tmp_path / "p.pdf").exists() and audit_rows()[before:] == []   # no number, no record
    fields["publicity"].update(start=date.today().isoformat(), end=(date.today() + timedelta(days=6)).isoformat())
    f.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    assert main(["notice", "render", "special_work_publicity", "--case", str(f), "-o", str(tmp_path / "p.pdf"),
                 "--json"]) == 0
