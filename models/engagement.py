"""The engagement (one consultation with one team manager) and its status history."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from models.base import enum_type, utcnow
from models.enums import EngagementStatus


class Engagement(SQLModel, table=True):
    """One consultation case from the first request to closure."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True, max_length=36, description="Stable id used by exchange files")
    organisation: str = ""
    business_unit: str = ""
    team_name: str = Field(index=True)
    team_size: int | None = None
    team_context: str = ""
    manager_name: str = Field(index=True)
    partner_name: str = ""
    meeting_date: date | None = None
    request_verbatim: str = Field(default="", description="The request exactly as phrased")
    business_goal: str = Field(default="", description="The reframed business goal")
    status: EngagementStatus = Field(
        default=EngagementStatus.draft, sa_type=enum_type(EngagementStatus), index=True
    )
    agreement_version: int = Field(default=1, description="Number of the version being edited")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Added by revision 0004 (ALTER TABLE ADD COLUMN puts it last, hence the server default).
    print_pseudonyms: bool = Field(
        default=False,
        sa_column_kwargs={"server_default": "0"},
        description="Prints show team members' pseudonyms instead of their names",
    )


class StatusChange(SQLModel, table=True):
    """One timestamped move of an engagement's status."""

    __tablename__ = "status_change"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    from_status: EngagementStatus | None = Field(default=None, sa_type=enum_type(EngagementStatus))
    to_status: EngagementStatus = Field(sa_type=enum_type(EngagementStatus))
    changed_at: datetime = Field(default_factory=utcnow)


class AppSetting(SQLModel, table=True):
    """A key/value preference stored with the data (for example the partner's profile)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=80)
    value: str = ""
