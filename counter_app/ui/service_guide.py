"""打印服务指南… (7.5.1 服务信息公开): the main window's menu action. The clerk picks a service, or
every service; the workflow (counter_app.workflows.service_guide) renders the guide and queues it on a
worker thread. The widget holds no business sequence: a list to choose from, then one workflow call."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.tasks import task_runner

if TYPE_CHECKING:
    from counter_app.app_context import AppContext
    from counter_app.workflows.service_guide import GuideChoice, GuidePrinted

log = logging.getLogger(__name__)

ALL_SERVICES = "*"      # the chooser's answer for 全部业务事项 (one PDF)

# GuideRefused's codes (counter_app.domain.service_guide.REFUSALS, {0} there is %1 here) worded through
# tr(): the workflow's sentence is Chinese for the CLI and the log. tests/ui/test_service_guide_action.py
# checks that these are the domain's current wording.
REFUSALS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "none_chosen": QT_TRANSLATE_NOOP("GuideRefusals", "请选择要打印服务指南的业务事项"),
    "unknown_service": QT_TRANSLATE_NOOP("GuideRefusals", "业务目录（%1）中没有业务事项「%2」；可打印的事项：%3"),
    "no_channels": QT_TRANSLATE_NOOP(
        "GuideRefusals", "%1（分局代码 %2）未设置投诉渠道：服务指南须公示投诉渠道（DB4403/T 254.1—2022 7.5.1 服务信息公开），"
                         "本次未打印。请系统管理员在分局文书事项（offices）中为本分局设置 complaint_channels（如 电话、地址、网站）"
                         "并由中心发布，同步后再打印。"),
    "render_failed": QT_TRANSLATE_NOOP("GuideRefusals", "无法生成服务指南：%1"),
}
LIST_SEPARATOR = QT_TRANSLATE_NOOP("GuideRefusals", "、")


def refusal_text(exc: BaseException) -> str:
    """A :class:`GuideRefused` in the language of the UI, from its code and parameters; one without a
    known code as it is (Chinese)."""
    from counter_app.ui.store_errors import fill_params

    code, params = getattr(exc, "code", ""), tuple(getattr(exc, "params", ()))
    if code not in REFUSALS:
        return str(exc)
    if code == "unknown_service":         # the codes that can be printed, joined by the UI's separator
        sep = QCoreApplication.translate("GuideRefusals", str(LIST_SEPARATOR))
        params = (*params[:2], sep.join(params[2].split("、")) if len(params) > 2 else "")
    return fill_params(QCoreApplication.translate("GuideRefusals", str(REFUSALS[code])), params)


class ServiceGuideChooser:
    """Which service's 服务指南 to print: a service code, :data:`ALL_SERVICES`, or None (cancelled)."""

    @classmethod
    def ask(cls, choices: "list[GuideChoice]", parent: QWidget | None = None) -> str | None:
        every = QCoreApplication.translate("ServiceGuideChooser", "全部业务事项（合为一份）")
        named = QCoreApplication.translate("ServiceGuideChooser", "%1（%2）")     # name (code)
        items = [named.replace("%2", c.code).replace("%1", catalog_tr(c.name)) for c in choices] + [every]
        item, ok = QInputDialog.getItem(
            parent, QCoreApplication.translate("ServiceGuideChooser", "打印服务指南"),
            QCoreApplication.translate("ServiceGuideChooser", "选择业务事项（服务指南公示服务内容、依据、程序、时限、"
                                                               "申请材料和投诉渠道）："), items, 0, False)
        if not ok or not item:
            return None
        if item == every:
            return ALL_SERVICES
        return choices[items.index(item)].code


def print_service_guide(ctx: "AppContext", parent: QWidget, *, done: Callable[["GuidePrinted"], None],
                        failed: Callable[[BaseException], None]) -> None:
    """The services (worker), the clerk's choice (GUI), then one workflow call (worker)."""

    def choices():
        from counter_app.workflows.service_guide import services

        return services(ctx.open_store())

    def chosen(options: "list[GuideChoice]") -> None:
        code = ServiceGuideChooser.ask(options, parent)
        if code is None:
            return
        settings, clerk = ctx.settings, ctx.actor

        def work():
            from counter_app.app_context import print_queue
            from counter_app.workflows.service_guide import print_guides

            store = ctx.open_store()
            return print_guides(store, print_queue(ctx), None if code == ALL_SERVICES else [code],
                                office=settings.office.name, office_code=settings.office.code,
                                font_path=settings.ui.font_path, copies=settings.printer.copies, clerk=clerk)

        task_runner().run(work, done, failed, owner=parent)

    task_runner().run(choices, chosen, failed, owner=parent)
