"""`counter-central reference publish | list`: the administrator publishes reference data from a file
on the centre (before, only `POST /reference` with an admin's sign-in and 动态验证码 could), checked
with the shared rules first so a version the counters would refuse is never published."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.resources import resources_root
from counter_central.cli import main
from counter_central.db import ChangeRow, make_engine


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", f"--db={url}"]) == 0
    return url


def _published(db, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["reference", "list", f"--db={db}", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _changes(db) -> list[dict]:
    engine = make_engine(db)
    try:
        with Session(engine) as s:
            from counter_central.entry_key import opened_change      # sealed at rest

            return [json.loads(opened_change(c))
                    for c in s.scalars(select(ChangeRow).where(ChangeRow.kind == "reference.published"))]
    finally:
        engine.dispose()


def test_publish_a_catalog_and_a_toml_parameter_set(db, tmp_path, capsys):
    catalog = resources_root() / "catalog" / "services.json"
    assert main(["reference", "publish", "catalog", str(catalog), "--version", "2027-01", f"--db={db}", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["name"] == "catalog" and answer["version"] == "2027-01" and len(answer["digest"]) == 64
    params = tmp_path / "params.toml"
    params.write_text((resources_root() / "params" / "policy-params.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["reference", "publish", "policy_params", str(params), "--version", "p-2027",
                 "--effective-from", "2027-01-01", f"--db={db}"]) == 0
    assert "已发布参考数据 policy_params 版本 p-2027" in capsys.readouterr().out
    versions = {(r["name"], r["version"]) for r in _published(db, capsys)}
    assert {("catalog", "2027-01"), ("policy_params", "p-2027")} <= versions
    announced = {(c["name"], c["version"]) for c in _changes(db)}     # what the counters pull
    assert {("catalog", "2027-01"), ("policy_params", "p-2027")} <= announced


def test_what_the_counters_would_refuse_is_not_published(db, tmp_path, capsys):
    before = _published(db, capsys)
    bad = tmp_path / "catalog.json"
    bad.write_text(json.dumps({"version": "x", "services": "not a list"}), encoding="utf-8")
    assert main(["reference", "publish", "catalog", str(bad), f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert "catalog 未发布" in err and "Traceback" not in err
    no_version = tmp_path / "offices.json"
    no_version.write_text('{"offices": {}}', encoding="utf-8")
    assert main(["reference", "publish", "offices", str(no_version), f"--db={db}", "--json"]) == 1
    out, err = capsys.readouterr()
    assert "--version" in json.loads(out)["error"]
    assert main(["reference", "publish", "offices", str(tmp_path / "missing.json"), f"--db={db}"]) == 1
    assert "文件不存在" in capsys.readouterr().err
    assert _published(db, capsys) == before


def test_a_version_is_never_republished_with_other_content(db, tmp_path, capsys):
    doc = tmp_path / "offices.json"
    doc.write_text('{"offices": {"FT": {"court": "一"}}}', encoding="utf-8")
    assert main(["reference", "publish", "offices", str(doc), "--version", "m1", f"--db={db}"]) == 0
    assert main(["reference", "publish", "offices", str(doc), "--version", "m1", f"--db={db}"]) == 0   # same: idempotent
    doc.write_text('{"offices": {"FT": {"court": "二"}}}', encoding="utf-8")
    capsys.readouterr()
    assert main(["reference", "publish", "offices", str(doc), "--version", "m1", f"--db={db}"]) == 1
    assert "已发布且内容不同" in capsys.readouterr().err


@pytest.mark.parametrize("rule,named", [
    ({"action": "rejection", "level": 0, "effective_from": "2000-01-01"}, "审批级别（level）应为整数 1（科长）、2（中心主任）"),
    ({"action": "rejection", "level": "high", "effective_from": "2000-01-01"}, "审批级别"),
    ({"action": "approve_everything", "level": 1, "effective_from": "2000-01-01"}, "审批事项（action）不认识"),
])
def test_an_authorisation_table_that_would_switch_approvals_off_is_not_published(db, tmp_path, capsys, rule, named):
    """Red-team: the command line published any authorisation table (level 0: 不予受理 and 注销参保
    accepted without an approver); it now refuses it with the rule named, as POST /reference does."""
    before = _published(db, capsys)
    path = tmp_path / "authorisation.json"
    path.write_text(json.dumps({"version": "a-bad", "rules": [rule]}, ensure_ascii=False), encoding="utf-8")
    assert main(["reference", "publish", "authorisation", str(path), f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert "authorisation 未发布" in err and "第 1 条规则" in err and named in err and "Traceback" not in err
    assert _published(db, capsys) == before


def test_a_toml_syntax_error_is_placed_by_line_and_column(db, tmp_path, capsys):
    """A TOML file with a syntax error is refused with where the error is, as a JSON one is (was: only
    「读取出错」); nothing is published."""
    before = _published(db, capsys)
    bad = tmp_path / "bad.toml"
    bad.write_text('version = "9"\n[x\n', encoding="utf-8")
    assert main(["reference", "publish", "policy_params", str(bad), f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert "不是有效的 TOML（第 2 行第 3 列）" in err and "读取出错" not in err
    assert _published(db, capsys) == before


@pytest.mark.parametrize("name", ["materials", "policy_param"])
def test_a_name_the_counters_do_not_read_is_refused_with_the_names_they_do(name, db, tmp_path, capsys):
    """IT staff report: a typo (policy_param) and the documented ``materials`` were published and
    announced to every workstation, and no counter ever used them."""
    before = _published(db, capsys)
    doc = tmp_path / "x.json"
    doc.write_text('{"items": []}', encoding="utf-8")
    assert main(["reference", "publish", name, str(doc), "--version", "2027.1", f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert f"{name} 未发布：柜面不读取这个名称的参考数据" in err
    assert all(n in err for n in ("catalog", "policy_params", "authorisation", "offices")), err
    assert _published(db, capsys) == before


def test_the_counter_and_the_centre_share_one_list_of_names():
    from counter_app.workflows import reference
    from counter_protocol import reference_names

    assert (reference.CATALOG, reference.POLICY_PARAMS, reference.AUTHORISATION, reference.OFFICES) == (
        "catalog", "policy_params", "authorisation", "offices")
    assert reference.TITLES is reference_names.TITLES and reference_names.READ_BY_COUNTERS == set(reference.TITLES)


def test_the_centre_uses_a_version_from_its_effective_day_on(db, tmp_path, capsys):
    """The centre's own reads of published data (certification parameters, the dashboard's 办理时限,
    the authorisation table) apply the counters' rule: the newest publication whose day has come."""
    from datetime import date

    from counter_central.core import reference_row_in_force

    params = tmp_path / "params.toml"
    params.write_text((resources_root() / "params" / "policy-params.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["reference", "publish", "policy_params", str(params), "--version", "past",
                 "--effective-from", "2000-01-01", f"--db={db}"]) == 0
    assert main(["reference", "publish", "policy_params", str(params), "--version", "future",
                 "--effective-from", "2999-06-01", f"--db={db}"]) == 0
    engine = make_engine(db)
    try:
        with Session(engine) as s:
            assert reference_row_in_force(s, "policy_params").version == "past"
            assert reference_row_in_force(s, "policy_params", date(2999, 6, 1)).version == "future"
    finally:
        engine.dispose()


