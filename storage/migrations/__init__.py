"""Alembic migrations of Copro's database; run them with `storage.migrate.upgrade`."""
