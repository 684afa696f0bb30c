"""Bad input on ``counter-app``'s command line: a Chinese message and a non-zero exit, never a
traceback, nothing of an exception's English (errno, codec, parser texts), and under ``--json`` one
valid JSON object with the error on stdout (the CLI review's findings; each line below once ended
in a traceback, English text or an empty stdout)."""

from __future__ import annotations

import json
import re

import pytest

from counter_app.cli.main import main
from tests.support.bad_input import assert_refused_in_chinese

ENGLISH = re.compile(r"Traceback|Errno|codec|Invalid|invalid|required|Expect|No such file|Is a directory|"
                     r"choose from|unrecognized|\b[A-Za-z]+ [a-z]+ [a-z]+ [a-z]+\b")   # or any English phrase


@pytest.fixture
def files(tmp_path):
    """Bad input files like the reviewer's: not UTF-8, binary, a directory, JSON of the wrong shape."""
    (tmp_path / "garbage.bin").write_bytes(bytes([0xC4, 0xFF, 0x00, 0x81]) * 64)
    (tmp_path / "nonutf8.txt").write_bytes(b"\xff\xfe[x]\nname = \xe9\n")
    (tmp_path / "adir").mkdir()
    (tmp_path / "list.json").write_text("[1, 2, 3]\n", encoding="utf-8")
    (tmp_path / "null.json").write_text("null\n", encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return tmp_path


CASES = [
    # decimal.InvalidOperation in to_fen
    "rules contribution --base=1e400 --date=2024-01-01 --json",
    "rules contribution --base=1e400 --date=2024-01-01",
    "rules pension --birth=1960-01 --category=male --avg-index=1 --months=360 --account=1 --base=1e999 --json",
    # UnicodeDecodeError / English TOML parser text in the parameter file
    "rules params --params={f}/nonutf8.txt",
    "rules params --params={f}/list.json --json",
    "rules params --params={f}/adir",
    "rules months-factor --params={f}/garbage.bin --age-years=60 --age-months=6 --json",
    "rules retirement --birth=1960-01 --category=male --contribution-months=-5 --json",
    # the catalog: UnicodeDecodeError, IsADirectoryError, AttributeError; errors on stderr only
    "services --catalog={f}/garbage.bin --json",
    "services --catalog={f}/adir",
    "services --catalog={f}/list.json --json",
    "services --catalog={f}/null.json --json",
    "services --json --code=ZZZ",
    # OverflowError: SQLite INTEGER
    "print retry 99999999999999999999999 --json",
    "print move 99999999999999999999999 lp0",
    # audit list --limit=…: signed in first, tests/unit/cli/test_cli_audit_list.py
    "store housekeep --days=999999999999999999999 --json",
    "store housekeep --days=99999999 --json",
    "case list --limit=99999999999999999999999",
    # a directory where a file belongs
    "sync run --store={f}/adir --json",
    "sync run --settings-json={{bad --json",            # ConfigError in main (was a traceback)
    "store restore --backup={f}/adir --json",
    "print send {f}/adir --json",
    # --json errors that printed nothing on stdout
    "print retry 424242 --json",
    "card read --timeout=-1 --json",
    "idcard read --timeout=-1 --json",
    "fingerprint verify {f}/nonexist --json",
    # raw errno / codec text in a Chinese message
    "notice verify {f}/nonexist --json",
    "notice verify {f}/adir",
    "notice render acceptance_notice --case={f}/garbage.bin -o {f}/out.pdf --json",
    "case precheck --service=pension --id=110101199003077774 --offline --facts={f}/garbage.bin --json",
    # unchecked options
    "field roster --days=-1 --json",
    "field roster --days=400",
    # English argparse errors
    "case import",
    "case import --json",
    "print retry abc",
    "store housekeep --days=abc --json",
    "nosuchcommand",
    "audit list --nosuch",
]


def _error_or_not_ok(answer: dict) -> bool:
    """``{"error": …}``, or a device command's ``{"ok": false, …}``."""
    return bool(answer.get("error") or answer.get("ok") is False)


@pytest.mark.parametrize("line", CASES)
def test_bad_input_is_refused_in_chinese(line, files, app_home, capsys):
    argv = line.format(f=files).split()
    code, out, err = assert_refused_in_chinese(main, argv, capsys, english=ENGLISH, json_error=_error_or_not_ok)
    if argv[:2] == ["field", "roster"]:     # refused for its --days, before anything is looked up
        assert "--days" in out + err and code == 2
    assert not (files / "out.pdf").exists()


@pytest.mark.parametrize("line", [
    "case import {f}/deep.json --json",
    "case import {f}/deep.json",
    "notice render acceptance_notice --case={f}/deep.json -o {f}/out.pdf --json",
    "case precheck --service=pension --id=110101199003077774 --offline --facts={f}/deep.json --json",
])
def test_json_nested_too_deep_is_said_not_an_unexpected_error(line, files, app_home, capsys):
    """Exploratory test: a case file of "[[[[…" 100,000 deep ended in 出现意外错误 (a RecursionError
    the commands did not catch); the file is said to be no usable JSON now."""
    argv = line.format(f=files).split()
    _code, out, err = assert_refused_in_chinese(main, argv, capsys, english=ENGLISH, json_error=_error_or_not_ok)
    assert "嵌套层数过多" in out + err and "意外" not in out + err, (out, err)
    assert not (files / "out.pdf").exists()


def test_config_init_over_a_directory_says_so(app_home, capsys):
    """``config init --force`` where config.toml is a directory: a Chinese message, exit 1, the
    directory left alone (was IsADirectoryError)."""
    from counter_app.paths import app_paths

    target = app_paths().config_file
    target.mkdir(parents=True)
    code = main(["config", "init", "--force"])
    _, err = capsys.readouterr()
    assert code == 1 and "目录" in err and "Traceback" not in err
    assert target.is_dir() and not target.with_suffix(".tmp").exists()


def test_a_draft_under_json_on_a_store_error_is_json(files, app_home, capsys):
    """A StoreError (here: --store names a directory) under --json is {"error": …} on stdout, exit 3."""
    code = main(["sync", "run", f"--store={files}/adir", "--json"])
    out, err = capsys.readouterr()
    assert code == 3
    assert "目录" in json.loads(out)["error"] and "目录" in err


@pytest.mark.parametrize(("said", "code"), [
    ("参数错误", 0),                                   # accepted
    ("", 2),                                           # no Chinese
    ("参数错误：No such file or directory", 2),         # an exception's English
    ('{"ok": true}', 2),                               # --json without the error
])
def test_the_shared_check_catches_each_failure(said, code, capsys):
    """tests.support.bad_input.assert_refused_in_chinese fails on each thing the two bad-input
    tests check for (the check both once made inline)."""
    def main(argv):
        print(said)
        return code

    with pytest.raises(AssertionError):
        assert_refused_in_chinese(main, ["x", "--json"], capsys, english=ENGLISH, json_error=_error_or_not_ok)


@pytest.mark.parametrize("command", ["verify", "sign"])
def test_a_file_far_larger_than_any_notice_is_refused_before_it_is_read(command, tmp_path, app_home, capsys,
                                                                        monkeypatch):
    """Exploratory test: ``notice verify`` read a 300 MB file that began with %PDF- whole (3 GB of
    memory, 80 s). A file past the cap (20 MB; a notice is some 50 KB) is refused by its size, in
    Chinese, and no PDF check sees it."""
    from counter_app.cli import notice

    huge = tmp_path / "huge.pdf"
    with open(huge, "wb") as fh:       # sparse: no disk used
        fh.write(b"%PDF-1.4\n")
        fh.truncate(notice.MAX_NOTICE_BYTES + 1)
    import counter_app.printing.documents as documents
    import counter_app.printing.integrity as integrity

    def never(*_a, **_k):
        raise AssertionError("the file was read and checked")

    monkeypatch.setattr(documents, "verify_pdf", never)
    monkeypatch.setattr(integrity, "read_marks", never)
    argv = ["notice", command, str(huge), "--json"] + (["-o", str(tmp_path / "signed.pdf")] if command == "sign" else [])
    code, out, err = assert_refused_in_chinese(main, argv, capsys, english=ENGLISH, json_error=_error_or_not_ok)
    assert "太大" in json.loads(out)["error"] and "20 MB" in json.loads(out)["error"]
    assert not (tmp_path / "signed.pdf").exists()
