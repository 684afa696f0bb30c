"""Stores with archived cases for the housekeeping (归档外移) tests: cases taken to 归档 through the
workflow API, their outbox entries marked acknowledged as a sync round would, and the counts a
move must preserve."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from tests.support.cases import NOW, clerk_service, ready_case

TABLES = ("cases", "case_applicants", "case_transitions", "case_ticks", "case_steps", "case_documents")
LATER = NOW + timedelta(days=400)     # "now" for housekeeping: the cases made at NOW are old enough


def archived_case(store, name: str = "张三", id_number: str = "110105196001010017") -> str:
    """A 参保登记 case accepted, both steps done, 办结 and 归档 (at tests.support.cases.NOW)."""
    workflow = clerk_service(store)
    cid = ready_case(workflow, "reg_enroll", applicant={"name": name, "id_number": id_number, "phone": "13800138000"})
    workflow.decide(cid, expected="accepted")
    workflow.record_step(cid, "register")
    workflow.record_step(cid, "contribution_setup")
    workflow.complete(cid)
    workflow.archive(cid)
    return cid


def acknowledge_all(store, *, packages: bool = True) -> None:
    """Every outbox entry acknowledged by the centre (state synced), as after a sync round, and
    (``packages``) every archive package version uploaded in full (sync.archive_upload)."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE outbox SET state = 'synced', synced_at = '2026-03-02 10:05:00.000000'"))
        if packages:
            conn.execute(text(
                "INSERT OR IGNORE INTO archive_uploads (digest, case_no, version, bytes_sent, uploaded_at)"
                " SELECT json_extract(payload, '$.digest'), aggregate_id, coalesce(json_extract(payload, '$.version'), 1),"
                " 0, '2026-03-02 10:06:00.000000' FROM outbox WHERE kind = 'archive.package'"))


def clone_cases(store, n: int) -> None:
    """``n`` more archived cases copied in SQL from the ones there (fresh ids and case numbers):
    building hundreds through the API would take minutes."""
    with store.engine.begin() as conn:
        cols = {t: [r[1] for r in conn.execute(text(f"PRAGMA table_info({t})"))] for t in (*TABLES, "outbox")}
        templates = [r[0] for r in conn.execute(text("SELECT id FROM cases WHERE state = 'archived'"))]
        for k in range(n):
            src = templates[k % len(templates)]
            new = f"clone-{k:05d}-{src[:20]}"
            for table in TABLES:
                key = "id" if table == "cases" else "case_id"
                sel = []
                for c in cols[table]:
                    if c == key:
                        sel.append(f":new AS {c}")
                    elif table == "cases" and c == "case_no":
                        sel.append(f"'CL-' || :k || '-' || case_no AS {c}")
                    elif c == "id" and table != "cases":
                        sel.append("NULL AS id")          # integer keys: new rows
                    else:
                        sel.append(c)
                names = ", ".join(cols[table])
                conn.execute(text(f"INSERT INTO {table} ({names}) SELECT {', '.join(sel)} FROM {table} WHERE {key} = :src"),
                             {"new": new, "src": src, "k": f"{k:05d}"})
            sel = [(":new AS aggregate_id" if c == "aggregate_id" else "NULL AS seq" if c == "seq"
                    else "lower(hex(randomblob(16))) AS id" if c == "id" else c) for c in cols["outbox"]]
            conn.execute(text(f"INSERT INTO outbox ({', '.join(cols['outbox'])}) SELECT {', '.join(sel)} FROM outbox"
                              " WHERE aggregate_type = 'case' AND aggregate_id = :src"), {"new": new, "src": src})


def census(conn) -> dict:
    """Where every case and row is: ids per side, rows per table over both sides, and any row
    whose case is on the other side (an orphan)."""
    hot = {r[0] for r in conn.execute("SELECT id FROM cases")}
    cold = {r[0] for r in conn.execute("SELECT id FROM archive_cases")}
    totals = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              + conn.execute(f"SELECT count(*) FROM archive_{t}").fetchone()[0] for t in (*TABLES, "outbox")}
    orphans = 0
    for t in TABLES[1:]:
        orphans += conn.execute(f"SELECT count(*) FROM {t} WHERE case_id NOT IN (SELECT id FROM cases)").fetchone()[0]
        orphans += conn.execute(f"SELECT count(*) FROM archive_{t} WHERE case_id NOT IN "
                                "(SELECT id FROM archive_cases)").fetchone()[0]
    outbox_ids = [r[0] for r in conn.execute("SELECT id FROM outbox UNION ALL SELECT id FROM archive_outbox")]
    return {"hot": hot, "cold": cold, "totals": totals, "orphans": orphans,
            "outbox_doubled": len(outbox_ids) - len(set(outbox_ids))}
