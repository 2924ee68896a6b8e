"""People data kept to a minimum: team members, who goes to whom, and private notes."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import enum_type, utcnow
from models.enums import ScaffoldRole, TieType


class TeamMember(SQLModel, table=True):
    """A team member, by first name or pseudonym."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("engagement_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str
    role: str = ""
    # Added by revision 0004 (ALTER TABLE ADD COLUMN puts it last, hence the server default).
    pseudonym: str = Field(
        default="",
        sa_column_kwargs={"server_default": ""},
        description="Shown instead of the name when prints hide names",
    )


class NetworkTie(SQLModel, table=True):
    """A directed tie: one member goes to another for help, advice, information or ideas."""

    __tablename__ = "network_tie"
    __table_args__ = (UniqueConstraint("from_member_id", "to_member_id", "tie_type"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    from_member_id: int = Field(foreign_key="team_member.id", ondelete="CASCADE")
    to_member_id: int = Field(foreign_key="team_member.id", ondelete="CASCADE")
    tie_type: TieType = Field(sa_type=enum_type(TieType))


class ScaffoldPerson(SQLModel, table=True):
    """A team member given a part in a scaffold: "peer coaching led by …"."""

    __tablename__ = "scaffold_person"
    __table_args__ = (UniqueConstraint("scaffold_id", "member_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    scaffold_id: int = Field(foreign_key="chosen_scaffold.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="team_member.id", ondelete="CASCADE", index=True)
    role: ScaffoldRole = Field(sa_type=enum_type(ScaffoldRole))
    reason: str = Field(default="", description="Why this person, often a network finding")


class PrivateNote(SQLModel, table=True):
    """A note for the partner's eyes only; nothing here is ever printed or shown in meeting mode."""

    __tablename__ = "private_note"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    text: str
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
