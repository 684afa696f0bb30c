"""Re-export of :mod:`counter_rules.checklist` (moved there so the centre shares it without importing the
counter); kept because many counter modules import it from here. New code imports counter_rules.

Checklist outcome (受理审核结果) of 6.1.1.2.2, decided from the catalog and the clerk's ticks.
"""

from counter_rules.checklist import *  # noqa: F403
