"""Doctor checks of the workflows: which reference data (业务目录、政策参数、分局文书事项) is in force here,
and whether the 节假日日历 covers the days ahead."""

from __future__ import annotations

from datetime import date, timedelta

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
            out.append(Check(f"reference.{name}", OK, f"{TITLES[name]}：{found.source}{found.upcoming_text()}"))
        if name == OFFICES:
            out += complaint_channel_checks(settings, found.value)
    return out + holiday_checks() + archive_checks(settings)


HOLIDAY_HORIZON_DAYS = 60   # 办理时限 run weeks ahead: a year the calendar lacks is said this long before


def holiday_checks(today: date | None = None) -> list[Check]:
    """The 节假日日历 办理时限 are counted on (shipped and published years, calendar_in_force) covers
    today and the next 60 days; a year it does not cover would count its holidays as working days."""
    from counter_app.workflows.reference import HOLIDAYS, calendar_years_text, in_force_on_this_workstation

    found = in_force_on_this_workstation(HOLIDAYS)
    if today is None:
        from datetime import datetime

        from counter_protocol.clock import BEIJING

        today = datetime.now(BEIJING).date()
    horizon = today + timedelta(days=HOLIDAY_HORIZON_DAYS)
    missing = [year for year in range(today.year, horizon.year + 1) if not found.value.covers(year)]
    out = []
    if found.problem:
        out.append(Check("reference.holidays_problem", WARN, found.problem,
                         "请管理员改正后用新的版本号重新发布 holidays（见 docs/deployment.md）。"))
    if missing:
        years = "、".join(str(y) for y in missing)
        out.append(Check("reference.holidays", WARN,
                         f"节假日日历未覆盖 {years} 年（已有 {calendar_years_text(found.value)} 年）：该年的办理时限只按周末计算，"
                         "法定节假日会被算作工作日",
                         f"国务院办公厅公布 {years} 年节假日安排后，管理员按 docs/deployment.md 整理为 holidays-{missing[0]}.json，"
                         "用 counter-central reference publish holidays 发布；本机同步后生效。"))
    else:
        out.append(Check("reference.holidays", OK,
                         f"节假日日历：{calendar_years_text(found.value)} 年（{found.source}）"))
    return out


def complaint_channel_checks(settings: Settings, offices) -> list[Check]:
    """This office's 投诉渠道 (reference data ``offices``, ``complaint_channels``): the printed 服务指南
    must show them (7.5.1) and is refused without — a warning until the centre publishes them."""
    from counter_app.config import OfficeMode
    from counter_app.domain.service_guide import missing_channels_message
    from counter_rules.offices import CHANNELS_KEY, OfficeFacts

    if settings.office.mode is not OfficeMode.counter:
        return []                   # a field laptop prints no 服务指南
    office = settings.office
    channels = offices.get(office.code, OfficeFacts()).complaint_channels
    if not channels:
        return [Check("reference.complaint_channels", WARN, missing_channels_message(office.name, office.code, refused=False),
                      f"在分局文书事项文件中为分局 {office.code} 填写 {CHANNELS_KEY}，用 counter-central reference "
                      "publish offices 发布（见 docs/deployment.md），本机同步后生效。")]
    return [Check("reference.complaint_channels", OK,
                  f"投诉渠道：{'、'.join(c.kind for c in channels)}（{len(channels)} 项，服务指南据此打印）")]


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
