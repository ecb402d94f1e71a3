"""An index on report_events.seq: a new report event takes the next number, found through the index instead of
by counting the table (which slowed ingest as the store grew).

Revision ID: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_report_events_seq", "report_events", ["seq"])


def downgrade() -> None:
    op.drop_index("ix_report_events_seq", table_name="report_events")
