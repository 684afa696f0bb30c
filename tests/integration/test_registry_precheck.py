"""Decisions rest on the record: ``case precheck`` for each of the 14 services against the real
central service (PostgreSQL, demo registry), then offline from the sealed cache, then offline
without one; the identifier never in a URL."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from counter_app.cli.case import precheck
from counter_app.reference.catalog import default_catalog
from counter_app.workflows.records import RecordService
from tests.support.central import login_client
from tests.support.cli import run_cli

pytestmark = pytest.mark.integration

ON = date(2026, 6, 1)

# the demo registry (counter_central/registry/demo-registry.jsonl)
YOUNG = "440304198706151135"       # man born 1987-06, insured 10 years
READY = "440303196203081256"       # man born 1962-03, 25 years, history reviewed
RETIRED = "440305195805201364"     # retired woman
SHORT = "440306196301111497"       # man born 1963-01, 12y6m
UNREVIEWED = "440307196402021518"  # man born 1964-02, history not reviewed
DECEASED = "44030419700830163X"    # deceased
DECEASED_REVIEWED = "440304196504121537"   # deceased, history reviewed
NOT_INSURED = "440303199503031748"
DISABLED = "440305197504181872"    # under age, 200 months
ELSEWHERE = "440306196610091987"   # benefit place not Shenzhen
SUSPENDED = "440307198001252015"
CANCELLED = "440304199012122123"
UNIT_OK, UNIT_NEW, UNIT_GONE = "91440300708461136T", "91440300MA5F00001A", "91440300MA5F00002D"

# (service, applicant type, --id, --unit, facts, answers, expected outcome, {condition: (result, source)})
CASES = [
    ("reg_enroll", "individual", NOT_INSURED, None, {}, {}, "accepted", {"not_yet_registered": ("met", "system")}),
    ("reg_enroll", "individual", YOUNG, None, {}, {}, "not_eligible", {"not_yet_registered": ("unmet", "system")}),
    ("reg_enroll", "individual", CANCELLED, None, {}, {}, "accepted", {"not_yet_registered": ("met", "system")}),
    ("reg_enroll", "unit", None, UNIT_NEW, {}, {}, "accepted", {"unit_credit_code_valid": ("met", "system"),
                                                                 "not_yet_registered": ("met", "system")}),
    ("reg_enroll", "unit", None, UNIT_OK, {}, {}, "not_eligible", {"not_yet_registered": ("unmet", "system")}),
    ("reg_change", "individual", YOUNG, None, {}, {}, "accepted", {"registered": ("met", "system")}),
    ("reg_change", "individual", NOT_INSURED, None, {}, {}, "not_eligible", {"registered": ("unmet", "system")}),
    ("reg_cancel", "individual", SUSPENDED, None, {}, {}, "accepted", {"registered": ("met", "system")}),
    ("reg_cancel", "individual", CANCELLED, None, {}, {}, "not_eligible", {"registered": ("unmet", "system")}),
    ("contribution", "individual", YOUNG, None, {}, {}, "accepted", {"registered": ("met", "system")}),
    ("contribution", "individual", SUSPENDED, None, {}, {}, "accepted", {"registered": ("met", "system")}),
    # 5.1.3.2: death ends participation; 6.2.1.3: only a state that may be pushed to the collector
    ("contribution", "individual", DECEASED, None, {}, {}, "not_eligible", {"registered": ("unmet", "system")}),
    ("contribution", "individual", RETIRED, None, {}, {}, "not_eligible", {"registered": ("unmet", "system")}),
    ("contribution", "unit", None, UNIT_OK, {}, {}, "accepted", {"registered": ("met", "system")}),
    ("contribution", "unit", None, UNIT_GONE, {}, {}, "not_eligible", {"registered": ("unmet", "system")}),
    ("account_query", "individual", YOUNG, None, {}, {}, "accepted", {"account_exists": ("met", "system"),
                                                                     "query_phase": ("met", "system")}),
    # the first 情形, 缴费期间查询 (6.3.3.1), for a pensioner: refused from the record, 待遇领取期间 it is
    ("account_query", "individual", RETIRED, None, {}, {}, "not_eligible", {"account_exists": ("met", "system"),
                                                                            "query_phase": ("unmet", "system")}),
    ("account_query", "individual", NOT_INSURED, None, {}, {}, "not_eligible", {"account_exists": ("unmet", "system")}),
    ("transfer_in", "individual", SUSPENDED, None, {}, {"cross_province": True}, "accepted",
     {"cross_province": ("met", "clerk"), "insured_here": ("met", "system")}),
    ("transfer_in", "individual", CANCELLED, None, {}, {"cross_province": True}, "not_eligible",
     {"insured_here": ("unmet", "system")}),
    ("transfer_in", "individual", SUSPENDED, None, {}, {}, None, {"cross_province": ("pending", "clerk")}),
    ("transfer_out", "individual", YOUNG, None, {}, {"cross_province": True, "letter_valid": True}, "accepted",
     {"letter_valid": ("met", "clerk"), "insured_here": ("met", "system")}),
    # 6.4.1.2.2 终结其本地养老保险关系: there must be one — whatever the clerk says of the letter
    *[("transfer_out", "individual", who, None, {}, {"cross_province": True, "letter_valid": True}, "not_eligible",
       {"letter_valid": ("met", "clerk"), "insured_here": ("unmet", "system")})
      for who in (NOT_INSURED, DECEASED, RETIRED, CANCELLED)],
    ("transfer_out", "individual", YOUNG, None, {}, {"cross_province": True, "letter_valid": False}, "not_eligible",
     {"letter_valid": ("unmet", "clerk")}),
    ("temp_transfer_in", "individual", YOUNG, None, {}, {"cross_province": True}, "accepted",
     {"insured_here": ("met", "system")}),
    ("temp_transfer_in", "individual", NOT_INSURED, None, {}, {"cross_province": True}, "not_eligible",
     {"insured_here": ("unmet", "system")}),
    ("temp_transfer_out", "individual", YOUNG, None, {}, {"cross_province": True, "letter_valid": True}, "accepted",
     {"insured_here": ("met", "system")}),
    *[("temp_transfer_out", "individual", who, None, {}, {"cross_province": True, "letter_valid": True}, "not_eligible",
       {"insured_here": ("unmet", "system")}) for who in (NOT_INSURED, DECEASED, RETIRED, CANCELLED)],
    ("temp_transfer_out", "individual", YOUNG, None, {}, {"cross_province": False, "letter_valid": True},
     "not_eligible", {"cross_province": ("unmet", "clerk")}),
    ("history_review", "individual", UNREVIEWED, None, {}, {}, "accepted", {"rule_5_5_1": ("met", "system")}),
    ("history_review", "individual", READY, None, {}, {}, "not_eligible", {"rule_5_5_1": ("unmet", "system")}),
    ("history_review", "survivor", DECEASED, None, {}, {}, "accepted", {"rule_5_5_3": ("met", "system")}),
    ("history_review", "survivor", YOUNG, None, {}, {}, "not_eligible", {"rule_5_5_3": ("unmet", "system")}),
    ("pension", "individual", READY, None, {}, {}, "accepted", {"rule_5_6_1_1": ("met", "system"),
                                                                 "history_reviewed": ("met", "system"),
                                                                 "not_drawing": ("met", "system")}),
    # already drawing a pension / deceased: 5.6.1.1 is for those not yet approved (5.6.2.1)
    ("pension", "individual", RETIRED, None, {"category": "female_worker"}, {}, "not_eligible",
     {"not_drawing": ("unmet", "system"), "rule_5_6_1_1": ("met", "system")}),
    ("pension", "individual", DECEASED_REVIEWED, None, {}, {}, "not_eligible",
     {"not_drawing": ("unmet", "system"), "rule_5_6_1_1": ("met", "system")}),
    ("pension", "individual", YOUNG, None, {}, {}, "not_eligible", {"rule_5_6_1_1": ("unmet", "system")}),
    ("pension", "individual", SHORT, None, {}, {}, "incomplete", {"rule_5_6_1_1": ("unmet", "system")}),
    ("pension", "individual", UNREVIEWED, None, {}, {}, "incomplete", {"rule_5_6_1_1": ("met", "system"),
                                                                        "history_reviewed": ("unmet", "system")}),
    ("pension", "individual", ELSEWHERE, None, {"category": "female_cadre"}, {}, "not_eligible",
     {"rule_5_6_1_1": ("unmet", "system")}),
    ("disability_allowance", "individual", DISABLED, None, {}, {}, None, {"rule_5_6_1_2": ("pending", "clerk")}),
    ("disability_allowance", "individual", DISABLED, None, {"lost_capacity": True}, {}, "accepted",
     {"rule_5_6_1_2": ("met", "clerk")}),
    ("disability_allowance", "individual", DISABLED, None, {}, {"rule_5_6_1_2": True}, "accepted",
     {"rule_5_6_1_2": ("met", "clerk")}),
    ("disability_allowance", "individual", READY, None, {"lost_capacity": True}, {}, "not_eligible",
     {"rule_5_6_1_2": ("unmet", "system")}),
    ("disability_allowance", "individual", DECEASED, None, {"lost_capacity": True}, {}, "not_eligible",
     {"not_drawing": ("unmet", "system"), "rule_5_6_1_2": ("met", "clerk")}),
    # the deceased's history is not yet reviewed: 6.6.1.1.1.2 guides the survivor to 历史信息审核 first
    ("death_benefit", "survivor", DECEASED, None, {"death_cause": "illness", "other_death_benefit_received": False,
                                                   "last_insured_place_shenzhen": True}, {},
     "incomplete", {"rule_5_6_1_3": ("met", "clerk"), "history_reviewed": ("unmet", "system")}),
    ("death_benefit", "survivor", DECEASED_REVIEWED, None, {"death_cause": "illness", "other_death_benefit_received": False,
                                                            "last_insured_place_shenzhen": True},
     {}, "accepted", {"rule_5_6_1_3": ("met", "clerk"), "history_reviewed": ("met", "system")}),
    # 最后参保地 (5.6.1.3) is not in the record and is not the benefit place: the clerk's to confirm
    ("death_benefit", "survivor", DECEASED_REVIEWED, None, {"death_cause": "illness", "other_death_benefit_received": False},
     {}, None, {"rule_5_6_1_3": ("pending", "clerk")}),
    ("death_benefit", "survivor", YOUNG, None, {"death_cause": "illness", "other_death_benefit_received": False}, {},
     "not_eligible", {"rule_5_6_1_3": ("unmet", "system")}),
    # 资格认证 (5.6.3): for those who receive a pension, as the record says
    ("certification", "individual", RETIRED, None, {}, {}, "accepted", {"pensioner": ("met", "system")}),
    ("certification", "individual", YOUNG, None, {}, {}, "not_eligible", {"pensioner": ("unmet", "system")}),
    ("certification", "individual", DECEASED, None, {}, {}, "not_eligible", {"pensioner": ("unmet", "system")}),
    # the case's ground (情形) must hold: 缴费年限不足 after the age, from the ID and the record alone
    ("account_settlement", "individual", SHORT, None, {}, {}, "accepted", {"rule_5_6_1_4": ("met", "system")},
     ["insufficient_years"]),
    # the refusal rests on the clerk's answers (国籍未丧失, 未离境): the clerk's, not a system check
    ("account_settlement", "individual", READY, None, {"nationality_lost": False, "hmt_or_foreign_left": False}, {},
     "not_eligible", {"rule_5_6_1_4": ("unmet", "clerk")}),
    # 港澳台及外籍人员离境 is not a ground for a 居民身份证
    ("account_settlement", "individual", YOUNG, None, {"nationality_lost": False, "hmt_or_foreign_left": True}, {},
     "not_eligible", {"rule_5_6_1_4": ("unmet", "clerk")}, ["departure"]),
    ("account_settlement", "individual", RETIRED, None, {"category": "female_worker"}, {}, "not_eligible",
     {"not_drawing": ("unmet", "system")}),
    ("account_settlement", "individual", DECEASED, None, {"nationality_lost": True}, {}, "not_eligible",
     {"not_drawing": ("unmet", "system")}),
]

SERVICES = {c[0] for c in CASES}


def test_the_table_covers_every_service():
    assert SERVICES == set(default_catalog().codes())
    for code in SERVICES:
        outcomes = {c[6] for c in CASES if c[0] == code}
        assert "accepted" in outcomes and "not_eligible" in outcomes, code


@pytest.fixture(scope="module")
def centre_client(central_server):
    client = login_client(central_server.url)
    yield client
    client.close()


def _run(records, case, *, online=True):
    from counter_app.domain.checklist import ConditionResult

    code, atype, id_number, uscc, facts, answers, _, _, *variants = case    # (the 情形, when not the first)
    out, evaluations, view = precheck(default_catalog(), records, service_code=code, id_number=id_number, uscc=uscc,
                                      applicant_type=atype, variants=variants[0] if variants else None, facts=facts,
                                      answers={k: ConditionResult(v) for k, v in answers.items()},
                                      online=online, on=ON)
    return out, {e["code"]: e for e in out["conditions"]}, view


def _record_needed(result: dict) -> bool:
    return result["code"] not in ("insured_id_valid", "unit_credit_code_valid", "cross_province", "letter_valid")


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-{c[2] or c[3]}-{c[6]}" for c in CASES])
def test_precheck_online_then_cache_then_no_cache(store, tmp_path, centre_client, case):
    from counter_app.storage.db import Store

    expected_outcome, expected = case[6], case[7]
    records = RecordService(store, lambda: centre_client, close_clients=False)
    out, by_code, view = _run(records, case)
    assert out["outcome"] == expected_outcome, out
    for code, (result, source) in expected.items():
        assert (by_code[code]["result"], by_code[code]["source"]) == (result, source), by_code[code]
    assert out["record_as_of"] is not None and view.state == "online"
    if expected_outcome == "incomplete":
        assert out["missing"] and out["document"] == "业务指引告知书"
    if expected_outcome == "not_eligible":
        assert out["document"] == "不予受理决定书"

    # offline: the same answer from the sealed cache, with its as-of time
    cached = RecordService(store, lambda: None)
    out2, by_code2, view2 = _run(cached, case, online=False)
    assert view2.state == "cache"
    assert out2["record_as_of"] == out["record_as_of"]
    assert out2["outcome"] == out["outcome"]
    assert [(c["code"], c["result"]) for c in out2["conditions"]] == [(c["code"], c["result"]) for c in out["conditions"]]

    # offline without a cache: whatever needs the record is 待核验（离线）; the ID alone still counts
    fresh = Store.open(tmp_path / "fresh.sqlite3")
    try:
        out3, by_code3, view3 = _run(RecordService(fresh, lambda: None), case, online=False)
    finally:
        fresh.close()
    assert out3["record_as_of"] is None and view3.state == "none"
    for c in out3["conditions"]:
        if c["code"] in ("insured_id_valid", "unit_credit_code_valid"):
            assert (c["result"], c["source"]) == ("met", "system")
        elif c["code"] in ("cross_province", "letter_valid"):
            assert c["source"] == "clerk"
        elif (c["code"], case[2]) in (("rule_5_6_1_1", YOUNG), ("rule_5_6_1_2", READY)):
            assert (c["result"], c["source"]) == ("unmet", "system")   # born 1987-06: the ID tells the age
        else:
            assert (c["result"], c["source"]) == ("pending", "offline"), c
    if any(c["result"] == "pending" and c["source"] == "offline" for c in out3["conditions"]) \
            and not any(c["result"] == "unmet" for c in out3["conditions"]):
        assert out3["outcome"] in (None, "incomplete")


def test_young_man_pension_explains_the_retirement_age(store, centre_client):
    records = RecordService(store, lambda: centre_client, close_clients=False)
    out, evaluations, _ = precheck(default_catalog(), records, service_code="pension", id_number=YOUNG, uscc=None,
                                   applicant_type="individual", on=ON)
    rule = next(e for e in evaluations if e.code == "rule_5_6_1_1")
    assert rule.explanation.startswith("出生 1987-06 → 法定退休 2050-06")
    assert "未达" in rule.explanation
    assert rule.facts["birth"] == "1987-06" and rule.facts["retirement_month"] == "2050-06"
    assert out["outcome"] == "not_eligible"


class RecordingTransport(httpx.HTTPTransport):
    def __init__(self):
        super().__init__()
        self.requests: list[httpx.Request] = []

    def handle_request(self, request):
        request.read()
        self.requests.append(request)
        return super().handle_request(request)


def test_the_id_number_is_in_the_body_never_in_the_url(central_server, store):
    from counter_app.sync.client import CentralClient, StaticToken

    rec = RecordingTransport()
    login = login_client(central_server.url)
    client = CentralClient(central_server.url, tokens=StaticToken(login.tokens.token), transport=rec)
    try:
        answer = client.lookup_person(READY)
        unit = client.lookup_unit(UNIT_OK)
    finally:
        client.close()
        login.close()
    assert answer.found and answer.record["id_number"] == READY and unit.found
    person_req, unit_req = rec.requests
    for req, ident in ((person_req, READY), (unit_req, UNIT_OK)):
        assert req.method == "POST"
        assert ident not in str(req.url) and ident.lower() not in str(req.url).lower()
        assert json.loads(req.content) in ({"id_number": ident}, {"uscc": ident})
    # and the sealed cache holds neither the number nor the name in clear
    RecordService(store, lambda: CentralClient(central_server.url, tokens=StaticToken(login.tokens.token))).person(READY)
    raw = open(store.path, "rb").read() if hasattr(store, "path") else b""
    assert READY.encode() not in raw and "李建国".encode() not in raw


def test_lookup_needs_a_login(central_server):
    r = httpx.post(central_server.url + "/api/v1/registry/person", json={"id_number": READY}, trust_env=False)
    assert r.status_code == 401


def test_precheck_cli_json_online_and_offline(central_server, app_home, tmp_path):
    from counter_app.paths import app_paths

    cfg = app_paths().config_file
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[central]\nurl = "{central_server.url}"\n[office]\ncode = "FT"\nworkstation_id = "FT-PRE1"\n',
                   encoding="utf-8")

    def run(*args, stdin=None):   # the app_home fixture's workstation and keyring
        return run_cli(app_home, *args, stdin=stdin, own_keyring=False)

    assert run("login", "clerk01", "--password-stdin", stdin="clerk01-demo\n").returncode == 0
    r = run("case", "precheck", "--service", "pension", "--id", READY, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"outcome", "document", "conditions", "missing", "record_as_of"}
    assert out["outcome"] == "accepted" and out["document"] == "受理告知书" and out["record_as_of"]
    for c in out["conditions"]:
        assert set(c) == {"code", "text", "result", "source", "facts"}
    r2 = run("case", "precheck", "--service", "pension", "--id", READY, "--offline", "--json")
    assert json.loads(r2.stdout)["record_as_of"] == out["record_as_of"]
    facts = tmp_path / "facts.json"
    facts.write_text('{"lost_capacity": true, "bogus": 1}', encoding="utf-8")
    bad = run("case", "precheck", "--service", "disability_allowance", "--id", DISABLED, "--facts", str(facts))
    assert bad.returncode == 1 and "不认识的字段" in bad.stderr and "Traceback" not in bad.stderr
    human = run("case", "precheck", "--service", "pension", "--id", SHORT)
    assert human.returncode == 0 and "业务指引" in human.stdout and "系统核验" in human.stdout


def test_case_import_decides_from_the_persons_record(central_server, app_home, tmp_path):
    """Review: ``case import`` of a pension (a disability allowance, a death benefit…) never looked the
    person up, so the conditions that need the record stayed open and every such import was refused
    (尚有受理条件未确认)."""
    from counter_app.paths import app_paths

    cfg = app_paths().config_file
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'[central]\nurl = "{central_server.url}"\n[office]\ncode = "FT"\nworkstation_id = "FT-IMP1"\n',
                   encoding="utf-8")

    def run(*args, stdin=None):
        return run_cli(app_home, *args, stdin=stdin, own_keyring=False)

    def draft(id_number: str, **facts) -> str:
        path = tmp_path / f"{id_number}.json"
        path.write_text(json.dumps({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                                    "applicant": {"id_number": id_number, "name": "张三"}, "materials": "all",
                                    "facts": facts}, ensure_ascii=False), encoding="utf-8")
        return str(path)

    assert run("login", "clerk01", "--password-stdin", stdin="clerk01-demo\n").returncode == 0
    r = run("case", "import", draft(READY), "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["state"] == "accepted"                   # 受理: the record says he may retire
    # offline with no record cached: the refusal says that the record is what is missing
    cfg.write_text('[central]\nurl = "http://127.0.0.1:9"\n[office]\ncode = "FT"\nworkstation_id = "FT-IMP1"\n',
                   encoding="utf-8")
    r = run("case", "import", draft(SHORT), "--json")
    assert r.returncode == 1 and "未能查询到档案" in json.loads(r.stdout)["error"]
