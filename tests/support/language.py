"""A text on screen follows the UI language: Chinese as it stands, English after a switch, Chinese
again after switching back (widgets re-word on QEvent.LanguageChange)."""

from __future__ import annotations

from typing import Callable

import pytest


@pytest.fixture
def english_back(qapp):
    """Whatever language a test switches to, the next test starts in Chinese."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import catalog_qm_path, install_language, qm_path

    if not qm_path("en").exists() or not catalog_qm_path("en").exists():
        pytest.fail("English translation not built: run `make translations` (make setup builds it)")
    yield
    install_language(QApplication.instance(), "zh_CN")


@pytest.fixture
def english(english_back):
    """The UI in English for the test (Chinese again afterwards)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    assert install_language(QApplication.instance(), "en")


def assert_rewords(qtbot, shown: Callable[[], str], chinese: str, english: str, timeout: int = 3000) -> None:
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    assert shown() == chinese, shown()                               # Chinese by default
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: shown() == english, timeout=timeout)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: shown() == chinese, timeout=timeout)
