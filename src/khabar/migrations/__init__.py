"""Alembic migrations of the event store (store.py runs them on open: `upgrade head`)."""
