"""Alembic migrations of the plan store, run by ``jobmaal db upgrade`` (see ``jobmaal.plans.migrate``)."""
