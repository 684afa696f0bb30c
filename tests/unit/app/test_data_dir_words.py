"""The window words a data directory that refuses writes (ui.messages.data_dir_text) as the CLI does
(domain.messages.data_dir_message), in the clerk's language; tests/unit/cli/test_home_read_only.py
drives the real failures."""

from __future__ import annotations


def test_the_words_read_english(english):
    from counter_app.domain.messages import DATA_DIR_TEMPLATES
    from counter_app.ui.messages import DATA_DIR, data_dir_text

    assert tuple(DATA_DIR.values()) == DATA_DIR_TEMPLATES                 # the CLI's and the window's Chinese agree
    assert data_dir_text("read_only", "/srv/counter/data").startswith(
        "The data directory of this computer, /srv/counter/data, is read-only")
    assert "no write permission" in data_dir_text("no_write", "/srv/counter/data")
