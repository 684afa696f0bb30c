"""counter_protocol.free_text.shown: text another party wrote, made fit to print, show and store by
the same rule unsafe_characters applies to typed text — cleaned instead of refused."""

from counter_protocol.free_text import shown, unsafe_characters


def test_escapes_go_whole_and_what_typed_text_may_not_carry_goes():
    text = "\x1b[2J\x1b[31m中心\u202e已完成\u202c同步\x1b]0;标题\x07\x00\x7f\u2028完"
    out = shown(text, 100)
    assert out == "中心已完成同步完"
    assert unsafe_characters(out) == []


def test_line_breaks_become_spaces_and_the_length_is_bounded():
    assert shown("第一行\n第二行\t完", 100) == "第一行 第二行 完"
    long = shown("长" * 100000, 500)
    assert len(long) == 500 and long.endswith("…")
    assert shown("正常的说明", 500) == "正常的说明"
