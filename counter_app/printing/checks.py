"""Doctor checks of the printing area: a CJK font for notices, the print service and the printer."""

from __future__ import annotations

import shutil

from counter_app.config import Settings
from counter_app.health import FAIL, OK, WARN, Check


def check_font(settings: Settings) -> Check:
    from counter_app.printing.fonts import FontError, find_cjk_font

    try:
        font = find_cjk_font(settings.ui.font_path)
    except FontError as exc:
        hint = ("检查配置文件 [ui] font_path 指向的字体文件，或清空该项以自动查找。" if settings.ui.font_path else
                "Linux/统信 UOS：安装 fonts-wqy-zenhei（或 fonts-lxgw-wenkai）；Windows：确认 C:\\Windows\\Fonts 中有宋体或仿宋。")
        return Check("notice_font", FAIL, str(exc), hint)
    return Check("notice_font", OK, f"告知书字体：{font.family or font.path.name}（{font.path}）")


def check_printers(settings: Settings) -> list[Check]:
    """The backend the print queue really uses (printing.backends), then its printer."""
    from counter_app.printing.backends import QT, configured_name

    if configured_name(settings) == QT:
        return check_qt_printers(settings)
    from counter_app.printing.cups import CupsPrinters, PrinterError

    if not shutil.which("lpstat"):
        return [Check("print_service", FAIL, "未安装 CUPS 打印工具（lpstat）。", "安装 cups 与 cups-client 软件包。")]
    cups = CupsPrinters(timeout=10)
    if not cups.scheduler_running():
        return [Check("print_service", FAIL, "打印服务（CUPS）未运行，告知书无法打印（仍会保存在打印队列中）。",
                      "启动打印服务：systemctl start cups（无 systemd 时：cupsd）。")]
    out = [Check("print_service", OK, "打印方式：CUPS 打印服务（lp / lpstat），运行中。"), check_job_files()]
    try:
        name = settings.printer.name or cups.default_queue() or ""
    except PrinterError as exc:
        return out + [Check("printer", FAIL, str(exc))]
    if not name:
        out.append(Check("printer", WARN, "未配置打印机，系统也没有默认打印机。",
                         "在配置文件 [printer] name 填写打印机队列名（lpstat -e 可列出）。"))
        return out
    status = cups.status(name)
    if not status.exists:
        out.append(Check("printer", FAIL, f"配置的打印机队列 {name} 不存在。",
                         "用 lpstat -e 查看可用队列，修改配置文件 [printer] name。"))
    elif not status.ready:
        out.append(Check("printer", WARN, status.detail or f"打印机 {name} 当前不能打印。",
                         f"检查打印机电源、纸张和连接后执行 cupsenable {name} 与 cupsaccept {name}。"))
    else:
        out.append(Check("printer", OK, f"打印机 {name} 已启用并接受任务。"))
    return out


def check_qt_printers(settings: Settings) -> list[Check]:
    """The system's printers as Qt print support sees them (Windows: the spooler)."""
    from counter_app.printing.cups import PrinterError
    from counter_app.printing.qtprint import QtPrinters

    qt = QtPrinters()
    try:
        names = qt.queues()
        default = qt.default_queue()
    except PrinterError as exc:
        return [Check("print_service", FAIL, f"打印方式：系统打印队列（Qt 打印支持），不可用：{exc}")]
    if not names:
        return [Check("print_service", FAIL, "打印方式：系统打印队列（Qt 打印支持），但系统中没有打印机，告知书无法打印"
                      "（仍会保存在打印队列中）。",
                      "在 Windows“设置 → 打印机和扫描仪”中添加打印机（Windows 需启动 Print Spooler 服务）。")]
    out = [Check("print_service", OK, f"打印方式：系统打印队列（Qt 打印支持），可用打印机 {len(names)} 台。"
                 "打印时按原尺寸（100%）输出图像，系统不回报纸张是否已打出。")]
    name = settings.printer.name or default or ""
    if not name:
        out.append(Check("printer", WARN, "未配置打印机，系统也没有默认打印机。",
                         "在配置文件 [printer] name 填写打印机名称（与系统“打印机和扫描仪”中的名称一致），或设置系统默认打印机。"))
        return out
    status = qt.status(name)
    if not status.exists:
        out.append(Check("printer", FAIL, f"配置的打印机 {name} 不存在。",
                         f"系统中的打印机：{'、'.join(names)}；修改配置文件 [printer] name。"))
    elif not status.ready:
        out.append(Check("printer", WARN, status.detail or f"打印机 {name} 当前不能打印。",
                         "检查打印机电源、纸张和连接，并在系统的打印队列中清除出错的任务。"))
    else:
        out.append(Check("printer", OK, f"打印机 {name} 可以接受任务。"))
    return out


