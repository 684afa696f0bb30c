import json

from counter_app.ui.workspace.picker import _initials_cache_file, initials_for


def test_pinyin_initials_are_computed_once_and_cached(app_home):
    assert initials_for(["参保登记", "缴费核定"]) == {"参保登记": "cbdj", "缴费核定": "jfhd"}
    path = _initials_cache_file()
    assert json.loads(path.read_text(encoding="utf-8"))["参保登记"] == "cbdj"
    # the next start reads the file (a planted value proves it) and computes only what is new
    path.write_text(json.dumps({"参保登记": "planted"}, ensure_ascii=False), encoding="utf-8")
    assert initials_for(["参保登记", "变更登记"]) == {"参保登记": "planted", "变更登记": "bgdj"}


def test_a_broken_cache_file_is_ignored(app_home):
    path = _initials_cache_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert initials_for(["参保登记"]) == {"参保登记": "cbdj"}
