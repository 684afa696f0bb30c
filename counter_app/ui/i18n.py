"""Qt translation: zh_CN is the source language; English comes from resources/i18n/*.qm:
``counter_app_<lang>.qm`` for the UI's own words, ``catalog_<lang>.qm`` for the service catalog's
texts (looked up through :func:`counter_app.ui.catalog_text.catalog_tr`).

Qt's own strings (the 是/否 of a QMessageBox, 确定/取消, the context menu of a line edit, the
print dialog) come from Qt's ``qtbase_<lang>.qm``, loaded next to ours from Qt's translations
directory (``QLibraryInfo.path(Translations)``; the PySide6 wheel ships them). Without it a
Chinese UI shows "&Yes"/"&No".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counter_app.resources import resources_root

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []
_current: dict[int, str] = {}      # id(app) -> the language installed there (start-up installs zh_CN first)


def qm_path(language: str):
    return resources_root() / "i18n" / f"counter_app_{language}.qm"


def catalog_qm_path(language: str):
    """The service catalog's texts (context ``catalog``; tools/catalog_i18n.py writes the .ts)."""
    return resources_root() / "i18n" / f"catalog_{language}.qm"


def _catalog_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    translator = QTranslator(app)
    path = catalog_qm_path(language)
    if path.exists() and translator.load(str(path)):
        return translator
    log.warning("the catalog's %s translation (%s) not found: catalog texts stay Chinese", language, path)
    return None


def _qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own translation (qtbase) for ``language``, or None when Qt ships none."""
    translator = QTranslator(app)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", directory):
        return translator
    log.warning("Qt's own %s translation (qtbase_%s.qm) not found in %s: Qt's buttons stay English",
                language, language, directory)
    return None


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the UI language at run time; widgets retranslate on QEvent.LanguageChange. The language
    already installed is kept as it is (no second load of the same translations)."""
    language = "zh_CN" if language == "zh" else language
    if _current.get(id(app)) == language and (_installed or language == "zh_CN"):
        return True
    _current.pop(id(app), None)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language in ("zh_CN", "zh"):
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        qt = _qt_translator(app, "zh_CN")
        if qt is not None:
            app.installTranslator(qt)
            _installed.append(qt)
        _current[id(app)] = language
        return True
    translator = QTranslator(app)
    path = qm_path(language)
    if not path.exists() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    catalog = _catalog_translator(app, language)
    if catalog is not None:
        app.installTranslator(catalog)
        _installed.append(catalog)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _current[id(app)] = language
    return True
