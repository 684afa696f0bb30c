"""What a push costs the centre beyond its checks (issue #20, ``bench centre-burst``): the roles of
the signed-in clerk come from the sign-in check's own row (no second lookup). The checks
themselves stand: another actor's roles are still looked up and judged."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

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
