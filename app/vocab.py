"""The closed vocabularies the GUI shows and edits, so that ui/ never needs models/."""

from models.enums import (
    ENVIRONMENT_CELLS,
    Confidence,
    Decision,
    Direction,
    EngagementStatus,
    GilbertCell,
    IndicatorKind,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    ScaffoldRole,
    ScaffoldStatus,
    SupportMode,
    TieType,
)

__all__ = [
    "ENVIRONMENT_CELLS",
    "Confidence",
    "Decision",
    "Direction",
    "EngagementStatus",
    "GilbertCell",
    "IndicatorKind",
    "Level",
    "NewSkill",
    "OwnerRole",
    "ScaffoldKind",
    "ScaffoldRole",
    "ScaffoldStatus",
    "SupportMode",
    "TieType",
]
