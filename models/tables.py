"""Every table in one import, so metadata and Alembic see the whole schema."""

from sqlmodel import SQLModel

from models.diagnostic import Behaviour, Cause, PerformanceMeasure
from models.engagement import AppSetting, Engagement, StatusChange
from models.followup import CheckIn, CheckInChange, LearningIndicator, Observation, ScaffoldUpdate
from models.library import LibraryScaffold
from models.people import NetworkTie, PrivateNote, ScaffoldPerson, TeamMember
from models.plan import (
    AgreementVersion,
    ChosenScaffold,
    PlannedCheckin,
    ReadinessRating,
    Responsibility,
    ScaffoldCause,
    SupportPhase,
)
from models.search import ENGAGEMENT_SEARCH, PRIVATE_NOTE_SEARCH  # new databases get them too

metadata = SQLModel.metadata

__all__ = [
    "ENGAGEMENT_SEARCH",
    "PRIVATE_NOTE_SEARCH",
    "AgreementVersion",
    "AppSetting",
    "Behaviour",
    "Cause",
    "CheckIn",
    "CheckInChange",
    "ChosenScaffold",
    "Engagement",
    "LearningIndicator",
    "LibraryScaffold",
    "NetworkTie",
    "Observation",
    "PerformanceMeasure",
    "PlannedCheckin",
    "PrivateNote",
    "ReadinessRating",
    "Responsibility",
    "ScaffoldCause",
    "ScaffoldPerson",
    "ScaffoldUpdate",
    "StatusChange",
    "SupportPhase",
    "TeamMember",
    "metadata",
]
