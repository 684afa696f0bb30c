"""Why a print job waits or where it went (the print queue's 说明), in the language of the UI.

The printing layer keeps a job's ``detail`` as the Chinese sentence it composed (counter_app.printing:
cups.CupsPrinters' and qtprint.QtPrinters' PrinterStatus.detail and PrinterError, printqueue.PrintQueue's own details): it is
stored with the job and read by the CLI as it is. Each sentence is listed here (context
``PrintWords``; a printer's name, CUPS's words, a job id is ``%1`` …) and worded through tr() when
shown (:func:`counter_app.ui.messages.composed_text`); a detail not listed is shown as it is.

tests/unit/app/test_print_words.py reads the printing layer's source and checks that every detail
it composes is listed here and has an English entry.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

TEMPLATES = (   # object: QT_TRANSLATE_NOOP's type; a str at run time
    # counter_app.printing.cups
    QT_TRANSLATE_NOOP("PrintWords", "未安装 CUPS 打印工具（找不到 %1），请安装 cups-client。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印服务无响应（%1 超时）。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印服务无响应（查询任务状态超时）。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印服务（CUPS）未运行。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机“%1”不存在或未添加。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 缺纸或卡纸（%2）。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 已停用（脱机）。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 暂不接受打印任务。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 报告故障（%2）。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印内容为空，未发送。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印任务提交失败：%1"),
    QT_TRANSLATE_NOOP("PrintWords", "无法向打印服务查询任务状态：%1。"),
    # counter_app.printing.qtprint (Qt print support: the Windows spooler)
    QT_TRANSLATE_NOOP("PrintWords", "本程序的 Qt 环境不支持打印（不是图形程序）。"),
    QT_TRANSLATE_NOOP("PrintWords", "Qt 打印只能在启动了图形界面的程序中使用。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印内容不是可读的 PDF，未发送。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 不支持 %2 纸张，未打印。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 无法开始打印任务。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 无法开始新的一页。"),
    QT_TRANSLATE_NOOP("PrintWords", "第 %1 页无法绘制，未打印。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印机 %1 的打印队列未接收打印任务。"),
    # counter_app.printing.printqueue
    QT_TRANSLATE_NOOP("PrintWords", "已交 %1 的系统打印队列（不回报是否已打出）"),
    QT_TRANSLATE_NOOP("PrintWords", "本机已没有这份打印任务的内容，请从文书记录重新打印或补打。"),
    QT_TRANSLATE_NOOP("PrintWords", "未配置打印机，也没有系统默认打印机。"),
    QT_TRANSLATE_NOOP("PrintWords", "已发送至 %1（%2）"),
    QT_TRANSLATE_NOOP("PrintWords", "%1 已打印完成"),
    QT_TRANSLATE_NOOP("PrintWords", "打印服务中找不到任务 %1，请重试。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印服务已恢复，任务仍在 %1 的打印队列中（%2）"),
    QT_TRANSLATE_NOOP("PrintWords", "打印任务在打印服务中被取消（%1），请重试。"),
    QT_TRANSLATE_NOOP("PrintWords", "打印任务被打印服务中止（打印机故障，%1），请重试。"),
    QT_TRANSLATE_NOOP("PrintWords", "无法从打印服务撤回任务 %1。"),
    # a retry / move / cancel refused while CUPS cannot say whether the earlier job is still queued
    # (PrintQueueError; %3 is one of the details above, %4 one of the WORDS below)
    QT_TRANSLATE_NOOP("PrintWords", "无法确认打印任务 %1 上次发送的 %2 是否仍在打印服务中：%3为免重复打印，暂不%4；请待打印服务恢复后再试。"),
)

# the words the printing layer puts into a detail (打印任务提交失败：未知错误) or a refusal (暂不重新发送)
WORDS = (QT_TRANSLATE_NOOP("PrintWords", "未知错误"), QT_TRANSLATE_NOOP("PrintWords", "重新发送"),
         QT_TRANSLATE_NOOP("PrintWords", "改送"), QT_TRANSLATE_NOOP("PrintWords", "取消"),
         # what Qt print support says of a printer (打印机 %1 报告故障（出错）)
         QT_TRANSLATE_NOOP("PrintWords", "出错"), QT_TRANSLATE_NOOP("PrintWords", "已中止"))


def print_detail_text(detail: str | None) -> str:
    """A print job's detail in the language of the UI; "" for none, one not listed as it is."""
    if not detail:
        return ""
    from counter_app.ui.words import word

    worded = word(detail)                     # 已取消: a job state's word (context Words)
    if worded != detail:
        return worded
    from counter_app.ui.messages import composed_text

    return composed_text(detail, TEMPLATES, "PrintWords", _word)


def _word(param: str) -> str:
    if param in WORDS:
        return QCoreApplication.translate("PrintWords", param)
    if "%" not in param:                        # a detail inside a refusal (%3), itself worded
        from counter_app.ui.messages import composed_text

        return composed_text(param, TEMPLATES, "PrintWords", lambda p: QCoreApplication.translate("PrintWords", p)
                             if p in WORDS else p)
    return param
