"""bench growth: the counter after years — a store of 100,000 cases against one of 1,000.

ours = start-up (interpreter → main window shown, its store open and the status bar's first
figures: ``READY`` of ``bench startup``, offscreen) with the 100k store; baseline = the same
with the 1k store, interleaved in the same run; goal <= 1.3x.
Beside it, at 100k (goals in the issue): case search by number, by name and by ID number
(<= 30 ms each), the 待同步 view with 10,000 pending entries (<= 50 ms: what the panel loads —
rows, counts, case numbers), the 文书 list (a day's, as the panel opens, and one case's), the
office's day (当日情况, ``workflows.dashboard.office_day``) and the 办件 filter counts (<= 50 ms
each); the "day" is the store's last whole day of cases (274 new cases at 100k).

How the stores are made: a set of template cases goes through the workflow API
(``CaseWorkflow``: create, submit, tick every material, decide, steps, 办结, 归档 — each step a
unit of work with its outbox entry, its audit record, its documents); the store is then grown to N
cases by copying those rows in SQL with fresh UUIDv7 keys in time order, case numbers (one series a
day), 文号 (one series a year), dates spread over a year, different applicants (names and ID
numbers, in the JSON of payloads and documents too), recomputed payload and document digests and a
re-chained SM3 audit trail; the case-number FTS table and the outbox tally follow by their
triggers. Driving 100,000 cases one by one through the API would take hours on this machine; the
rows are the ones the API writes. Cases still open (accepted and waiting, at review: 4 of the 20
templates) are copied into the last ``OPEN_DAYS`` only — older copies are cases taken to the end,
as a year-old case is. The last 10,000 outbox entries stay pending, the rest are synced (and the
audit records of the synced cases, anchored). The generator stops on a table the templates fill
that it does not know (``CASE_TABLES`` / ``KEPT_TABLES``): a new table needs a line here.
The stores are cached between runs under ``BENCH_CACHE_DIR`` (default ~/.cache/counter-bench),
keyed by the store's schema revisions and this generator's version. They are encrypted (SQLCipher)
as every store is; their key lives in the bench's own plaintext keyring beside them
(``BENCH_CACHE_DIR/keyring``), so a cached store still opens on the next run — a throwaway key for
generated data, never a clerk's keyring.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.common import BenchResult, median_time, throwaway_keyring

GENERATOR_VERSION = "7"   # 4: every case table, documents, audit chain; UUIDv7 keys in time order; 5: open cases recent;
#                           6: one applicant per template (the duplicate-case rule); 7: the accepted cases wait (信息表)
# BENCH_GROWTH_SIZES="small,big" (e.g. "200,2000") for a quick run; the goals are set for 1,000 against 100,000
SIZES = tuple(int(v) for v in os.environ.get("BENCH_GROWTH_SIZES", "1000,100000").split(","))
PENDING = 10_000
OPEN_DAYS = 30         # the cases still open are among the last 30 days' ones
RUNS = 5
GOAL = 1.3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕"


def _cache_dir() -> Path:
    return Path(os.environ.get("BENCH_CACHE_DIR") or Path.home() / ".cache" / "counter-bench")


def _key() -> str:
    from counter_app.storage.db import script_heads

    return hashlib.sha256(("|".join(sorted(script_heads())) + GENERATOR_VERSION).encode()).hexdigest()[:12]


def _id_number(rng: random.Random) -> str:
    from counter_app.domain.identifiers import id_check_char

    body = f"4403{rng.randint(0, 99):02d}{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + id_check_char(body)


TEMPLATE_ID = "110105196001010017"   # the first template applicant: a man born 1960-01-01 (sequence 001)
TEMPLATE_NOW = datetime(2026, 3, 2, 10, 0)


def man_born_like(id_number: str, n: int) -> str:
    """The ``n``-th (1, 2, …) valid ID number of a man of the same place and birth date as
    ``id_number`` (sequence 001, 003, …; GB 11643 check character): another person of the same age."""
    from counter_app.domain.identifiers import id_check_char

    body = f"{id_number[:14]}{2 * n - 1:03d}"
    return body + id_check_char(body)


def _ready_case(workflow, code: str, applicant: dict) -> str:
    """A new case of ``code`` submitted with every material present and every condition the clerk
    answers met (what a clerk does before the acceptance decision)."""
    view = workflow.create(code, "individual", variants=(), applicant=applicant, facts={})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan("individual", ())
    for m in plan.materials:
        workflow.tick(cid, m.code)
    for c in plan.conditions:
        if not c.check:
            workflow.answer_condition(cid, c.code, True, "")
    return cid


def _templates(path: Path) -> None:
    """20 cases through the workflow API, in the mix of a store after years: 16 参保登记 taken
    to the end (accepted, both steps done, 办结, archived), 2 转移接续 accepted and waiting for the
    信息表 (联系函 generated and sent), 2 still
    at review. Each template has its own applicant (men of the same age): one person may not have
    two cases of a service in hand (the catalog's ``second_case``), and the rule stays as it is."""
    from counter_app.storage.db import Store
    from counter_app.workflows.cases import CaseWorkflow

    store = Store.open(path)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: TEMPLATE_NOW)
    for i in range(20):
        applicant = {"name": "模板", "id_number": man_born_like(TEMPLATE_ID, i + 1), "phone": "13800138000"}
        if i < 16:
            cid = _ready_case(workflow, "reg_enroll", applicant)
            workflow.decide(cid, expected="accepted")
            workflow.record_step(cid, "register")
            workflow.record_step(cid, "contribution_setup")
            workflow.complete(cid)
            workflow.archive(cid)
        else:
            cid = _ready_case(workflow, "transfer_in", applicant)
            if i < 18:   # accepted, the 联系函 generated and sent: waiting for the 信息表 (等待中)
                from counter_app.printing.samples import sample_decision_data

                workflow.decide(cid, expected="accepted")
                workflow.record_transfer_step(cid, "letter_generated", data=sample_decision_data("transfer_in"))
                workflow.record_transfer_step(cid, "letter_sent")
    store.close()


