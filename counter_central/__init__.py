"""Reference central service (中心服务) for the counter client: auth, idempotent push, pull, reference data.

FastAPI + SQLAlchemy 2 + Alembic; PostgreSQL (psycopg 3) in production and tests, SQLite embedded for demos.
"""

# one version for the client and the centre, written in counter_app/__init__.py (one release)
from counter_app import __version__ as __version__
