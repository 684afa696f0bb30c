"""Pure domain layer: no Qt, no SQLAlchemy, no I/O."""
