"""What ``counter-app sync run`` prints without --json: one Chinese finding per line, only the
findings the round had."""

from counter_app.cli.sync import report_lines
from counter_app.sync.worker import SyncReport


def test_a_plain_round_says_what_was_sent_and_pulled_and_nothing_else():
    lines = report_lines(SyncReport(pushed=12, synced=10, rejected=1, conflict=1, pulled=3))
    assert lines == ["发送 12 条：已同步 10，被拒绝 1，冲突 1；拉取中心更新 3 条"]


def test_floors_inbox_error_and_clock_are_each_reported():
    report = SyncReport(pushed=2, synced=2, resent_missing=2, number_floors_raised=1, inbox_applied=2, inbox_unapplied=1, inbox_failed=1,
                        error="中心服务无法连接", clock_skew_seconds=-420.0)
    lines = report_lines(report)
    assert lines[1] == "核对发现中心缺少 2 条已同步的记录（中心数据可能已从备份恢复），已重新发送"
    assert lines[2] == "文号下限已按中心记录提高 1 个系列（本机数据曾从备份恢复）"
    assert lines[3] == "中心的办件更新：已应用 2 条，未能应用（已记录原因）1 条，出错待下次重试 1 条"
    assert lines[4] == "未完成：中心服务无法连接"
    assert "420 秒" in lines[5] and len(lines) == 6


def test_a_skipped_round_says_why():
    assert report_lines(SyncReport(skipped="另一个同步进程正在运行")) == ["另一个同步进程正在运行"]


def test_entries_the_centre_had_set_aside_are_reported_restored_refused_or_cleared():
    lines = report_lines(SyncReport(online=True, restored=2, restore_refused=1, restore_cleared=1))
    assert lines[1:] == [
        "中心有 2 条本机已同步的记录在中心数据库被改动、已被移出，本机已重新发送原内容，中心核对一致后已恢复（业务未重复办理）",
        "中心移出的记录中有 1 条与本机发送的内容不一致，中心未恢复：请联系信息技术人员核对",
        "中心移出的记录中有 1 条本机已按期清除其内容，无法重新发送：请联系信息技术人员"]
    assert report_lines(SyncReport(online=True))[1:] == []
