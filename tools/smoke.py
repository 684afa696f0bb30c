"""Start the real GUI for a signed-in test user, report when idle and quit.

Used by the start-up benchmark and the display smoke test (not a user entry point: it skips the
login dialog). ``python -m tools.smoke [SCREENSHOT.png]``
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    from counter_app import heap

    heap.pause_collection()   # as the GUI entry points (counter_app.cli.main)
    from counter_app.app_context import UserSession
    from counter_app.ui.app import run_gui

    os.environ["COUNTER_APP_EXIT_WHEN_IDLE"] = "1"
    if argv:
        os.environ["COUNTER_APP_SCREENSHOT"] = argv[0]
    return run_gui(user=UserSession("smoke", "冒烟测试", "clerk"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
