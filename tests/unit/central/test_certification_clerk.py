"""A 资格认证 entry names its clerk (``clerk``): the centre compares it with the account that recorded
the entry (its actor), as it compares an approval request's maker. Was: not compared — a
workstation could record a certification in another clerk's name (and that clerk would stand as the
maker of the 恢复发放 request it raises). A mismatch is rejected with a reason; nothing is stored."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401


def _certifications(app) -> int:
    from counter_central.certification import CertificationRow

    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(CertificationRow)) or 0


def _retired(app) -> str:
    from counter_central.db import RegistryPerson

    with Session(app.state.engine) as s:
        return s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                                RegistryPerson.office == "FT")).first()


def _certification(pid: str, *, actor: str, clerk: str, seq: int = 1):
    cid = str(uuid.uuid4())
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
    payload = {"certification_id": cid, "id_number": pid, "certified_on": today,
               "certified_at": datetime.now(timezone.utc).isoformat(), "method": "fingerprint",
               "channel": "window", "clerk": clerk, "valid_until": today}
    return entry(seq, payload, case=cid, kind="certification.recorded",
                 aggregate_type="certification").model_copy(update={"actor": actor})


def test_a_certification_in_another_clerks_name_is_rejected_and_nothing_stored(centre):
    app, client = centre
    pid = _retired(app)
    token = auth(client, "clerk01", "FT-W01")
    [res] = push(client, token, "FT-W01", _certification(pid, actor="clerk01", clerk="supervisor01"))
    assert res["status"] == "rejected", res
    assert "经办人（supervisor01）与记录该认证的账号（clerk01）不一致" in res["reason"] and res["suggested_action"]
    assert _certifications(app) == 0
    [ok] = push(client, token, "FT-W01", _certification(pid, actor="clerk01", clerk="clerk01", seq=2))
    assert ok["status"] == "accepted", ok
    assert _certifications(app) == 1
