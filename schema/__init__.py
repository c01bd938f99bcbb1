"""Database: SQLAlchemy models, Alembic migrations, analyst views and the loader."""
