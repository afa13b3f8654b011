"""The plan store's tables (SQLAlchemy Core). The migrations create exactly these; a test compares them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

# Stable constraint names, so migrations can refer to them on SQLite and PostgreSQL alike.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; stored naive in UTC on every backend."""

    impl = sa.DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False),
    sa.Column("locked_until", UTCDateTime()),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'ministry', 'editor', 'viewer')", name="role"),
)

user_municipalities = sa.Table(
    "user_municipalities",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("municipality_code", sa.String(3), primary_key=True),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 hex; never the token
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_used_at", UTCDateTime()),
    sa.Column("revoked_at", UTCDateTime()),
)

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("municipality_code", sa.String(3), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    # The optimistic lock: a save moves it from its base version to base + 1 with a conditional UPDATE.
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column("is_demo", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.UniqueConstraint("municipality_code", "year", name="uq_plans_municipality_year"),
)

plan_versions = sa.Table(
    "plan_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("adopted_on", sa.Date),
    sa.Column("content", sa.JSON, nullable=False),
    sa.Column("note", sa.String(500), nullable=False),
    sa.Column("saved_at", UTCDateTime(), nullable=False),
    sa.Column("saved_by", sa.String(100), nullable=False),
    # A second guard against lost updates: two saves can never both become version N.
    sa.UniqueConstraint("plan_id", "version", name="uq_plan_versions_plan_version"),
)

local_values = sa.Table(
    "local_values",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("municipality_code", sa.String(3), nullable=False),
    sa.Column("indicator_key", sa.String(64), nullable=False),
    sa.Column("period", sa.Date, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
    sa.Column("updated_by", sa.String(100), nullable=False),
    sa.UniqueConstraint("municipality_code", "indicator_key", "period", name="uq_local_values_key_period"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime(), nullable=False, index=True),
    sa.Column("actor", sa.String(100), nullable=False, index=True),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("object_type", sa.String(32), nullable=False),
    sa.Column("object_id", sa.String(200), nullable=False),
    sa.Column("municipality_code", sa.String(3), index=True),
    sa.Column("before", sa.JSON(none_as_null=True)),  # SQL NULL, not JSON null, when absent
    sa.Column("after", sa.JSON(none_as_null=True)),
)
