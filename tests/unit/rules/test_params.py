"""Effective-dated parameters: model rules, the default file's figures (policy.md), explicit errors."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest

from counter_rules.params import ParameterError, ParameterNotInForce, ParameterSet
from counter_app.reference.params import ParameterFileError, default_params_path, load_policy_params, read_params_file


def _set(values, kind="decimal"):
    return ParameterSet.from_mapping({"version": "1", "params": {"x.rate": {"title": "测试比例", "kind": kind, "values": values}}})


def _v(value, start, end=None, confirmed=True, **kw):
    d = {"effective_from": start, "source": "测试来源", "confirmed": confirmed, **kw}
    if value is not None:
        d["value"] = value
    if end is not None:
        d["effective_to"] = end
    return d


def test_lookup_by_date_with_inclusive_end():
    ps = _set([_v("1.5", "2024-01-01", "2024-12-31"), _v("2", "2025-01-01")])
    assert ps.decimal("x.rate", date(2024, 12, 31)) == Decimal("1.5")
    assert ps.decimal("x.rate", date(2025, 1, 1)) == Decimal("2")
    assert ps.decimal("x.rate", date(2099, 1, 1)) == Decimal("2")


def test_no_value_in_force_is_an_explicit_chinese_error():
    ps = _set([_v("1.5", "2024-01-01", "2024-12-31")])
    with pytest.raises(ParameterNotInForce) as info:
        ps.decimal("x.rate", date(2023, 12, 31))
    e = info.value
    assert e.key == "x.rate" and e.on_date == date(2023, 12, 31)
    assert "测试比例" in e.message and "2023-12-31" in e.message and "无有效取值" in e.message
    with pytest.raises(ParameterNotInForce):
        ps.decimal("x.rate", date(2025, 1, 1))


def test_pending_value_says_not_yet_published():
    ps = _set([_v(None, "2026-01-01", "2026-12-31", confirmed=False, note="尚未公布")])
    with pytest.raises(ParameterNotInForce, match="尚未公布"):
        ps.decimal("x.rate", date(2026, 5, 1))
    assert [k for k, _ in ps.unconfirmed()] == ["x.rate"]


@pytest.mark.parametrize(
    "values,fragment",
    [
        ([_v("1", "2024-01-01"), _v("2", "2025-01-01")], "重叠"),
        ([_v("1", "2024-01-01", "2024-06-30"), _v("2", "2024-06-30")], "重叠"),
        ([_v("1", "2024-06-01", "2024-01-01")], "早于"),
        ([_v(0.1, "2024-01-01")], "浮点数"),
        ([_v("abc", "2024-01-01")], "不是数值"),
        ([_v("1", "2024-13-01")], "不是有效日期"),
        ([{"value": "1", "effective_from": "2024-01-01", "confirmed": True}], "来源"),
        ([{"value": "1", "effective_from": "2024-01-01", "source": "s"}], "confirmed"),
        ([{"value": "1", "source": "s", "confirmed": True}], "effective_from"),
    ],
)
def test_malformed_sets_are_rejected(values, fragment):
    with pytest.raises(ParameterError, match=fragment):
        _set(values)


def test_unknown_key_and_missing_version():
    with pytest.raises(ParameterError, match="没有参数"):
        _set([_v("1", "2024-01-01")]).entry("y", date(2024, 1, 1))
    with pytest.raises(ParameterError, match="版本"):
        ParameterSet.from_mapping({"params": {}})


# ---------------------------------------------------------------- the default file


@pytest.fixture(scope="module")
def params():
    return load_policy_params()


def test_default_file_is_versioned_and_cached(params):
    assert params.version and default_params_path().name.startswith("policy-params")
    assert load_policy_params() is params


def test_default_file_figures_match_the_notes(params):
    d = date
    assert params.decimal("pension.employer_rate", d(2025, 8, 1)) == 16
    assert params.decimal("pension.individual_rate", d(2025, 8, 1)) == 8
    assert params.decimal("contribution.base_floor", d(2024, 7, 1)) == 4492
    assert params.decimal("contribution.base_ceiling", d(2025, 6, 30)) == 27501
    assert params.decimal("contribution.base_floor", d(2025, 7, 1)) == 4775
    assert params.decimal("contribution.base_ceiling", d(2025, 7, 1)) == 27549
    assert params.decimal("pension.computation_base", d(2024, 6, 1)) == 11181
    assert params.decimal("pension.computation_base", d(2025, 6, 1)) == 11293
    rates = {2016: "8.31", 2017: "7.12", 2018: "8.29", 2019: "7.61", 2020: "6.04", 2021: "6.69", 2022: "6.12", 2023: "3.97",
             2024: "2.62", 2025: "1.50"}
    for year, rate in rates.items():
        assert params.decimal("account.interest_rate", d(year, 7, 1)) == Decimal(rate)
    assert params.text("death_benefit.rule_set", d(2026, 1, 1)) in ("national", "shenzhen")


def test_unconfirmed_figures_are_flagged(params):
    flagged = {(k, v.effective_from.year) for k, v in params.unconfirmed()}
    assert ("account.interest_rate", 2025) in flagged
    assert ("pension.computation_base", 2026) in flagged
    assert ("contribution.base_floor", 2025) in flagged and ("contribution.base_ceiling", 2025) in flagged
    assert ("death_benefit.rule_set", 2025) in flagged
    assert ("months_factor.interpolation", 2025) in flagged
    confirmed_rates = [v for v in params.parameter("account.interest_rate").values if v.effective_from.year <= 2024]
    assert len(confirmed_rates) == 9 and all(v.confirmed for v in confirmed_rates)
    for _, v in params.unconfirmed():
        assert v.source


def test_2026_computation_base_is_pending(params):
    with pytest.raises(ParameterNotInForce, match="尚未公布"):
        params.decimal("pension.computation_base", date(2026, 1, 1))


def test_replacement_file_and_reload(tmp_path):
    path = tmp_path / "policy-params.toml"
    path.write_text('version = "9"\n[params."x.rate"]\ntitle = "t"\n[[params."x.rate".values]]\nvalue = "1"\n'
                    'effective_from = 2024-01-01\nsource = "s"\nconfirmed = true\n', encoding="utf-8")
    first = load_policy_params(path)
    assert first.version == "9" and load_policy_params(path) is first
    path.write_text(path.read_text(encoding="utf-8").replace('value = "1"', 'value = "2"'), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert load_policy_params(path).decimal("x.rate", date(2024, 1, 1)) == 2


def test_bad_files_give_chinese_errors(tmp_path):
    with pytest.raises(ParameterFileError, match="不存在"):
        load_policy_params(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("version = ", encoding="utf-8")
    with pytest.raises(ParameterFileError, match="格式错误"):
        read_params_file(bad)


def test_the_clerk_reads_the_parameter_in_words_not_its_key():
    """The message names the parameter by its title without the unit and without the internal key
    (a clerk cannot act on ``contribution.base_floor``); the key stays on the error for the logs."""
    ps = ParameterSet.from_mapping({"version": "t", "params": {"contribution.base_floor": {
        "title": "缴费基数下限（元/月）", "unit": "元/月",
        "values": [{"value": "4775", "effective_from": "2025-07-01", "effective_to": "2026-06-30",
                    "source": "测试", "confirmed": True}]}}})
    with pytest.raises(ParameterNotInForce) as info:
        ps.decimal("contribution.base_floor", date(2026, 12, 4))
    e = info.value
    assert e.key == "contribution.base_floor"
    assert "缴费基数下限" in e.message and "2026-12-04" in e.message
    assert "contribution.base_floor" not in e.message and "元/月" not in e.message and "（" not in e.message.split("：")[0]


# Every value the default file calls confirmed, and the policy.md fact behind it (shared/notes/policy.md).
# A value not in this table must be confirmed = false: nothing the notes do not state is presented as confirmed.
CONFIRMED_IN_POLICY_NOTES = {
    ("pension.employer_rate", date(2025, 1, 1)): "§4 employer 16% (Guangdong 2025 filing notice)",
    ("pension.individual_rate", date(2025, 1, 1)): "§4 individual 8% (Guangdong 2025 filing notice)",
    ("contribution.base_floor", date(2024, 7, 1)): "§4 2024-07..2025-06: 4,492",
    ("contribution.base_ceiling", date(2024, 7, 1)): "§4 2024-07..2025-06: 27,501",
    ("pension.computation_base", date(2024, 1, 1)): "§2 2024 = 11,181",
    ("pension.computation_base", date(2025, 1, 1)): "§2 2025 = 11,293",
    **{("account.interest_rate", date(y, 1, 1)): f"§3 national rate {y}" for y in range(2016, 2025)},
}


def test_only_values_the_policy_notes_state_are_confirmed(params):
    confirmed = {(k, v.effective_from) for k, p in params.parameters.items() for v in p.values
                 if v.confirmed and not v.pending}
    assert confirmed == set(CONFIRMED_IN_POLICY_NOTES)


def test_2025_07_floor_and_ceiling_stay_in_force_open_ended_and_unconfirmed(params):
    """policy.md §4: “from 2025-07: 4,775 / 27,549 (… Shenzhen's own 2025/2026 confirmation UNCONFIRMED)”:
    no end date, so a contribution for 2026-12 uses them, still flagged as unconfirmed."""
    for key, figure in (("contribution.base_floor", 4775), ("contribution.base_ceiling", 27549)):
        entry = params.entry(key, date(2026, 12, 1))
        assert entry.value == figure and entry.effective_to is None and not entry.confirmed
        assert params.decimal(key, date(2031, 1, 1)) == figure
        assert (key, entry) in params.unconfirmed()


def test_certification_cycle_is_an_unconfirmed_agency_setting(params):
    """The standard (5.6.2.1) sets no cycle and policy.md has no certification section: the 12 months
    and counting from the month after the last success are the agency's setting, to be checked."""
    entry = params.entry("certification.cycle_months", date(2026, 12, 1))
    assert entry.value == 12 and not entry.confirmed
    assert "经办机构设定" in entry.source and "待核实" in entry.source and "policy.md" not in entry.source
    assert "次月" in entry.note
    assert ("certification.cycle_months", entry) in params.unconfirmed()
