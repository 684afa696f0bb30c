"""The step guide's pages (a step's input, 办结 / 不予认定 / 归档) are made when first needed (#20: the
window starts without their ~40 widgets); every caller still finds each control by its name."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QWidget

from counter_app.ui.workspace.steps import NONE, PAGE_PARTS, StepGuide


def test_a_page_control_asked_for_makes_the_pages_worded_and_every_part_is_named(qtbot):
    guide = StepGuide()
    qtbot.addWidget(guide)
    assert not guide.pages_ready and guide.current_page() == NONE
    assert guide.pages[NONE].layout() is None
    before = set(vars(guide))
    made: list[bool] = []
    guide.pages_made.connect(lambda: made.append(True))
    assert guide.btn_complete.text() == "办结（Ctrl+Enter）"        # made on the ask, worded
    assert guide.pages_ready and made == [True]
    assert guide.btn_fp_consent.text() == "已告知，申请人同意采集指纹"
    assert [guide.del_method.itemData(i) for i in range(guide.del_method.count())] == ["pickup", "mail"]
    parts = {name for name, value in vars(guide).items()
             if name not in before and isinstance(value, (QWidget, QLayout, list))}
    assert parts == set(PAGE_PARTS)
    guide.ensure_pages()                    # once
    assert made == [True]


def test_a_name_that_is_no_part_is_still_an_attribute_error(qtbot):
    guide = StepGuide()
    qtbot.addWidget(guide)
    try:
        guide.btn_nothing  # noqa: B018
    except AttributeError as exc:
        assert "btn_nothing" in str(exc)
    else:
        raise AssertionError("no AttributeError")
    assert not guide.pages_ready


def test_a_reader_note_before_the_pages_is_shown_when_they_are_made(qtbot):
    guide = StepGuide()
    qtbot.addWidget(guide)
    guide.on_quality(lambda: "请按压手指")
    assert not guide.pages_ready
    guide.ensure_pages()
    assert guide.fp_quality.text() == "请按压手指"
