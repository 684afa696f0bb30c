"""A workstation store holding cases, as an earlier version of the app left it: made by the app's
own workflows, then taken back one schema revision (Alembic downgrade of the newest step), so the
installed app must migrate it (with its backup) when it opens it. Used by make package-test.

    PYTHONPATH=. .venv/bin/python tests/packaging/make_store_with_cases.py OUT.sqlite3 [N_CASES]
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(out: str, n: int = 3) -> int:
    from alembic import command

    from counter_app.storage import db
    from counter_app.storage.db import Store
    from tests.support.cases import clerk_service, ready_case

    path = Path(out)
    path.unlink(missing_ok=True)
    store = Store.open(path)
    svc = clerk_service(store)
    ids = [ready_case(svc, "transfer_in") for _ in range(n)]
    svc.decide(ids[0], expected="accepted")
    with store.engine.begin() as conn:
        command.downgrade(db._alembic_config(conn), "sync_0001")
    revisions = sorted(store.schema_revisions())
    store.engine.dispose()
    print(f"{path}: {n} cases, schema {', '.join(revisions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3))
