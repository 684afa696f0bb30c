"""A workstation store holding cases, as an earlier version of the app left it: made by the app's
own workflows, then taken back one schema revision (Alembic downgrade of the newest step) and
written out unencrypted, as releases before encryption at rest (SQLCipher) kept it — so the
installed app must encrypt it (key into the clerk's keyring) and migrate it (with its backup) when
it opens it. Used by make package-test, which runs it with a throw-away plaintext keyring:

    PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring COUNTER_APP_ALLOW_PLAINTEXT_KEYRING=1 \
    HOME=$(mktemp -d) PYTHONPATH=. .venv/bin/python tests/packaging/make_store_with_cases.py OUT.sqlite3 [N_CASES]
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(out: str, n: int = 3) -> int:
    from alembic import command

    from counter_app.storage import db
    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import Store, raw_connect
    from tests.support.cases import clerk_service, man_born_1960, ready_case

    path = Path(out)
    work = path.with_name(path.name + ".encrypted")
    for old in (path, work):
        old.unlink(missing_ok=True)
    store = Store.open(work)
    workflow = clerk_service(store)
    # one person each: a second 关系转入 of the same person is refused (重复受理)
    ids = [ready_case(workflow, "transfer_in", applicant={"name": "张三", "id_number": man_born_1960(i + 1),
                                                           "phone": "13800138000"}) for i in range(n)]
    workflow.decide(ids[0], expected="accepted")
    with store.engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "sync_0001")
    revisions = sorted(store.schema_revisions())
    store.engine.dispose()
    conn = raw_connect(work, store_key(create=False))
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(path),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    for side in ("", "-wal", "-shm"):
        work.with_name(work.name + side).unlink(missing_ok=True)
    assert db.is_plaintext(path)
    print(f"{path}: {n} cases, schema {', '.join(revisions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3))