# CUPS 2.4 keeps a printed job's document for a day unless cupsd.conf says otherwise (cupsd.conf(5))
_PRESERVE_DEFAULT = "86400"
_NOT_PRESERVED = {"no", "off", "false", "0"}


def preserve_job_files(conf_text: str) -> str:
    """The ``PreserveJobFiles`` value a cupsd.conf sets (top level), or the default when it sets none."""
    value, depth = _PRESERVE_DEFAULT, 0
    for raw in conf_text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("</"):
            depth = max(0, depth - 1)
        elif line.startswith("<"):
            depth += 1
        elif depth == 0 and line:
            key, _, rest = line.partition(" ")
            if key.lower() == "preservejobfiles" and rest.strip():
                value = rest.strip()
    return value


def check_job_files() -> Check:
    """Printed notices must not stay in the CUPS spool (/var/spool/cups/d…): the job files carry the
    applicant's name and ID number in clear, and the app cannot cancel a completed job. Reads the local
    scheduler's cupsd.conf (world-readable; ``CUPS_SERVERROOT`` honoured as by CUPS)."""
    import os
    from pathlib import Path

    conf = Path(os.environ.get("CUPS_SERVERROOT") or "/etc/cups") / "cupsd.conf"
    hint = "由管理员执行：sudo cupsctl PreserveJobFiles=No（安装程序会自动设置；修改后打印服务自动重启）。"
    try:
        value = preserve_job_files(conf.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return Check("print_job_files", WARN, f"读不了打印服务的配置 {conf}，无法确认已打印的文书是否留在打印服务的缓存中。",
                     "确认已打印的任务不保留文件：" + hint)
    if value.lower() in _NOT_PRESERVED:
        return Check("print_job_files", OK, "打印服务不保留已打印任务的文件（PreserveJobFiles No）。")
    how_long = "一天" if value == _PRESERVE_DEFAULT else f"（PreserveJobFiles {value}）"
    return Check("print_job_files", WARN,
                 f"打印服务在打印完成后仍保留任务文件{how_long}：已打印的告知书（含姓名、证件号码）以明文留在 "
                 "/var/spool/cups 中。", hint)


def check_render_process(settings: Settings) -> Check:
    """The window's render process (``counter-app notice serve``, printing.render_host) starts and
    renders a sample (fictional data) with the configured font."""
    import time

    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.errors import RenderError
    from counter_app.printing.render_host import LOG_FILE, RenderHost, RenderHostError
    from counter_app.printing.samples import sample_fields

    def no_fallback(*_args, **_kwargs) -> bytes:   # the check asks the child, never this process
        raise RenderHostError("文书生成进程没有应答")

    kind = DocumentKind.guidance_notice
    host = RenderHost.of_this_program(no_fallback)
    t0 = time.monotonic()
    try:
        pdf = host.render(kind, sample_fields(kind), "doctor", font_path=settings.ui.font_path)
    except (RenderHostError, RenderError) as exc:
        return Check("render_process", WARN,
                     f"文书生成进程不可用：{str(exc).rstrip('。')}。告知书改在窗口进程内生成，打印时窗口可能短暂卡顿。",
                     f"重新安装柜面客户端；仍不行时把日志 {LOG_FILE} 与 counter-app doctor --json 的结果交给运维。")
    finally:
        host.close()
    seconds = time.monotonic() - t0
    if not pdf.startswith(b"%PDF"):
        return Check("render_process", WARN, "文书生成进程的样张不是 PDF。", "重新安装柜面客户端。")
    return Check("render_process", OK, f"文书生成进程：启动并生成样张用时 {seconds:.1f} 秒。")


def checks(settings: Settings) -> list[Check]:
    return [check_font(settings), check_render_process(settings), *check_printers(settings)]
