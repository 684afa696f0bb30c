"""Reference central service (中心服务) for the counter client: auth, idempotent push, pull, reference data.

FastAPI + SQLAlchemy 2 + Alembic; PostgreSQL (psycopg 3) in production and tests, SQLite embedded for demos.
"""

__version__ = "0.1.0"
