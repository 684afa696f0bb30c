"""The bundle's ``counter-app`` executable: the same entry as the console script."""

import sys

from counter_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
