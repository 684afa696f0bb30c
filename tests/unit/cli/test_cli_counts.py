"""A count or an interval that cannot work stops at the command line, in Chinese, before anything
runs: a sync agent with ``--interval 0`` would ask the centre back to back, ``--copies 0`` or
``--limit 0`` would print or list nothing and say nothing."""

from __future__ import annotations

import pytest

from counter_app.cli.main import build_parser


@pytest.mark.parametrize("argv, option", [
    (["sync", "agent", "--interval", "0"], "--interval"),
    (["sync", "agent", "--approval-interval", "-2"], "--approval-interval"),
    (["sync", "agent", "--interval", "inf"], "--interval"),
    (["sync", "run", "--batch-size", "0"], "--batch-size"),
    (["print", "send", "a.pdf", "--copies", "0"], "--copies"),
    (["queue", "list", "--limit", "-1"], "--limit"),
    (["audit", "list", "--limit", "ten"], "--limit"),
    (["case", "list", "--limit", "0"], "--limit"),
])
def test_a_count_or_interval_below_one_is_refused_before_anything_runs(argv, option, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"参数 {option}:" in err and ("应为正整数" in err or "应为大于 0" in err)


def test_the_same_options_take_good_values_and_keep_their_defaults():
    args = build_parser().parse_args(["sync", "agent", "--interval", "0.5", "--batch-size", "250"])
    assert (args.interval, args.approval_interval, args.batch_size) == (0.5, 2.0, 250)
    args = build_parser().parse_args(["print", "send", "a.pdf"])
    assert args.copies is None                      # the configured number of copies applies
    assert build_parser().parse_args(["print", "send", "a.pdf", "--copies", "3"]).copies == 3
    assert build_parser().parse_args(["queue", "list"]).limit == 200
