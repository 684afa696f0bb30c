"""A text on screen follows the UI language: Chinese as it stands, English after a switch, Chinese
again after switching back (widgets re-word on QEvent.LanguageChange)."""

from __future__ import annotations

from typing import Callable


def assert_rewords(qtbot, shown: Callable[[], str], chinese: str, english: str, timeout: int = 3000) -> None:
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    assert shown() == chinese, shown()                               # Chinese by default
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: shown() == english, timeout=timeout)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: shown() == chinese, timeout=timeout)
