"""Small dialogs behind classmethods (``ask``) so tests can replace them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


class ConfigErrorDialog:
    @classmethod
    def ask(cls, message: str, parent: QWidget | None = None) -> bool:
        """True: start with the default settings; False: quit so the file can be fixed."""
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Dialogs", "配置文件有误"), message, parent=parent)
        box.setInformativeText(QCoreApplication.translate("Dialogs", "是否使用默认配置启动？（配置文件不会被修改）"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes


class ErrorDialog:
    @classmethod
    def show(cls, title: str, message: str, parent: QWidget | None = None) -> None:
        QMessageBox.critical(parent, title, message)


class ConfirmDialog:
    @classmethod
    def ask(cls, title: str, message: str, parent: QWidget | None = None) -> bool:
        answer = QMessageBox.question(parent, title, message)
        return answer == QMessageBox.StandardButton.Yes
