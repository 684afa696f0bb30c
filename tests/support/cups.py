"""pytest plugin: the cups service for the suite (filled in by its area)."""
