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


def test_the_search_filters_on_every_admitted_pyside6(qtbot):
    """set_query() narrows the tree and widening it again restores it — on PySide6 6.9 (which has
    beginFilterChange() but no endFilterChange()) as on ≥ 6.10."""
    from counter_app.ui.workspace.picker import ServiceEntry, ServiceFilterProxy, ServiceTreeModel

    entries = [ServiceEntry("A01", "参保登记", "5.1.1", "cbdj"),
               ServiceEntry("A02", "缴费核定", "5.2.1", "jfhd"),
               ServiceEntry("A03", "变更登记", "5.1.2", "bgdj")]
    model = ServiceTreeModel(entries, recent=["A02"])
    proxy = ServiceFilterProxy()
    proxy.setSourceModel(model)

    def shown() -> list[str]:
        codes = []
        for g in range(proxy.rowCount()):
            gi = proxy.index(g, 0)
            codes += [model.entry_at(proxy.mapToSource(proxy.index(r, 0, gi))).code for r in range(proxy.rowCount(gi))]
        return sorted(codes)

    everything = ["A01", "A02", "A02", "A03"]          # A02 also under 最近使用
    assert shown() == everything
    proxy.set_query("djf")
    assert shown() == []
    proxy.set_query("登记")
    assert shown() == ["A01", "A03"]
    assert model.entry_at(proxy.mapToSource(proxy.best_match())).code in {"A01", "A03"}
    proxy.set_query("jfhd")
    assert shown() == ["A02"]          # once: the 最近使用 copy is hidden while searching
    proxy.set_query("")
    assert shown() == everything
