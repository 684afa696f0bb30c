"""The bundle's ``counter-central`` executable: the same entry as the console script."""

import sys

from counter_central.cli import main

if __name__ == "__main__":
    sys.exit(main())
