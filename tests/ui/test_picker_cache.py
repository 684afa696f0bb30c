import json

from counter_app.ui.workspace.picker import _initials_cache_file, initials_for


def test_pinyin_initials_are_computed_once_and_cached(app_home):
    # names the shipped catalog does not have (a catalog pulled from the centre may)
    assert initials_for(["养老测试", "缴费测试"]) == {"养老测试": "ylcs", "缴费测试": "jfcs"}
    path = _initials_cache_file()
    assert json.loads(path.read_text(encoding="utf-8"))["养老测试"] == "ylcs"
    # the next start reads the file (a planted value proves it) and computes only what is new
    path.write_text(json.dumps({"养老测试": "planted"}, ensure_ascii=False), encoding="utf-8")
    assert initials_for(["养老测试", "变更测试"]) == {"养老测试": "planted", "变更测试": "bgcs"}


def test_the_shipped_catalogs_initials_need_no_pypinyin_on_the_first_start(app_home, monkeypatch):
    """The first start has no cache yet: the shipped catalog's initials come from the file beside
    it, so pypinyin (~0.4 s with the interpreter lock held) is not imported for them."""
    from counter_app.reference.catalog import default_catalog
    from counter_app.ui.workspace import picker

    def no_pypinyin(name):
        raise AssertionError(f"pypinyin asked for {name}")

    monkeypatch.setattr(picker, "pinyin_initials", no_pypinyin)
    names = [s.name for s in default_catalog().services]
    got = initials_for(names)
    assert got["参保登记"] == "cbdj" and got["缴费核定"] == "jfhd" and len(got) == len(set(names))
    assert not _initials_cache_file().exists()       # nothing computed, nothing to cache


def test_the_shipped_initials_are_in_step_with_the_catalog():
    """resources/catalog/pinyin-initials.json is what pypinyin gives for the shipped catalog's
    names; after changing the catalog run ``python -m tools.catalog_initials``."""
    from counter_app.resources import resources_root
    from counter_app.ui.workspace.picker import SHIPPED_INITIALS
    from tools.catalog_initials import compute

    shipped = json.loads((resources_root() / SHIPPED_INITIALS).read_text(encoding="utf-8"))
    assert shipped == compute(), "run: python -m tools.catalog_initials"


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
