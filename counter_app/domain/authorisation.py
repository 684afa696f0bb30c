"""Re-export of :mod:`counter_rules.authorisation` (moved there so the centre weighs a conditional
rule — a 待遇核定 over the table's parameters — exactly as the counter does, without importing the
counter); kept because counter modules import it from here. New code imports counter_rules.

Graded authorisation table (分级授权, DB4403/T 254.1—2022 7.3.2).
"""

from counter_rules.authorisation import *  # noqa: F403
