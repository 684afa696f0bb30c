"""The ``counter-app doctor`` runner: checks the workstation and explains each problem in Chinese.

Core checks (configuration, data directory, store, Qt platform) live here; each adapter area
contributes its own through ``counter_app/<area>/checks.py`` → ``checks(settings) -> list[Check]``.
The providers are imported by name below, so the import graph (and import-linter) sees them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from typing import Callable

from counter_app.config import ConfigError, Settings, default_settings, load_settings
from counter_app.paths import app_paths

from counter_app.health import FAIL, OK, WARN, Check

__all__ = ["FAIL", "OK", "WARN", "Check", "run_checks"]


def _printing():     # CJK font, printers
    from counter_app.printing import checks
    return checks.checks


def _devices():      # PC/SC service and readers, fingerprint devices and the other counter devices
    from counter_app.devices import checks
    return checks.checks


def _sync():         # central service reachable, clock
    from counter_app.sync import checks
    return checks.checks


def _workflows():    # reference data in force (shipped or pulled from the centre)
    from counter_app.workflows import checks
    return checks.checks


CHECK_PROVIDERS: tuple[tuple[str, Callable[[], Callable[[Settings], list[Check]]]], ...] = (
    ("printing", _printing),
    ("devices", _devices),
    ("sync", _sync),
    ("workflows", _workflows),
)


def check_config() -> tuple[Check, Settings]:
    path = app_paths().config_file
    try:
        settings = load_settings(path)
    except ConfigError as exc:
        from counter_app.config import CENTRAL_URL_ENV

        env = any(CENTRAL_URL_ENV in p.key for p in exc.problems)
        in_file = any(CENTRAL_URL_ENV not in p.key for p in exc.problems)
        hint = "".join((["按提示修改配置文件（不要删除它：其中的工作站编号和分局代码不能丢）。"] if in_file or not env else [])
                       + ([f"改正或取消环境变量 {CENTRAL_URL_ENV}（unset {CENTRAL_URL_ENV}）。"] if env else []))
        return Check("config", FAIL, exc.message(), hint), default_settings()
    if not path.exists():
        # the defaults are the demo's (a loopback centre, workstation FT-W01): not a configured window
        return Check("config", WARN,
                     f"未找到配置文件 {path}，使用默认配置（中心服务 {settings.central.url}，"
                     f"工作站 {settings.office.workstation_id}），正式窗口需先配置。",
                     "运行 counter-app config init --interactive（或在图形界面的首次运行向导中）"
                     "设置中心服务地址、分局与窗口。"), settings
    return Check("config", OK, f"配置文件有效：{path}"), settings


def _why_not_writable(exc: OSError) -> str:
    """The reason a directory cannot be written, in Chinese (never the exception's English)."""
    import errno

    reasons = {errno.ENOSPC: "磁盘已满", errno.EROFS: "文件系统为只读", errno.EACCES: "没有写入权限",
               errno.EPERM: "没有写入权限", errno.EEXIST: "同名文件已存在，不是目录",
               errno.ENOTDIR: "路径中有一项是文件，不是目录", errno.EDQUOT: "超出磁盘配额"}
    return reasons.get(exc.errno or 0, "无法写入")


_UNWRITABLE_HINT = ("让该目录可写（重新挂载为可写，或改正属主和权限：chown -R 用户 目录）后重试；"
                    "本机数据没有丢失。")


def check_data_dir() -> Check:
    paths = app_paths()
    try:
        paths.ensure()
        with tempfile.NamedTemporaryFile(dir=paths.data_dir, prefix=".doctor-") as fh:
            fh.write(b"ok")
    except OSError as exc:
        from counter_app.paths import refused_home

        refused = refused_home(exc)      # read-only or not this user's: said as such, naming the directory
        if refused is not None:
            from counter_app.domain.messages import data_dir_message

            return Check("data_dir", FAIL, data_dir_message(*refused), _UNWRITABLE_HINT)
        return Check("data_dir", FAIL, f"数据目录不可写：{paths.data_dir}（{_why_not_writable(exc)}）",
                     "检查目录权限或磁盘空间。")
    return Check("data_dir", OK, f"数据目录可写：{paths.data_dir}")


# a damaged store with no automatic backup beside it: store restore has nothing to take
NO_BACKUP_HINT = ("本机没有可用的自动备份，不要运行 counter-app store restore，也不要删除数据库文件（保留以便修复）。"
                  "如有用 counter-app store backup 做的口令备份，可用 counter-app store restore --backup 该文件 恢复；"
                  "否则请联系技术支持，并联网同步（未同步的业务请从中心核对或补录）。")


def check_database() -> Check:
    from counter_app.storage.db import current_revisions, is_plaintext, known_revisions, make_engine, script_heads

    path = app_paths().database_file
    if not path.exists():
        return Check("database", OK, f"本地数据库尚未创建（首次启动时创建）：{path}")
    try:
        plaintext = path.stat().st_size > 0 and is_plaintext(path)
    except OSError as exc:
        from counter_protocol.file_problems import file_problem

        return Check("database", FAIL, f"无法读取本地数据库 {path}：{file_problem(exc)}", "联系信息技术人员检查数据库文件。")
    key = None
    if not plaintext:
        from counter_app.storage.db import StoreError, _key_for

        try:     # a locked keyring is said as such (as the other commands do), not as a missing key
            key = _key_for(path, create=False)
        except StoreError as exc:
            locked = exc.code == "keyring_locked"
            return Check("database", FAIL, str(exc),
                         "解锁系统密钥环后重试；本机数据没有丢失。" if locked
                         else "解锁系统密钥环，或联系信息技术人员；不要删除数据库文件。")
    engine = make_engine(path, key)
    try:
        current = current_revisions(engine)
    except Exception as exc:
        from counter_app.storage.db import disk_full
        from counter_protocol.file_problems import file_problem

        if disk_full(path, getattr(exc, "orig", None) or exc):    # "disk I/O error": not damage
            return Check("database", FAIL, f"无法打开本地数据库 {path}：磁盘空间已满（{path.parent} 所在的磁盘没有剩余空间）",
                         "清理磁盘空间后重试；数据库没有损坏，不要用备份恢复。")
        from counter_app.paths import refused_home

        refused = refused_home(exc)      # SQLite's "readonly database": the directory, not the file's content
        if refused is not None:
            from counter_app.domain.messages import data_dir_message

            return Check("database", FAIL, f"无法打开本地数据库 {path}：" + data_dir_message(*refused),
                         _UNWRITABLE_HINT + "数据库没有损坏，不要用备份恢复。")
        return Check("database", FAIL, f"无法读取本地数据库 {path}：{file_problem(exc)}", "联系信息技术人员检查数据库文件。")
    finally:
        engine.dispose()
    unknown = current - known_revisions()
    if unknown:
        return Check("database", FAIL, f"数据库由更新版本写入（{', '.join(sorted(unknown))}）", "请安装最新版本的柜面客户端。")
    if not plaintext:
        from counter_app.storage.db import PROBE_SECONDS, StoreCorruptError, list_backups, probe_damage

        try:    # a damaged page opens (header, schema version) and fails the command that reads it
            damage, finished = probe_damage(path, key)
        except Exception:   # busy, unreadable: the quick check could not run; the schema above could
            damage, finished = None, False
        if damage:
            backups = list_backups(path)
            return Check("database", FAIL, str(StoreCorruptError(path, damage, backups)),
                         "运行 counter-app store restore 恢复最近的可用备份（损坏的文件会保留）；不要删除数据库文件。"
                         if backups else NO_BACKUP_HINT)
        if not finished:
            return Check("database", WARN, f"本地数据库较大，{PROBE_SECONDS:.0f} 秒内只逐页检查了一部分，未发现损坏"
                                           f"（结构版本 {', '.join(sorted(current))}）",
                         "需要完整检查时运行 counter-app store check（大的数据库需一两分钟）。")
    if plaintext:
        return Check("database", WARN, "本地数据库未加密（下次启动时自动加密，密钥存入系统密钥环）。")
    if current != script_heads():
        return Check("database", WARN, "数据库结构需要升级（启动时自动备份并升级）。")
    return Check("database", OK, f"数据库结构为最新版本（{', '.join(sorted(current))}）")


# The probe also counts references to None lost by Qt calls that return nothing. PySide6 6.12.0
# on Python 3.11 drops one per such call (QLabel.setText, QTimer.setInterval…): once the count
# reaches zero Python aborts ("none_dealloc"), so a window left open for days dies. On Python 3.12+
# None is immortal and the count never moves. requirements/lock.txt pins a release without it.
_QT_PROBE = (
    "import sys\n"
    "from PySide6.QtCore import QObject\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "probe = QObject()\n"
    "before = sys.getrefcount(None)\n"
    "for _ in range(200):\n"
    "    probe.setObjectName('probe')\n"
    "lost = before - sys.getrefcount(None)\n"
    "print(app.platformName())\n"
    "print(lost)\n"
)
_QT_LOST_NONE_LIMIT = 20          # of 200 calls: one lost per call is the defect, a few are noise


def check_qt_platform() -> Check:
    env = dict(os.environ)
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) or sys.platform == "win32"
    try:
        # in the bundle there is no "python -c": the program runs the same probe itself
        from counter_app.launcher import frozen, self_command

        cmd = self_command("doctor", "--qt-probe") if frozen() else [sys.executable, "-c", _QT_PROBE]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("qt_platform", FAIL, f"无法启动 Qt 检测：{exc}")
    if proc.returncode == 0:
        return _qt_probe_answer(proc.stdout)
    if not has_display and not env.get("QT_QPA_PLATFORM"):
        return Check(
            "qt_platform", WARN, "没有图形显示（未设置 DISPLAY），无法显示窗口。",
            "在无显示器的机器上可用 xvfb-run -a counter-app 运行，或设置 QT_QPA_PLATFORM=offscreen。",
        )
    tail = (proc.stderr.strip().splitlines() or ["未知错误"])[-1]
    return Check(
        "qt_platform", FAIL, f"Qt 平台插件无法加载：{tail}",
        "安装 Qt 运行库（libxcb-cursor0、libxkbcommon-x11-0、libegl1 等），见 README。",
    )


