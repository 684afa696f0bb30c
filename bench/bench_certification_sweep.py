"""资格认证 sweep at the centre: ``certification.sweep`` over N retired persons (a third of them
lapsed: flag + approval request each) vs the least any sweep must do — parse each record and compute
its status with counter_protocol.certification, no database writes.

Goal <= 40x the baseline: the sweep writes two rows and a change per lapsed person in one
transaction; the figure that matters for a nightly job is the absolute time (extra lines), and
the second sweep (nothing new, idempotent) must stay close to the baseline's order.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import BenchResult

N = 2000
TODAY = date(2026, 12, 1)


def _pid(i: int) -> str:
    from counter_protocol.identifiers import id_check_char

    birth = date(1950, 1, 1) + timedelta(days=i % 3000)
    first17 = f"440303{birth:%Y%m%d}{i % 100:02d}{(i // 100) % 10}"
    return first17 + id_check_char(first17)


def _records() -> list[str]:
    out, seen = [], set()
    i = 0
    while len(out) < N:
        pid = _pid(i)
        i += 1
        if pid in seen:
            continue
        seen.add(pid)
        last = TODAY - timedelta(days=30 + (len(out) * 7) % 720)   # spread over two years: ~1/3 lapsed
        out.append(json.dumps({"kind": "person", "id_number": pid, "name": "测试", "sex": "male",
                               "birth": "1955-01-01", "category": "male", "status": "retired", "office": "FT",
                               "insured_since": None, "contribution_months": 300, "deemed_months": 0,
                               "history_reviewed": True, "special_work_months": None, "account_balance": "0",
                               "benefit_place_shenzhen": True, "last_certified": last.isoformat(), "unit_uscc": None,
                               "phone": "13800138000"}, ensure_ascii=False))
    return out


def run() -> BenchResult:
    from sqlalchemy.orm import Session

    from counter_central.certification import reminders, sweep
    from counter_central.db import make_engine, migrate
    from counter_central.registry import import_records
    from counter_protocol import certification as cert
    from counter_protocol.records import person_from_dict

    lines = _records()
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(f"sqlite:///{Path(d) / 'central.sqlite3'}")
        migrate(engine)
        with Session(engine) as s:
            assert import_records(s, lines).ok
        with Session(engine) as s:
            t0 = time.perf_counter()
            first = sweep(s, TODAY)
            t_first = time.perf_counter() - t0
            t0 = time.perf_counter()
            second = sweep(s, TODAY)
            t_second = time.perf_counter() - t0
            t0 = time.perf_counter()
            due = reminders(s, TODAY, days=60)
            t_rem = time.perf_counter() - t0
        engine.dispose()
        assert len(first.flagged) == first.lapsed and not second.flagged

    t0 = time.perf_counter()
    lapsed = 0
    for line in lines:
        p = person_from_dict(json.loads(line))
        lapsed += cert.status(p.last_certified, TODAY, cycle_months=12, window_days=60).state == "lapsed"
    t_base = time.perf_counter() - t0
    assert lapsed == first.lapsed
    return BenchResult("certification-sweep", t_first, t_base, goal=40.0, extra=[
        f"{N} retired persons on SQLite, {first.lapsed} lapsed → {len(first.flagged)} flags and suspension requests",
        f"first sweep {t_first:.2f}s, second sweep (nothing new) {t_second:.2f}s, reminders (60 days: {len(due)}) {t_rem:.2f}s",
    ])