# What the generator copies per case, and the tables it knows stay as the templates left them (or
# follow by trigger: the case-number FTS tables, outbox_tally). Any other table the templates filled
# stops the generator: a copy that left a new table's rows behind would not be what the workflow writes.
CASE_TABLES = ("cases", "case_applicants", "documents", "case_transitions", "case_ticks", "case_steps",
               "case_documents", "outbox", "audit_records")     # documents first: others repeat their digest
KEPT_TABLES = ("alembic_version", "meta", "number_counters", "outbox_tally", "sqlite_stat1", "sqlite_stat4",
               "sqlite_sequence")
AUTOINCREMENT = {"case_transitions": "id", "case_steps": "id", "case_documents": "id", "outbox": "seq"}
_TIME_RE = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?Z?$")
_NUMBER_RE = re.compile(r"(.*〔)\d{4}(〕.*-)\d{6}(号)")
CHUNK = 2_000          # copies per executemany round: bounded memory at 100k


def _uuid7_at(at: datetime, rng: random.Random) -> str:
    """A UUIDv7 (the kind ``counter_app.storage.uow.new_id`` makes) whose time is ``at``, so that the
    copies' keys grow with time as a store's do."""
    ms = int(at.replace(tzinfo=timezone.utc).timestamp() * 1000)
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    return str(uuid.UUID(int=value))


def _time_like(template_value: str, day: str, clock: str, micro: int) -> str:
    """A copy's time (``day`` ``clock``.``micro``) written the way the template's column writes times
    (SQLAlchemy's text, or the audit's ISO Z)."""
    return f"{day}{template_value[10]}{clock}.{micro:06d}{'Z' if template_value.endswith('Z') else ''}"


def _owner(table: str, row: dict, doc_case: dict, no_case: dict) -> str | None:
    """The template case a row belongs to."""
    if table == "cases":
        return row["id"]
    if table == "outbox":
        return {"case": row["aggregate_id"], "document": doc_case.get(row["aggregate_id"])}.get(row["aggregate_type"])
    if table == "audit_records":
        return no_case.get(row["object_id"])
    return row["case_id"]


