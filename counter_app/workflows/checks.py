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
    return out + archive_checks(settings)


def archive_checks(settings: Settings) -> list[Check]:
    """已归档却没有档案包的办件 (a 归档 whose package failed after it was committed, in an earlier release)."""
    from sqlalchemy.exc import SQLAlchemyError

    from counter_app.paths import app_paths
    from counter_app.printing.archive_package import archived_without_package
    from counter_app.storage.db import Store, StoreError

    path = app_paths().database_file
    if not path.exists():
        return []
    try:
        store = Store.open(path, migrate=False)
    except StoreError:
        return []                  # the database check says why
    try:
        missing = archived_without_package(store)
    except SQLAlchemyError as exc:
        return [Check("archive.packages", WARN, f"无法核对档案包：{exc.__class__.__name__}")]
    finally:
        store.close()
    if missing:
        shown = "、".join(m["case_no"] for m in missing[:5]) + ("等" if len(missing) > 5 else "")
        return [Check("archive.packages", WARN, f"{len(missing)} 个已归档的办件没有档案包：{shown}",
                      "用 counter-app archive missing --write 补写（由窗口经办人或科长登录）。")]
    return [Check("archive.packages", OK, "已归档的办件都有档案包")]
