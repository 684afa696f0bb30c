"""打印服务指南… (7.5.1 服务信息公开): the main window's menu action. The clerk picks a service, or
every service; the workflow (counter_app.workflows.service_guide) renders the guide and queues it on a
worker thread. The widget holds no business sequence: a list to choose from, then one workflow call."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.tasks import task_runner

if TYPE_CHECKING:
    from counter_app.app_context import AppContext
    from counter_app.workflows.service_guide import GuideChoice, GuidePrinted

log = logging.getLogger(__name__)

ALL_SERVICES = "*"      # the chooser's answer for 全部业务事项 (one PDF)


class ServiceGuideChooser:
    """Which service's 服务指南 to print: a service code, :data:`ALL_SERVICES`, or None (cancelled)."""

    @classmethod
    def ask(cls, choices: "list[GuideChoice]", parent: QWidget | None = None) -> str | None:
        every = QCoreApplication.translate("ServiceGuideChooser", "全部业务事项（合为一份）")
        items = [f"{catalog_tr(c.name)}（{c.code}）" for c in choices] + [every]
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