def _qt_probe_answer(stdout: str) -> Check:
    """The probe's two lines: the platform plugin, and the references to None 200 calls lost."""
    lines = stdout.strip().splitlines()
    platform = lines[0].strip() if lines else ""
    try:
        lost = int(lines[1]) if len(lines) > 1 else 0
    except ValueError:
        lost = 0
    if lost > _QT_LOST_NONE_LIMIT:
        from importlib.metadata import PackageNotFoundError, version

        try:
            binding = f"PySide6 {version('PySide6')}"
        except PackageNotFoundError:
            binding = "PySide6"
        python = ".".join(str(v) for v in sys.version_info[:3])
        return Check("qt_platform", FAIL,
                     f"{binding} 在 Python {python} 上有引用计数缺陷（200 次调用丢失 {lost} 个引用），"
                     "柜面客户端长时间运行后会异常退出",
                     "安装 requirements/lock.txt 锁定的 PySide6 版本（make setup），或改用 Python 3.12 以上。")
    return Check("qt_platform", OK, f"Qt 平台插件可用：{platform}")


def check_program() -> Check:
    """Which build this is (counter_protocol.build): IT compares it with the other workstations'
    (``counter-central workstations list``) and with the centre's (the central check below)."""
    from counter_protocol.build import UNKNOWN, build_id, full_version
    from counter_protocol.sync import PROTOCOL_VERSION

    text = f"柜面客户端 {full_version()}（同步协议 {PROTOCOL_VERSION}）"
    if build_id() == UNKNOWN:
        return Check("program", WARN, text + "：构建标识未知",
                     "用正式安装包（make package / 安装程序）安装，或在 git 检出目录中运行，以便区分各个构建。")
    return Check("program", OK, text)


