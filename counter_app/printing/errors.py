"""Errors of the printing area that a caller can catch without loading reportlab (the window
renders through its render process, printing.render_host, and never imports the templates)."""

from __future__ import annotations


class RenderError(ValueError):
    """The fields cannot make this document; the message says which field (Chinese)."""
