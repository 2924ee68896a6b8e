"""After the meeting: check-ins with observations, and learning indicators kept apart."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from models.base import enum_type, utcnow
from models.enums import CheckInAction, Decision, IndicatorKind, ScaffoldStatus, SupportMode


class CheckIn(SQLModel, table=True):
    """A review of whether performance moved, and what happens next."""

    __tablename__ = "checkin"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    held_on: date
    what_changed: str = ""
    decision: Decision = Field(default=Decision.continue_, sa_type=enum_type(Decision))
    next_date: date | None = None
    support_mode: SupportMode | None = Field(default=None, sa_type=enum_type(SupportMode))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CheckInChange(SQLModel, table=True):
    """One entry of a check-in's history: when it was recorded, edited or deleted, and what changed.

    Kept by engagement, not by check-in, so the entry for a deleted check-in stays.
    """

    __tablename__ = "checkin_change"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    checkin_id: int | None = Field(default=None, description="The check-in, while it exists")
    held_on: date = Field(description="The check-in's date when the change was made")
    action: CheckInAction = Field(sa_type=enum_type(CheckInAction))
    changed_at: datetime = Field(default_factory=utcnow)
    summary: str = Field(default="", description="What changed, in words")


class Observation(SQLModel, table=True):
    """The value of one performance measure seen at a check-in."""

    id: int | None = Field(default=None, primary_key=True)
    checkin_id: int = Field(foreign_key="checkin.id", ondelete="CASCADE", index=True)
    measure_id: int = Field(foreign_key="performance_measure.id", ondelete="CASCADE", index=True)
    value: float
    note: str = ""


class ScaffoldUpdate(SQLModel, table=True):
    """A scaffold's status as reported at a check-in."""

    __tablename__ = "scaffold_update"

    id: int | None = Field(default=None, primary_key=True)
    checkin_id: int = Field(foreign_key="checkin.id", ondelete="CASCADE", index=True)
    scaffold_id: int = Field(foreign_key="chosen_scaffold.id", ondelete="CASCADE", index=True)
    status: ScaffoldStatus = Field(sa_type=enum_type(ScaffoldStatus))
    note: str = ""


class LearningIndicator(SQLModel, table=True):
    """Learning activity (attendance, completions, satisfaction…), never a performance measure."""

    __tablename__ = "learning_indicator"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str
    kind: IndicatorKind = Field(default=IndicatorKind.other, sa_type=enum_type(IndicatorKind))
    ltem_tier: int = Field(description="Tier 1-8 of Thalheimer's LTEM")
    value: float | None = None
    unit: str = ""
    recorded_on: date | None = None
    note: str = ""
