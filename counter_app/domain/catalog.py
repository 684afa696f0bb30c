"""Re-export of :mod:`counter_rules.catalog` (moved there so the centre shares it without importing the
counter); kept because many counter modules import it from here. New code imports counter_rules.

Service catalog model (服务事项目录): the window flows of section 6 of DB4403/T 254.1—2022 as data.
"""

from counter_rules.catalog import *  # noqa: F403
