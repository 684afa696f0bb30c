"""``counter-app case import/show/list``: a case handed over by a 综合受理 desk is decided, numbered
and queued like one entered at the window; show and list print it masked."""

from __future__ import annotations

import json

import pytest

from counter_app.cli.main import main

MALE_1960 = "110105196001010017"
OTHER_MAN_1960 = "110105196001010033"      # a second 参保登记 in hand is another person's (catalog second_case)
USCC = "91440300708461136T"


def write(tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def outbox_kinds():
    from counter_app.cli._common import open_store
    from counter_app.sync.outbox import OutboxRepository

    store = open_store()
    try:
        return [r.kind for r in OutboxRepository(store).list_entries(None, limit=1000)]
    finally:
        store.close()


def test_import_show_list_round_trip(app_home, signed_in, tmp_path, capsys):
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 0, err or out
    imported = json.loads(out)
    assert imported["state"] == "accepted" and imported["case_no"]
    assert len(imported["documents"]) == 1                     # the 受理告知书, numbered
    kinds = outbox_kinds()
    assert kinds.count("case.transition") == 3 and "document.issued" in kinds   # queued like the window's

    code, out, _ = run(capsys, "case", "show", imported["case_no"], "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["case_id"] == imported["case_id"] and shown["state"] == "accepted"
    assert shown["service_name"] == "参保登记" and shown["outcome"] == "已受理，正在办理"
    assert MALE_1960 not in out and "张三" not in out                 # masked
    assert all(m["state"] == "present" for m in shown["materials"])
    assert [d["number"] for d in shown["documents"]] == imported["documents"]
    assert [h["action"] for h in shown["history"]] == ["create", "submit", "accept"]

    code, out, _ = run(capsys, "case", "show", imported["case_no"])
    assert code == 0 and "参保登记" in out and "已受理" in out

    f2 = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                          "applicant": {"id_number": OTHER_MAN_1960, "name": "李四"}, "materials": []}, "b.json")
    code, out, err = run(capsys, "case", "import", f2, "--json")
    assert code == 0, err
    returned = json.loads(out)
    assert returned["state"] == "returned" and len(returned["documents"]) == 1     # 业务指引告知书

    code, out, _ = run(capsys, "case", "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["case_no"] for r in rows} == {imported["case_no"], returned["case_no"]}
    code, out, _ = run(capsys, "case", "list", "--state", "returned", "--json")
    assert [json.loads(line)["case_no"] for line in out.splitlines()] == [returned["case_no"]]
    code, out, _ = run(capsys, "case", "list", "--state", "archived", "--json")
    assert code == 0 and out == ""


def test_unit_case_with_credit_code(app_home, signed_in, tmp_path, capsys):
    f = write(tmp_path, {"service": "contribution", "applicant_type": "unit", "unit_uscc": USCC,
                         "unit_name": "深圳市某某科技有限公司", "applicant": {}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 0, err or out
    assert json.loads(out)["state"] == "accepted"


@pytest.mark.parametrize("content, words", [
    ("{not json", "不是有效的 JSON"),
    (json.dumps({"service": "nope", "applicant": {"name": "张三", "id_number": MALE_1960}}), "没有事项「nope」"),
    (json.dumps({"service": "reg_enroll", "applicant": {"name": "张三", "id_number": MALE_1960}, "materials": ["x"]}),
     "没有材料：x"),
    (json.dumps({"service": "reg_enroll", "colour": "red"}), "colour"),
])
def test_bad_files_get_a_chinese_message_nonzero_exit_and_store_nothing(app_home, signed_in, tmp_path, capsys, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "case", "import", str(path), "--clerk", "clerk01")
    assert code == 1 and words in err and "Traceback" not in err
    code, out, _ = run(capsys, "case", "import", str(path), "--json")
    assert code == 1 and words in json.loads(out)["error"]
    run(capsys, "case", "list", "--json")
    assert capsys.readouterr().out == ""
    assert outbox_kinds() == []


def test_a_case_file_with_a_byte_order_mark_imports(app_home, signed_in, tmp_path, capsys):
    """Exploratory test: a case file saved by Windows Notepad (UTF-8 with a BOM) was refused as
    办件文件不是有效的 JSON：第1行第1列."""
    path = tmp_path / "bom.json"
    data = {"service": "reg_enroll", "applicant_type": "individual",
            "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    code, out, err = run(capsys, "case", "import", str(path), "--json")
    assert code == 0, err or out
    assert json.loads(out)["state"] == "accepted"


def test_missing_file_and_unknown_case(app_home, signed_in, tmp_path, capsys):
    code, _, err = run(capsys, "case", "import", str(tmp_path / "none.json"), "--clerk", "c")
    assert code == 1 and "找不到办件文件" in err
    code, _, err = run(capsys, "case", "show", "FT-W01-20990101-0001")
    assert code == 1 and "本机没有办件" in err


def test_a_bad_configuration_refuses_business_instead_of_using_the_factory_settings(app_home, signed_in, tmp_path,
                                                                                       capsys):
    """Exploratory test: one bad value (``[printer] copies = "one"``) made ``case import`` run on the
    factory settings, numbering the case and its documents FT-W01 instead of the configured FT-W02
    (and dropping COUNTER_APP_CENTRAL_URL and the export key), with only a stderr note. Commands that
    write records or talk to the centre refuse now; the diagnostics still read and report the file."""
    from counter_app.paths import app_paths

    config = app_paths().ensure().config_file
    good = "[office]\nworkstation_id = 'FT-W02'\n"
    config.write_text(good + "[printer]\ncopies = 'one'\n", encoding="utf-8")
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f)
    assert code != 0 and "printer.copies" in err and "本命令未执行" in err and "Traceback" not in err
    assert "默认配置" not in err.replace("以使用默认配置", "") and out == ""
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code != 0 and "printer.copies" in json.loads(out)["error"]
    for argv in (["queue", "export", str(tmp_path / "q.jsonl")], ["sync", "status", "--no-probe"],
                 ["print", "queue", "--json"], ["case", "list", "--json"]):
        code, out, err = run(capsys, *argv)
        assert code != 0 and "printer.copies" in err and "Traceback" not in err, (argv, out, err)
        if "--json" in argv:
            assert "printer.copies" in json.loads(out)["error"]
    assert outbox_kinds() == [] and audit_actors() == []                 # nothing numbered, nothing written
    code, out, _ = run(capsys, "config", "check", "--json")                # the diagnostics still work
    assert code == 1 and [p["key"] for p in json.loads(out)["problems"]] == ["printer.copies"]
    code, out, _ = run(capsys, "doctor", "--json")
    assert "printer.copies" in out

    config.write_text(good, encoding="utf-8")                                # fixed: numbered as configured
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 0, err
    imported = json.loads(out)
    assert imported["case_no"].startswith("FT-W02-") and imported["documents"][0].count("W02") == 1


def test_import_needs_a_clerk(app_home, tmp_path, capsys):
    from tests.conftest import sign_in

    sign_in(None)
    f = write(tmp_path, {"service": "reg_enroll", "applicant": {"id_number": MALE_1960, "name": "张三"}})
    code, _, err = run(capsys, "case", "import", f, "--clerk", "王五")
    assert code == 1 and "未登录" in err and "counter-app login" in err
    assert audit_actors() == [] and outbox_kinds() == []                  # no case, no number, no record


def audit_actors():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [(r.actor, r.action) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


def test_show_and_list_are_refused_with_nobody_signed_in(app_home, signed_in, tmp_path, capsys):
    """Who applied for what, even masked, is shown to a signed-in user only (as field visits):
    nobody signed in, refused in Chinese, exit 1, ``{"error": …}`` under ``--json``, no case shown."""
    from tests.conftest import sign_in

    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, _ = run(capsys, "case", "import", f, "--json")
    assert code == 0
    case_no = json.loads(out)["case_no"]
    sign_in(None)
    for argv in (["case", "show", case_no], ["case", "list"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and "未登录" in err and "counter-app login" in err and out == ""
        code, out, err = run(capsys, *argv, "--json")
        assert code == 1 and "未登录" in json.loads(out)["error"] and case_no not in out and "110105" not in out
    sign_in("clerk01")
    code, out, _ = run(capsys, "case", "list", "--json")
    assert code == 0 and json.loads(out)["case_no"] == case_no


def test_precheck_needs_a_signed_in_user_and_audits_the_lookup_as_them(app_home, capsys):
    """A precheck reads the person's record (the centre's or this machine's cache): nobody signed in,
    refused in Chinese (exit 1, ``{"error": …}`` under ``--json``) before any look-up, nothing audited
    (was: looked up and audited with an empty actor); signed in — offline too — audited as the user."""
    from tests.conftest import sign_in

    sign_in(None)
    argv = ["case", "precheck", "--service", "pension", "--id", MALE_1960, "--offline"]
    code, out, err = run(capsys, *argv, "--json")
    assert code == 1 and "未登录" in json.loads(out)["error"] and MALE_1960 not in out + err
    code, out, err = run(capsys, *argv)
    assert code == 1 and "未登录" in err and "counter-app login" in err and out == ""
    assert audit_actors() == []
    sign_in("clerk01")
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0 and set(json.loads(out)) >= {"outcome", "conditions", "record_as_of"}
    assert audit_actors() == [("clerk01", "record.lookup")]


def test_the_actor_is_the_signed_in_user_and_clerk_only_the_printed_name(app_home, signed_in, tmp_path, capsys):
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--clerk", "王五", "--json")
    assert code == 0, err or out
    actors = audit_actors()
    assert ("clerk01", "document.issued") in actors and {a for a, _ in actors} == {"clerk01"}
    from counter_app.cli._common import open_store
    from counter_app.printing.documents import get_document

    number = json.loads(out)["documents"][0]
    store = open_store()
    try:
        with store.session() as s:
            doc = get_document(s, number=number)
    finally:
        store.close()
    assert doc.clerk == "clerk01" and doc.fields["clerk"] == "王五"       # recorded by the login, printed name as given


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_import_with_print_sends_the_notice_to_a_real_cups_queue(app_home, signed_in, tmp_path, capsys, cups_queues):
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text(f'[printer]\nname = "{cups_queues.queue}"\n', encoding="utf-8")
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--print", "--json")
    assert code == 0, err or out
    result = json.loads(out)
    assert [p["number"] for p in result["printed"]] == result["documents"]
    assert all("未能打印" not in p["state"] for p in result["printed"])
    code, out, _ = run(capsys, "print", "queue", "--all", "--json")
    jobs = [json.loads(line) for line in out.splitlines()]
    assert jobs and all(j["printer"] == cups_queues.queue and j["state"] != "failed" for j in jobs)


@pytest.mark.parametrize("change, field", [
    ({"applicant": {"id_number": 12345, "name": "张三"}}, "applicant.id_number"),          # a number, not text
    ({"applicant": {"id_number": MALE_1960, "name": ["x"]}}, "applicant.name"),           # a list
    ({"applicant": {"id_number": MALE_1960, "name": "张" * 100_000}}, "applicant.name"),  # 300 KB of name
    ({"unit_uscc": 91440300708461136}, "unit_uscc"),
    ({"variants": [1]}, "variants"),
    ({"conditions": {"c1": "理由" * 1000}}, "c1"),
    ({"facts": {"note": "长" * 40_000}}, "太大"),            # each field fits; the whole draft does not
    ({"applicant": {"id_number": MALE_1960, "name": "张三\ud800"}}, "Unicode"),
])
def test_import_refuses_wrongly_typed_or_oversized_fields(app_home, signed_in, tmp_path, capsys, change, field):
    """A field of the wrong type or longer than the centre would take is refused, named, and nothing is
    stored: before, {"name": ["x"]} became the applicant "['x']" with a 不予受理决定书, and a 100,000-character
    name was accepted and its document.issued entry refused by the centre (payload too big) for ever."""
    draft = {"service": "reg_enroll", "applicant_type": "individual",
             "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all", **change}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(draft), encoding="utf-8")   # ASCII: \ud800 stays an escape
    for as_json in (True, False):
        code, out, err = run(capsys, "case", "import", str(path), "--clerk", "clerk01", *(["--json"] if as_json else []))
        assert code != 0
        message = json.loads(out)["error"] if as_json else err
        assert field in message, message
        assert "Traceback" not in err
    assert outbox_kinds() == []


def test_import_takes_a_draft_within_the_limits(app_home, signed_in, tmp_path, capsys):
    from counter_app.domain.drafts import MAX_FIELD_CHARS

    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三", "address": "路" * MAX_FIELD_CHARS}})
    code, out, err = run(capsys, "case", "import", f, "--clerk", "clerk01", "--json")
    assert code == 0, err or out


def test_a_clear_draft_of_an_earlier_release_is_sealed_when_imported(app_home, signed_in, tmp_path, capsys):
    """Drafts saved before they were sealed (clear JSON in <data>/drafts) still import, and are sealed
    on that first read: the clear file is gone, the sealed one does not carry the ID number."""
    from counter_app.paths import app_paths
    from counter_app.storage.sealed_files import read_draft, seal_clear_drafts

    drafts = app_paths().ensure().data_dir / "drafts"
    drafts.mkdir(parents=True)
    body = {"service": "reg_enroll", "applicant_type": "individual",
            "applicant": {"id_number": MALE_1960, "name": "张三", "phone": "13912345678"}, "materials": "all"}
    old = drafts / "draft-20260101-090000-reg_enroll.json"
    old.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "case", "import", str(old), "--json")
    assert code == 0, err or out
    assert not old.exists()
    sealed = drafts / (old.name + ".sm4")
    raw = sealed.read_bytes()
    assert MALE_1960.encode() not in raw and b"13912345678" not in raw and "张三".encode() not in raw
    assert json.loads(read_draft(sealed)) == body
    # the window seals whatever clear drafts remain when it saves the next one
    other = drafts / "draft-20260101-100000-reg_enroll.json"
    other.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert seal_clear_drafts(drafts) == 1 and not other.exists() and (drafts / (other.name + ".sm4")).exists()
    # a sealed draft renamed (another draft's name) does not open
    sealed.rename(drafts / "draft-x.json.sm4")
    code, _, err = run(capsys, "case", "import", str(drafts / "draft-x.json.sm4"))
    assert code == 1 and "打不开草稿文件" in err


def test_an_imported_refusal_waits_for_a_supervisor_as_at_the_window(app_home, signed_in, tmp_path, capsys):
    """分级授权 (7.3.2): a 不予受理 imported from a 综合受理 desk is not decided by the clerk alone —
    no 不予受理决定书 is numbered; an approval request is made in the same transaction, as the window does."""
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all",
                         "conditions": {"not_yet_registered": "已在本市参保"}})
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 0, err or out
    imported = json.loads(out)
    assert imported["state"] != "rejected" and imported["documents"] == []
    assert imported["approval_id"]
    assert "approval.requested" in outbox_kinds()                       # queued for the centre
    other = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",   # another person: the
                             "applicant": {"id_number": OTHER_MAN_1960, "name": "李四"},  # first is in hand
                             "materials": "all", "conditions": {"not_yet_registered": "已在本市参保"}}, "other.json")
    code, out, _ = run(capsys, "case", "import", other)
    assert code == 0 and "待审批" in out


