"""``counter-app approvals dashboard``'s text reads Chinese: states and services by name, counts as
「… N 件」, and 无 where there is no figure (was: Python dicts of English codes and None)."""

from __future__ import annotations

from counter_app.cli.approvals import _print_figures


def _figures(**over) -> dict:
    f = {"day": "2026-12-06", "total": 5, "by_state": {"accepted": 3, "archived": 2},
         "by_service": {"pension": 1, "reg_enroll": 4}, "by_clerk": {"clerk01": 5},
         "decision_minutes_avg": None, "decision_minutes_max": None, "approvals_pending": 0,
         "approvals_wait_minutes_max": None, "ratings": {}, "rating_avg": None, "dissatisfied": 0,
         "overdue": [], "overdue_by_clerk": {}, "finished_late": 0, "calendar_covers_day": True}
    f.update(over)
    return f


def test_the_dashboard_text_names_states_and_services_in_chinese_and_says_none_as_wu(capsys):
    _print_figures("本机", _figures())
    out = capsys.readouterr().out
    assert "已受理（办理中） 3 件" in out and "归档 2 件" in out
    assert "参保登记 4 件" in out or "reg_enroll" not in out
    for raw in ("accepted", "archived", "pension", "reg_enroll", "None", "{", "}"):
        assert raw not in out, raw
    assert "最长已等 无" in out and "平均 无" in out and "评价 无" in out
    _print_figures("本机", _figures(decision_minutes_avg=10.5, decision_minutes_max=12, ratings={5: 1}, rating_avg=5.0))
    out = capsys.readouterr().out
    assert "平均 10.5 分钟" in out and "5 分 1 件" in out
