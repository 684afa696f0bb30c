"""Privacy finding (tester-priv): ID numbers (and a name) given on the command line are in ``ps`` and
the shell's history. ``case precheck --id``, and the centre's ``essc issue --id / --name``, ``field
request ID_NUMBER`` and ``certification suspend ID`` now take ``-``: the value is read from standard
input (one line each, in the order given), as ``rules check-id -`` does; the old forms still work."""

from __future__ import annotations

import io
import json

import pytest

MALE_1960 = "110105196001010017"
PENSIONER = "440305195805201364"


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def _parse(build, argv):
    return build().parse_args(argv)


def test_case_precheck_reads_the_id_from_stdin(app_home, monkeypatch, capsys):
    from counter_app.cli.main import build_parser, main
    from tests.conftest import sign_in

    _stdin(monkeypatch, f"{MALE_1960}\n")
    args = _parse(build_parser, ["case", "precheck", "--service", "pension", "--id", "-"])
    assert args.id_number == MALE_1960
    assert _parse(build_parser, ["case", "precheck", "--service", "pension", "--id", MALE_1960]).id_number == MALE_1960
    sign_in("clerk01")
    _stdin(monkeypatch, f"{MALE_1960}\n")
    assert main(["case", "precheck", "--service", "pension", "--id", "-", "--offline", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) >= {"outcome", "conditions"}


def test_an_empty_stdin_is_a_usage_error_in_chinese(app_home, monkeypatch, capsys):
    from counter_app.cli.main import main

    _stdin(monkeypatch, "\n")
    with pytest.raises(SystemExit) as stop:
        main(["case", "precheck", "--service", "pension", "--id", "-"])
    assert stop.value.code == 2 and "标准输入没有给出证件号码" in capsys.readouterr().err


def test_the_centres_commands_read_id_and_name_from_stdin(monkeypatch):
    from counter_central.cli import build_parser

    _stdin(monkeypatch, f"{PENSIONER}\n王秀英\n")
    args = _parse(build_parser, ["essc", "issue", "--id", "-", "--name", "-"])
    assert (args.id, args.name) == (PENSIONER, "王秀英")
    _stdin(monkeypatch, f"{PENSIONER}\n")
    assert _parse(build_parser, ["field", "request", "-", "--office", "FT"]).id_number == PENSIONER
    _stdin(monkeypatch, f"  {PENSIONER}  \n")
    assert _parse(build_parser, ["certification", "suspend", "-", "--reason", "prison", "--note", "判决书"]).id == PENSIONER
    # the old forms, scripted against, unchanged
    args = _parse(build_parser, ["essc", "issue", "--id", PENSIONER, "--name", "王秀英"])
    assert (args.id, args.name) == (PENSIONER, "王秀英")
    assert _parse(build_parser, ["essc", "issue", "--id", PENSIONER]).name == ""
    assert _parse(build_parser, ["field", "request", PENSIONER, "--office", "FT"]).id_number == PENSIONER
    assert _parse(build_parser, ["certification", "suspend", PENSIONER, "--reason", "prison", "--note", "x"]).id == PENSIONER


def test_field_request_from_stdin_end_to_end(tmp_path, monkeypatch, capsys):
    from counter_central.cli import main

    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", "--db", db]) == 0
    capsys.readouterr()
    _stdin(monkeypatch, f"{PENSIONER}\n")
    assert main(["field", "request", "-", "--office", "FT", "--reason", "行动不便", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "open"