def check_time_zone(now: datetime | None = None) -> Check:
    """Whether this PC's clock is set to Beijing time (UTC+8). 办件编号, 今日办件 and the date
    printed on a 文书 take the Beijing day whatever the PC's zone; what still follows the PC's zone
    are the times the window and the CLI show (a case's 更新时间, a step's time) and the dates the
    acceptance conditions are judged on (an age on the day) — a PC left on UTC shows them 8 hours
    behind."""
    moment = (now or datetime.now()).astimezone()
    offset = moment.utcoffset() or timedelta(0)
    if offset == timedelta(hours=8):
        return Check("time_zone", OK, f"本机时区为北京时间（{moment.tzname() or 'UTC+8'}）")
    hours = offset.total_seconds() / 3600
    return Check("time_zone", WARN, f"本机时区不是北京时间（当前为 UTC{hours:+g}）：办件编号、今日办件和文书落款日期已按北京时间计算，"
                                    "但界面显示的时间和受理条件的判断日期仍按本机时区，与北京时间可能相差一天",
                 "把系统时区设为 Asia/Shanghai（Windows：“(UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐”），再重新启动柜面客户端。")


def run_checks(include_qt: bool = True) -> list[Check]:
    config_check, settings = check_config()
    results = [check_program(), config_check, check_time_zone(), check_data_dir(), check_database()]
    if include_qt:
        results.append(check_qt_platform())
    for area, load in CHECK_PROVIDERS:
        try:
            provider = load()
        except ImportError as exc:  # a broken install: say so, never skip silently
            results.append(Check(area, FAIL, f"检查模块无法加载：{exc}", "重新安装柜面客户端（make setup）。"))
            continue
        try:
            results.extend(provider(settings))
        except Exception as exc:  # a check must never crash the doctor
            from counter_app.domain.messages import data_dir_message, plain_message
            from counter_app.paths import refused_home

            refused = refused_home(exc)     # this workstation's directory refuses writes: named, as data_dir says
            if refused is not None:
                results.append(Check(area, FAIL, f"检查时出错：{data_dir_message(*refused)}", _UNWRITABLE_HINT))
                continue
            where = f"（{exc.filename}）" if isinstance(exc, OSError) and exc.filename else ""
            results.append(Check(area, FAIL, f"检查时出错：{plain_message(exc)}{where}",
                                 "先处理上面的失败项；仍出错时把 counter-app doctor --json 的结果交给运维。"))
    return results
