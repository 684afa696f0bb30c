"""Every ``--help`` of both programs is Chinese: argparse's own words (usage:, options:, positional
arguments:, the -h and --version help) go through its gettext hook, which ZhArgumentParser answers."""

from __future__ import annotations

import argparse

import pytest

ENGLISH = ("usage:", "options:", "positional arguments:", "show this help message and exit",
           "show program's version number and exit")


def _help(main, argv, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["store"], ["store", "backup"], ["sync", "run"]])
def test_counter_app_help_is_chinese(argv, capsys):
    from counter_app.cli.main import main

    text = _help(main, argv, capsys)
    assert text.startswith("用法：") and "显示此帮助信息并退出" in text
    assert not [w for w in ENGLISH if w in text], text
    if not argv:
        assert "显示版本号并退出" in text


@pytest.mark.parametrize("argv", [[], ["workstations", "retire"]])
def test_counter_central_help_is_chinese(argv, capsys):
    from counter_central.cli import main

    text = _help(main, argv, capsys)
    assert text.startswith("用法：") and not [w for w in ENGLISH if w in text], text


def test_argparse_is_left_as_it_was_for_others():
    from counter_protocol.cli_args import ZhArgumentParser

    ZhArgumentParser(prog="x").format_help()
    assert "usage:" in argparse.ArgumentParser(prog="y").format_help()
