"""``counter-app rules …``: JSON answers, stdin batches in order, Chinese errors, real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli.main import main

ROOT = Path(__file__).resolve().parents[3]


def run(capsys, argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def lines(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_retirement_json(capsys):
    code, out, err = run(capsys, ["rules", "retirement", "--birth", "1965-12", "--category", "male", "--json"])
    assert code == 0
    (d,) = lines(out)
    assert (d["delay_months"], d["age_years"], d["age_months"], d["retirement_month"]) == (3, 60, 3, "2026-03")
    assert d["min_contribution_months"] == 180
    assert d["earliest_month"] == "2025-12" and d["latest_month"] == "2029-03"


def test_retirement_stdin_in_order(capsys, monkeypatch):
    stdin = "1984-11 female-worker\n\n1970-01 female-cadre\n1965-13 male\n1976-09 male 239\n"
    code, out, err = run(capsys, ["rules", "retirement", "-", "--json"], stdin, monkeypatch)
    rows = lines(out)
    assert len(rows) == 4
    assert (rows[0]["age_years"], rows[0]["age_months"], rows[0]["min_contribution_months"]) == (55, 0, 240)
    assert (rows[1]["age_years"], rows[1]["age_months"]) == (55, 1)
    assert "月份" in rows[2]["error"]
    assert rows[3]["early_allowed"] is False
    assert code == 1  # one line was bad


def test_retirement_human_and_errors(capsys):
    code, out, err = run(capsys, ["rules", "retirement", "--birth", "1965-12", "--category", "male"])
    assert code == 0 and "60岁3个月" in out and "2026-03" in out
    code, out, err = run(capsys, ["rules", "retirement", "--birth", "1965-12", "--category", "woman"])
    assert code != 0 and "人员类别" in err and "Traceback" not in err
    code, out, err = run(capsys, ["rules", "retirement", "--category", "male"])
    assert code != 0 and "缺少出生年月" in err


def test_argparse_errors_are_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["rules", "retirement", "--bogus"])
    assert info.value.code == 2
    assert "无法识别的参数" in capsys.readouterr().err


def test_months_factor(capsys, monkeypatch):
    code, out, _ = run(capsys, ["rules", "months-factor", "--age-years", "60", "--age-months", "3", "--json"])
    assert code == 0 and lines(out) == [{"age_years": 60, "age_months": 3, "months": "137.3"}]
    code, out, _ = run(capsys, ["rules", "months-factor", "-", "--json"], "60 1\n50 1\n71 0\n", monkeypatch)
    rows = lines(out)
    assert [r.get("months") for r in rows[:2]] == ["138.4", "194.6"]
    assert "超出" in rows[2]["error"] and code == 1
    code, out, err = run(capsys, ["rules", "months-factor", "--age-years", "sixty"])
    assert code == 2 and "不是整数" in err


def test_check_id_and_uscc(capsys, monkeypatch):
    code, out, _ = run(capsys, ["rules", "check-id", "11010519491231002X", "--json"])
    (d,) = lines(out)
    assert code == 0 and d["valid"] is True and d["kind"] == "citizen_id" and d["error"] is None
    assert "11010519491231002X" not in out  # only the masked form is echoed
    code, out, _ = run(capsys, ["rules", "check-uscc", "91440300708461136A", "--json"])
    (d,) = lines(out)
    assert code == 1 and d["valid"] is False and d["kind"] == "uscc" and "应为“T”" in d["error"]
    stdin = "932682198501010017\n110105194912310021\nABC\n"
    code, out, _ = run(capsys, ["rules", "check-id", "-", "--json"], stdin, monkeypatch)
    rows = lines(out)
    assert [r["valid"] for r in rows] == [True, False, False]
    assert rows[0]["kind"] == "foreign_permanent_id" and "校验位" in rows[1]["error"] and "长度" in rows[2]["error"]
    assert code == 1


def test_other_checks(capsys):
    assert run(capsys, ["rules", "check-bank-card", "4111111111111111", "--json"])[0] == 0
    assert run(capsys, ["rules", "check-mobile", "12345", "--json"])[0] == 1
    code, out, _ = run(capsys, ["rules", "check-postcode", "518000"])
    assert code == 0 and "有效" in out


def test_pension(capsys):
    argv = ["rules", "pension", "--age-years", "60", "--age-months", "1", "--retire", "2025-06", "--avg-index", "1.2",
            "--months", "300", "--account", "150000", "--json"]
    code, out, _ = run(capsys, argv)
    (d,) = lines(out)
    assert code == 0
    assert (d["basic"], d["personal_account"], d["transitional"], d["total"]) == ("3105.58", "1083.82", "0.00", "4189.40")
    assert d["inputs"]["computation_base"] == "11293" and d["inputs"]["months_factor"] == "138.4"
    assert "months_factor.interpolation" in d["unconfirmed"]


def test_pension_unknown_base_is_explicit(capsys):
    argv = ["rules", "pension", "--birth", "1965-12", "--category", "male", "--avg-index", "1", "--months", "240", "--account", "0"]
    code, out, err = run(capsys, argv)
    assert code == 2 and "尚未公布" in err and "Traceback" not in err
    code, out, err = run(capsys, argv + ["--base", "11500", "--json"])
    (d,) = lines(out)
    assert code == 0 and d["basic"] == "2300.00" and d["retirement_month"] == "2026-03"


def test_contribution_and_params(capsys):
    code, out, _ = run(capsys, ["rules", "contribution", "--base", "3000", "--date", "2025-07", "--json"])
    (d,) = lines(out)
    assert code == 0 and d["base"] == "4775" and d["clamped"] == "floor" and d["employer"] == "764.00"
    code, out, err = run(capsys, ["rules", "contribution", "--base", "3000", "--date", "2024-06"])
    assert code == 2 and "无有效取值" in err
    code, out, _ = run(capsys, ["rules", "params"])
    assert code == 0 and "待确认" in out and "待公布" in out


@pytest.mark.parametrize(("base", "said"), [
    ("6000.999", "申报缴费基数最多到分（两位小数）"),     # was rounded to 6001.00
    ("1_000", "申报缴费基数应为数字"),
    ("١٢٣٤٥", "申报缴费基数应为数字"),                 # Arabic-Indic digits
    ("1E+3", "申报缴费基数应为数字"),
    ("9" * 40, "申报缴费基数不能大于9999999999.99"),
])
def test_contribution_base_is_taken_as_the_decision_form_takes_it(capsys, base, said):
    """Exploratory test: ``--base 6000.999`` was silently rounded to 6001.00 (the 核定 form refuses
    more than two decimals); the base is checked by the form's rule now, in Chinese."""
    code, out, err = run(capsys, ["rules", "contribution", "--base", base, "--date", "2025-08", "--json"])
    assert code == 2 and json.loads(out)["error"] == said and said in err


