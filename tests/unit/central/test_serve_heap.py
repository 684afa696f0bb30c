"""A centre worker freezes what it built at start-up out of the collector's walks: a full
collection under load then walks only the requests' own objects (counter_central.cli._serve_app)."""

from __future__ import annotations

import gc

from counter_central import cli


def test_the_served_app_leaves_its_start_up_objects_out_of_full_collections(tmp_path):
    args = cli.build_parser().parse_args(["serve", "--db", f"sqlite:///{tmp_path / 'centre.db'}", "--demo"])
    gc.unfreeze()
    try:
        app = cli._serve_app(args)
        assert app.state.engine is not None
        assert gc.get_freeze_count() > 50_000          # the routes, schemas and modules
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10
    finally:
        gc.unfreeze()
