"""The configuration's problems in the clerk's language. Review: the 配置文件有误 dialog at start-up
showed ConfigError.message() — the configuration's Chinese — whatever language the file named, and
the 设置… wizard's problem line was Chinese in the English UI. A problem keeps its code and parameters
now (config.PROBLEMS, ConfigProblem.of), worded through tr() by ui.config_errors; a file that names its
language ([ui] language) is asked about in it; the CLI's Chinese is unchanged."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QTimer

from counter_app import config
from counter_app.paths import app_paths
from counter_app.ui import app as ui_app
from counter_app.ui import dialogs

HAN = re.compile(r"[\u4e00-\u9fff]")
BAD = ("[ui]\nlanguage = {language!r}\n[office]\nwindow_number = -3\nbogus = 1\n"
       "[central]\ntimeout_seconds = 'soon'\n[fingerprint]\nbackend = 'scanner9'\n")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_bad_configuration_is_asked_about_in_the_language_it_names(app_home, monkeypatch, qapp, english_back,
                                                                      language):
    from PySide6.QtCore import QCoreApplication

    path = app_paths().ensure().config_file
    path.write_text(BAD.format(language=language), encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.load_settings(path)
    seen = []

    def show(cls, message, parent=None):
        seen.append((QCoreApplication.translate("Dialogs", "配置文件有误"), message))

    monkeypatch.setattr(dialogs.ConfigErrorDialog, "show", classmethod(show))
    QTimer.singleShot(20000, qapp.quit)
    assert ui_app.run_gui() == 1
    [(title, message)] = seen
    if language == "zh_CN":
        assert (title, message) == ("配置文件有误", caught.value.message())        # the configuration's own words
        return
    assert title != "配置文件有误" and str(path) in message
    assert not HAN.search(message), message
    for key in ("office.window_number", "office.bogus", "central.timeout_seconds", "fingerprint.backend", "'scanner9'"):
        assert key in message, message


def test_every_problem_reads_english(qapp, english):
    """Each code, with the configuration's fixed phrases, in English; a problem that is not its code's
    (none today) as the configuration gave it."""
    from counter_app.ui.config_errors import config_error_text, problem_text

    problems = []
    for raw in ({"ui": 3}, {"office": {"code": ""}}, {"office": {"name": "x" * 500}}, {"office": {"code": "!"}},
                {"central": {"timeout_seconds": 0}}, {"card": {"backend": 3}}, {"ui": {"idle_lock_minutes": True}},
                {"central": {"url": "http://centre.example:8765/api/v1"}}):
        with pytest.raises(config.ConfigError) as caught:
            config.Settings.from_dict(raw)
        problems += caught.value.problems
    for text in ("[ui", "a = 1\na = 2", "x = "):
        with pytest.raises(config.ConfigError) as caught:
            config.parse_settings(text, app_paths().config_file)
        problems += caught.value.problems
    with pytest.raises(config.ConfigError) as caught:
        config.default_settings().from_json("{")
    problems += caught.value.problems
    assert len({p.code for p in problems}) >= 8, problems
    for p in problems:
        assert p.code and not HAN.search(problem_text(p)), (p, problem_text(p))
    assert not HAN.search(config_error_text(config.ConfigError(app_paths().config_file, problems)))
    assert problem_text(config.ConfigProblem("office.code", "别的说法")) == "office.code: 别的说法"


def test_the_problem_table_is_the_configurations_current_wording():
    from counter_app.ui.config_errors import TEXTS

    assert {code: re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(text)) for code, text in TEXTS.items()} \
        == config.PROBLEMS
