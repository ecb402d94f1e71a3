"""An index on report_events (country, date): linking looks for candidates by the start of their window within a
bounded span before the new event's, instead of scanning every later-ending event of the country.

Revision ID: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_report_events_start", "report_events", ["country", "date"])


def downgrade() -> None:
    op.drop_index("ix_report_events_start", table_name="report_events")
