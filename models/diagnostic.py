"""What the diagnostic records: measures, critical behaviours and their causes."""

from datetime import date

from sqlmodel import Field, SQLModel

from models.base import enum_type
from models.enums import Confidence, Direction, GilbertCell, Level


class PerformanceMeasure(SQLModel, table=True):
    """A business measure with a baseline and a target, the yardstick of success."""

    __tablename__ = "performance_measure"

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    name: str
    unit: str = ""
    direction: Direction = Field(default=Direction.higher_is_better, sa_type=enum_type(Direction))
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date
    data_source: str = ""
    owner: str = ""
    exemplar_value: float | None = None
    typical_value: float | None = None


class Behaviour(SQLModel, table=True):
    """A critical behaviour: what people in a role should do, against what they do now."""

    id: int | None = Field(default=None, primary_key=True)
    engagement_id: int = Field(foreign_key="engagement.id", ondelete="CASCADE", index=True)
    position: int = 0
    role: str
    expected: str
    current: str = ""
    level: Level = Field(default=Level.individual, sa_type=enum_type(Level))


class Cause(SQLModel, table=True):
    """One reason a behaviour does not happen, placed in one of Gilbert's six cells."""

    id: int | None = Field(default=None, primary_key=True)
    behaviour_id: int = Field(foreign_key="behaviour.id", ondelete="CASCADE", index=True)
    position: int = 0
    cell: GilbertCell = Field(sa_type=enum_type(GilbertCell))
    evidence: str = ""
    confidence: Confidence = Field(default=Confidence.medium, sa_type=enum_type(Confidence))
