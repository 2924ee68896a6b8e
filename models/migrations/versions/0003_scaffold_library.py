"""The scaffold library: built-in scaffolds as last loaded, the partner's edits and own scaffolds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 16:30:00

One new table, library_scaffold; no existing table is altered, so batch mode recreates nothing
(in particular engagement and private_note keep their full-text triggers). The table starts
empty: opening the database for the app (app.storage.open_engine) loads the built-ins into it.
Written out in plain SQLAlchemy types and literal enum values, like 0001, so later edits to the
models never change this script.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCAFFOLD_KIND = (
    "performance_support",
    "environment_fix",
    "social_learning",
    "individual_learning",
    "formal_training",
    "other",
)
OWNER_ROLE = ("manager", "team", "partner", "community_manager")
# app.library.store keeps the hash of the library file it last loaded under this setting.
LIBRARY_HASH_SETTING = "library.file_hash"


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    """A VARCHAR(40) enum without a CHECK constraint, as `models.base.enum_type` makes."""
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def upgrade() -> None:
    """Create the library table (empty; the app fills it from the built-in file)."""
    op.create_table(
        "library_scaffold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", _enum("scaffoldkind", SCAFFOLD_KIND), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("setup", sa.String(), nullable=False),
        sa.Column("addresses", sa.String(), nullable=False),
        sa.Column("does_not_address", sa.String(), nullable=False),
        sa.Column("levels", sa.String(), nullable=False),
        sa.Column("new_skills", sa.String(), nullable=False),
        sa.Column("owner_role", _enum("ownerrole", OWNER_ROLE), nullable=False),
        sa.Column("effort", sa.String(length=40), nullable=False),
        sa.Column("lead_time_days", sa.Integer(), nullable=False),
        sa.Column("step_back", sa.String(), nullable=False),
        sa.Column("signal", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("user_edited", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("builtin_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_scaffold")),
        sa.UniqueConstraint("key", name=op.f("uq_library_scaffold_key")),
    )


def downgrade() -> None:
    """Drop the table, and forget the loaded file's hash so a later upgrade loads it again."""
    op.drop_table("library_scaffold")
    op.execute(f"DELETE FROM app_setting WHERE key = '{LIBRARY_HASH_SETTING}'")  # noqa: S608
