"""A hostile centre (a proxy in front of the real one) answers a record look-up with another person's
record: before, a precheck of 11010519491231002X decided on 李建国's (440303196203081256, insured) —
受理 became 不予受理 (not_yet_registered unmet) — and the wrong record was cached under the asked ID
and served again while the centre was down. Now such an answer is refused with a Chinese message
(the record counts as not read: 待核验), and never cached.

A real HTTP server on loopback answers ``POST /api/v1/registry/person|unit``; the client is the real one.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.cli.case import precheck
from counter_app.reference.catalog import default_catalog
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.workflows.records import RecordService
from tests.unit.domain.test_conditions import person

ASKED = "11010519491231002X"
OTHER = "440303196203081256"     # 李建国, insured
UNIT = "91440300708461136T"
ON = date(2026, 12, 6)


@pytest.fixture
def registry():
    """(answers, url): a loopback registry; ``answers[path]`` is the record dict answered (or None)."""
    answers: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind = self.path.rsplit("/", 1)[-1]
            record = answers.get(self.path)
            body = json.dumps({"kind": answers.get("kind", kind), "found": record is not None, "record": record,
                               "as_of": "2026-12-05T00:00:00+00:00"}, ensure_ascii=False).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield answers, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _records(store, url):
    return RecordService(store, lambda: CentralClient(url, timeout=5, tokens=StaticToken("t")))


def _precheck(records, *, online=True):
    out, _evaluations, view = precheck(default_catalog(), records, service_code="reg_enroll", id_number=ASKED,
                                       uscc=None, applicant_type="individual", online=online, on=ON)
    return out, {c["code"]: c for c in out["conditions"]}, view


def test_another_persons_record_is_refused_and_not_cached(store, app_home, registry):
    answers, url = registry
    answers["/api/v1/registry/person"] = person().to_dict()          # 李建国, not the one asked
    records = _records(store, url)
    lookup = records.person(ASKED)
    assert lookup.state == "none" and lookup.record is None
    assert "不是所查询的人员" in lookup.message and OTHER not in lookup.message and ASKED not in lookup.message
    assert "不是所查询的人员" in lookup.describe()

    out, by_code, view = _precheck(records)
    assert view.state == "none" and out["record_as_of"] is None
    assert by_code["not_yet_registered"]["result"] == "pending"      # 待核验, not 不予受理
    assert out["outcome"] != "not_eligible"

    # the centre down: nothing was cached under the asked ID
    assert records.cached("person", ASKED) is None
    out2, by_code2, view2 = _precheck(RecordService(store, lambda: None), online=False)
    assert view2.state == "none" and by_code2["not_yet_registered"]["result"] == "pending"


def test_the_right_record_cached_before_is_kept_and_served(store, app_home, registry):
    answers, url = registry
    answers["/api/v1/registry/person"] = person(id_number=ASKED.lower(), name="张三").to_dict()
    assert _records(store, url).person(ASKED).state == "online"       # the asked one (case aside): cached
    answers["/api/v1/registry/person"] = person().to_dict()
    lookup = _records(store, url).person(ASKED)
    assert lookup.state == "cache" and lookup.record.id_number == ASKED and lookup.record.name == "张三"
    assert "不是所查询的人员" in lookup.message


def test_an_answer_of_the_other_kind_is_refused(store, app_home, registry):
    answers, url = registry
    answers["/api/v1/registry/unit"] = person().to_dict()
    answers["kind"] = "person"
    lookup = _records(store, url).unit(UNIT)
    assert lookup.state == "none" and "类别与查询不符" in lookup.message
    answers["kind"] = "unit"
    answers["/api/v1/registry/unit"] = {"kind": "unit", "uscc": "91440300MA5F00001A", "name": "某公司",
                                        "status": "insured", "office": "FT"}
    lookup = _records(store, url).unit(UNIT)
    assert lookup.state == "none" and "不是所查询的单位" in lookup.message
    assert RecordService(store, lambda: None).cached("unit", UNIT) is None
