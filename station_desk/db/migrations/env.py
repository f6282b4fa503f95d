"""Alembic environment: always run by station_desk.db.migrate with a connection supplied."""

from __future__ import annotations

from alembic import context

from station_desk.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the program runs migrations
    raise RuntimeError("Station Desk migrations run from station_desk.db.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
