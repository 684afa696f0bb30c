"""Re-export of :mod:`counter_rules.masking` (moved there so the centre shares it without importing the
counter); kept because many counter modules import it from here. New code imports counter_rules.

Masking of personal data (证件号码、姓名、手机号码) for lists and logs.
"""

from counter_rules.masking import *  # noqa: F403