def _read_templates(conn) -> tuple[list[dict], dict[str, dict[str, list[dict]]]]:
    """The template cases, and per case the rows of every case table that belong to it."""
    rows: dict[str, list[dict]] = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if table.startswith(("cases_no_fts", "archive_cases_no_fts")):
            continue
        if not conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
            continue
        if table in CASE_TABLES:
            rows[table] = [dict(r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
        elif table not in KEPT_TABLES:
            raise RuntimeError(f"bench growth: the template cases wrote rows to {table}, which the generator does "
                               "not copy; teach _grow that table (and bump GENERATOR_VERSION)")
    cases = rows["cases"]
    doc_case = {d["id"]: d["case_id"] for d in rows.get("documents", [])}
    no_case = {c["case_no"]: c["id"] for c in cases} | {d["number"]: d["case_id"] for d in rows.get("documents", [])}
    per = {c["id"]: {t: [] for t in CASE_TABLES} for c in cases}
    for table in CASE_TABLES:
        for row in rows.get(table, []):
            owner = _owner(table, row, doc_case, no_case)
            if owner not in per:
                raise RuntimeError(f"bench growth: a row of {table} belongs to no template case: teach _owner")
            per[owner][table].append(row)
    return cases, per


def _grow(path: Path, n: int, rng: random.Random) -> None:
    """Grow the store at ``path`` (holding the template cases) to ``n`` cases: every row the
    templates wrote, copied with fresh keys, case numbers (one day's series each), 文号 (one series
    per year), times spread over a year, applicants, outbox digests, document digests and a
    re-chained SM3 audit trail; the FTS table and the outbox tally follow by their triggers."""
    import json

    import sqlcipher3.dbapi2  # type: ignore[import-untyped]

    from counter_app.domain.masking import mask_id, mask_name
    from counter_app.printing.integrity import content_digest
    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import raw_connect
    from counter_protocol.audit import GENESIS, record_digest
    from counter_protocol.canonical import payload_digest

    conn = raw_connect(path, store_key(create=False))
    conn.row_factory = sqlcipher3.dbapi2.Row
    conn.execute("PRAGMA cache_size = -262144")     # 256 MiB while building
    conn.execute("PRAGMA temp_store = MEMORY")
    cases, per = _read_templates(conn)
    plans, patterns, clocks = {}, {}, {}
    for tpl in cases:
        src = per[tpl["id"]]
        applicant = src["case_applicants"][0]
        clock = datetime.fromisoformat(tpl["created_at"])
        clocks[tpl["id"]] = clock
        olds = {tpl["id"], tpl["case_no"], applicant["name"], applicant["id_number"], mask_id(applicant["id_number"]),
                mask_name(applicant["name"]), clock.isoformat(timespec="seconds"), clock.date().isoformat()}
        for d in src["documents"]:   # the outbox's document.issued payload repeats number, digest and time
            olds |= {d["id"], d["number"], d["digest"], datetime.fromisoformat(d["created_at"]).isoformat(timespec="seconds")}
        olds |= {r["id"] for r in src["outbox"]}
        patterns[tpl["id"]] = re.compile("|".join(re.escape(o) for o in sorted((o for o in olds if o), key=len, reverse=True)))
        for trows in src.values():
            for r in trows:   # per template row, once: which columns are times, which may hold a template value
                plans[id(r)] = [(c, "time" if _TIME_RE.match(v) else "text") for c, v in r.items() if isinstance(v, str)]
    start = datetime(2025, 1, 1, 8, 30)
    step = timedelta(minutes=365 * 24 * 60 / n)
    # a store after a year: the cases still open (accepted and waiting, at review) are among the
    # last weeks' ones; older copies come from the templates taken to the end
    finished = [t for t in cases if t["state"] == "archived"]
    recent = n - int(OPEN_DAYS * 24 * 60 / (365 * 24 * 60 / n))
    chosen = [cases[k % len(cases)] if k >= recent else finished[k % len(finished)] for k in range(n)]
    counts = [len(per[t["id"]]["outbox"]) for t in chosen]
    first_pending = sum(counts) - PENDING

    conn.execute("BEGIN")
    keep_triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_records'").fetchall()
    for name, _sql in keep_triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    for table in reversed(CASE_TABLES):
        conn.execute(f'DELETE FROM "{table}"')
    conn.execute("DELETE FROM number_counters")

    per_day: dict[str, int] = {}
    series_seq: dict[str, int] = {}
    outbox_i, audit_seq, prev, anchor = 0, 0, GENESIS, None
    batches: dict[str, list[dict]] = {t: [] for t in CASE_TABLES}

    def flush() -> None:
        for table in CASE_TABLES:
            rows = batches[table]
            if rows:
                cols = list(rows[0])
                conn.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                                 [tuple(r[c] for c in cols) for r in rows])
                rows.clear()

    for k in range(n):
        tpl = chosen[k]
        src, pattern = per[tpl["id"]], patterns[tpl["id"]]
        at = (start + step * k).replace(microsecond=0)
        at_day, at_clock = at.strftime("%Y-%m-%d"), at.strftime("%H:%M:%S")
        day = f"{at:%Y%m%d}"
        per_day[day] = per_day.get(day, 0) + 1
        applicant = src["case_applicants"][0]
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        id_number = _id_number(rng)
        clock = clocks[tpl["id"]]
        new = {tpl["id"]: _uuid7_at(at, rng), tpl["case_no"]: f"{tpl['case_no'].rsplit('-', 2)[0]}-{day}-{per_day[day]:04d}",
               applicant["name"]: name, mask_name(applicant["name"]): mask_name(name),
               applicant["id_number"]: id_number, mask_id(applicant["id_number"]): mask_id(id_number),
               clock.isoformat(timespec="seconds"): at.isoformat(timespec="seconds"),
               clock.date().isoformat(): at.date().isoformat()}
        for r in src["outbox"]:
            new[r["id"]] = _uuid7_at(at, rng)
        doc_number = {}
        new.update({datetime.fromisoformat(d["created_at"]).isoformat(timespec="seconds"): at.isoformat(timespec="seconds")
                    for d in src["documents"]})
        for d in src["documents"]:
            new[d["id"]] = _uuid7_at(at, rng)
            series = d["series"].rsplit("|", 1)[0] + f"|{at.year}"
            series_seq[series] = seq = series_seq.get(series, 0) + 1
            parts = _NUMBER_RE.fullmatch(d["number"])
            new[d["number"]] = f"{parts[1]}{at.year}{parts[2]}{seq:06d}{parts[3]}"
            doc_number[d["id"]] = (series, seq)

        def swap(m: re.Match, new: dict = new) -> str:
            return new.get(m.group(), m.group())   # a digest not yet recomputed: the row recomputes it

        copy_synced = outbox_i + counts[k] <= first_pending
        for table in CASE_TABLES:
            for i, r in enumerate(src[table]):
                row = dict(r)
                for col, kind in plans[id(r)]:
                    if kind == "time":
                        row[col] = _time_like(r[col], at_day, at_clock, i)
                    else:
                        value = r[col]
                        row[col] = new.get(value) or (pattern.sub(swap, value) if len(value) >= 10 else value)
                if table in AUTOINCREMENT:
                    row[AUTOINCREMENT[table]] = None
                if table == "outbox":
                    synced = outbox_i < first_pending
                    outbox_i += 1
                    row.update(payload_digest=payload_digest(row["payload"]), attempts=0, reason=None,
                               suggested_action=None, last_error=None, sending_since=None, next_attempt_at=None,
                               state="synced" if synced else "pending", synced_at=row["updated_at"] if synced else None)
                elif table == "documents":
                    row["series"], row["seq"] = doc_number[r["id"]]
                    row["digest"] = new[r["digest"]] = content_digest(row["kind"], row["number"], json.loads(row["fields"]))
                elif table == "audit_records":
                    audit_seq += 1
                    row.update(seq=audit_seq, prev_digest=prev, synced_at=row["at"][:-1].replace("T", " ") if copy_synced else None)
                    row["digest"] = prev = record_digest(row, prev)
                    if copy_synced:
                        anchor = (audit_seq, prev)
                batches[table].append(row)
        if (k + 1) % CHUNK == 0:
            flush()
    flush()
    conn.executemany("INSERT INTO number_counters (series, last_seq, updated_at) VALUES (?, ?, ?)",
                     [(s, q, f"{start + step * n:%Y-%m-%d %H:%M:%S.%f}") for s, q in series_seq.items()])
    if anchor:
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [("audit.anchor_seq", str(anchor[0])), ("audit.anchor_digest", anchor[1])])
    for _name, sql in keep_triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def store_of(n: int) -> Path:
    """A cached store of ``n`` cases (built on first use)."""
    path = _cache_dir() / f"growth-{n}-{_key()}.sqlite3"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    _templates(tmp)
    _grow(tmp, n, random.Random(n))
    tmp.rename(path)
    return path


