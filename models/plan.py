"""The plan: chosen scaffolds, new-skills readiness and the agreement with its signed versions."""

from datetime import date, datetime

from sqlalchemy import DDL, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from models.base import enum_type, utcnow
from models.enums import Level, NewSkill, OwnerRole, ScaffoldKind, ScaffoldStatus, SupportMode


class ChosenScaffold(SQLModel, table=True):
    """A scaffold the engagement will put in place, from the library or written by hand."""

    __tablename__ = "chosen_scaffold"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    library_key: str | None = Field(default=None, max_length=80)
    name: str
    description: str = ""
    kind: ScaffoldKind = Field(default=ScaffoldKind.other, sa_type=enum_type(ScaffoldKind))
    level: Level = Field(default=Level.team, sa_type=enum_type(Level))
    owner_role: OwnerRole = Field(default=OwnerRole.manager, sa_type=enum_type(OwnerRole))
    start_date: date | None = None
    due_date: date | None = None
    status: ScaffoldStatus = Field(
        default=ScaffoldStatus.planned, sa_type=enum_type(ScaffoldStatus)
    )
    training_reason: str = Field(
        default="", description="Why formal training was chosen although no skill gap is recorded"
    )


class ScaffoldCause(SQLModel, table=True):
    """Which recorded causes a chosen scaffold addresses."""

    __tablename__ = "scaffold_cause"

    scaffold_id: int = Field(foreign_key="chosen_scaffold.id", ondelete="CASCADE", primary_key=True)
    cause_id: int = Field(foreign_key="cause.id", ondelete="CASCADE", primary_key=True)


class ReadinessRating(SQLModel, table=True):
    """The team's readiness for one new skill of connected work, and the support chosen."""

    __tablename__ = "readiness_rating"
    __table_args__ = (UniqueConstraint("engagement_id", "skill"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    skill: NewSkill = Field(sa_type=enum_type(NewSkill))
    rating: int = Field(description="1 (not yet) to 5 (a model for others)")
    support: str = ""


class Responsibility(SQLModel, table=True):
    """Who does what by when, as agreed."""

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    party: OwnerRole = Field(sa_type=enum_type(OwnerRole))
    task: str
    due_date: date | None = None


class SupportPhase(SQLModel, table=True):
    """A period of the partner's support: upfront advice, stepping back, then on call."""

    __tablename__ = "support_phase"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    mode: SupportMode = Field(sa_type=enum_type(SupportMode))
    start_date: date
    end_date: date | None = None
    note: str = ""


class PlannedCheckin(SQLModel, table=True):
    """A check-in date agreed in the plan."""

    __tablename__ = "planned_checkin"
    __table_args__ = (UniqueConstraint("engagement_id", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    due_on: date


class AgreementVersion(SQLModel, table=True):
    """A signed, frozen version of the agreement; never changed once written."""

    __tablename__ = "agreement_version"
    __table_args__ = (UniqueConstraint("engagement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    number: int
    signed_at: datetime = Field(default_factory=utcnow)
    manager_signature: str
    manager_signed_on: date
    partner_signature: str
    partner_signed_on: date
    content_json: str = Field(description="The agreed content at signing, as exchange JSON")


# A signed version is immutable, whatever code or tool touches the file.
FREEZE_SIGNED_VERSIONS_SQL = (
    "CREATE TRIGGER agreement_version_is_frozen BEFORE UPDATE ON agreement_version "
    "BEGIN SELECT RAISE(ABORT, 'A signed agreement version cannot be changed.'); END"
)
event.listen(
    AgreementVersion.__table__,  # type: ignore[attr-defined]
    "after_create",
    DDL(FREEZE_SIGNED_VERSIONS_SQL),  # type: ignore[no-untyped-call]
)
