"""The first event store: reports, their sources, the events each report tells, linked events, reported
statistics and analysts' link decisions.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "report_sources",
        sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("actor1", sa.Text),
        sa.Column("actor2", sa.Text),
        sa.Column("country", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("date", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("time_precision", sa.Integer),
        sa.Column("fatalities_low", sa.Integer, nullable=False),
        sa.Column("fatalities_best", sa.Integer, nullable=False),
        sa.Column("fatalities_high", sa.Integer, nullable=False),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_events_country_date", "events", ["country", "date"])
    op.create_index("ix_events_date", "events", ["date"])
    op.create_table(
        "report_events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), nullable=False, index=True),
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("country", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_report_events_window", "report_events", ["country", "date_end", "date"])
    op.create_table(
        "statistics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.String(32), sa.ForeignKey("reports.id"), nullable=False, index=True),
        sa.Column("claimant", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "link_decisions",
        sa.Column("report_event_id", sa.String(32), primary_key=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target", sa.String(32)),
        sa.Column("decided_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("link_decisions", "statistics", "report_events", "events", "report_sources", "reports"):
        op.drop_table(table)