def _home_with(store: Path, root: Path) -> Path:
    from counter_app.paths import app_paths

    home = Path(tempfile.mkdtemp(prefix="bench-growth-home-", dir=root))
    old = os.environ.get("COUNTER_APP_HOME")
    os.environ["COUNTER_APP_HOME"] = str(home)
    try:
        target = app_paths().database_file
    finally:
        if old is None:
            os.environ.pop("COUNTER_APP_HOME")
        else:
            os.environ["COUNTER_APP_HOME"] = old
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, target)
    return home


def _timed(fn) -> float:
    """Median of 7 runs after one warm-up (bench.common.median_time)."""
    return median_time(fn, runs=7)


def _housekeeping(big: Path, root: Path, sample) -> dict:
    """Housekeeping on a copy of the 100k store as if a year and a half had passed: how long the
    move takes, and the search of a moved case (archive tables) afterwards."""
    from counter_app.storage.archive import housekeep
    from counter_app.storage.db import Store
    from counter_app.workflows.case_queries import FILTER_ALL, count_cases, list_cases

    copy = root / "housekept.sqlite3"
    shutil.copyfile(big, copy)
    store = Store.open(copy)
    try:
        report = housekeep(store, after_days=365, now=datetime.now() + timedelta(days=550))
        found = {}

        def search(q):
            def go():
                found[q] = list_cases(store, FILTER_ALL, q)
            return go

        out = {"moved": report.moved_cases, "seconds": report.seconds, "hot": report.hot_cases,
               "by_no": _timed(search(sample[0])), "by_name": _timed(search(sample[1])),
               "by_id": _timed(search(sample[2])), "dash": _timed(lambda: count_cases(store))}
        assert any(r.case_no == sample[0] for r in found[sample[0]]), "a moved case must still be found by number"
        return out
    finally:
        store.close()


