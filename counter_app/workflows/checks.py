"""Doctor checks of the workflows: which reference data (业务目录、政策参数、分局文书事项) is in force here."""

from __future__ import annotations

from counter_app.config import Settings
from counter_app.health import OK, WARN, Check


def checks(settings: Settings) -> list[Check]:
    from counter_app.workflows.reference import CATALOG, OFFICES, POLICY_PARAMS, TITLES, in_force_on_this_workstation

    out = []
    for name in (CATALOG, POLICY_PARAMS, OFFICES):
        found = in_force_on_this_workstation(name)
        if found.problem:
            out.append(Check(f"reference.{name}", WARN, found.problem,
                             f"暂按随程序发布的{TITLES[name]}办理；数据库问题见数据库检查项（启动一次柜面客户端会自动升级），"
                             "中心发布的版本无效时请管理员重新发布有效的版本。"))
        else:
            out.append(Check(f"reference.{name}", OK, f"{TITLES[name]}：{found.source}"))
    return out
