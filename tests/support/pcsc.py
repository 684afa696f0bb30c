"""pytest plugin: the pcsc service for the suite (filled in by its area)."""
