"""What a push costs the centre beyond its checks (issue #20, ``bench centre-burst``): the roles of
the signed-in clerk come from the sign-in check's own row (no second lookup), and a row is sealed
without a cipher object made and checked again for it. The checks themselves stand: another
actor's roles are still looked up and judged, and every sealed payload opens under the entry key."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event

from tests.unit.central.test_central_security import PW, auth, centre, entry, push  # noqa: F401


def _statements(app) -> list[str]:
    seen: list[str] = []
    event.listen(app.state.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen.append(" ".join(statement.split())))
    return seen


def _note(seq: int, actor: str):
    payload = {"case_id": "C-N", "step": "review", "note": "材料齐全", "n": seq}
    return entry(seq, payload, case="C-N", kind="case.note").model_copy(update={"actor": actor})


def test_a_batch_of_the_signed_in_clerk_asks_no_second_roles_lookup(centre):
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    seen = _statements(app)
    res = push(client, clerk, "FT-W01", *(_note(i, "clerk01") for i in range(1, 4)))
    assert [x["status"] for x in res] == ["accepted"] * 3, res
    assert not [s for s in seen if "users.username IN" in s], seen


def test_another_actor_is_still_looked_up_and_judged(centre):
    app, client = centre
    PW.update(auditor01="auditor01-demo")
    clerk = auth(client, "clerk01", "FT-W01")
    seen = _statements(app)
    res = push(client, clerk, "FT-W01", _note(1, "clerk01"), _note(2, "admin01"), _note(3, "supervisor01"))
    assert [x["status"] for x in res] == ["accepted", "rejected", "accepted"], res
    assert "admin01 不是窗口经办人或科长" in res[1]["reason"]
    assert len([s for s in seen if "users.username IN" in s]) == 1, seen


def test_rows_are_sealed_without_a_cipher_per_row_and_open(tmp_path, monkeypatch):
    from counter_central import entry_key

    made: list[object] = []

    class Counted(entry_key.Cipher):
        def __init__(self, *a, **kw):
            made.append(a)
            super().__init__(*a, **kw)

    monkeypatch.setattr(entry_key, "Cipher", Counted)
    keys = entry_key.EntryKeys(Path(tmp_path / "entry-key"), {1: os.urandom(16), 2: os.urandom(16)})
    texts = {f"0190a0a0-1234-7abc-8def-{i:012x}": f'{{"n":{i},"note":"材料齐全，予以受理"}}' for i in range(50)}
    sealed = {key: keys.seal(key, text) for key, text in texts.items()}
    assert len(made) <= 1            # the newest key's cipher checked once, not once per row
    assert {v for v, _ in sealed.values()} == {2}
    assert len({s for _, s in sealed.values()}) == len(texts)        # a nonce of its own each
    for key, (version, stored) in sealed.items():
        assert keys.open(key, version, stored) == texts[key]
    other = next(iter(texts))
    version, stored = sealed[other]
    try:
        keys.open("0190a0a0-1234-7abc-8def-ffffffffffff", version, stored)   # bound to its row
    except entry_key.SealBroken:
        pass
    else:
        raise AssertionError("a sealed payload opened on another row")