def test_subprocess_stdin_batch():
    exe = ROOT / ".venv" / "bin" / "counter-app"
    if not exe.exists():
        pytest.skip("counter-app entry point not installed in .venv")
    proc = subprocess.run(
        [str(exe), "rules", "retirement", "-", "--json"],
        input="1965-01 male\n1975-02 female-worker\n1981-09 female-cadre\n",
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    rows = lines(proc.stdout)
    assert [(r["age_years"], r["age_months"], r["retirement_month"]) for r in rows] == [
        (60, 1, "2025-02"), (50, 1, "2025-03"), (58, 0, "2039-09"),
    ]
    proc = subprocess.run([str(exe), "rules", "check-uscc", "-", "--json"], input="91350100M000100Y43\n91350100M000100Y44\n",
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert [r["valid"] for r in lines(proc.stdout)] == [True, False] and proc.returncode == 1


def test_contribution_after_june_2026_uses_the_open_ended_2025_07_figures_flagged_unconfirmed(capsys):
    """policy.md §4 gives 4,775 / 27,549 from 2025-07 with no end date (Shenzhen's confirmation
    UNCONFIRMED): a contribution for 2026-12 is computed with them, and the answer says they are unconfirmed."""
    code, out, err = run(capsys, ["rules", "contribution", "--base", "5000", "--date", "2026-12", "--json"])
    (d,) = lines(out)
    assert code == 0, err
    assert d["base"] == "5000.00" and d["floor"] == "4775" and d["ceiling"] == "27549" and d["employer"] == "800.00"
    assert {"contribution.base_floor", "contribution.base_ceiling"} <= set(d["unconfirmed"])
    code, out, err = run(capsys, ["rules", "contribution", "--base", "30000", "--date", "2026-12"])
    assert code == 0, err
    assert "27549" in out and "待确认" in out and "缴费基数下限" in out and "缴费基数上限" in out
    assert "contribution.base_floor" not in out
    code, out, _ = run(capsys, ["rules", "params"])
    floor = next(line for line in out.splitlines() if "4775" in line)
    assert "长期" in floor and "[待确认]" in floor
    cycle = out.splitlines()[next(i for i, line in enumerate(out.splitlines()) if "certification.cycle_months" in line) + 1]
    assert "[待确认]" in cycle and "经办机构设定" in cycle
