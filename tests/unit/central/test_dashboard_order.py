"""The office dashboard reads a case's transitions in the order the centre received them.

A workstation whose store was put back to a backup numbers its outbox again from the backup's
highest seq (``client_seq`` is the client's own row number, an ordering hint only): its next
transition of a case can carry a lower seq than one the centre already holds from before the
restore. The dashboard once ordered by (workstation, seq) and so showed such a case in the state
it had before the restore; it orders by receipt, as the centre's other readers do."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy.orm import Session

from counter_central.db import ReceivedEntry
from counter_central.entry_key import entry_keys
from counter_protocol import dashboard as dash
from tests.unit.central.test_central_input import PRE, login


def _transition(ws: str, seq: int, case_id: str, action: str, to_state: str, at: datetime,
                received: datetime, keys) -> ReceivedEntry:
    payload = {"action": action, "to_state": to_state, "at": at.isoformat(), "actor": "clerk01",
               "service_code": "reg_enroll", "case_no": f"{ws}-{at:%Y%m%d}-0001"}
    entry_id = str(uuid.uuid4())
    version, sealed = keys.seal(entry_id, json.dumps(payload))       # as the push stores it
    return ReceivedEntry(id=entry_id, workstation_id=ws, client_seq=seq, kind="case.transition",
                         aggregate_type="case", aggregate_id=case_id, payload=sealed, payload_key=version,
                         payload_digest="0" * 64, actor="clerk01", received_at=received, outcome="accepted")


def test_a_transition_sent_after_a_restore_with_a_lower_seq_is_the_cases_state(central_sqlite_client):
    c = central_sqlite_client
    _, ws = login(c, "clerk01", "FT-W09")          # the sign-in registers the workstation to FT
    beijing_now = datetime.now(timezone.utc) + timedelta(hours=8)
    day = beijing_now.replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    received = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=1)
    case_id = str(uuid.uuid4())
    keys = entry_keys()                              # the centre's, made at its start
    with Session(c.app.state.engine) as s, s.begin():
        s.add_all([
            _transition(ws, 40, case_id, "create", "checking", day, received, keys),
            _transition(ws, 41, case_id, "accept", "accepted", day + timedelta(minutes=5), received, keys),
            # after the restore: the store's seq went back to 12; the case is completed
            _transition(ws, 12, case_id, "complete", "completed", day + timedelta(minutes=30),
                        received + timedelta(minutes=30), keys),
        ])
    h, _ = login(c, "supervisor01")
    r = c.get(PRE + dash.PATH.format(office="FT"), params={"day": day.date().isoformat()}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["by_state"] == {"completed": 1}, body
