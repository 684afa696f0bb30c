"""The centre's person key (counter_central.samecase) can be rotated: ``counter-central cases
person-key rotate`` adds a version, new digests are made under it, and a look-up computes the
digest under every version still held — so the cases indexed under the old key are still found.
``retire VERSION`` deletes an old key only once no case in a blocking state is indexed under it."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import auth, centre, push  # noqa: F401
from tests.unit.central.test_samecase_centre import PERSON, TRANSFER_OUT_STEPS, _check, _changes, _moves, _steps


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "person-key"
    monkeypatch.setenv("COUNTER_CENTRAL_PERSON_KEY", str(path))
    return path


def _key(app, capsys, *args: str, code: int = 0):
    from counter_central.cli import main

    capsys.readouterr()
    assert main(["cases", "person-key", *args, "--db", str(app.state.engine.url), "--json"]) == code
    return json.loads(capsys.readouterr().out)


def _row(app, case: str):
    from counter_central.samecase import CasePersonRow

    with Session(app.state.engine) as s:
        row = s.get(CasePersonRow, case)
        return row.person, row.key_version, row.state


def _audit(app, action: str) -> list[tuple[str, str, str]]:
    from counter_central.audit import CENTRE_CHAIN, records_of

    with Session(app.state.engine) as s:
        return [(r["actor"], r["object_id"], r["result"]) for r in records_of(s, CENTRE_CHAIN) if r["action"] == action]


def test_after_rotation_the_old_case_is_still_found_and_new_digests_use_the_new_key(key_file, centre, capsys):
    from counter_central.samecase import key_ring, person_digest

    app, client = centre
    w1, w2 = auth(client, "clerk01", "FT-W01"), auth(client, "clerk01", "FT-W02")
    push(client, w1, "FT-W01", *_moves("KR-A", "FT-2026-000701", "pension", "draft", "review"))
    old_digest, version, _ = _row(app, "KR-A")
    assert version == 1 and old_digest == person_digest(PERSON, key_ring().keys[1])
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700

    out = _key(app, capsys, "rotate")
    assert out["newest"] == 2 and [(v["version"], v["rows"]) for v in out["versions"]] == [(1, 1), (2, 0)]
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _audit(app, "case.person_key_rotate")[0][1:] == ("2", "ok")
    assert _audit(app, "case.person_key_rotate")[0][0].startswith("命令行:")
    # the running centre sees the new key: the check still finds the case indexed under version 1 ...
    blocking = _check(client, w2, "pension").json()["blocking"]
    assert blocking is not None and blocking["case_no"] == "FT-2026-000701"
    # ... and so does a second case pushed offline: the 重复受理 is recorded, its row under version 2
    push(client, w2, "FT-W02", *_moves("KR-B", "FT-2026-000702", "pension", "draft", "review"))
    assert [c["other_case_no"] for c in _changes(app, "KR-B")] == ["FT-2026-000701"]
    digest_b, version_b, _ = _row(app, "KR-B")
    assert version_b == 2 and digest_b == person_digest(PERSON, key_ring().keys[2]) != old_digest
    # a transition of the old case carries its person: its row moves to the newest key
    push(client, w1, "FT-W01", *_moves("KR-A", "FT-2026-000701", "pension", "draft", "review", "accepted")[2:])
    assert _row(app, "KR-A")[1:] == (2, "accepted")
    status = _key(app, capsys, "status")
    assert [(v["version"], v["rows"], v["blocking_rows"]) for v in status["versions"]] == [(1, 0, 0), (2, 2, 2)]


def test_retire_is_refused_while_a_blocking_case_needs_the_key_and_then_deletes_it(key_file, centre, capsys):
    from counter_central.samecase import key_ring

    app, client = centre
    w1, w2 = auth(client, "clerk01", "FT-W01"), auth(client, "clerk01", "FT-W02")
    push(client, w1, "FT-W01", *_moves("KR-C", "FT-2026-000801", "transfer_out", "draft", "review"))
    push(client, w1, "FT-W01", *_moves("KR-D", "FT-2026-000802", "pension", "draft"))   # not blocking
    assert _key(app, capsys, "rotate")["newest"] == 2
    # the newest key and a version the file does not hold: refused
    assert "最新" in _key(app, capsys, "retire", "2", code=1)["error"]
    assert "没有版本 7" in _key(app, capsys, "retire", "7", code=1)["error"]
    # version 1 still indexes a case in 受理审核: refused, nothing changed, the refusal audited
    refused = _key(app, capsys, "retire", "1", code=1)["error"]
    assert "仍有 1 件在办办件" in refused and PERSON not in refused
    assert sorted(key_ring().keys) == [1, 2] and _row(app, "KR-C")[1] == 1
    assert [r[1:] for r in _audit(app, "case.person_key_retire")] == [("2", "refused"), ("7", "refused"),
                                                                     ("1", "refused")]
    # still found meanwhile
    assert _check(client, w2, "transfer_out").json()["blocking"]["case_no"] == "FT-2026-000801"
    # the case leaves its blocking state without its person (an older counter's transition) ...
    # (its acceptance seq 3, its steps seq 4-7, its 办结 and 归档 seq 8 and 9)
    accepted = _moves("KR-C", "FT-2026-000801", "transfer_out", "draft", "review", "accepted", person=None)[2]
    completed, archived = _moves("KR-C", "FT-2026-000801", "transfer_out", "draft", "review", "accepted",
                                 "completed", "archived", person=None, seq=5)[3:]
    res = push(client, w1, "FT-W01", accepted, *_steps("KR-C", "transfer_out", TRANSFER_OUT_STEPS, seq=4),
               completed, archived)
    assert [r["status"] for r in res] == ["accepted"] * 7, res
    assert _row(app, "KR-C")[1:] == (1, "archived")
    # ... now nothing in hand needs version 1: retired, the key deleted, its leftover digests forgotten
    out = _key(app, capsys, "retire", "1")
    assert out["retired"] == 1 and out["forgotten"] == 2
    assert [v["version"] for v in out["versions"]] == [2] and out["missing"] == []
    assert sorted(key_ring().keys) == [2] and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _row(app, "KR-C") == ("", 0, "archived") and _row(app, "KR-D")[:2] == ("", 0)
    assert _audit(app, "case.person_key_retire")[-1][1:] == ("1", "ok")
    assert _check(client, w2, "transfer_out").json()["blocking"] is None
    assert os.listdir(key_file.parent) == ["person-key"]                # no temporary file left behind


def test_a_replayed_recheck_acceptance_is_still_the_same_entry_after_rotation(key_file, centre, capsys):
    """An acceptance kept with its re-check ID number's digest under version 1 and sent again after
    the rotation is a duplicate, not a conflict (the replay is compared under every key held)."""
    app, client = centre
    w1 = auth(client, "clerk01", "FT-W01")
    moves = _moves("KR-R", "FT-2026-000901", "pension", "draft", "review", "accepted")
    recheck = {"applicant_type": "individual", "id_number": PERSON, "results": {}, "answers": {}}
    payload = {**moves[2].payload, "recheck": recheck}
    from counter_protocol import sync as p

    moves[2] = moves[2].model_copy(update={"payload": payload,
                                           "payload_digest": p.payload_digest(p.canonical_json(payload))})
    assert [r["status"] for r in push(client, w1, "FT-W01", *moves)] == ["accepted"] * 3
    _key(app, capsys, "rotate")
    assert [r["status"] for r in push(client, w1, "FT-W01", moves[2])] == ["duplicate"]


def test_a_lost_person_key_is_never_made_anew_over_the_index_it_made(key_file, centre, capsys):
    """Was: with the key file gone, `cases person-key status` (and serve, import) quietly made a new
    key, reported the index's rows as under it, and every 重复受理 look-up then found nothing. Now
    the command and the centre's start are refused until the file is restored; a new centre (no
    index rows) still makes its key at first use."""
    from counter_central import samecase
    from counter_central.app import create_app
    from counter_central.cli import main

    app, client = centre
    push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", *_moves("LK-A", "FT-2026-000711", "pension", "draft", "review"))
    assert _row(app, "LK-A")[1] == 1
    saved = key_file.read_bytes()
    key_file.unlink()
    capsys.readouterr()
    assert main(["cases", "person-key", "status", "--db", str(app.state.engine.url), "--json"]) == 2
    out = capsys.readouterr()
    said = json.loads(out.out)["error"]
    assert "人员索引密钥文件" in said and "不存在" in said and "1 条记录" in said and "请从备份恢复" in said
    assert "Traceback" not in out.err and not key_file.exists()
    with pytest.raises(samecase.PersonKeyError, match="未新建密钥"):
        create_app(str(app.state.engine.url))
    assert not key_file.exists()
    key_file.write_bytes(saved)
    os.chmod(key_file, 0o600)
    assert _key(app, capsys, "status")["versions"][0]["rows"] == 1        # the restored file: as before
