"""``counter-app services`` lists each 办理时限 with where it comes from: the 45 / 15 / 20 working days
are the agency's (in neither the standard nor shared/notes/policy.md), never a bare 时限：20个工作日."""

from __future__ import annotations

import json

from counter_app.cli.main import main


def test_the_listing_says_an_agency_set_limit_is_agency_set(capsys, app_home):
    assert main(["services", "--code", "pension"]) == 0
    out = capsys.readouterr().out
    assert "时限：20个工作日（经办机构设定）" in out
    assert main(["services", "--code", "reg_enroll"]) == 0
    assert "时限：即时办结（DB4403/T 254.1—2022 6.1.1.2.3）" in capsys.readouterr().out
    assert main(["services", "--code", "transfer_in", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["time_limit"]["working_days"] == 45 and item["time_limit"]["basis"] == "经办机构设定"
