"""pytest plugin: the postgres service for the suite (filled in by its area)."""
