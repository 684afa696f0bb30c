"""pytest plugin: the fprint service for the suite (filled in by its area)."""
