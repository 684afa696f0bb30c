"""Small dialogs behind classmethods (``ask``) so tests can replace them.

QMessageBox is imported where a box is shown: the first use of a PySide class builds its Python
enums, and no box is shown while the window starts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


class ConfigErrorDialog:
    @classmethod
    def ask(cls, message: str, parent: QWidget | None = None) -> bool:
        """True: start with the default settings; False: quit so the file can be fixed."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Dialogs", "配置文件有误"), message, parent=parent)
        box.setInformativeText(QCoreApplication.translate("Dialogs", "是否使用默认配置启动？（配置文件不会被修改）"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes


class ErrorDialog:
    @classmethod
    def show(cls, title: str, message: str, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, message)


class ConfirmDialog:
    @classmethod
    def ask(cls, title: str, message: str, parent: QWidget | None = None) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(parent, title, message)
        return answer == QMessageBox.StandardButton.Yes


class CorruptStoreDialog:
    @classmethod
    def ask(cls, message: str, has_backup: bool, parent: QWidget | None = None) -> bool:
        """The damaged store's message; True: restore the newest good backup now."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Dialogs", "本地数据库已损坏"),
                          message, parent=parent)
        if not has_backup:
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.exec()
            return False
        box.setInformativeText(QCoreApplication.translate(
            "Dialogs", "是否现在用最近的可用备份恢复？损坏的文件会保留，不会删除。"))
        restore = box.addButton(QCoreApplication.translate("Dialogs", "恢复备份"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QCoreApplication.translate("Dialogs", "退出"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore
