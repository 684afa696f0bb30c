"""Reference central service (中心服务) for the counter client: auth, idempotent push, pull, reference data.

FastAPI + SQLAlchemy 2 + Alembic; PostgreSQL (psycopg 3) in production and tests, SQLite embedded for demos.
"""

from counter_protocol import __version__ as __version__  # one release for both sides
