"""Fixtures of the UI tests that switch the window's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import catalog_qm_path, install_language, qm_path


@pytest.fixture
def english_back(qapp):
    """Whatever language a test switches to, the next test starts in Chinese."""
    if not qm_path("en").exists() or not catalog_qm_path("en").exists():
        pytest.fail("English translation not built: run `make translations` (make setup builds it)")
    yield
    install_language(QApplication.instance(), "zh_CN")


@pytest.fixture
def english(english_back):
    """The UI in English for the test (Chinese again afterwards)."""
    assert install_language(QApplication.instance(), "en")
