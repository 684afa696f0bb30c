"""The service catalog's English (resources/i18n/catalog_en.ts, written by tools/catalog_i18n.py):
every Chinese text of services.json has a finished translation, so a new catalog entry without
English fails here; the tool keeps translations, marks new texts unfinished and --check says which."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tools import catalog_i18n

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def test_every_catalog_text_has_a_finished_english_translation():
    texts = catalog_i18n.catalog_texts()
    assert "参保登记" in texts and "参保人有效身份证件" in texts and len(texts) > 300
    known = catalog_i18n.read_ts()
    todo = catalog_i18n.missing(texts, known)
    assert not todo, (f"{len(todo)} catalog texts lack English: run `python -m tools.catalog_i18n`, "
                      "translate them in resources/i18n/catalog_en.ts:\n" + "\n".join(todo[:40]))
    # English, not the Chinese copied over
    assert not [s for s in texts if any("\u4e00" <= ch <= "\u9fff" for ch in known[s][0])]


def test_catalog_qm_builds_and_translates_in_the_catalog_context(tmp_path, qapp):
    from PySide6.QtCore import QTranslator

    qm = tmp_path / "catalog_en.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(catalog_i18n.TS), "-qm", str(qm)],
                   check=True, timeout=60)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("catalog", "参保登记") == "Enrolment registration"
    assert translator.translate("catalog", "缴费核定") == "Contribution assessment"   # as counter_app_en.ts


def test_tool_keeps_translations_marks_new_texts_and_checks(tmp_path):
    catalog = json.loads((ROOT / "resources" / "catalog" / "services.json").read_text(encoding="utf-8"))
    catalog["services"][0]["materials"][0]["name"] = "新增材料（测试）"
    changed = tmp_path / "services.json"
    changed.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    ts = tmp_path / "catalog_en.ts"
    shutil.copyfile(catalog_i18n.TS, ts)
    tool = [sys.executable, "-m", "tools.catalog_i18n", "--catalog", str(changed), "--ts", str(ts)]

    check = subprocess.run([*tool, "--check"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert check.returncode == 1 and check.stdout.split("\n")[0] == "新增材料（测试）", check.stdout + check.stderr

    subprocess.run(tool, check=True, capture_output=True, cwd=ROOT, timeout=60)
    known = catalog_i18n.read_ts(ts)
    assert known["新增材料（测试）"] == ("", False)                       # new: unfinished
    assert known["参保登记"] == ("Enrolment registration", True)           # kept
    assert "职工基本养老保险参保登记表（单位）" not in known              # gone from the catalog: dropped
    assert subprocess.run([*tool, "--check"], capture_output=True, cwd=ROOT, timeout=60).returncode == 1
