"""The reference data in force on a workstation: the centre's latest pulled version, else the
shipped one; a pulled version that does not validate is not used (and says why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

from counter_app.reference.catalog import default_catalog
from counter_app.workflows import reference
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol.reference_names import InForceChoice
from tests.support.cases import MALE_1960, NOW, centre_catalog, pulled_reference


def test_the_shipped_catalog_until_the_centre_publishes_one(store):
    found = reference.catalog_in_force(store)
    assert found.value is default_catalog() and found.source == "随程序发布" and not found.problem
    pulled_reference(store, "catalog", centre_catalog("2099.1"), "v2-aaaa")
    found = reference.catalog_in_force(store)
    assert found.value.version == "2099.1" and found.source == "中心发布 v2-aaaa"
    assert found.value.get("reg_enroll").materials[0].name == "参保登记表（中心新版）"
    assert reference.catalog_in_force(store) is found      # built once per pulled version


def test_a_pulled_catalog_that_does_not_validate_is_not_used(store):
    broken = centre_catalog("2099.2")
    broken["services"][0]["applicant_types"] = ["nobody"]
    pulled_reference(store, "catalog", broken, "v3-bbbb")
    found = reference.catalog_in_force(store)
    assert found.value is default_catalog() and found.source == "随程序发布"
    assert "中心发布的业务目录 v3-bbbb 无法使用" in found.problem


def test_why_a_pulled_version_is_not_used_never_carries_the_centres_control_characters(store, caplog):
    """The message quotes the centre's document (here a service code with an RLO and an escape):
    shown, logged and printed (services, doctor) only through free_text.shown (docs/sync.md)."""
    broken = centre_catalog("2099.3")
    broken["services"][0]["code"] = "\u202e\x1b[2Jxxxxxxxxxx"
    del broken["services"][0]["name"]
    pulled_reference(store, "catalog", broken, "v4-\u202ecccc")
    with caplog.at_level("ERROR"):
        found = reference.catalog_in_force(store)
    assert found.value is default_catalog() and "无法使用" in found.problem and "xxxxxxxxxx" in found.problem
    for text in (found.problem, caplog.text):
        assert "\u202e" not in text and "\x1b" not in text


def test_new_cases_start_with_the_catalog_in_force_and_a_case_in_progress_keeps_its_own(store):
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      now=lambda: NOW, catalog_provider=lambda: reference.current_catalog(store))
    before = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    assert before.case.catalog_version == default_catalog().version
    pulled_reference(store, "catalog", centre_catalog("2099.3"), "v4-cccc")
    after = workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960})
    assert after.case.catalog_version == "2099.3"
    assert after.service.materials[0].name == "参保登记表（中心新版）"
    again = workflow.get(before.case.id)                          # started under the shipped catalog
    assert again.case.catalog_version == default_catalog().version
    assert again.service.materials[0].name != "参保登记表（中心新版）"


def test_pulled_policy_params_are_the_ones_in_force(store):
    import tomllib

    from counter_app.resources import resources_root

    shipped = reference.params_in_force(store)
    assert shipped.source == "随程序发布"
    content = tomllib.loads((resources_root() / "params" / "policy-params.toml").read_text(encoding="utf-8"))
    content["version"] = "2099.1"
    pulled_reference(store, "policy_params", content, "v5-dddd")
    found = reference.params_in_force(store)
    assert found.source == "中心发布 v5-dddd" and found.value.version == "2099.1"


def test_services_cli_and_doctor_report_the_catalog_in_force(tmp_path):
    from counter_app.storage.db import Store

    home = tmp_path / "home"
    env = {"COUNTER_APP_HOME": str(home), "PATH": "/usr/bin:/bin"}
    # the store is encrypted: the CLI needs the keyring this process keeps its key in
    env.update({k: os.environ[k] for k in ("PYTHON_KEYRING_BACKEND", "COUNTER_APP_ALLOW_PLAINTEXT_KEYRING",
                                            "XDG_DATA_HOME", "HOME") if k in os.environ})

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                              env=env, timeout=60)

    shipped = json.loads(cli("services", "--json", "--code", "reg_enroll").stdout)
    assert shipped[0]["catalog_source"] == "随程序发布"
    (home / "data").mkdir(parents=True)
    store = Store.open(home / "data" / "counter.sqlite3")
    pulled_reference(store, "catalog", centre_catalog("2099.4"), "v6-eeee")
    store.close()
    r = cli("services", "--json", "--code", "reg_enroll")
    item = json.loads(r.stdout)[0]
    assert item["catalog_source"] == "中心发布 v6-eeee" and item["catalog_version"] == "2099.4"
    checks = {c["name"]: c for c in json.loads(cli("doctor", "--json").stdout)["checks"]}
    assert checks["reference.catalog"]["status"] == "ok" and "v6-eeee" in checks["reference.catalog"]["message"]


# ------------------------------------------------------------------ 生效日期 (--effective-from)

def _params_content(version: str) -> dict:
    import tomllib

    from counter_app.resources import resources_root

    content = tomllib.loads((resources_root() / "params" / "policy-params.toml").read_text(encoding="utf-8"))
    content["version"] = version
    return content


def test_a_version_published_for_a_later_day_is_announced_not_in_force(store):
    pulled_reference(store, "policy_params", _params_content("2099.0"), "2099.0", effective_from="2999-06-01")
    found = reference.params_in_force(store)
    assert found.source == "随程序发布" and found.value.version != "2099.0"
    assert found.upcoming == ("2099.0", "2999-06-01")
    assert found.upcoming_text() == "；中心发布 2099.0 自 2999-06-01 起生效"
    on_the_day = reference.params_in_force(store, date(2999, 6, 1))
    assert on_the_day.source == "中心发布 2099.0" and on_the_day.upcoming is None


def test_a_past_dated_version_is_in_force_and_a_later_one_is_next(store):
    pulled_reference(store, "policy_params", _params_content("2000.0"), "2000.0", effective_from="2000-01-01")
    pulled_reference(store, "policy_params", _params_content("2099.0"), "2099.0", effective_from="2999-06-01")
    found = reference.params_in_force(store)
    assert found.source == "中心发布 2000.0" and found.value.version == "2000.0"
    assert found.upcoming == ("2099.0", "2999-06-01")


def test_choose_in_force_takes_the_newest_publication_whose_day_has_come():
    from counter_protocol.reference_names import Publication, choose_in_force

    a = Publication("a", None, 1)
    b = Publication("b", "2027-06-01", 2)
    c = Publication("c", "2027-01-01", 3)      # published after b, in force earlier: b never takes effect
    assert choose_in_force([b, a, c], date(2026, 12, 6)) == InForceChoice(a, c, "2027-01-01")
    assert choose_in_force([c, b, a], date(2027, 1, 1)) == InForceChoice(c)
    assert choose_in_force([b], date(2026, 12, 6)) == InForceChoice(None, b, "2027-06-01")
    assert choose_in_force([], date(2026, 12, 6)) == InForceChoice(None)


def test_rules_params_and_doctor_say_the_version_in_force_and_the_next(tmp_path, monkeypatch, capsys):
    from counter_app.cli.main import main
    from counter_app.storage.db import Store
    from counter_app.workflows.checks import checks
    from counter_app.config import Settings

    home = tmp_path / "home"
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    (home / "data").mkdir(parents=True)
    local = Store.open(home / "data" / "counter.sqlite3")
    pulled_reference(local, "policy_params", _params_content("2000.0"), "2000.0", effective_from="2000-01-01")
    pulled_reference(local, "policy_params", _params_content("2099.0"), "2099.0", effective_from="2999-06-01")
    local.close()
    assert main(["rules", "params", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["source"] == "中心发布 2000.0" and shown["version"] == "2000.0"
    assert shown["next"] == {"version": "2099.0", "effective_from": "2999-06-01"}
    assert main(["rules", "params"]) == 0
    assert "下一版本：中心发布 2099.0，2999-06-01 起生效" in capsys.readouterr().out
    found = {c.name: c for c in checks(Settings())}["reference.policy_params"]
    assert found.message == "政策参数：中心发布 2000.0；中心发布 2099.0 自 2999-06-01 起生效"
