"""counter_protocol is the one place for what crosses the wire (issue #18 item 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_centre_loads_without_the_counter():
    """Importing the centre's app, CLI, seed and importer loads no module of counter_app."""
    code = ("import sys, counter_central.app, counter_central.cli, counter_central.seed, counter_central.importer;"
            "print([m for m in sys.modules if m == 'counter_app' or m.startswith('counter_app.')])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_one_canonical_json_and_one_digest():
    from counter_app.storage import uow
    from counter_app.sync import outbox
    from counter_protocol import canonical, sync

    assert uow.canonical_json is canonical.canonical_json
    assert sync.canonical_json is canonical.canonical_json and sync.payload_digest is canonical.payload_digest
    assert outbox.payload_digest is canonical.payload_digest
    assert not hasattr(outbox, "_digest")
    payload = {"b": 1, "a": "福田"}
    assert canonical.canonical_json(payload) == '{"a":"福田","b":1}'
    assert canonical.digest_of(payload) == canonical.payload_digest('{"a":"福田","b":1}')


def test_outbox_entry_digest_is_what_the_centre_checks(store):
    """An entry written by the counter's unit of work carries the digest the protocol recomputes."""
    from counter_app.storage.uow import UnitOfWork
    from counter_protocol.sync import OutboxItem

    with UnitOfWork(store, actor="clerk01", workstation_id="W1") as uow:
        e = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id="C1",
                           payload={"to_state": "draft", "名": "张三", "x": 1.5})
        uow.commit()
        item = OutboxItem(id=e.id, seq=1, kind=e.kind, aggregate_type="case", aggregate_id="C1",
                          payload=json.loads(e.payload), payload_digest=e.payload_digest)
    assert item.payload_text_for_digest()[1] == e.payload_digest


def test_case_states_come_from_the_protocol():
    from counter_app.domain import case_engine
    from counter_protocol import cases as pc

    assert case_engine.CaseState is pc.CaseState and case_engine.TRANSITIONS is pc.TRANSITIONS
    assert pc.transition_allowed(None, "draft") and not pc.transition_allowed(None, "completed")
    assert pc.transition_allowed("review", "rejected")
    assert not pc.transition_allowed("draft", "completed")
    assert not pc.transition_allowed("draft", "no_such_state")
    assert not pc.transition_allowed("no_such_state", "draft")


def test_export_round_trip_through_the_protocol(tmp_path):
    from counter_protocol.canonical import digest_of
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from counter_protocol.export import export_lines, parse_export, public_key_text, seal_export
    from counter_protocol.sync import OutboxItem

    item = OutboxItem(id="01890000-0000-7000-8000-000000000001", seq=1, kind="case.transition", aggregate_type="case",
                      aggregate_id="C1", payload={"a": 1}, payload_digest=digest_of({"a": 1}))
    centre = X25519PrivateKey.generate()
    raw = seal_export(b"".join(export_lines("W1", [item])), public_key_text(centre.public_key().public_bytes_raw()))
    header, items, bad = parse_export(raw, centre)
    assert header["workstation_id"] == "W1" and header["sealed"] and items == [item] and bad == 0
