"""Qt translation: zh_CN is the source language; English comes from resources/i18n/*.qm."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from counter_app.resources import resources_root

_installed: QTranslator | None = None


def qm_path(language: str):
    return resources_root() / "i18n" / f"counter_app_{language}.qm"


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the UI language at run time; widgets retranslate on QEvent.LanguageChange."""
    global _installed
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language in ("zh_CN", "zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return True
    translator = QTranslator(app)
    path = qm_path(language)
    if not path.exists() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed = translator
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return True
