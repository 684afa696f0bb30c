import sys

from counter_central.cli import main

sys.exit(main())