def test_an_offices_entry_for_an_office_the_centre_does_not_have_is_refused(db, tmp_path, capsys):
    """A mistyped code ("ZZ") would be published and use up the version: refused naming it, nothing stored."""
    doc = tmp_path / "offices.json"
    doc.write_text('{"version": "2027.1", "offices": {"FT": {"court": "深圳市福田区人民法院"},'
                   ' "ZZ": {"review_body": "深圳市福田区人民政府"}}}', encoding="utf-8")
    capsys.readouterr()
    assert main(["reference", "publish", "offices", str(doc), f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert "中心没有分局 ZZ" in err and "FT" in err, err
    assert not [r for r in _published(db, capsys) if r["name"] == "offices"]
    assert not [c for c in _changes(db) if c["name"] == "offices"]
    doc.write_text('{"version": "2027.1", "offices": {"FT": {"court": "深圳市福田区人民法院"}}}', encoding="utf-8")
    assert main(["reference", "publish", "offices", str(doc), f"--db={db}"]) == 0     # the version was not used up


def test_publish_help_lists_the_names_that_can_be_published(capsys):
    """The help offered ``materials``, which is refused: it lists the names the refusal accepts."""
    from counter_protocol.reference_names import READ_BY_COUNTERS

    with pytest.raises(SystemExit):
        main(["reference", "publish", "--help"])
    text = "".join(capsys.readouterr().out.split())
    assert "materials" not in text
    assert all(name in text for name in READ_BY_COUNTERS), text
