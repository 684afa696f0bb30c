"""The centre's registry re-check uses the shared pure rules (counter_rules), not the counter:
the independence contract holds with no exception (issue #18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from counter_central.db import make_engine, migrate
from counter_central.registry.recheck import _catalog_service
from counter_central.seed import _doc, seed_demo
from counter_central import core
from counter_rules.catalog import CatalogError

ROOT = Path(__file__).resolve().parents[3]


def test_the_recheck_loads_and_evaluates_without_the_counter():
    """Importing the re-check and evaluating a condition loads no module of counter_app."""
    code = ("import sys, datetime, counter_central.registry.recheck;"
            "from counter_rules.conditions import ONLINE, RecordView, evaluate_conditions;"
            "from counter_central.registry.recheck import _bundled_catalog;"
            "from counter_central.resources import resources_root;"
            "workflow = _bundled_catalog(str(resources_root() / 'catalog' / 'services.json')).get('reg_change');"
            "ev = evaluate_conditions(workflow, 'individual', ('person.mobile',), applicant={'id_number': ''},"
            " record=RecordView(state=ONLINE), facts={}, answers={}, on=datetime.date(2026, 1, 5));"
            "assert ev, 'no conditions evaluated';"
            "print([m for m in sys.modules if m == 'counter_app' or m.startswith('counter_app.')])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_the_counter_domain_names_are_the_shared_rules():
    """counter_app.domain.{catalog,checklist,conditions,documents,masking} re-export the same objects."""
    from counter_app.domain import catalog, checklist, conditions, documents, masking
    from counter_rules import catalog as rc, checklist as rk, conditions as rd, documents as rdoc, masking as rm

    assert catalog.catalog_from_dict is rc.catalog_from_dict and catalog.Service is rc.Service
    assert checklist.ConditionResult is rk.ConditionResult and checklist.decide is rk.decide
    assert conditions.evaluate_conditions is rd.evaluate_conditions
    assert documents.DocumentKind is rdoc.DocumentKind and masking.mask_id is rm.mask_id


def test_the_catalog_the_case_was_decided_under_else_newest_else_bundled(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    migrate(engine)
    try:
        with Session(engine) as s:
            seed_demo(s, with_reference=False, with_registry=False)
            bundled = _catalog_service(s, "reg_change", None)      # nothing published: the bundled file
            assert bundled is not None and bundled.code == "reg_change"
            with pytest.raises(CatalogError):                       # recheck_entry reports it as 中心无法复核
                _catalog_service(s, "no_such_service", None)

            raw = json.loads((ROOT / "resources" / "catalog" / "services.json").read_text(encoding="utf-8"))
            older = dict(raw, version="2025.01")
            newer = json.loads(json.dumps(raw))
            newer["version"] = "2026.09"
            workflow = next(x for x in newer["services"] if x["code"] == "reg_change")
            workflow["name"] = "参保信息变更（新版）"
            for content in (older, newer):
                core.publish_reference(s, _doc("catalog", content))
            s.commit()
            assert _catalog_service(s, "reg_change", "2025.01").name == bundled.name
            assert _catalog_service(s, "reg_change", None).name == "参保信息变更（新版）"
            assert _catalog_service(s, "reg_change", "unknown-version").name == "参保信息变更（新版）"
    finally:
        engine.dispose()
