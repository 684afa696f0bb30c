"""Every ``counter-app …`` / ``counter-central …`` command the README, docs/ and the Windows
installer's README quote names subcommands and options the programs have: IT follows them word
for word (installer/windows/README.md named a ``fingerprint enroll`` that never existed)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "installer" / "windows" / "README.md"]
# (not the centre's service account in ``sudo -u counter-central counter-central …``)
COMMAND = re.compile(r"(?<!-u )(counter-app|counter-central)(?:\.exe)?((?: +[^\s`#|;)]+)+)")


def _parsers() -> dict[str, argparse.ArgumentParser]:
    from counter_app.cli.main import build_parser as app_parser
    from counter_central.cli import build_parser as centre_parser

    return {"counter-app": app_parser(), "counter-central": centre_parser()}


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return None


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings}


def _takes_a_file(parser: argparse.ArgumentParser, option: str) -> bool:
    """Whether ``option`` takes a file's name (its metavar says FILE: a path, or ``-``)."""
    return any(option in a.option_strings and "FILE" in str(a.metavar or "") for a in parser._actions)


# an inline JSON value where a file's name (or -) is taken: '{"reason": …}', {…}, [...]
INLINE_JSON = re.compile(r"""^['"]?[{\[]""")


def problems(text: str, parsers: dict[str, argparse.ArgumentParser]) -> list[str]:
    """``line: command -> what is not there`` for each quoted command of ``text``; and an option
    that takes a FILE given inline JSON instead (``--data '{"reason": …}'``: read as a file's name)."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for m in COMMAND.finditer(line):
            parser, words = parsers[m.group(1)], m.group(2).split()
            file_option = None
            for word in words:
                if file_option is not None and INLINE_JSON.match(word.lstrip("[(")):
                    found.append(f"{number}: {m.group(0).strip()} -> {file_option} takes a file or -, not JSON")
                    break
                file_option = None
                token = word.lstrip("[(").rstrip("])…,.:")
                choices = _choices(parser)
                if choices is not None and not token.startswith("-"):
                    if token in choices:
                        parser = choices[token]
                        continue
                    if re.fullmatch(r"[a-z][a-z-]*", token):      # a word where a subcommand must be
                        found.append(f"{number}: {m.group(0).strip()} -> no subcommand {token!r}")
                        break
                    continue                                      # a placeholder (FILE, ID, "$ID", …)
                if token.startswith("--") or re.fullmatch(r"-[a-zA-Z]", token):
                    option = token.split("=")[0]
                    if option not in _options(parser):
                        found.append(f"{number}: {m.group(0).strip()} -> no option {option}")
                    elif "=" not in token and _takes_a_file(parser, option):
                        file_option = option
    return found


@pytest.fixture(scope="module")
def parsers():
    return _parsers()


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_quoted_command_exists(page, parsers):
    missing = problems(page.read_text(encoding="utf-8"), parsers)
    assert not missing, f"{page.relative_to(ROOT)}：文中的命令不存在：\n" + "\n".join(missing)


def test_the_check_finds_a_command_that_does_not_exist(parsers):
    assert problems("4. `counter-app.exe fingerprint enroll` on a test finger", parsers) == [
        "1: counter-app.exe fingerprint enroll -> no subcommand 'enroll'"]
    assert problems("`counter-central users add NAME --rolez clerk`", parsers) == [
        "1: counter-central users add NAME --rolez clerk -> no option --rolez"]
    assert problems("`counter-app fingerprint capture --enroll`", parsers) == []


def test_the_check_finds_inline_json_where_a_file_is_taken(parsers):
    """The user guide gave `--data '{"reason": "长期卧床"}'`; --data takes FILE or -, so the command
    failed with 无法读取步骤数据文件 … 文件不存在 (tester fieldui D8). The check looked only at the
    option's name."""
    wrong = "`counter-app case step 办件编号 home_visit_request [--data '{\"reason\": \"长期卧床\"}']`"
    assert problems(wrong, parsers) == [
        ("1: counter-app case step 办件编号 home_visit_request [--data '{\"reason\": \"长期卧床\"}'] "
         "-> --data takes a file or -, not JSON")]
    assert problems("`echo '{\"reason\": \"长期卧床\"}' | counter-app case step 办件编号 home_visit_request --data -`",
                    parsers) == []
    assert problems("`counter-app case step 办件编号 verify --data data.json`", parsers) == []
