"""Re-export of :mod:`counter_rules.conditions` (moved there so the centre shares it without importing the
counter); kept because many counter modules import it from here. New code imports counter_rules.

Acceptance conditions evaluated from facts (受理条件的系统核验), not confirmed by a keypress.
"""

from counter_rules.conditions import *  # noqa: F403
