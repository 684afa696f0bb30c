"""帮助 › 关于: the build this workstation runs, its store's schema, the centre it syncs with and
whether that centre speaks this build's sync protocol (counter_app.workflows.about gathers them;
the box only shows them, worded again on a language switch)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from counter_app.workflows.about import AboutFacts


class AboutDialog(QDialog):
    """The facts IT asks a clerk to read out, each selectable (to copy into a ticket)."""

    ROWS = ("build", "protocol", "schema", "centre_url", "centre_version", "compatible")

    def __init__(self, facts: "AboutFacts", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.facts = facts
        self.form = QFormLayout()
        self.captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in self.ROWS:
            caption, value = QLabel(self), QLabel(self)
            value.setObjectName(f"about_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.captions[key], self.values[key] = caption, value
            self.form.addRow(caption, value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def text(self, key: str) -> str:
        return self.values[key].text()

    def retranslate(self) -> None:
        f = self.facts
        self.setWindowTitle(self.tr("关于社保窗口柜面系统"))
        for key, caption in (("build", self.tr("构建")), ("protocol", self.tr("同步协议")),
                             ("schema", self.tr("本地数据库结构版本")), ("centre_url", self.tr("中心服务地址")),
                             ("centre_version", self.tr("中心服务版本")), ("compatible", self.tr("与中心服务是否兼容"))):
            self.captions[key].setText(caption)
        self.values["build"].setText(f.build)
        self.values["protocol"].setText(str(f.protocol))
        if not f.schema:
            schema = self.tr("无法读取")
        else:
            shape = self.tr("%1（最新）") if f.schema_latest else self.tr("%1（启动时升级）")
            schema = shape.replace("%1", ", ".join(f.schema))
        self.values["schema"].setText(schema)
        self.values["centre_url"].setText(f.centre_url or self.tr("未配置"))
        self.values["centre_version"].setText(f.centre_version or self.tr("尚未联系（同步一次后显示）"))
        if f.compatible is None:
            compatible = self.tr("未知（尚未与中心服务同步）")
        elif f.compatible:
            compatible = self.tr("兼容（同步协议相同）")
        else:
            compatible = (self.tr("不兼容：中心服务的同步协议为 %1，本机为 %2；请联系信息技术人员升级")
                          .replace("%1", str(f.centre_protocol)).replace("%2", str(f.protocol)))
        self.values["compatible"].setText(compatible)
