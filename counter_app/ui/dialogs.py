"""Small dialogs behind classmethods (``ask``) so tests can replace them.

QMessageBox is imported where a box is shown: the first use of a PySide class builds its Python
enums, and no box is shown while the window starts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


class ConfigErrorDialog:
    @classmethod
    def show(cls, message: str, parent: QWidget | None = None) -> None:
        """The configuration file's problems; the app then quits (never starts on the default
        settings: cases and documents would be numbered with another workstation's id)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Dialogs", "配置文件有误"), message, parent=parent)
        box.setInformativeText(QCoreApplication.translate(
            "Dialogs", "配置文件有误时不能办理业务（办件和文书会用别的窗口编号）。请按上面的提示修改配置文件"
                       "（或请管理员修改），然后重新启动。"))
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.exec()


class ErrorDialog:
    @classmethod
    def show(cls, title: str, message: str, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, message)


class ConfirmDialog:
    @classmethod
    def ask(cls, title: str, message: str, parent: QWidget | None = None) -> bool:
        """Yes / no; the idle lock closes the question answered no (ui.idle_lock.closes_on_lock): what
        the window does on a yes is done in the clerk's name, never by whoever finds the screen."""
        from PySide6.QtWidgets import QMessageBox

        from counter_app.ui.idle_lock import closes_on_lock

        box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=parent)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        closes_on_lock(box)
        try:
            box.exec()
            return box.clickedButton() is not None and box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        finally:
            box.deleteLater()


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
