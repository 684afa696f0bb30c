"""Bad input on ``counter-central``'s command line: a Chinese message and a non-zero exit, never a
traceback or an exception's English, and under ``--json`` ``{"error": …}`` on stdout (the CLI
review's findings: each line below once ended in a traceback, English text, an empty stdout under
``--json``, or exit 0 for a filter that matched nothing because it was misspelt)."""

from __future__ import annotations

import re

import pytest

from counter_central.cli import main
from tests.support.bad_input import assert_refused_in_chinese

ENGLISH = re.compile(r"Traceback|Errno|Invalid|invalid|required|Could not|cryptography|https?://|"
                     r"No such file|Is a directory|choose from|\b[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+\b")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "garbage.bin").write_bytes(bytes([0xC4, 0xFF, 0x00, 0x81]) * 64)
    key = tmp_path / "garbage.pem"
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    key.chmod(0o600)
    (tmp_path / "adir").mkdir()
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["migrate", f"--db={db}"]) == 0
    return {"f": str(tmp_path), "db": db}


CASES = [
    "migrate --db=notaurl",
    "migrate --db=sqlite:////proc/nonexist/x.sqlite3",
    "seed --db=notaurl --json",
    "seed --db=sqlite:///{f}/garbage.bin --json",
    "seed --db=sqlite:///{f}/adir --json",
    "users list --db=notaurl --json",
    "workstations list --db=sqlite:///{f}/garbage.bin",
    "import {f}/garbage.bin --db={db} --json",
    "import {f}/adir --db={db} --json",                  # was 无法读取文件 …：[Errno 21] Is a directory
    "import {f}/nope.jsonl --db={db}",
    "export-key show --key-file={f}/garbage.pem --json",
    "export-key show --key-file={f}/adir --json",
    "export-key show --key-file=/proc/nonexist/k.pem --json",
    "essc issue --id=11010519491231002X --ttl=999999999999999999999 --db={db} --json",
    "essc issue --id=garbage --db={db} --json",
    "openapi --out={f}/adir",
    "openapi --out=/proc/nonexist/x.json",
    "registry import {f}/adir --db={db} --json",
    "reference publish catalog {f}/deep.json --db={db} --json",     # a RecursionError's traceback
    "field request garbage --office=FT --db={db} --json",
    "field request 11010519491231002X --office=NOPE --db={db} --json",
    "users add newu --office=FT --role=clerk --db={db} --json",        # no --password-stdin
    "users disable nosuch --db={db} --json",
    "workstations retire nosuch --db={db} --json",
    "certification sweep --today=2024-13-45 --db={db} --json",
    "certification suspensions --state=bogus --db={db} --json",
    "certification reminders --office=NOPE --db={db} --json",
    "certification reminders --days=-1 --db={db} --json",
    "certification reminders --csv={f}/adir --db={db} --json",
    # English argparse errors
    "users add",
    "users set-level clerk01 abc --json",
    "certification suspend 11010519491231002X --reason=bogus --note=x",
    "nosuchcommand",
]


@pytest.mark.parametrize("line", CASES)
def test_bad_input_is_refused_in_chinese(line, env, capsys):
    assert_refused_in_chinese(main, line.format(**env).split(), capsys, english=ENGLISH)   # {"error": …} under --json


@pytest.mark.parametrize("command", [["users", "list"], ["workstations", "list"],
                                     ["workstations", "add", "FT-W01", "--office", "FT"],
                                     ["approvals", "expire"],
                                     # exploratory test: these three made a new empty centre and said
                                     # 已导入 / 已登记 (they opened the engine themselves, without the check)
                                     ["import", "{f}"], ["registry", "import", "--seed-demo"],
                                     ["field", "request", "440303195207012253", "--office", "FT"]])
def test_an_admin_command_on_a_missing_sqlite_file_does_not_create_an_empty_centre(command, tmp_path, capsys):
    """IT review: a typo in --db answered 「（无）」 with exit 0 (or 「分局代码 FT 不存在」) after silently
    creating the directory and an empty centre database."""
    import json

    export = tmp_path / "queue.jsonl"
    export.write_text("", encoding="utf-8")
    command = [part.format(f=export) for part in command]
    typo = tmp_path / "typo-dir" / "central.sqlite3"
    code = main([*command, f"--db=sqlite:///{typo}", "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "中心数据库文件不存在" in json.loads(out)["error"] and str(typo) in err
    assert not typo.parent.exists(), "nothing is created"


@pytest.mark.parametrize("content", [b"", b"not a database at all"], ids=["empty", "other"])
def test_an_admin_command_on_a_file_that_is_no_centre_leaves_it_alone(content, tmp_path, capsys, monkeypatch):
    """Review: an empty (or another program's) SQLite file named by --db was made a new, empty centre
    — `users list` answered [] with exit 0, `offices add` succeeded in it, an entry key was made."""
    import json
    import sqlite3

    monkeypatch.setenv("COUNTER_CENTRAL_ENTRY_KEY", str(tmp_path / "keys" / "entry-key"))
    db = tmp_path / "central.sqlite3"
    if content:
        with sqlite3.connect(db) as conn:        # another program's database: one table of its own
            conn.execute("CREATE TABLE notes (t TEXT)")
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    for command in (["users", "list"], ["offices", "add", "ZZ", "--name", "测试分局"]):
        code = main([*command, f"--db=sqlite:///{db}", "--json"])
        out, err = capsys.readouterr()
        assert code == 2, (command, out, err)
        assert "不是中心数据库" in json.loads(out)["error"] and str(db) in err and "Traceback" not in err
    assert db.read_bytes() == before and not (tmp_path / "keys").exists()


def test_an_unexpected_failure_is_one_chinese_sentence_and_its_traceback_goes_to_the_log(tmp_path, monkeypatch,
                                                                                          capsys):
    """Exploratory test: counter-central's main ended with a bare ``raise`` — any failure it did not
    know printed Python's traceback (and the exception's English) on the administrator's terminal.
    Now, as counter-app: a Chinese sentence naming the log, exit 1, ``{"error"}`` under --json; the
    traceback (masked) in counter-central-cli.log."""
    import json

    from counter_central import cli

    monkeypatch.setenv("COUNTER_APP_HOME", str(tmp_path / "home"))

    person = "110105" + "196001010017"

    def broken(args):
        raise KeyError(f"{person} not found in the frobnicator")

    monkeypatch.setattr(cli, "cmd_openapi", broken)
    code, out, err = assert_refused_in_chinese(main, ["openapi", "--out", str(tmp_path / "x.json")], capsys,
                                               english=ENGLISH)
    assert code == 1 and "出现意外错误" in err
    log = tmp_path / "home" / "log" / "counter-central-cli.log"
    assert str(log) in err and oct(log.stat().st_mode & 0o777) == "0o600"
    [line] = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(line)
    assert "Traceback" in entry["exc"] and "KeyError" in entry["exc"] and "broken" in entry["exc"]
    assert person not in line                                              # masked, as the service's log
    monkeypatch.setattr(cli, "cmd_users", broken)
    code, out, err = assert_refused_in_chinese(main, ["users", "list", "--json"], capsys, english=ENGLISH)
    assert "出现意外错误" in json.loads(out)["error"]
