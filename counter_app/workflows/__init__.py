"""Workflows: one clerk action, one call, one transaction.

Importing the package installs the listeners that keep why a case waits on its row (case_waiting)."""

from counter_app.workflows import case_waiting as _case_waiting  # noqa: F401  (installs its listeners)
