"""Check-in history, people's parts in scaffolds, and pseudonyms for prints.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 17:50:00

Two new tables (checkin_change, scaffold_person) and two new columns added with plain
ALTER TABLE ADD COLUMN (engagement.print_pseudonyms, team_member.pseudonym), so no table is
rebuilt and engagement keeps its full-text triggers. Written out in plain SQLAlchemy types and
literal enum values, like 0001, so later edits to the models never change this script.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKIN_ACTION = ("recorded", "edited", "deleted")
SCAFFOLD_ROLE = ("champion", "peer_coach", "community_lead", "backup")


def _enum(name: str, values: Sequence[str]) -> sa.Enum:
    """A VARCHAR(40) enum without a CHECK constraint, as `models.base.enum_type` makes."""
    return sa.Enum(*values, name=name, native_enum=False, length=40)


def upgrade() -> None:
    """Add the two tables and the two columns."""
    op.add_column(
        "engagement",
        sa.Column("print_pseudonyms", sa.Boolean(), server_default="0", nullable=False),
    )
    op.add_column(
        "team_member",
        sa.Column("pseudonym", sa.String(), server_default="", nullable=False),
    )
    op.create_table(
        "checkin_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("action", _enum("checkinaction", CHECKIN_ACTION), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_checkin_change_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_change")),
    )
    op.create_index(
        op.f("ix_checkin_change_engagement_id"), "checkin_change", ["engagement_id"], unique=False
    )
    op.create_table(
        "scaffold_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scaffold_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("role", _enum("scaffoldrole", SCAFFOLD_ROLE), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaffold_person")),
        sa.UniqueConstraint(
            "scaffold_id",
            "member_id",
            "role",
            name=op.f("uq_scaffold_person_scaffold_id_member_id_role"),
        ),
        sa.ForeignKeyConstraint(
            ["scaffold_id"],
            ["chosen_scaffold.id"],
            name=op.f("fk_scaffold_person_scaffold_id_chosen_scaffold"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_member.id"],
            name=op.f("fk_scaffold_person_member_id_team_member"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        op.f("ix_scaffold_person_member_id"), "scaffold_person", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_scaffold_person_scaffold_id"), "scaffold_person", ["scaffold_id"], unique=False
    )


def downgrade() -> None:
    """Drop the tables and the columns (SQLite 3.35+ drops a column without a rebuild)."""
    op.drop_index(op.f("ix_scaffold_person_scaffold_id"), table_name="scaffold_person")
    op.drop_index(op.f("ix_scaffold_person_member_id"), table_name="scaffold_person")
    op.drop_table("scaffold_person")
    op.drop_index(op.f("ix_checkin_change_engagement_id"), table_name="checkin_change")
    op.drop_table("checkin_change")
    op.drop_column("team_member", "pseudonym")
    op.drop_column("engagement", "print_pseudonyms")
