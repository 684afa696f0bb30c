"""counter-app-gui.exe: the GUI without a console window (same as the counter-app-gui script)."""

import sys

from counter_app.cli.main import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
