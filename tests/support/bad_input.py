"""The check both command lines' bad-input tests make (tests/unit/cli/test_cli_bad_input.py,
tests/unit/central/test_central_cli_bad_input.py): the command is refused — a non-zero exit, a
Chinese message, none of an exception's English (``english``: each program's own list), and
under ``--json`` one JSON object with the error as the last line of stdout."""

from __future__ import annotations

import json
import re
from typing import Callable, Sequence

CJK = re.compile(r"[\u4e00-\u9fff]")


def error_given(answer: dict) -> bool:
    """The ``--json`` answer names the error: ``{"error": …}``."""
    return bool(answer["error"])


def assert_refused_in_chinese(main: Callable[[list[str]], int | None], argv: Sequence[str], capsys, *,
                              english: re.Pattern[str],
                              json_error: Callable[[dict], bool] = error_given) -> tuple[int | str | None, str, str]:
    """Run ``main(argv)`` and check it was refused as above; ``json_error`` says whether the
    ``--json`` answer carries the error. Returns (exit code, stdout, stderr) for further checks."""
    argv = list(argv)
    code: int | str | None
    try:
        code = main(argv)
    except SystemExit as stop:        # argparse: a usage error
        code = stop.code
    out, err = capsys.readouterr()
    assert code not in (0, None), (out, err)
    assert CJK.search(out + err), (out, err)
    assert not english.search(out + err.replace("usage:", "")), (out, err)
    if "--json" in argv:
        answer = json.loads(out.strip().splitlines()[-1])
        assert json_error(answer), answer
    return code, out, err