def test_a_field_worker_does_not_take_in_counter_cases(app_home, tmp_path, capsys):
    """The window shows a field worker (or a field laptop) no counter panels; the CLI's case import
    must not let the field role number a 受理告知书 either. It stores nothing."""
    from tests.conftest import sign_in
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p

    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            "field02", "field02-demo", p.UserInfo(username="field02", display_name="外勤人员02", roles=["field"],
                                                  office_code="FT"))
    finally:
        store.close()
    sign_in("field02")
    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 1 and "不能办理窗口受理" in json.loads(out)["error"]
    assert outbox_kinds() == []
    code, out, _ = run(capsys, "case", "list", "--json")
    assert out == ""


def test_an_auditors_refused_case_action_names_the_action_and_is_audited(app_home, signed_in, tmp_path, capsys):
    """7.3: an auditor signed in on a counter is refused ``case complete`` / ``archive`` as the window's
    case service refuses it, in words that name the action refused, and each attempt is in the trail."""
    from sqlalchemy import select

    from tests.conftest import sign_in
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.storage.tables_audit import AuditRow
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p

    f = write(tmp_path, {"service": "reg_enroll", "applicant_type": "individual",
                         "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"})
    code, out, err = run(capsys, "case", "import", f, "--json")
    assert code == 0, err or out
    number = json.loads(out)["case_no"]
    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            "auditor01", "auditor01-demo", p.UserInfo(username="auditor01", display_name="审计人员01", roles=["auditor"],
                                                      office_code="FT"))
    finally:
        store.close()
    sign_in("auditor01")
    before = outbox_kinds()
    for command, doing in (("complete", "办结办件"), ("archive", "归档办件")):
        code, out, err = run(capsys, "case", command, number)
        assert code == 1 and f"不能{doing}" in err and "导入办件" not in err
    assert outbox_kinds() == before
    store = open_store()
    try:
        with store.session() as s:
            refused = list(s.scalars(select(AuditRow).where(AuditRow.action == "business.refused")))
    finally:
        store.close()
    assert [(r.actor, r.result, r.object_id) for r in refused] == [("auditor01", "refused", number)] * 2
    assert "归档办件" in refused[1].detail
