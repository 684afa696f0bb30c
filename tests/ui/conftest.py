"""Fixtures of the UI tests: the UI's language (tests.support.language), and no keyboard modifier
left held from one test into the next."""

import pytest

from tests.support.language import english, english_back  # noqa: F401  (fixtures)

_MODIFIER_KEYS = {"ShiftModifier": "Key_Shift", "ControlModifier": "Key_Control", "AltModifier": "Key_Alt",
                  "MetaModifier": "Key_Meta"}


@pytest.fixture(autouse=True)
def no_modifier_held():
    """Qt keeps the modifiers of the last input event it processed (QGuiApplication.keyboardModifiers).
    A test whose shortcut (Ctrl+Shift+P) ends in a failure left Shift "held", and the next test's
    ``QTableView.selectRow`` extended a selection from no anchor: nothing was selected. After each
    test, every modifier still held is released."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    if QApplication.instance() is None or QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    held = QGuiApplication.keyboardModifiers()
    target = QWidget()
    for name, key in _MODIFIER_KEYS.items():
        if held & getattr(Qt.KeyboardModifier, name):
            QTest.keyRelease(target, getattr(Qt.Key, key))
    target.deleteLater()
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
