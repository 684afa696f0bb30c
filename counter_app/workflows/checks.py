"""Doctor checks of the workflows: which reference data (业务目录、政策参数) is in force here."""

from __future__ import annotations

from counter_app.config import Settings
from counter_app.doctor import OK, WARN, Check


def checks(settings: Settings) -> list[Check]:
    from counter_app.paths import app_paths

    database = app_paths().database_file
    if not database.exists():
        return [Check("reference", OK, "本机尚无数据库：使用随程序发布的业务目录和政策参数")]
    from sqlalchemy.exc import SQLAlchemyError

    from counter_app.storage.db import Store, make_engine
    from counter_app.workflows.reference import TITLES, catalog_in_force, params_in_force

    store = Store(database, make_engine(database))   # read only: no migration, no backup
    out = []
    try:
        for name, resolve in (("catalog", catalog_in_force), ("policy_params", params_in_force)):
            try:
                found = resolve(store)
            except SQLAlchemyError as exc:
                return [Check("reference", WARN, f"无法读取本机数据库，未能核对参考数据：{exc.__class__.__name__}",
                              "先处理数据库检查项中的问题（启动一次柜面客户端会自动升级数据库）。")]
            if found.problem:
                out.append(Check(f"reference.{name}", WARN, found.problem,
                                 f"暂按随程序发布的{TITLES[name]}办理；请管理员在中心重新发布有效的版本。"))
            else:
                out.append(Check(f"reference.{name}", OK, f"{TITLES[name]}：{found.source}"))
    finally:
        store.close()
    return out
