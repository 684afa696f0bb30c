"""Re-export of :mod:`counter_rules.documents` (moved there so the centre shares it without importing the
counter); kept because many counter modules import it from here. New code imports counter_rules.

Document kinds (文书种类) the counter issues, shared by the flow engine and the notice printer.
"""

from counter_rules.documents import *  # noqa: F403