def run() -> BenchResult:
    from bench.bench_startup import _time_to_idle
    from counter_app.storage.db import Store
    from counter_app.sync.outbox import OutboxRepository
    from counter_app.workflows.case_queries import (FILTER_ALL, count_cases, list_cases, list_documents,
                                                    outbox_case_numbers)
    from counter_app.workflows.dashboard import office_day

    throwaway_keyring(_cache_dir() / "keyring")   # the cached stores' keys, beside them
    t0 = time.perf_counter()
    small, big = store_of(SIZES[0]), store_of(SIZES[1])
    build = time.perf_counter() - t0
    root = Path(tempfile.mkdtemp(prefix="bench-growth-"))
    try:
        # --- start-up, interleaved
        homes = {n: _home_with(p, root) for n, p in ((SIZES[0], small), (SIZES[1], big))}
        env = {n: dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_HOME=str(h),
                       PYTHONPYCACHEPREFIX=str(root / "pycache")) for n, h in homes.items()}
        for e in env.values():
            e.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [sys.executable, "-m", "tools.smoke"]
        for n in SIZES:
            _time_to_idle(cmd, env[n])                 # warm-up (and the store's first open)
        starts: dict[int, list[float]] = {n: [] for n in SIZES}
        # until READY: the store open (key, migrations check) and the status bar's first figures —
        # what the store's size can slow down. The idle window comes before the store opens
        # (the window first, then its data), so the time to IDLE alone would not see the store.
        for _ in range(RUNS):
            for n in SIZES:
                starts[n].append(_time_to_idle(cmd, env[n])[2])
        # --- queries at 100k
        store = Store.open(big)
        with store.engine.connect() as c:
            sample = c.exec_driver_sql(
                "SELECT c.case_no, a.name, a.id_number FROM cases c JOIN case_applicants a ON a.case_id = c.id"
                " ORDER BY c.rowid LIMIT 1 OFFSET ?", (SIZES[1] * 54 // 100,)).one()
            n_cases = c.exec_driver_sql("SELECT count(*) FROM cases").scalar()
            n_pending = c.exec_driver_sql("SELECT count(*) FROM outbox WHERE state = 'pending'").scalar()
        found = {}

        def search(q):
            def go():
                found[q] = list_cases(store, FILTER_ALL, q)
            return go

        by_no = _timed(search(sample[0]))
        by_tail = _timed(search(sample[0][-6:]))
        by_name = _timed(search(sample[1]))
        by_id = _timed(search(sample[2]))
        assert any(r.case_no == sample[0] for r in found[sample[0]]), "search by number found nothing"
        assert found[sample[2]], "search by ID found nothing"
        repo = OutboxRepository(store)

        def outbox_view():
            rows = repo.list_entries(None)
            repo.counts()
            outbox_case_numbers(store, rows)

        outbox_ms = _timed(outbox_view)
        dash_ms = _timed(lambda: count_cases(store))
        with store.engine.connect() as c:
            last_day = c.exec_driver_sql("SELECT max(created_at) FROM cases").scalar()
            some_case = c.exec_driver_sql("SELECT case_id FROM documents ORDER BY rowid LIMIT 1 OFFSET ?",
                                          (SIZES[1] * 4 // 100,)).scalar()
        last_day = datetime.fromisoformat(str(last_day)).date() - timedelta(days=1)   # the last whole day
        docs = {}
        docs_day_ms = _timed(lambda: docs.__setitem__("day", list_documents(store, day=last_day)))
        docs_case_ms = _timed(lambda: docs.__setitem__("case", list_documents(store, case_id=some_case)))
        assert docs["day"] and docs["case"], "the documents lists found nothing"
        figures = {}
        office_ms = _timed(lambda: figures.__setitem__("day", office_day(store, last_day)))
        assert figures["day"].total, "the office's day counted no case"
        store.close()
        hk = _housekeeping(big, root, sample)
        o, b = statistics.median(starts[SIZES[1]]), statistics.median(starts[SIZES[0]])

        def verdict(v, goal):
            return f"{v * 1000:.1f}ms ({'ok' if v <= goal else 'OVER'} <= {goal * 1000:.0f}ms)"

        return BenchResult("growth", o, b, GOAL, extra=[
            (f"start-up to READY (store open, first figures): {n_cases} cases {o * 1000:.0f}ms vs "
             f"{SIZES[0]} cases {b * 1000:.0f}ms (medians of {RUNS}, "
            f"interleaved); stores {big.stat().st_size / 2**20:.0f} MB / {small.stat().st_size / 2**20:.1f} MB, "
            f"cached ({build:.1f}s to get them)"),
            (f"search at {n_cases}: by case number {verdict(by_no, .030)}, by its last 6 digits {verdict(by_tail, .030)}, "
            f"by name {verdict(by_name, .030)}, by ID number {verdict(by_id, .030)}"),
            f"待同步 view with {n_pending} pending: {verdict(outbox_ms, .050)}; 办件 filter counts {verdict(dash_ms, .050)}",
            (f"文书 list of {last_day} ({len(docs['day'])} documents) {verdict(docs_day_ms, .050)}, of one case "
             f"{verdict(docs_case_ms, .050)}; 当日情况 dashboard of {last_day} ({figures['day'].total} cases, "
             f"{len(figures['day'].overdue)} overdue) {verdict(office_ms, .050)}"),
            (f"housekeeping (归档外移) on a copy: {hk['moved']} archived, synced cases moved in {hk['seconds']:.1f}s "
            f"({hk['moved'] / max(hk['seconds'], 1e-9):.0f}/s), {hk['hot']} left hot; then a moved case found by number "
            f"{verdict(hk['by_no'], .030)}, by name {verdict(hk['by_name'], .030)}, by ID {verdict(hk['by_id'], .030)}; "
            f"dashboard counts {verdict(hk['dash'], .050)}"),
        ])
    finally:
        shutil.rmtree(root, ignore_errors=True)
