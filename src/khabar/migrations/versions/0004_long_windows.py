"""report_events.long_window: whether the event's window is longer than the candidate search's span (92 days),
so that such events ("fighting since January") are found through their own small index instead of a scan.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SPAN_DAYS = 92  # store.MAX_LINK_WINDOW_DAYS when this migration was written


def upgrade() -> None:
    with op.batch_alter_table("report_events") as batch:
        batch.add_column(sa.Column("long_window", sa.Boolean, nullable=False, server_default=sa.false()))
    table = sa.table(
        "report_events",
        sa.column("id", sa.String),
        sa.column("date", sa.Date),
        sa.column("date_end", sa.Date),
        sa.column("long_window", sa.Boolean),
    )
    conn = op.get_bind()
    long_ids = [
        rid
        for rid, first, last in conn.execute(sa.select(table.c.id, table.c.date, table.c.date_end))
        if first is not None and last is not None and (last - first).days > _SPAN_DAYS
    ]
    for i in range(0, len(long_ids), 500):
        conn.execute(table.update().where(table.c.id.in_(long_ids[i : i + 500])).values(long_window=True))
    op.create_index("ix_report_events_long", "report_events", ["long_window", "country", "date_end"])


def downgrade() -> None:
    op.drop_index("ix_report_events_long", table_name="report_events")
    with op.batch_alter_table("report_events") as batch:
        batch.drop_column("long_window")
