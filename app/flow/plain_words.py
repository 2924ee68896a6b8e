"""Closed vocabularies, dates and numbers in the plain words shown to a manager."""

from datetime import date

from models.enums import (
    Confidence,
    Direction,
    GilbertCell,
    Level,
    NewSkill,
    OwnerRole,
    ScaffoldKind,
    SupportMode,
)

PARTY_WORDS: dict[OwnerRole, str] = {
    OwnerRole.manager: "Manager",
    OwnerRole.team: "Team",
    OwnerRole.partner: "Partner",
    OwnerRole.community_manager: "Community manager",
}
SUPPORT_MODE_WORDS: dict[SupportMode, str] = {
    SupportMode.upfront_advice: "Upfront advice",
    SupportMode.step_back: "Stepping back",
    SupportMode.on_call: "On call",
}
SKILL_WORDS: dict[NewSkill, str] = {
    NewSkill.personal_knowledge_management: "Personal knowledge management",
    NewSkill.connected_working: "Connected working",
    NewSkill.leading_connected_team: "Leading a connected team",
    NewSkill.community_management: "Community management",
}
KIND_WORDS: dict[ScaffoldKind, str] = {
    ScaffoldKind.performance_support: "performance support",
    ScaffoldKind.environment_fix: "environment fix",
    ScaffoldKind.social_learning: "social learning",
    ScaffoldKind.individual_learning: "individual learning",
    ScaffoldKind.formal_training: "formal training",
    ScaffoldKind.other: "other",
}
DIRECTION_WORDS: dict[Direction, str] = {
    Direction.higher_is_better: "higher is better",
    Direction.lower_is_better: "lower is better",
}
LEVEL_WORDS: dict[Level, str] = {
    Level.individual: "each person",
    Level.team: "the team",
    Level.organisation: "the organisation",
}
CELL_WORDS: dict[GilbertCell, str] = {
    GilbertCell.information: "Information and feedback",
    GilbertCell.resources: "Resources and tools",
    GilbertCell.incentives: "Incentives and consequences",
    GilbertCell.knowledge: "Knowledge and skills",
    GilbertCell.capacity: "Capacity",
    GilbertCell.motives: "Motives",
}
CONFIDENCE_WORDS: dict[Confidence, str] = {
    Confidence.low: "low confidence",
    Confidence.medium: "medium confidence",
    Confidence.high: "high confidence",
}


def plain_date(value: date | str | None, none: str = "no date") -> str:
    """A date as "3 Mar 2025" (ISO text accepted); `none` when there is none."""
    if value is None or value == "":
        return none
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day:%b %Y}"


def plain_number(value: float | int | None) -> str:
    """A number without a needless ".0"; "—" when missing."""
    if value is None:
        return "—"
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.10g}"
