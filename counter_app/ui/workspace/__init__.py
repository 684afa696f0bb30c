"""The clerk's workspace panel (业务办理): service picker, applicant, checklist, decision, steps."""

from counter_app.ui.workspace.panel import WorkspacePanel

__all__ = ["WorkspacePanel"]
