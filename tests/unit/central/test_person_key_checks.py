"""The person key's check values (counter_central.samecase.checked_ring, ``person_key_checks``,
c0038): a key file put in place of the one the 人员索引 was made under is refused — at the start,
by the administration commands and by a running centre at its next request — instead of being
read as it is (every 重复受理 look-up then found nothing, and new digests were made under a key
that matched none of the old ones)."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from tests.support.central import migrate_centre, schema_drift
from tests.unit.central.test_central_security import auth, centre, push  # noqa: F401
from tests.unit.central.test_samecase_centre import _check, _moves
from tests.unit.central.test_samecase_key_rotation import _key, _row, key_file  # noqa: F401


def _recorded(app) -> dict[int, str]:
    with app.state.engine.connect() as conn:
        return {int(v): c for v, c in conn.execute(text("SELECT version, check_value FROM person_key_checks"))}


def _another_key(path) -> bytes:
    """The file as it was, then another key of the same version put in its place (0600)."""
    saved = path.read_bytes()
    path.write_text("1:" + "ab" * 32 + "\n", encoding="ascii")
    os.chmod(path, 0o600)
    return saved


def test_a_key_file_put_in_place_of_the_index_key_is_refused_at_start_and_by_the_commands(key_file, centre, capsys):
    """Was: another file of version 1 was read as it was — the centre started, status said all was
    well, and the case indexed before was no longer found."""
    from counter_central import samecase
    from counter_central.app import create_app
    from counter_central.cli import main

    app, client = centre
    w1, w2 = auth(client, "clerk01", "FT-W01"), auth(client, "clerk01", "FT-W02")
    push(client, w1, "FT-W01", *_moves("KC-A", "FT-2026-000721", "pension", "draft", "review"))
    assert _recorded(app) == {1: samecase._check_value(samecase.key_ring().keys[1])}   # recorded by the start
    assert _key(app, capsys, "status")["versions"][0]["key_check"] == "matches"
    saved = _another_key(key_file)

    with pytest.raises(samecase.PersonKeyError, match="不是生成人员索引时的那一个"):
        create_app(str(app.state.engine.url))
    capsys.readouterr()
    assert main(["cases", "person-key", "status", "--db", str(app.state.engine.url), "--json"]) == 2
    out = capsys.readouterr()
    said = json.loads(out.out)["error"]
    assert "版本 1 的密钥不是生成人员索引时的那一个" in said and "请从备份恢复原密钥文件" in said
    assert "Traceback" not in out.err

    key_file.unlink()          # a command run without the file (another COUNTER_CENTRAL_PERSON_KEY): no stray file
    assert main(["cases", "person-key", "status", "--db", str(app.state.engine.url), "--json"]) == 2
    assert "未新建密钥" in json.loads(capsys.readouterr().out)["error"] and not key_file.exists()

    key_file.write_bytes(saved)                                        # the original back: as before
    os.chmod(key_file, 0o600)
    assert _key(app, capsys, "status")["versions"][0]["key_check"] == "matches"
    assert _check(client, w2, "pension").json()["blocking"]["case_no"] == "FT-2026-000721"


def test_a_running_centre_refuses_a_key_replaced_under_it_and_makes_no_digest_with_it(key_file, centre, capsys):
    """Was: a running centre read the new file at its next request: the open-check answered 「no
    earlier case」 and the next transition re-made the case's digest under the wrong key. Now the
    check answers 503 with the reason, and the push stands with the index left as it was."""
    app, client = centre
    w1, w2 = auth(client, "clerk01", "FT-W01"), auth(client, "clerk01", "FT-W02")
    moves = _moves("KC-B", "FT-2026-000722", "pension", "draft", "review", "accepted")
    push(client, w1, "FT-W01", *moves[:2])
    digest_before = _row(app, "KC-B")[0]
    saved = _another_key(key_file)

    r = _check(client, w2, "pension")
    assert r.status_code == 503 and "不是生成人员索引时的那一个" in r.json()["detail"], r.text
    assert [x["status"] for x in push(client, w1, "FT-W01", moves[2])] == ["accepted"]   # the business stands
    assert _row(app, "KC-B") == (digest_before, 1, "review")           # no digest under the wrong key

    key_file.unlink()                                                  # lost while running: made anew at a read
    r = _check(client, w2, "pension")
    assert r.status_code == 503 and "不是生成人员索引时的那一个" in r.json()["detail"], r.text

    key_file.write_bytes(saved)
    os.chmod(key_file, 0o600)
    assert _check(client, w2, "pension").json()["blocking"]["case_no"] == "FT-2026-000722"


def test_a_version_rotated_in_while_running_is_recorded_at_its_first_use(key_file, centre, capsys):
    from counter_central import samecase

    app, client = centre
    w1 = auth(client, "clerk01", "FT-W01")
    assert set(_recorded(app)) == {1}
    out = _key(app, capsys, "rotate")               # (its own start check ran before the rotation)
    assert out["newest"] == 2 and [v["key_check"] for v in out["versions"]] == ["matches", "unrecorded"]
    assert set(_recorded(app)) == {1}
    push(client, w1, "FT-W01", *_moves("KC-C", "FT-2026-000723", "pension", "draft", "review"))
    assert _row(app, "KC-C")[1] == 2
    assert _recorded(app) == {v: samecase._check_value(k) for v, k in samecase.key_ring().keys.items()}
    assert [v["key_check"] for v in _key(app, capsys, "status")["versions"]] == ["matches", "matches"]


def test_the_check_table_migrates_down_and_up_and_the_start_records_the_files_values(tmp_path, monkeypatch):
    from counter_central import samecase
    from counter_central.app import create_app

    monkeypatch.setenv("COUNTER_CENTRAL_PERSON_KEY", str(tmp_path / "keys" / "person-key"))
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    create_app(url).state.engine.dispose()
    engine = create_engine(url)
    assert schema_drift(engine, "person_key_checks") == []
    migrate_centre(engine, "c0036_entry_key_checks", down=True)
    assert "person_key_checks" not in inspect(engine).get_table_names()
    migrate_centre(engine, "heads")
    assert schema_drift(engine, "person_key_checks") == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person_key_checks")).scalar() == 0   # nothing filled
    engine.dispose()
    app = create_app(url)                                             # the start records the file's value
    with Session(app.state.engine) as s:
        assert samecase.key_check(s, 1, samecase.key_ring().keys[1]) == "matches"
    app.state.engine.dispose()
    # no index row yet, but a key recorded: a start without the file makes no stray one (was: a new
    # file, then refused for its check value — an operator's command run without the variable)
    key = tmp_path / "keys" / "person-key"
    key.unlink()
    with pytest.raises(samecase.PersonKeyError, match="已记录过它的密钥校验值"):
        create_app(url)
    assert not key.exists()
