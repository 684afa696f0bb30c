"""pytest plugin: the central service for the suite (filled in by its area)."""
