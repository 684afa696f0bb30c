"""``entry-key status`` and ``retire`` open (and retire seals again) every row of a key version:
on a centre of some years, minutes with nothing on the terminal. They now say how far they have
come on stderr, at most every few seconds; stdout (``--json``) stays the JSON alone."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, text

from tests.unit.central.test_received_sealed import sealed_centre


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


def _lines(err: str, what: str) -> list[tuple[int, int]]:
    return [(int(a.replace(",", "")), int(b.replace(",", "")))
            for a, b in re.findall(rf"正在{what}：已处理 ([\d,]+) / ([\d,]+) 条…", err)]


def test_status_and_retire_say_how_far_they_have_come_on_stderr(tmp_path, capsys, monkeypatch):
    from counter_central import cli, entry_key

    url = sealed_centre(tmp_path)
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT (SELECT count(*) FROM received_entries WHERE payload_key = 1)"
                                 " + (SELECT count(*) FROM changes WHERE payload_key = 1)")).scalar()
    engine.dispose()
    assert rows > 4

    # a small centre: done before the first line is due — nothing on stderr
    capsys.readouterr()
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["versions"][0]["rows"] > 0 and out.err == ""

    monkeypatch.setattr(entry_key, "RETIRE_BATCH", 2)           # many batches
    monkeypatch.setattr(cli.PassProgress, "EVERY_SECONDS", 0.0)  # a line after each
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["versions"][0]["unreadable"] == []      # stdout: the JSON alone
    told = _lines(out.err, "检查版本 1 的记录")
    assert len(told) > 2 and told[-1] == (rows, rows)
    assert [done for done, _ in told] == sorted(done for done, _ in told) and {t for _, t in told} == {rows}

    assert cli.main(["entry-key", "rotate", "--db", url]) == 0
    capsys.readouterr()
    assert cli.main(["entry-key", "retire", "1", "--db", url]) == 0
    err = capsys.readouterr().err
    assert _lines(err, "检查版本 1 的记录")[-1] == (rows, rows)
    sealed = _lines(err, "把版本 1 的记录改用最新版本加密")
    assert sealed and sealed[-1] == (rows, rows)


def test_rotate_and_retire_print_the_counts_without_a_pass_over_every_row(tmp_path, capsys, monkeypatch):
    """Was: rotate, and retire after its own passes, ended with status's pass over every row of
    every version, to print it — on a centre of years, as long again as the work itself. Now they
    print the counts and check values; ``status`` opens the rows, when asked."""
    from counter_central import cli, entry_key

    url = sealed_centre(tmp_path)
    monkeypatch.setattr(entry_key, "RETIRE_BATCH", 2)
    monkeypatch.setattr(cli.PassProgress, "EVERY_SECONDS", 0.0)
    capsys.readouterr()
    assert cli.main(["entry-key", "rotate", "--db", url, "--json"]) == 0
    out = capsys.readouterr()
    rotated = json.loads(out.out)
    assert [(v["version"], v["key_check"]) for v in rotated["versions"]] == [(1, "matches"), (2, "unrecorded")]
    assert rotated["versions"][0]["rows"] > 4 and "unreadable" not in rotated["versions"][0]
    assert "检查版本" not in out.err
    assert cli.main(["entry-key", "retire", "1", "--db", url, "--json"]) == 0
    out = capsys.readouterr()
    retired = json.loads(out.out)
    assert [v["version"] for v in retired["versions"]] == [2] and retired["versions"][0]["rows"] > 4
    assert _lines(out.err, "检查版本 1 的记录") and not _lines(out.err, "检查版本 2 的记录")
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0   # status still opens them
    out = capsys.readouterr()
    assert json.loads(out.out)["versions"][0]["unreadable"] == [] and _lines(out.err, "检查版本 2 的记录")
