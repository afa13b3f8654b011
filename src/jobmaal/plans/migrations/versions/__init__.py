"""Alembic revision files (Alembic skips this ``__init__``; it makes the folder part of the package)."""
